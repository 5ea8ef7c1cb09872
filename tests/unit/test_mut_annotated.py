"""The annotated paper (dtbook.site.annotated): every claim's quote found in the text, overlapping
quotes merged into one highlight, the lines cut into pieces, the paper's record; on a tiny paper."""

from __future__ import annotations

import pytest
from tables_book import rec

from dtbook.data import paper
from dtbook.site import annotated, record
from dtbook.site.annotated import Line, Piece

TEXT = (
    "A Title of the Paper\n"
    "\n"
    "1. Introduction\n"
    "Trade rose to \\$8.4 trillion^[3] in 2013. Services grew fast.\n"
    "2.1.3. A deep heading\n"
    "   \n"
    "Last line."
)


def claim_at(cid: str, quote: str, verdict: str = "reproduced") -> record.ClaimRecord:
    return rec(cid, "1", verdict, "dataset", claim={"quote": quote, "subject": f"subject of {cid}"})


def book(*recs: record.ClaimRecord) -> dict[str, record.ClaimRecord]:
    return {r.id: r for r in recs}


def test_display_shows_dollars_and_citation_markers_as_printed():
    assert annotated.display("\\$8.4 trillion^[3] and ^[4]") == "$8.4 trillion[3] and [4]"


def test_a_highlight_takes_the_most_serious_verdict():
    order = ["contradicted", "inconsistent", "unverifiable", "judgement", "reproduced"]
    assert annotated.SERIOUSNESS == tuple(order)
    for i, worst in enumerate(order):
        recs = tuple(claim_at(f"S1-0{j}", "q", v) for j, v in enumerate(reversed(order[i:])))
        assert Piece("q", recs).verdict == worst
    assert Piece("q", (claim_at("S1-01", "q", "other"), claim_at("S1-02", "q"))).verdict == "reproduced"
    assert [annotated._rank(v) for v in [*order, "other"]] == [0, 1, 2, 3, 4, 5]


def test_spans_merge_quotes_that_overlap_but_not_those_that_touch():
    text = "abcdefghij"
    recs = book(
        claim_at("S1-03", "cde"),
        claim_at("S1-01", "def"),  # overlaps cde: merged, to f
        claim_at("S1-02", "cd"),  # inside: merged
        claim_at("S1-04", "gh"),  # starts where the merged one ends: its own
        claim_at("S1-05", "a"),
        claim_at("S1-06", "ab"),  # same start, longer first
    )
    got = [(s, e, [r.id for r in rs]) for s, e, rs in annotated.spans(text, recs)]
    assert got == [(0, 2, ["S1-06", "S1-05"]), (2, 6, ["S1-03", "S1-02", "S1-01"]), (6, 8, ["S1-04"])]


def test_spans_of_equal_quotes_go_by_id():
    got = annotated.spans("xyz", book(claim_at("S1-02", "y"), claim_at("S1-01", "y")))
    assert [(s, e, [r.id for r in rs]) for s, e, rs in got] == [(1, 2, ["S1-01", "S1-02"])]


def test_a_quote_not_in_the_paper_is_refused():
    with pytest.raises(ValueError, match=r"^S1-02: its quote is not in the paper's text$"):
        annotated.spans("abc", book(claim_at("S1-01", "a"), claim_at("S1-02", "zz")))


def test_lines_cut_the_text_into_headings_paragraphs_and_highlights():
    a, b, c = claim_at("S1-01", "\\$8.4 trillion^[3]"), claim_at("S1-02", "in 2013"), claim_at("S1-03", "Last")
    assert annotated.lines(TEXT, book(c, b, a)) == [
        Line((Piece("A Title of the Paper"),), 0, title=True),
        Line((Piece("1. Introduction"),), 1),
        Line(
            (
                Piece("Trade rose to "),
                Piece("$8.4 trillion[3]", (a,)),
                Piece(" "),
                Piece("in 2013", (b,)),
                Piece(". Services grew fast."),
            ),
        ),
        Line((Piece("2.1.3. A deep heading"),), 3),
        Line((Piece("Last", (c,)), Piece(" line."))),
    ]


def test_a_merged_highlight_lists_its_claims_by_id():
    first, second = claim_at("S1-02", "Trade rose"), claim_at("S1-01", "rose to")
    line = annotated.lines(TEXT, book(first, second))[2]
    assert line.pieces[0] == Piece("Trade rose to", (second, first))


@pytest.mark.parametrize("quote", ["b\nc", "\nc", "b\n"], ids=["across", "from-the-break", "to-the-break"])
def test_a_quote_over_two_lines_is_refused(quote):
    with pytest.raises(ValueError, match=r"^S1-01: its quote runs over a line of the paper$"):
        annotated.lines("ab\ncd", book(claim_at("S1-01", quote)))


def test_a_quote_printed_twice_is_highlighted_where_it_first_appears():
    one = claim_at("S1-01", "ab")
    assert annotated.lines("xab\nab", book(one)) == [
        Line((Piece("x"), Piece("ab", (one,))), title=True),
        Line((Piece("ab"),)),
    ]


def test_a_quote_that_ends_its_line_leaves_no_empty_piece():
    one = claim_at("S1-01", "fast.")
    assert annotated.lines("grew fast.\nnext", book(one))[0] == Line(
        (Piece("grew "), Piece("fast.", (one,))), title=True
    )


def test_a_heading_is_short_and_numbered():
    long = "2.1. " + "x" * 154
    assert len(long) == 159 and annotated.lines(f"T\n{long}", {})[1].depth == 2
    assert annotated.lines(f"T\n{long}y", {})[1].depth == 0  # a numbered paragraph
    assert [ln.depth for ln in annotated.lines("T\n3. A\n3.A\n3 B\n12.10. C", {})] == [0, 1, 0, 0, 2]
    assert annotated.lines("1. T", {})[0] == Line((Piece("1. T"),), 1, title=True)


BIB = {
    "author": "Yu, Ya",
    "title": "A Title",
    "note": "School of Economics. Guangxi. More",
    "year": "2020",
    "sha256": "ab" * 32,
}


def test_citation_reads_the_papers_record(monkeypatch):
    monkeypatch.setattr(paper, "bibliographic", lambda: dict(BIB))
    assert annotated.citation() == {
        "author": "Yu Ya",
        "title": "A Title",
        "institution": "School of Economics",
        "year": "2020",
        "sha256": "ab" * 32,
    }
    monkeypatch.setattr(paper, "bibliographic", lambda: {**BIB, "author": "Collective"})
    assert annotated.citation()["author"] == "Collective"
    monkeypatch.setattr(paper, "bibliographic", lambda: {**BIB, "author": "Yu, Ya, Jr"})
    assert annotated.citation()["author"] == "Yu Ya, Jr"  # the family name is what comes before the first comma
    monkeypatch.setattr(paper, "bibliographic", lambda: {k: v for k, v in BIB.items() if k != "sha256"})
    assert annotated.citation()["sha256"] == ""


@pytest.fixture
def annotated_book(monkeypatch):
    recs = book(
        claim_at("S1-01", "\\$8.4 trillion^[3]", "contradicted"),
        claim_at("S1-02", "8.4 trillion", "judgement"),
        claim_at("S1-03", "Last"),
    )
    monkeypatch.setattr(record, "claim_records", lambda *_: recs)
    monkeypatch.setattr(paper, "verified_text", lambda: TEXT)
    monkeypatch.setattr(paper, "bibliographic", lambda: dict(BIB))
    return recs


def test_context_counts_only_verdicts_present(annotated_book):
    ctx = annotated.context("../")
    assert ctx["base"] == "../" and ctx["total"] == 3
    assert list(ctx["counts"].items()) == [("reproduced", 1), ("contradicted", 1), ("judgement", 1)]
    assert ctx["citation"] == annotated.citation()
    assert ctx["lines"] == annotated.lines(TEXT, annotated_book)


def test_the_annotated_paper_page(annotated_book):
    out = annotated.html("../")
    assert '<dt>Year</dt><dd>2020 (<a class="reference internal" href="../chapters/bibliography.html">' in out
    assert "Every one of the 3 claims of the ledger" in out
    assert '<h2 class="paper-title">A Title of the Paper</h2>' in out
    assert '<h3 class="paper-heading">1. Introduction</h3>' in out and '<h5 class="paper-heading">2.1.3.' in out
    assert (
        '<p>Trade rose to <mark class="paper-mark verdict-contradicted" data-claims="S1-01 S1-02">$8.4 trillion[3]'
        '<span class="mark-labels"> <a class="mark-claim" href="../claims/S1-01.html" title="subject of S1-01">S1-01'
    ) in out
    assert '<span class="mark-judgement"> not rated</span>' in out
