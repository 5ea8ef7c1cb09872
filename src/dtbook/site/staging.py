"""The stage folder: where a build run writes everything it computes, moved over the accepted state
only when the whole run passes the gate.

The kernels write results, recorded inputs and figures into ``_build/stage`` (see
:mod:`dtbook.data.paths`); the executed notebooks and their stamps go there too. :func:`commit`
moves a run that passed over the accepted state (stamps of the re-run notebooks removed first and
written last, so an interrupted move re-runs them); :func:`discard` drops a failed one, so tracked
notebooks and figures, accepted results and stamps stay as they were.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from dtbook.data.paths import ACCEPTED, CHAPTERS, CHECKOUT, ROOT, STAGE, Project, rel, staged

STAMPS = ACCEPTED["exec"]
#: outputs the stage mirrors in full (a copy of the accepted ones at the start of a run)
MIRRORED = ("results", "deps", "exec")


def in_run(dep: str, project: Project = CHECKOUT) -> Path:
    """The file a recorded dependency names, as this run sees it: results and recorded inputs
    from the stage, anything else from the working tree (of the checkout unless another project
    is given)."""
    for kind in MIRRORED:
        prefix = project.rel(project.accepted(kind)) + "/"
        if dep.startswith(prefix):
            return project.staged_dir(kind) / dep.removeprefix(prefix)
    return project.root / dep


def glob_in_run(pattern: str) -> list[Path]:
    """The files a recorded glob matches, as this run sees them (see :func:`in_run`)."""
    for kind in MIRRORED:
        prefix = rel(ACCEPTED[kind]) + "/"
        if pattern.startswith(prefix):
            return list(staged(kind).glob(pattern.removeprefix(prefix)))
    return list(ROOT.glob(pattern))


def open_stage() -> None:
    """A fresh stage holding a copy of the accepted results, recorded inputs and stamps."""
    shutil.rmtree(STAGE, ignore_errors=True)
    for kind in MIRRORED:
        if ACCEPTED[kind].is_dir():
            shutil.copytree(ACCEPTED[kind], staged(kind))
        else:
            staged(kind).mkdir(parents=True)


def drop_removed() -> None:
    """Drop the staged results, recorded inputs and stamps of notebooks that no longer exist."""
    for kind in MIRRORED:
        for old in staged(kind).glob("*.json"):
            if not (CHAPTERS / f"{old.stem}.ipynb").is_file():
                old.unlink()


def discard() -> None:
    """Drop the stage: nothing of a failed run lasts."""
    shutil.rmtree(STAGE, ignore_errors=True)


def _write_if_changed(src: Path, dest: Path) -> None:
    data = src.read_bytes()
    if dest.is_file() and dest.read_bytes() == data:
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, dest)


def commit(executed: list[str]) -> None:
    """Move a run that passed the gate over the accepted state.

    The stamps of the re-run notebooks go first and come back last: a move cut short leaves those
    notebooks unstamped, so the next build runs them again rather than trusting a half-moved state.
    """
    for stem in executed:
        (STAMPS / f"{stem}.json").unlink(missing_ok=True)
    for kind in ("figures", "chapters"):
        for src in sorted(staged(kind).glob("*")) if staged(kind).is_dir() else []:
            _write_if_changed(src, ACCEPTED[kind] / src.name)
    for kind in MIRRORED:  # stamps ("exec") last
        dest = ACCEPTED[kind]
        dest.mkdir(parents=True, exist_ok=True)
        keep = {src.name for src in staged(kind).glob("*.json")}
        for old in dest.glob("*.json"):
            if old.name not in keep:
                old.unlink()
        for src in sorted(staged(kind).glob("*.json")):
            _write_if_changed(src, dest / src.name)
    shutil.rmtree(STAGE, ignore_errors=True)
