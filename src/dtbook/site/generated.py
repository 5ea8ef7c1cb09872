"""Files generated from the project's records: write them, or check that they are in step."""

from __future__ import annotations

import sys
from pathlib import Path

from dtbook.data.paths import rel


def sync(target: Path, text: str, how: str, argv: list[str] | None = None) -> int:
    """Write ``text`` to ``target``; with ``--check`` in argv only report whether it differs."""
    args = sys.argv if argv is None else argv
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if "--check" in args:
        if current != text:
            print(f"{rel(target)} is out of step with its sources: run {how}")
            return 1
        return 0
    if current != text:
        target.write_text(text, encoding="utf-8")
    return 0
