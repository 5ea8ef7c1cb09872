"""Shared fixtures (a scratch copy of the project for tests that break things on purpose, one clean
build of it shared by every test that needs one) and the test kinds: ``unit`` for every test under
tests/unit, ``static`` where a module declares it, and ``build`` for everything else (notebooks under
nbval included), so ``-m "not build"`` is the fast loop.

``make test`` runs the tests on every core (pytest-xdist, ``--dist loadfile``, files handed out
longest first as :data:`LONGEST_FIRST` orders them): a file's tests run in order on one worker, so
a notebook's nbval cells share their kernel and a module's fixtures are made once (``loadgroup``
cannot be used, as pytest-xdist 3.8 marks groups through an attribute that pytest 9.2 no longer
reads). Two things are built once per session, whichever worker asks first,
while the other waits on a lock: the project's own book (``built_book``, serialised by the build's
own lock on ``_build``) and one clean build of a scratch copy (``clean_book``, serialised by a lock
file in the session's shared temporary folder).
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from dtbook.site.scratch import copy_project, tracked_files  # noqa: F401  (re-exported for the tests)

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "tests" / "unit"
#: where the browser tests keep their screenshots (for a person to look at; no test reads them)
SHOTS = ROOT / "_build" / "screenshots"


#: a build with no network at all needs root, ``unshare`` and ``ip`` (CI runs as root)
OFFLINE = bool(shutil.which("unshare") and shutil.which("ip") and os.geteuid() == 0)


#: The files that start a build or a browser, longest first (measured with ``--durations``): under
#: ``make test`` (``--dist loadfile --no-loadscope-reorder``) pytest-xdist hands out whole files in
#: collection order, so these start first and the many short files fill the gaps at the end, and the
#: two workers finish together. The first two need different builds (a scratch copy's clean build,
#: the project's own), so the workers start by building both at once rather than one waiting.
#: Only the order depends on this list; a file left out runs after these.
LONGEST_FIRST = (
    "tests/test_build.py",
    "tests/test_browser.py",
    "tests/test_build_reacts.py",
    "tests/test_offline_determinism.py",
    "tests/test_axe.py",
    "tests/test_pdf.py",
    "chapters/*.ipynb",
    "tests/test_site.py",
    "tests/test_claim_command.py",
    "tests/test_escaping.py",
    "tests/test_drift.py",
    "tests/test_nbval_isolation.py",
    "tests/test_views_agree.py",
)


def schedule_rank(item: pytest.Item) -> int:
    """Where ``item``'s file comes in :data:`LONGEST_FIRST` (after all of them when not listed)."""
    rel = item.path.relative_to(ROOT)
    return next((i for i, pattern in enumerate(LONGEST_FIRST) if rel.match(pattern)), len(LONGEST_FIRST))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(UNIT):
            item.add_marker(pytest.mark.unit)
        elif item.get_closest_marker("static") is None:
            item.add_marker(pytest.mark.build)
    items.sort(key=schedule_rank)  # stable: a file's tests (a notebook's cells) keep their order


def copy_env(root: Path) -> dict[str, str]:
    """The environment of a program run on the project at ``root``: its own paths, ledger and stage,
    and its own package (``src`` ahead of the installed one)."""
    env = dict(os.environ, DTBOOK_ROOT=str(root), PYTHONPATH=str(root / "src"))
    for name in ("DTBOOK_LEDGER", "DTBOOK_STAGE", "DTBOOK_STAGED"):
        env.pop(name, None)
    return env


def run_build(root: Path, *args: str, timeout: int = 900, offline: bool = False) -> subprocess.CompletedProcess[str]:
    """``python -m dtbook.site.build ARGS`` on the project at ``root``, with its own package (its
    ``src`` first on ``PYTHONPATH``, so an edit to a copy's package is what the copy's build runs);
    with ``offline``, in a new network namespace with only loopback up (``unshare -n``)."""
    env = copy_env(root)
    cmd = [sys.executable, "-m", "dtbook.site.build", *args]
    if offline:
        cmd = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *cmd]
    return subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=timeout)


def built_book() -> Path:
    """Build the book in place (a no-op when it is up to date) and return _build/html."""
    out = run_build(ROOT)
    assert out.returncode == 0, out.stderr[-3000:]
    return ROOT / "_build" / "html"


@dataclass(frozen=True)
class CleanBook:
    """A scratch copy of the project built from nothing (``--force``), and what the build said.
    Shared: a test that changes it copies it first (``shutil.copytree(book.root, ..., symlinks=True)``)."""

    root: Path
    returncode: int
    stdout: str
    stderr: str
    offline: bool


@pytest.fixture(scope="session")
def clean_book(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> CleanBook:
    """One clean build of a scratch copy per test session, with no network where the machine
    allows it (root with ``unshare`` and ``ip``), built by the first worker that asks."""
    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent
    root, said = shared / "clean-book", shared / "clean-book.json"
    with open(shared / "clean-book.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not said.exists():
            shutil.rmtree(root, ignore_errors=True)
            copy_project(root)
            out = run_build(root, "--force", timeout=1200, offline=OFFLINE)
            said.write_text(json.dumps([out.returncode, out.stdout, out.stderr]), encoding="utf-8")
    code, stdout, stderr = json.loads(said.read_text(encoding="utf-8"))
    return CleanBook(root, code, stdout, stderr, OFFLINE)


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
def site() -> Iterator[str]:
    """The project's book (built in place when out of date), served on 127.0.0.1: its base URL.
    The browser tests (tests/test_browser.py, tests/test_axe.py) skip without Chromium, or fail
    when CI requires it (``DTBOOK_REQUIRE_BROWSER``)."""
    if chromium() is None:
        if os.environ.get("DTBOOK_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (apt-get install chromium)")
        pytest.skip("Chromium not installed (CI installs it and sets DTBOOK_REQUIRE_BROWSER=1)")
    html = built_book()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(html))
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
