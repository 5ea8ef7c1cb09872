"""Shared fixtures: a scratch copy of the project for tests that break things on purpose."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [p for p in out.stdout.decode().split("\0") if p]


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """The tracked files of the project (plus uncommitted edits to them) in a fresh folder."""
    dest = tmp_path / "book"
    for rel in tracked_files():
        src = ROOT / rel
        if src.is_file():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    return dest


def run_build(root: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DTBOOK_ROOT=str(root))
    env.pop("DTBOOK_LEDGER", None)
    return subprocess.run([sys.executable, "-m", "dtbook.build", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=timeout)
