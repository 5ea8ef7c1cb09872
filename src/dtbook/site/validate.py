"""Every raw table validated once, in parallel, before any notebook runs."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from dtbook.data import tables


def _validate_one(name: str) -> str:
    tables.load(name)
    return name


def validate_all(jobs: int) -> None:
    """Validate every raw table once, in parallel, before any notebook runs.

    A bad table stops the build here with its file, row and field, instead of inside a notebook's
    traceback; and the notebooks then find each table already validated (memo keyed by content).
    """
    names = tables.available()
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(_validate_one, names))
