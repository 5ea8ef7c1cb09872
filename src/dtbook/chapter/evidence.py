"""How far a verdict can be trusted: the evidence grade, computed from what the check read.

Grades, strongest first:

``dataset``
    recomputed from a producer's statistical table (UNCTAD, WDI, SAFE, TOP500, ITU, M49): every
    input is a row of a table extracted from a producer's file.
``derived``
    a share, growth rate, ratio, multiple, sum or bound computed from two or more published
    levels, at least one of them transcribed from a page.
``quoted``
    the paper's figure found printed in a source: one transcribed page value, no arithmetic.
``paper``
    checked against the paper's own text, its reference list, or other claims' statements and
    verdicts.
``none``
    unverifiable: no public data.

A claim that mixes inputs takes its weakest grade. The inputs are the raw values the recomputed
interval carries (``table#key:column``); for a check with no interval, the rows its own cell read.
"""

from __future__ import annotations

from functools import cache

from dtbook.data.errors import GateError

GRADES: tuple[str, ...] = ("dataset", "derived", "quoted", "paper", "none")
#: sources that are the paper itself or the ledger's record of it
PAPER_SOURCES: tuple[str, ...] = ("paper", "claims", "results")
#: one sentence per grade, for the book's pages
MEANING: dict[str, str] = {
    "dataset": "recomputed from a producer's statistical table",
    "derived": "computed from two or more published levels, at least one transcribed from a page",
    "quoted": "the figure found printed in a source, no arithmetic",
    "paper": "checked against the paper's own text, references or other claims",
    "none": "no public data (unverifiable)",
}


def table_of(ref: str) -> str:
    return ref.split("#", 1)[0]


def row_of(ref: str) -> str:
    """``table#key:column`` -> ``table#key``."""
    table, _, rest = ref.partition("#")
    return f"{table}#{rest.rsplit(':', 1)[0]}" if ":" in rest else ref


@cache
def is_page_table(name: str) -> bool:
    """A table transcribed from public pages (origin status ``compilation``)."""
    from dtbook.data.provenance import descriptor_path, read_descriptor

    origin = read_descriptor(descriptor_path(name)).get("origin") or {}
    return str(origin.get("status", "")) == "compilation"


def grade(claim_id: str, verdict: str, sources: frozenset[str]) -> str:
    """The evidence grade of one verdict, from the raw values it was computed from."""
    if verdict == "unverifiable":
        return "none"
    if not sources:
        raise GateError(
            f"{claim_id}: no recorded input, so its evidence cannot be graded "
            "(pass the intervals as evidence= or the tables read as uses=)"
        )
    tables = {table_of(s) for s in sources}
    if tables & set(PAPER_SOURCES):
        return "paper"
    if any(is_page_table(t) for t in tables):
        data_rows = {row_of(s) for s in sources}
        whole_table = any(r.endswith("#*") for r in data_rows)  # a column or frame of many rows
        return "derived" if whole_table or len(data_rows) >= 2 else "quoted"
    return "dataset"


def weakest(grades: list[str]) -> str:
    return max(grades, key=GRADES.index) if grades else "none"
