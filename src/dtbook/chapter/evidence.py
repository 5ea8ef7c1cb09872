"""How far a verdict can be trusted: the evidence grade, computed from the inputs a check declares.

Grades, strongest first:

``dataset``
    recomputed from a producer's statistical table (UNCTAD, WDI, SAFE, TOP500, ITU, M49): every
    input is a row of a table extracted from a producer's file.
``derived``
    arithmetic (a sum, share, ratio, growth rate, multiple, bound) on two or more numeric
    published levels, at least one of them transcribed from a page. Dates, events and text rows
    are not levels: a check on them is *quoted* at best, however many rows it reads.
``quoted``
    the paper's figure found printed in a source: one transcribed page value, dates or text, or a
    total rebuilt from parts that its producer prints beside them (the producer's own addition
    is the evidence: one rule for every rebuilt total, with the printed figure named).
``paper``
    any figure from the paper enters the check: its text, its reference list, a stated figure,
    a threshold, or other claims' statements and verdicts, whatever helper reads it.
``none``
    unverifiable, or a judgement (not rated).

A claim that mixes inputs takes its weakest grade. The inputs are what the check declares (the
intervals it judges carry their raw values as ``table#key:column``; ``uses=`` names tables or rows),
and the declarations are tested against the read log (:mod:`dtbook.data.reads`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from dtbook.core.interval import Interval, NotANumber
from dtbook.data.errors import GateError
from dtbook.data.paths import RAW
from dtbook.data.provenance import descriptor_path, read_descriptor
from dtbook.data.tables import load

GRADES: tuple[str, ...] = ("dataset", "derived", "quoted", "paper", "none")
#: sources that are the paper itself or the ledger's record of it
PAPER_SOURCES: tuple[str, ...] = ("paper", "claims", "results")
#: one sentence per grade, for the book's pages
MEANING: dict[str, str] = {
    "dataset": "recomputed from a producer's statistical table",
    "derived": "arithmetic on two or more published numeric levels, at least one transcribed from a page",
    "quoted": "the figure, date or text found printed in a source (a rebuilt total: the producer prints it)",
    "paper": "a figure from the paper enters the check (its text, references, stated figures or other claims)",
    "none": "no public data (unverifiable), or a judgement (not rated)",
}


def table_of(ref: str) -> str:
    return ref.split("#", 1)[0]


def row_of(ref: str) -> str:
    """``table#key:column`` -> ``table#key``."""
    table, _, rest = ref.partition("#")
    return f"{table}#{rest.rsplit(':', 1)[0]}" if ":" in rest else ref


@cache
def is_page_table(name: str, raw: Path = RAW) -> bool:
    """A table of ``raw`` transcribed from public pages (origin status ``compilation``)."""
    origin = read_descriptor(descriptor_path(name, raw)).get("origin") or {}
    return str(origin.get("status", "")) == "compilation"


#: units of page-table rows that are not numeric levels
NOT_LEVELS: tuple[str, ...] = ("date", "text", "label", "event")


@cache
def is_level(table: str, key: str, raw: Path = RAW) -> bool:
    """Whether a page-table row of ``raw`` holds a numeric published level (not a date, an event or a text)."""
    t = load(table, raw)
    if "row_id" not in t.df.columns or "unit" not in t.df.columns:
        return False
    rows = t.df if key == "*" else t.df[t.df["row_id"] == key]
    if rows.empty:
        return False
    for _, r in rows.iterrows():
        if str(r["unit"]).strip().lower() in NOT_LEVELS:
            return False
        try:
            Interval.printed(str(r["value"]))
        except NotANumber:
            return False
    return True


def grade(claim_id: str, verdict: str, sources: frozenset[str], rebuilt: bool = False, raw: Path = RAW) -> str:
    """The evidence grade of one verdict, from the inputs its check declared (tables of ``raw``).

    ``rebuilt``: the check rebuilt a total that its producer prints beside the parts (*quoted*).
    """
    if verdict in ("unverifiable", "judgement"):
        return "none"
    if not sources:
        raise GateError(
            f"{claim_id}: no recorded input, so its evidence cannot be graded "
            "(pass the intervals as evidence= or the tables read as uses=)"
        )
    tables = {table_of(s) for s in sources}
    if tables & set(PAPER_SOURCES):
        return "paper"
    if any(is_page_table(t, raw) for t in tables):
        if rebuilt:
            return "quoted"
        levels = {
            row_of(s)
            for s in sources
            if is_page_table(table_of(s), raw) and _column(s) in ("", "value") and is_level(table_of(s), _key(s), raw)
        }
        others = {row_of(s) for s in sources if not is_page_table(table_of(s), raw)}
        whole = any(r.endswith("#*") for r in levels)
        return "derived" if whole or len(levels | others) >= 2 and levels else "quoted"
    return "dataset"


def _column(ref: str) -> str:
    """``table#key:column`` -> ``column`` ("" when a whole row is named): a page's words
    (``:quote``) or any column but ``value`` is text, never a level."""
    rest = ref.partition("#")[2]
    return rest.rsplit(":", 1)[1] if ":" in rest else ""


def _key(ref: str) -> str:
    """``table#key:column`` -> ``key`` (``*`` for a whole table)."""
    rest = ref.partition("#")[2]
    return rest.rsplit(":", 1)[0] if ":" in rest else rest


def weakest(grades: list[str]) -> str:
    return max(grades, key=GRADES.index) if grades else "none"
