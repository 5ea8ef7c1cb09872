"""Figures typed in the ledger's prose, checked against what the checks recorded.

A claim's ``reason`` and ``notes`` are written by hand. A figure in them ("0.23 % above", "4.67
bn") goes stale silently when a raw value or a computation changes. So every number in them must
be found in what the claim's check recorded: its quote and stated figure, its recomputed value
and note, its readings, and the raw rows it read or printed beside (each row's value and the
page's own words). The build's gate stops naming the claim, the field and the figure otherwise.

Labels are not figures and are not checked: years and dates, the paper's section numbers, claim
ids, reference markers, and the numbers of a citation (pages, issues, articles, chapters).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from dtbook.data import tables
from dtbook.data.ledger import Claim

#: labels removed before numbers are read, each with what it is
LABELS: tuple[tuple[str, str], ...] = (
    (r"\bS\d+-\d+\b", "a claim id"),
    (r"\bCOM\(\d{4}\) \d+", "a Commission document number"),
    (r"\bsections? \d\b", "a section of the paper"),
    (r"\[\d+\]", "a reference marker"),
    (r"\b(?:19|20)\d\d(?:-\d\d){0,2}\b", "a year or an ISO date"),
    (r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b", "a day of a month"),
    (
        r"\b[1-5](?:\.[1-4]){1,2}\b(?!\s*(?:%|per|trillion|billion|million|bn|ZB|times|points))",
        "a section of the paper",
    ),
    (r"\b\d+-\d+\b(?=[),;.:]|$)", "a page range"),
    (r"\(\d{1,2}\)", "an issue number"),
    (r"\b(?:Art|ch|No)\. ?\d+(?:\.\d+)?", "an article, chapter or number"),
)
NUMBER = re.compile(r"(?<![\w.\-/])-?\d[\d,]*(?:\.\d+)?(?![\w])")


def numbers(text: str) -> set[Decimal]:
    """The figures in a text (thousands separators dropped, ``7.10`` = ``7.1``), labels removed."""
    for pattern, _ in LABELS:
        text = re.sub(pattern, " ", text)
    out: set[Decimal] = set()
    for token in NUMBER.findall(text):
        try:
            out.add(Decimal(token.replace(",", "")).normalize())
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            continue
    return out


def supported(claim: Claim, result: dict[str, Any], rows: list[str]) -> set[Decimal]:
    """Every figure the claim's record holds: its quote, stated figure, recomputed value, note,
    readings, and the texts of the rows it read or printed beside (``rows``)."""
    texts = [claim.quote, claim.stated, str(result.get("shown", "")), str(result.get("note", ""))]
    texts += [f"{r.get('stated', '')} {r.get('shown', '')}" for r in result.get("readings", [])]
    return set().union(*(numbers(t) for t in texts + rows))


def typed_figures(claim: Claim, result: dict[str, Any], rows: list[str]) -> list[str]:
    """One message per reason or note figure the record does not hold, naming claim and field."""
    known = supported(claim, result, rows)
    problems = []
    for field in ("reason", "notes"):
        extra = sorted(numbers(getattr(claim, field)) - known)
        if extra:
            shown = ", ".join(format(x, "f") for x in extra)
            problems.append(
                f"{claim.id}: {field} types {shown}, which its recorded result and rows do not hold "
                "(say it in words, or print it from the data in the check)"
            )
    return problems


def _rows_by_key(table: str) -> dict[str, list[str]]:
    """Every row of a raw table as text (all its fields), by its key as results name it."""
    t = tables.load(table)
    keys = t.df[t.key].astype(str).agg("/".join, axis=1) if t.key else t.df.index.astype(str)
    out: dict[str, list[str]] = {}
    for key, row in zip(keys, t.df.itertuples(index=False), strict=True):
        out.setdefault(str(key), []).append(" ".join(map(str, row)))
    return out


def row_texts(
    refs: list[str],
    claims: dict[str, Claim],
    results: dict[str, dict[str, Any]],
    indexed: dict[str, dict[str, list[str]]] | None = None,
) -> list[str]:
    """The text of every row a result names (``table#key:column``): all the row's fields for a raw
    table, the quote and stated figure for a claim, the recomputed value for another result.
    ``indexed`` keeps each table's rows by key across calls (one pass over a table, not one per ref)."""
    by_table = {} if indexed is None else indexed
    texts: list[str] = []
    for ref in refs:
        table, _, rest = ref.partition("#")
        key = rest.rsplit(":", 1)[0]  # the row: all before the last colon (the column), or all of it
        if table == "claims" and key in claims:
            texts.append(f"{claims[key].quote} {claims[key].stated}")
        elif table == "results" and key in results:
            texts.append(str(results[key].get("shown", "")))
        elif table not in ("paper", "claims", "results") and key != "*":
            if table not in by_table:
                by_table[table] = _rows_by_key(table)
            texts += by_table[table].get(key, [])
    return texts


def check_ledger(claims: dict[str, Claim], results: dict[str, dict[str, Any]]) -> list[str]:
    """:func:`typed_figures` for every claim with a recorded result."""
    problems: list[str] = []
    indexed: dict[str, dict[str, list[str]]] = {}  # each table read and keyed once for the whole ledger
    for cid, c in claims.items():
        r = results.get(cid)
        if r is not None:
            refs = list(r.get("refs", [])) + list(r.get("context", []))
            problems += typed_figures(c, r, row_texts(refs, claims, results, indexed))
    return problems
