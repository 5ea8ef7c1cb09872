"""Shared fixtures and the test kinds: ``unit`` for every test under tests/unit, ``static`` where a
module declares it, and ``build`` for everything else (notebooks under nbval included), so
``-m "not build"`` is the fast loop.

The session's one clean build of a scratch copy (``clean_book``, made by :mod:`builds`) is what every
test that only reads a built book reads (``book_html``; the browser tests serve it: ``site``,
``browser``) and what every test that breaks a build copies first. ``make test`` never builds the
working tree's own book.

``make test`` runs the tests on every core (pytest-xdist, ``--dist loadfile``, files handed out in
the order :func:`schedule_rank` gives): a file's tests run in order on one worker, so a notebook's
nbval cells share their kernel and a module's fixtures are made once (``loadgroup`` cannot be used,
as pytest-xdist 3.8 marks groups through an attribute that pytest 9.2 no longer reads).
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import builds
from builds import CleanBook, copy_env, run_build  # noqa: F401  (re-exported for the tests)
from dtbook.site.scratch import copy_project, tracked_files  # noqa: F401  (re-exported for the tests)

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "tests" / "unit"
#: where the browser tests keep their screenshots (for a person to look at; no test reads them)
SHOTS = ROOT / "_build" / "screenshots"


#: The files that read or make a build, longest first (measured with ``--durations``). Under ``make
#: test`` (``--dist loadfile --no-loadscope-reorder``) pytest-xdist hands out whole files in
#: collection order: the first file's worker makes the session's clean build, the other worker runs
#: the tests that need no build meanwhile (unit and static tests), then both take the long files
#: and the short ones fill the gaps at the end, so the two finish together. Only the order depends
#: on this list; a file left out runs after these.
LONGEST_FIRST = (
    "tests/test_build_reacts.py",
    "tests/test_offline_determinism.py",
    "tests/test_axe.py",
    "chapters/*.ipynb",
    "tests/test_site.py",
    "tests/test_pdf.py",
    "tests/test_browser.py",
    "tests/test_claim_command.py",
    "tests/test_escaping.py",
    "tests/test_drift.py",
    "tests/test_nbval_isolation.py",
    "tests/test_views_agree.py",
)
#: the file that starts first, whose first test waits for the session's clean build
FIRST = "tests/test_build.py"


def schedule_rank(item: pytest.Item) -> int:
    """Where ``item``'s file is handed out: :data:`FIRST`, then the files of tests that need no
    build (unit, static), then :data:`LONGEST_FIRST` in its order, then the rest."""
    rel = item.path.relative_to(ROOT)
    if rel.match(FIRST):
        return 0
    if item.get_closest_marker("unit") or item.get_closest_marker("static"):
        return 1
    found = (i for i, pattern in enumerate(LONGEST_FIRST) if rel.match(pattern))
    return 2 + next(found, len(LONGEST_FIRST))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(UNIT):
            item.add_marker(pytest.mark.unit)
        elif item.get_closest_marker("static") is None:
            item.add_marker(pytest.mark.build)
    items.sort(key=schedule_rank)  # stable: a file's tests (a notebook's cells) keep their order


@pytest.fixture(scope="session")
def clean_book(request: pytest.FixtureRequest) -> CleanBook:
    """The session's one clean build of a scratch copy (:func:`builds.clean_book`)."""
    return builds.clean_book(builds.shared_folder(request.config))


@pytest.fixture(scope="session")
def book_html(clean_book: CleanBook) -> Path:
    """The session's built book (``_build/html`` of the clean build), for the tests that only read it."""
    return clean_book.html


def snapshot(root: Path) -> tuple[str, str]:
    """Which versioned folder ``_build/html`` points at, and a digest of every file in it."""
    html = root / "_build" / "html"
    h = hashlib.sha256()
    for path in sorted(p for p in html.resolve().rglob("*") if p.is_file()):
        h.update(str(path.relative_to(html.resolve())).encode() + b"\0" + path.read_bytes())
    return os.readlink(html), h.hexdigest()


#: Chromium's flags for a headless run in a container, with nothing fetched in the background
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)


def chromium() -> str | None:
    """Debian's Chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def site(book_html: Path) -> Iterator[str]:
    """The session's built book (``book_html``), served on 127.0.0.1: its base URL.
    The browser tests (tests/test_browser.py, tests/test_axe.py) skip without Chromium, or fail
    when CI requires it (``DTBOOK_REQUIRE_BROWSER``)."""
    if chromium() is None:
        if os.environ.get("DTBOOK_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (apt-get install chromium)")
        pytest.skip("Chromium not installed (CI installs it and sets DTBOOK_REQUIRE_BROWSER=1)")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(book_html))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser(site: str) -> Iterator[Any]:
    """One headless Chromium for a test module (Playwright)."""
    from playwright.sync_api import sync_playwright  # local: Playwright is loaded only by the browser tests

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium(), args=list(CHROMIUM_FLAGS))
        yield b
        b.close()
