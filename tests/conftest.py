"""Shared fixtures: a scratch copy of the project for tests that break things on purpose."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dtbook.site.scratch import copy_project, tracked_files  # noqa: F401  (re-exported for the tests)

ROOT = Path(__file__).resolve().parents[1]


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
