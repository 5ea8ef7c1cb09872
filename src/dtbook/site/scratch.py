"""A scratch copy of the project (its tracked files, as they are in the working tree).

Used by the tests that break things on purpose and by the benchmark, so neither touches the
working tree.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path

from dtbook.data.paths import ROOT


def tracked_files(root: Path = ROOT) -> list[str]:
    """Every file git tracks under ``root``, relative to it."""
    out = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True)
    return [p for p in out.stdout.decode().split("\0") if p]


def untracked_files(root: Path = ROOT) -> list[str]:
    """Files under ``root`` that git neither tracks nor ignores (a new table not yet added)."""
    out = subprocess.run(
        ["git", "ls-files", "-z", "--others", "--exclude-standard"], cwd=root, capture_output=True, check=True
    )
    return [p for p in out.stdout.decode().split("\0") if p]


def copy_project(dest: Path, root: Path = ROOT) -> Path:
    """Copy the tracked files of ``root`` into ``dest`` and return ``dest``; warn, naming them, about
    files git does not track yet (a copy without them fails in ways that do not say so)."""
    missing = untracked_files(root)
    if missing:
        warnings.warn(
            f"the scratch copy leaves out {len(missing)} untracked file(s), e.g. {', '.join(missing[:5])}: "
            "git add them to include them",
            stacklevel=2,
        )
    for rel in tracked_files(root):
        src = root / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest
