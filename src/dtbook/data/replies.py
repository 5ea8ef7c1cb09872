"""The author's replies to the errata: ``data/author_replies.csv``, validated where it is read.

Columns (``data/author_replies.resource.yaml`` describes them): ``date`` (ISO), ``id`` (a ledger id,
or empty for a reply about the paper as a whole), ``respondent``, ``reply`` (the words as sent),
``outcome`` (one of :data:`OUTCOMES`). The file holds only its header until a reply comes; the
errata page shows every row.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dtbook.data.csvfile import read_records
from dtbook.data.errors import DataError
from dtbook.data.paths import DATA, rel

REPLIES: Path = DATA / "author_replies.csv"
COLUMNS = ("date", "id", "respondent", "reply", "outcome")
#: what a reply does to the audit: agrees, disagrees, offers a source (re-audit), takes no position
OUTCOMES = ("accepted", "disputed", "source", "noted")


@dataclass(frozen=True)
class Reply:
    """One reply of the author (or on the author's behalf), about one claim or the whole paper."""

    date: str
    id: str
    respondent: str
    reply: str
    outcome: str


def load(ids: Collection[str], path: Path = REPLIES) -> list[Reply]:
    """Every recorded reply in file order; a :class:`DataError` naming row and field on a bad one.

    ``ids`` are the ledger's claim ids (a reply about a claim must name one of them)."""
    where = rel(path)
    header, rows = read_records(path)
    if tuple(header) != COLUMNS:
        raise DataError(where, f"header must be {','.join(COLUMNS)}, is {','.join(header)}", row=1)
    out = []
    for n, fields in enumerate(rows, start=2):
        r = Reply(*fields)
        try:
            date.fromisoformat(r.date)
        except ValueError:
            raise DataError(where, f"date {r.date!r} is not YYYY-MM-DD", row=n, field="date") from None
        if r.id and r.id not in ids:
            raise DataError(where, f"{r.id!r} is not a claim of the ledger", row=n, field="id")
        for name in ("respondent", "reply"):
            if not getattr(r, name).strip():
                raise DataError(where, "must not be empty", row=n, field=name)
        if r.outcome not in OUTCOMES:
            raise DataError(where, f"outcome {r.outcome!r} is not one of {', '.join(OUTCOMES)}", row=n, field="outcome")
        out.append(r)
    return out
