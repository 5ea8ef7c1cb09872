"""Errata for the paper's author, in English and in Chinese, from the claim records.

The ``{errata} en`` and ``{errata} zh`` directives render ``templates/errata.html``: a covering
note, every claim whose verdict is in :data:`TO_CORRECT` (the sentence, the printed figure, what the
data give, the sources with their addresses, a suggested correction phrased from the record), every
claim in :data:`TO_SOURCE` with what was searched (the ledger's reason), and the replies recorded in
``data/author_replies.csv`` (:mod:`dtbook.data.replies`). Nothing is listed by hand: the claims come
from :func:`dtbook.site.record.claim_records`.

python -m dtbook.site.errata     # make errata: build the book, print the errata page to _build/errata.pdf
"""

from __future__ import annotations

import sys
from typing import Any

from dtbook.data import replies
from dtbook.data.errors import GateError
from dtbook.data.paths import BUILD, rel
from dtbook.site import build, cards, pdf, record, settings
from dtbook.site.record import ClaimRecord

#: the verdicts the author is asked to correct, and those the author could help source
TO_CORRECT = ("contradicted", "inconsistent")
TO_SOURCE = ("unverifiable",)
LANGUAGES = ("en", "zh")
#: the verdict words glossed in Chinese (the words themselves stay in English, as on every card)
GLOSS_ZH = {
    "reproduced": "可复现：数据与所印数字相符",
    "inconsistent": "末位不一致：最后一位数字有出入",
    "contradicted": "与数据不符",
    "unverifiable": "无法核实：未找到公开数据",
    "judgement": "判断性表述，不作评级",
}
#: the page, from the book's root, and where make errata writes it
PAGE = "chapters/errata.html"
PDF = BUILD / "errata.pdf"


def shown(rec: ClaimRecord) -> str:
    """What the data give, with the claim's unit when the record gives a bare figure or range."""
    bare = not any(ch.isalpha() for ch in rec.recomputed.replace(" to ", ""))
    return f"{rec.recomputed} {rec.claim.unit}" if bare and rec.claim.unit and rec.claim.stated else rec.recomputed


def suggestion(rec: ClaimRecord, lang: str = "en") -> str:
    """A suggested correction phrased from the record: what the data give, and what to consider.

    A bare figure or range ("73.0", "462.5 to 541.1") is offered with its unit as the figure to
    print; a finding in words (a year with its event, a report's number) as what to correct to."""
    c = rec.claim
    if c.comparator == "fact" or not c.stated:
        if lang == "zh":
            return f"所查资料显示：{rec.recomputed}。建议据此修改这句话，或注明支持原句的出处。"
        return f"the sources show {rec.recomputed}; consider rewording the sentence to agree with them, or citing the source that supports it as printed."
    given = shown(rec)
    if given == rec.recomputed:
        if lang == "zh":
            return f"数据给出：{given}。建议据此更正所印的 {c.stated}，或注明其出处。"
        return f"the data give: {given}; consider correcting the printed {c.stated} to agree with it, or naming its source."
    ranged = " to " in given
    if lang == "zh":
        where = "在此区间内的数字" if ranged else "这一数字"
        return f"数据给出 {given}；建议改印{where}（按论文原有的位数取整），或注明所印 {c.stated} 的出处。"
    what = "a figure in that range" if ranged else "that figure"
    return (
        f"the data give {given}; consider printing {what}, rounded as the paper rounds, "
        f"or naming the source of the printed {c.stated}."
    )


def context(lang: str, base: str) -> dict[str, Any]:
    """What ``errata.html`` shows in one language: the counts, the claims to correct and to source,
    their suggested corrections, and the replies."""
    if lang not in LANGUAGES:
        raise ValueError(f"errata language {lang!r}: one of {', '.join(LANGUAGES)}")
    recs = record.claim_records()
    tally = record.tallies(recs)
    correct = [r for r in recs.values() if r.verdict in TO_CORRECT]
    source = [r for r in recs.values() if r.verdict in TO_SOURCE]
    return {
        "lang": lang,
        "base": base,
        "total": tally.total,
        "counts": tally.counts,
        "to_correct": correct,
        "to_source": source,
        "suggestions": {r.id: suggestion(r, lang) for r in correct},
        "shown": {r.id: shown(r) for r in correct},
        "gloss": GLOSS_ZH,
        "replies": replies.load(recs.keys()),
        "replies_file": rel(replies.REPLIES),
        "paper_title": record.PAPER_TITLE,
        "paper_author": record.PAPER_AUTHOR,
        "book_author": settings.author(),
    }


def html(lang: str, base: str) -> str:
    """The errata in one language, as HTML (``base`` leads from the page to the book's root)."""
    return cards.render("errata.html", **context(lang, base))


def main() -> int:
    """``make errata``: build the book as ``make book`` does, then print the errata page to PDF with
    Debian's Chromium (skipped, with a message, when Chromium is not installed)."""
    try:
        browser = pdf.chromium()
    except GateError as exc:
        print(f"errata PDF skipped: {exc}", file=sys.stderr)
        return 0
    if build.main([]) != 0:
        return 1
    page = BUILD / "html" / PAGE
    try:
        pdf.print_to_pdf(page, PDF, browser)
    except GateError as exc:
        print(f"ERRATA PDF STOPPED: {exc}", file=sys.stderr)
        return 1
    print(f"errata PDF written: {rel(PDF)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
