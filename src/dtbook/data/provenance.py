"""Provenance records: the ``origin`` block of every raw table's resource descriptor."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from dtbook.data.errors import DataError
from dtbook.data.paths import RAW, rel

REQUIRED = ("producer", "title", "date_accessed", "license", "status")
#: what a source's site is, one closed set for a page row (``page_status``) and a table
#: (``origin.status``): ``official`` the producer's own site (a ministry, agency or international
#: organisation); ``press`` a state news outlet's site (People's Daily, Xinhua, China Daily, CGTN,
#: China News Service ...); ``reprint`` any other site (a mirror, blog, portal or secondary
#: compiler); ``copy`` a copy held in a public code repository (of a producer's table or a page)
SOURCE_LABELS: tuple[str, ...] = ("official", "press", "reprint", "copy")
#: a table's ``origin.status``: a source label, or ``compilation`` (each row names its own page)
STATUSES: tuple[str, ...] = (*SOURCE_LABELS, "compilation")
#: the words a reader sees beside each label
LABEL_MEANING: dict[str, str] = {
    "official": "the producer's own site",
    "press": "a state news outlet",
    "reprint": "a reprint on another site",
    "copy": "a copy in a public code repository",
    "compilation": "one page per row",
}


def descriptor_path(name: str, raw: Path = RAW) -> Path:
    """The resource descriptor of raw table ``name``: ``<raw>/<name>.resource.yaml``."""
    return raw / f"{name}.resource.yaml"


def read_descriptor(path: Path) -> dict[str, Any]:
    """A descriptor as a dict; a :class:`DataError` naming the file when it is missing, not
    YAML or not a mapping."""
    if not path.is_file():
        raise DataError(rel(path), "provenance missing: no resource descriptor beside the table")
    try:
        with path.open(encoding="utf-8") as fh:
            desc = yaml.safe_load(fh)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataError(rel(path), f"descriptor is not valid YAML: {exc}") from exc
    if not isinstance(desc, dict):
        raise DataError(rel(path), "descriptor is empty or not a mapping")
    return desc


def check_origin(desc: dict[str, Any], path: Path) -> dict[str, Any]:
    """Every required provenance field present and non-empty; returns the origin block."""
    where = rel(path)
    origin = desc.get("origin")
    if not isinstance(origin, dict):
        raise DataError(where, "provenance missing: no 'origin' block", field="origin")
    for key in REQUIRED:
        value = origin.get(key)
        if value in (None, "", {}, []):
            raise DataError(where, f"required provenance field missing: origin.{key}", field=f"origin.{key}")
    if not isinstance(origin["license"], dict) or not origin["license"].get("name"):
        raise DataError(where, "origin.license needs a name", field="origin.license.name")
    if origin["status"] not in STATUSES:
        raise DataError(
            where, f"origin.status must be one of {STATUSES}, not {origin['status']!r}", field="origin.status"
        )
    located = origin.get("url_main") or (origin.get("repository") and origin.get("commit"))
    if origin["status"] != "compilation" and not located:
        raise DataError(
            where, "origin needs url_main, or repository + repository_path + commit", field="origin.url_main"
        )
    if not str(desc.get("hash", "")).startswith("sha256:"):
        raise DataError(where, "content hash missing: expected 'hash: sha256:<hex>'", field="hash")
    if "units" not in desc:
        raise DataError(where, "units missing: declare the unit of every value column or series", field="units")
    return origin


def check_labels(rows: Iterable[Mapping[Any, Any]], path: Path, field: str = "page_status") -> None:
    """Every row's source label in :data:`SOURCE_LABELS`; a :class:`DataError` naming the file, the
    row (the header is row 1) and the field on the first that is not."""
    for i, row in enumerate(rows):
        value = row.get(field, "")
        if value not in SOURCE_LABELS:
            raise DataError(rel(path), f"{field} must be one of {SOURCE_LABELS}, not {value!r}", row=i + 2, field=field)


def locator(origin: dict[str, Any], digits: int = 10) -> str:
    """Where a table's bytes came from, in one form everywhere: ``owner/repo path @ commit``,
    or the producer's URL, or "" for a compilation (each row names its own page)."""
    if origin.get("repository"):
        return f"{origin['repository']} {origin.get('repository_path', '')} @ {str(origin.get('commit', ''))[:digits]}"
    return str(origin.get("url_main") or "")


def repository_url(origin: dict[str, Any]) -> str | None:
    """A browsable address of the exact file at the recorded commit, when obtained from a repository."""
    repo, path, commit = origin.get("repository"), origin.get("repository_path"), origin.get("commit")
    if not (repo and path and commit):
        return None
    return f"https://github.com/{repo}/blob/{commit}/{path}"
