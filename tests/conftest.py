"""Shared fixtures (a scratch copy of the project for tests that break things on purpose) and the
test kinds: ``unit`` for every test under tests/unit, ``static`` where a module declares it, and
``build`` for everything else (notebooks under nbval included), so ``-m "not build"`` is the fast loop."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dtbook.site.scratch import copy_project, tracked_files  # noqa: F401  (re-exported for the tests)

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "tests" / "unit"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(UNIT):
            item.add_marker(pytest.mark.unit)
        elif item.get_closest_marker("static") is None:
            item.add_marker(pytest.mark.build)


def run_build(root: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DTBOOK_ROOT=str(root))
    env.pop("DTBOOK_LEDGER", None)
    return subprocess.run(
        [sys.executable, "-m", "dtbook.site.build", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def built_book() -> Path:
    """Build the book in place (a no-op when it is up to date) and return _build/html."""
    out = run_build(ROOT)
    assert out.returncode == 0, out.stderr[-3000:]
    return ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One executed copy of the project (``--execute-only``), shared by the build tests
    (tests/test_build.py, tests/test_build_reacts.py); each test works on a copy of it."""
    root = copy_project(tmp_path_factory.mktemp("built") / "book")
    first = run_build(root, "--execute-only")
    assert first.returncode == 0, first.stderr[-3000:]
    return root
