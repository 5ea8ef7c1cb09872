"""nbval (as `make test` runs it) leaves the working tree and the accepted results as they were."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from builds import SHARED_ENV
from conftest import ROOT, CleanBook

NOTEBOOK = "chapters/s1_introduction.ipynb"


def snapshot() -> dict[str, int]:
    """Every file nbval's kernel could write, by modification time (a rewrite with the same bytes counts)."""
    folders = [ROOT / "figures", ROOT / "_build" / "results", ROOT / "_build" / "deps"]
    return {
        str(p.relative_to(ROOT)): p.stat().st_mtime_ns for f in folders for p in sorted(f.rglob("*")) if p.is_file()
    }


def git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_nbval_writes_no_tracked_file_and_no_accepted_result(clean_book: CleanBook):
    """nbval on a chapter of the working tree, in a pytest of its own seeded from this session's
    clean build: the tracked figures, and the accepted results where the working tree has a build
    (none appear where it has none), are as they were, to the nanosecond of their modification."""
    assert clean_book.returncode == 0, clean_book.stderr[-3000:]
    status, before = git_status(), snapshot()
    assert any(k.startswith("figures/") for k in before)
    env = dict(os.environ, **{SHARED_ENV: str(clean_book.root.parent)})
    for k in ("DTBOOK_ROOT", "DTBOOK_LEDGER", "DTBOOK_STAGED", "DTBOOK_STAGE"):
        env.pop(k, None)
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", NOTEBOOK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert out.returncode == 0, out.stdout[-3000:]
    assert git_status() == status, "nbval changed the working tree"
    assert snapshot() == before, "nbval rewrote figures or accepted results"
    assert not Path(ROOT / "_build" / "stage").exists()
