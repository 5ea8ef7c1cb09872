"""The annotated paper: the paper's whole text with every ledger claim's quote highlighted.

The text is read through :func:`dtbook.data.paper.verified_text` (the pinned bytes). Each claim's
quote is found in it (the ledger checks that it is; its first occurrence is highlighted, and a
quote that runs over a line break is refused); quotes that share or
overlap a stretch of text are merged into one highlight, a ``<mark>`` that lists every claim it
holds, each as its own link to ``claims/<ID>.html`` with its verdict word, so every claim appears
exactly once. The mark's class is the verdict of the most serious of its claims
(:data:`SERIOUSNESS`). ``templates/annotated.html`` renders it; the ``{annotated-paper}`` directive
puts it in the book.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dtbook.core.judge import VERDICTS
from dtbook.data import paper
from dtbook.site import cards, record
from dtbook.site.record import ClaimRecord

#: the verdicts from the most to the least serious, for the class of a highlight holding several
SERIOUSNESS = ("contradicted", "inconsistent", "unverifiable", "judgement", "reproduced")
#: a heading of the paper: "2.2.1. Digital goods trade grows year by year"
HEADING = re.compile(r"^(\d+(?:\.\d+)*)\.\s+\S")


def display(text: str) -> str:
    """A stretch of the paper as a reader sees it: ``\\$`` as ``$``, ``^[n]`` citation markers as ``[n]``."""
    return text.replace("\\$", "$").replace("^[", "[")


@dataclass(frozen=True)
class Piece:
    """A stretch of one line of the paper: plain text, or a highlight with the claims it holds."""

    text: str
    claims: tuple[ClaimRecord, ...] = ()

    @property
    def verdict(self) -> str:
        """The verdict whose class the highlight carries: the most serious of its claims'."""
        return min((c.verdict for c in self.claims), key=_rank)


def _rank(verdict: str) -> int:
    return SERIOUSNESS.index(verdict) if verdict in SERIOUSNESS else len(SERIOUSNESS)


@dataclass(frozen=True)
class Line:
    """One line of the paper: a heading (with its depth) or a paragraph, as pieces."""

    pieces: tuple[Piece, ...]
    depth: int = 0  # 0 for a paragraph, 1 for "1. Introduction", 2 for "2.1. ...", ...
    title: bool = False  # the paper's title, its first line


def spans(text: str, records: dict[str, ClaimRecord]) -> list[tuple[int, int, list[ClaimRecord]]]:
    """The highlights: (start, end, claims) in text order, overlapping quotes merged into one."""
    found = []
    for rec in records.values():
        start = text.find(rec.claim.quote)
        if start < 0:
            raise ValueError(f"{rec.id}: its quote is not in the paper's text")
        found.append((start, start + len(rec.claim.quote), rec))
    found.sort(key=lambda s: (s[0], -s[1], s[2].id))
    merged: list[tuple[int, int, list[ClaimRecord]]] = []
    for start, end, rec in found:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end), [*merged[-1][2], rec])
        else:
            merged.append((start, end, [rec]))
    return merged


def lines(text: str, records: dict[str, ClaimRecord]) -> list[Line]:
    """The paper's non-empty lines, each cut into plain pieces and highlights."""
    marks = spans(text, records)
    out: list[Line] = []
    offset = 0
    i = 0
    for raw in text.split("\n"):
        start, end = offset, offset + len(raw)
        offset = end + 1
        if not raw.strip():
            continue
        pieces: list[Piece] = []
        pos = start
        while i < len(marks) and marks[i][0] <= end:  # a quote that starts at the line break runs over it
            m_start, m_end, recs = marks[i]
            if m_end > end:
                raise ValueError(f"{recs[0].id}: its quote runs over a line of the paper")
            if m_start > pos:
                pieces.append(Piece(display(text[pos:m_start])))
            pieces.append(Piece(display(text[m_start:m_end]), tuple(sorted(recs, key=lambda r: r.id))))
            pos = m_end
            i += 1
        if pos < end:
            pieces.append(Piece(display(text[pos:end])))
        heading = HEADING.match(raw)
        depth = heading.group(1).count(".") + 1 if heading and len(raw) < 160 else 0
        out.append(Line(tuple(pieces), depth, title=not out))
    return out


def citation() -> dict[str, str]:
    """The paper's bibliographic record as in ``references.bib`` (entry ``yuya``): author (family
    name first, as the paper prints it), title, institution, year and the pinned sha256."""
    bib = paper.bibliographic()
    family, _, given = bib["author"].partition(",")
    return {
        "author": f"{family.strip()} {given.strip()}".strip(),
        "title": bib["title"],
        "institution": bib["note"].split(".", 1)[0],
        "year": bib["year"],
        "sha256": bib.get("sha256", ""),
    }


def context(base: str) -> dict[str, Any]:
    """What ``annotated.html`` shows: the citation, the counts by verdict, the annotated lines."""
    records = record.claim_records()
    tally = record.tallies(records)
    return {
        "base": base,
        "citation": citation(),
        "counts": {v: tally.counts[v] for v in VERDICTS if tally.counts[v]},
        "total": tally.total,
        "lines": lines(paper.verified_text(), records),
    }


def html(base: str) -> str:
    """The annotated paper as HTML (``base`` leads from the page to the book's root)."""
    return cards.render("annotated.html", **context(base))
