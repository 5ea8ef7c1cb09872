"""The readings of a claim and its independent second reading: two small tables keyed by claim id.

``data/readings.csv`` (``id, reading, text, comparator, stated``) lists every reasonable reading of
a claim whose sentence has more than one (the reading rule, :data:`dtbook.core.judge.READING_RULE`).
A claim has either no rows (one reading: the ledger's own) or two or more, and its first row is the
ledger's own reading (same comparator and stated figure). A check judges every reading; the verdict
is the most favourable one.

``data/second_reading.csv`` (``id, book_verdict, verdict, readings, sentence, resolution``) records,
for every claim whose verdict is not *reproduced* and every claim with more than one reading, the
verdict of a reviewer who was given the paper, the quote and the raw rows but not the book's
verdict, reason or notes (``verdict``, with the readings the reviewer considered and one sentence),
beside the book's verdict at the time (``book_verdict``); ``resolution`` says in writing how a
disagreement was settled. The agreement before resolution is ``book_verdict`` against ``verdict``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dtbook.core.judge import VERDICTS
from dtbook.data.csvfile import read_records
from dtbook.data.errors import LedgerError
from dtbook.data.ledger import Claim, check_figure
from dtbook.data.paths import READINGS, SECOND_READING, rel

READING_COLUMNS = ("id", "reading", "text", "comparator", "stated")
SECOND_COLUMNS = ("id", "book_verdict", "verdict", "readings", "sentence", "resolution")


@dataclass(frozen=True)
class Reading:
    """One reasonable reading of a claim's sentence: what it means and the figure it states."""

    id: str
    reading: str  # a short key, unique within the claim ("ratio", "increase", ...)
    text: str  # the reading in plain words
    comparator: str
    stated: str


@dataclass(frozen=True)
class SecondReading:
    """An outside reviewer's verdict on one claim, and how a disagreement was resolved."""

    id: str
    book_verdict: str  # the book's verdict when the reviewer read the claim
    verdict: str  # the reviewer's
    readings: str
    sentence: str
    resolution: str  # how a disagreement was settled, in writing

    @property
    def agreed(self) -> bool:
        """The reviewer's verdict was the book's, before any resolution."""
        return self.verdict == self.book_verdict


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    where = rel(path)
    header, rows = read_records(path, LedgerError)
    missing = [c for c in columns if c not in header]
    if missing:
        raise LedgerError(where, f"missing column {missing[0]!r}", row=1, field=missing[0])
    return [(i + 2, dict(zip(header, r))) for i, r in enumerate(rows)]


@cache
def readings(path: Path = READINGS) -> dict[str, tuple[Reading, ...]]:
    """Every claim's readings, in the file's order; raise naming file, row and field."""
    where = rel(path)
    out: dict[str, list[Reading]] = {}
    for line, rec in _rows(path, READING_COLUMNS):
        r = Reading(**{k: rec[k].strip() for k in READING_COLUMNS})
        if not r.id or not r.reading or not r.text:
            raise LedgerError(where, "id, reading and text are required", row=line, field="reading")
        check_figure(where, line, r.id, r.comparator, r.stated)
        if any(o.reading == r.reading for o in out.get(r.id, [])):
            raise LedgerError(where, f"{r.id}: reading {r.reading!r} listed twice", row=line, field="reading")
        out.setdefault(r.id, []).append(r)
    for cid, rs in out.items():
        if len(rs) < 2:
            raise LedgerError(where, f"{cid}: one reading only (list two or more, or none)", field="id")
    return {k: tuple(v) for k, v in out.items()}


@cache
def second_readings(path: Path = SECOND_READING) -> dict[str, SecondReading]:
    """Every recorded second reading; raise naming file, row and field."""
    where = rel(path)
    out: dict[str, SecondReading] = {}
    for line, rec in _rows(path, SECOND_COLUMNS):
        s = SecondReading(**{k: rec[k].strip() for k in SECOND_COLUMNS})
        if s.id in out:
            raise LedgerError(where, f"duplicated id {s.id}", row=line, field="id")
        for col in ("verdict", "book_verdict"):
            if getattr(s, col) not in VERDICTS:
                raise LedgerError(where, f"{s.id}: unknown verdict {getattr(s, col)!r}", row=line, field=col)
        if not s.sentence:
            raise LedgerError(where, f"{s.id}: no sentence", row=line, field="sentence")
        out[s.id] = s
    return out


def check_against(claims: Mapping[str, object], path: Path = READINGS, second: Path = SECOND_READING) -> None:
    """Both tables name existing claims; a claim's first reading is the ledger's own; a second reading
    that disagrees with the ledger carries a written resolution."""
    for cid, rs in readings(path).items():
        c = claims.get(cid)
        if not isinstance(c, Claim):
            raise LedgerError(rel(path), f"{cid}: no such claim in the ledger", field="id")
        if (rs[0].comparator, rs[0].stated) != (c.comparator, c.stated):
            raise LedgerError(
                rel(path),
                f"{cid}: the first reading must be the ledger's own ({c.comparator} {c.stated})",
                field="stated",
            )
    for cid, s in second_readings(second).items():
        c = claims.get(cid)
        if not isinstance(c, Claim):
            raise LedgerError(rel(second), f"{cid}: no such claim in the ledger", field="id")
        if s.verdict != c.verdict and not s.resolution:
            raise LedgerError(
                rel(second),
                f"{cid}: the second reading ({s.verdict}) differs from the ledger ({c.verdict}) "
                "and no resolution is written",
                field="resolution",
            )
