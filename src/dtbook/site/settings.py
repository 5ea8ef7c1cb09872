"""The book's settings that several views need, read from ``_config.yml`` in one place.

``html.baseurl``
    the address the book is published at; every absolute address of the book (a claim page's
    ClaimReview ``url``, the ``url`` column of the downloads, Sphinx's canonical links) starts
    with it.
``repository.url``
    the project's repository; when set, the re-run box names it, claim pages link its issues
    ("report a problem"), the status page names it and the theme shows a repository button.

The Pages workflow may override both for the address it deploys to (``DTBOOK_BASE_URL``,
``DTBOOK_REPOSITORY_URL``): the variable wins when set and not empty. The book's dates are the
last commit's (``SOURCE_DATE_EPOCH``, which the Makefile sets), never the clock's.
"""

from __future__ import annotations

import importlib.metadata as md
import os
import subprocess
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from dtbook.data.paths import ROOT

BASE_ENV = "DTBOOK_BASE_URL"
REPOSITORY_ENV = "DTBOOK_REPOSITORY_URL"


@cache
def config() -> dict[str, Any]:
    """``_config.yml`` as a mapping (empty when the file is missing)."""
    path = ROOT / "_config.yml"
    if not path.is_file():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _setting(env: str, *keys: str) -> str:
    value = os.environ.get(env, "").strip()
    if value:
        return value
    node: Any = config()
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return str(node or "").strip()


def base_url() -> str:
    """The published book's address, ending in ``/`` ("" when not configured)."""
    url = _setting(BASE_ENV, "html", "baseurl")
    return url.rstrip("/") + "/" if url else ""


def repository_url() -> str:
    """The repository's address without a trailing ``/`` ("" when not configured)."""
    return _setting(REPOSITORY_ENV, "repository", "url").rstrip("/")


def issues_url() -> str:
    """Where a reader reports a problem ("" without a repository)."""
    repo = repository_url()
    return f"{repo}/issues" if repo else ""


def absolute(path: str) -> str:
    """A page of the book (``claims/S21-02.html``) as an absolute address."""
    base = base_url()
    if not base:
        raise ValueError("html.baseurl is not set in _config.yml: absolute addresses of the book need it")
    return base + path.lstrip("/")


def author() -> str:
    """The book's author as configured in _config.yml."""
    return str(config().get("author") or "The dtbook contributors")


def title() -> str:
    """The book's title as configured in _config.yml."""
    return str(config().get("title") or "")


def version() -> str:
    """The installed package's version."""
    try:
        return md.version("dtbook")
    except md.PackageNotFoundError:  # pragma: no cover - the package is always installed in .venv
        return "unknown"


def source_epoch(root: Path = ROOT) -> tuple[int, str] | None:
    """The sources' date as seconds since 1970 and where it came from: ``SOURCE_DATE_EPOCH``
    (reproducible builds), else the last commit's date; None when neither is known."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return int(epoch), "SOURCE_DATE_EPOCH"
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = out.stdout.strip()
    return (int(text), "commit date") if out.returncode == 0 and text.isdigit() else None


def published(fmt: str = "%Y-%m-%d") -> str:
    """The book's date (the sources' date) in ``fmt``; "" when unknown."""
    found = source_epoch()
    return datetime.fromtimestamp(found[0], UTC).strftime(fmt) if found else ""
