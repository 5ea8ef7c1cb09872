"""Root-anchored paths, so code runs from any working directory."""

from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    env = os.environ.get("DTBOOK_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "_toc.yml").is_file() and (candidate / "data").is_dir():
            return candidate
    # fall back to the source checkout this package lives in (editable install)
    return Path(__file__).resolve().parents[3]


ROOT: Path = _find_root()
DATA: Path = ROOT / "data"
RAW: Path = DATA / "raw"
UPSTREAM: Path = DATA / "upstream"
LEDGER: Path = Path(os.environ["DTBOOK_LEDGER"]).resolve() if os.environ.get("DTBOOK_LEDGER") else DATA / "claims.csv"
CHAPTERS: Path = ROOT / "chapters"
FIGURES: Path = ROOT / "figures"
BUILD: Path = ROOT / "_build"
RESULTS: Path = BUILD / "results"
DEPS: Path = BUILD / "deps"
PAPER: Path = ROOT / "paper" / "paper.txt"


def rel(path: Path) -> str:
    """A path relative to the project root, for messages (never an absolute machine path)."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return Path(path).name
