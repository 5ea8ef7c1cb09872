"""The paper under audit as data, for checks of its own citations (never for its figures)."""

from __future__ import annotations

import re
from functools import lru_cache

from dtbook.data.paths import PAPER
from dtbook.data.reads import record_row

_REF = re.compile(r"^\[(\d+)\] (.*)$")


def references() -> dict[int, str]:
    """The reference list: number -> the entry as printed ("Shen Y. L., ... (2022). ...").

    Recorded as a read of ``paper#references`` (a check that uses it is graded ``paper``)."""
    record_row("paper#references")
    return _references()


@lru_cache(maxsize=1)
def _references() -> dict[int, str]:
    lines = PAPER.read_text(encoding="utf-8").splitlines()
    return {int(m.group(1)): m.group(2) for m in map(_REF.match, lines) if m}


def reference_year_issue(number: int) -> tuple[int, int | None]:
    """Year and issue number of a reference ("(2020). ... (01), 46-53" -> (2020, 1))."""
    entry = references()[number]
    year = int(re.search(r"\((\d{4})\)", entry).group(1))  # type: ignore[union-attr]
    issue = re.search(r"\((\d{1,2})\),", entry)
    return year, int(issue.group(1)) if issue else None


def text() -> str:
    """The paper's full text (for locating a quote or a citation marker); a read of ``paper#text``."""
    record_row("paper#text")
    return _text()


@lru_cache(maxsize=1)
def _text() -> str:
    return PAPER.read_text(encoding="utf-8")
