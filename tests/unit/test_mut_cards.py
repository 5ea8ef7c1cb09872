"""A claim's views (dtbook.site.cards): badges and links, the card, the claim page, its BibTeX entry,
its ClaimReview, its report link and its description, from records made here (no ledger or results)."""

from __future__ import annotations

import datetime
import json

import pytest
from tables_book import rec

from dtbook.site import cards, record, settings
from dtbook.site.record import Gap, Input, Source

PAPER = record.PAPER_TITLE


@pytest.fixture
def configured(monkeypatch):
    """Settings with every field set, a fixed date and version; the environment overrides none."""
    monkeypatch.delenv(settings.BASE_ENV, raising=False)
    monkeypatch.delenv(settings.REPOSITORY_ENV, raising=False)
    conf = {
        "author": "A. Writer",
        "title": "The Book",
        "repository": {"url": "https://r.example/p"},
        "html": {"baseurl": "https://b.example/"},
    }
    monkeypatch.setattr(settings, "config", lambda: conf)
    monkeypatch.setattr(settings, "published", lambda fmt="%Y-%m-%d": datetime.date(2026, 3, 4).strftime(fmt))
    monkeypatch.setattr(settings, "version", lambda: "1.2.3")
    return conf


def one(**fields) -> record.ClaimRecord:
    fields.setdefault("finding", "The paper prints 8.4; the data give 5.9.")
    return rec(
        "S1-01", "1.2", "contradicted", "dataset", Gap(-2.5, "percentage points", "t", "-2.50 pp"),
        sentence='Exports rose 8.4% in "2013"', claim={"reason": "a 50% slip", "subject": "exports & more"}, **fields,
    )  # fmt: skip


@pytest.fixture
def book(monkeypatch, configured):
    recs = {
        "S1-01": one(
            inputs=(Input("wdi#CHN:v", "dataset", "wdi", "CHN", "v", "5.9", "percent", "WB", url="https://d.example"),),
            sources=(Source("dataset", "wdi", ("CHN",), producer="WB", status="copy"),),
            revision_neighbour="S1-02",
            revision_neighbour_verdict="reproduced",
        )
    }
    monkeypatch.setattr(record, "claim_records", lambda *_: recs)
    return recs


def test_badges_and_links():
    assert cards.badge("verdict", "contradicted") == (
        '<span class="dt-badge verdict-badge verdict-contradicted">contradicted</span>'
    )
    assert cards.badge("grade", "dataset", "dataset (copy)") == (
        '<span class="dt-badge grade-badge grade-dataset">dataset (copy)</span>'
    )
    assert cards.link("https://x.example/a?b=1&c=2", "X <page>") == (
        '<a class="reference external" href="https://x.example/a?b=1&amp;c=2">X &lt;page&gt;</a>'
    )
    assert (
        cards.link("http://x.example") == '<a class="reference external" href="http://x.example">http://x.example</a>'
    )
    assert cards.link("see the url column") == "see the url column"
    assert cards.claim_link("S1-01", "../") == '<a href="../claims/S1-01.html">S1-01</a>'


def test_sources_html_lists_each_source_with_the_base():
    out = cards.sources_html([Source("claim", "claims", ("S1-01", "S2-02"))], "../")
    assert out == (
        '<ul class="claim-sources"><li>the statement of\n<a href="../claims/S1-01.html">S1-01</a>, '
        '<a href="../claims/S2-02.html">S2-02</a></li></ul>'
    )
    assert cards.sources_html((), "") == '<ul class="claim-sources"></ul>'


def test_the_chapter_card_is_compact_and_links_to_the_claim_page(book):
    out = cards.card_html("S1-01", "../")
    assert out.startswith(
        '<div class="claim-card claim-card-compact verdict-contradicted grade-dataset" data-claim="S1-01" '
        'data-verdict="contradicted" data-evidence="dataset">'
    )
    assert '<span class="dt-badge grade-badge grade-dataset">dataset (copy)</span>' in out
    assert '<a class="reference internal" href="../claims/S1-01.html">S1-01: the full record' in out


def test_the_full_card_is_not_compact(book):
    out = cards.card_html("S1-01", "", compact=False)
    assert out.startswith('<div class="claim-card verdict-contradicted grade-dataset" data-claim="S1-01"')
    assert "the full record" not in out
    assert out == cards.card_html("S1-01", "", False)


def test_the_claim_page_holds_the_full_card_and_every_part(book):
    out = cards.claim_page_html("S1-01", "Trade <pattern>")
    assert out.startswith('<section id="claim-s1-01" class="claim-page">\n<h1>S1-01 · exports &amp; more<a class')
    assert (
        '<p class="claim-context">Section 1.2 of the paper; checked in the chapter <a class="reference internal" '
        'href="../chapters/nb1.html#claim-s1-01">Trade &lt;pattern&gt;</a>.</p>\n'
        + cards.card_html("S1-01", "../", compact=False)
    ) in out
    assert 'year\'s figure, <a href="../claims/S1-02.html">S1-02</a>, reproduced' in out  # the card's links lead up
    assert "<tr><td><code>wdi#CHN:v</code></td><td>5.9 percent</td>" in out
    assert '(<a class="reference external" href="https://r.example/p">https://r.example/p</a>)' in out
    assert '<pre class="claim-bibtex"><code>@misc{dtbook-s1-01,\n  author    = {{A. Writer}},' in out
    assert '<a class="reference external" href="https://r.example/p/issues/new?title=Claim+S1-01' in out
    review = out.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert json.loads(review) == cards.claim_review(book["S1-01"])


def test_the_claim_page_names_the_notebook_without_a_chapter_title(book, configured):
    configured["repository"] = {}
    out = cards.claim_page_html("S1-01")
    assert 'href="../chapters/nb1.html#claim-s1-01">nb1</a>' in out
    assert 'id="report"' not in out and "From a clone of the repository, with Python" in out


def test_the_claim_review(configured):
    r = one()
    assert cards.claim_review(r) == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://b.example/claims/S1-01.html",
        "datePublished": "2026-03-04",
        "claimReviewed": 'Exports rose 8.4% in "2013"',
        "author": {"@type": "Organization", "name": "A. Writer"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Yu Ya"},
            "appearance": {
                "@type": "ScholarlyArticle",
                "name": PAPER,
                "author": {"@type": "Person", "name": "Yu Ya"},
                "publisher": {"@type": "Organization", "name": record.PAPER_PUBLISHER},
            },
        },
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "contradicted",
            "ratingExplanation": "evidence: dataset. a 50% slip",
        },
    }
    reproduced = rec("S1-02", "1", "reproduced", "quoted")
    assert cards.claim_review(reproduced)["reviewRating"]["ratingExplanation"] == "evidence: quoted."


def test_bibtex_escapes_its_special_characters():
    assert cards._bib("a\\b {c} 50% & $1 #2 x_y") == "a\\textbackslash{}b \\{c\\} 50\\% \\& \\$1 \\#2 x\\_y"


def test_the_bibtex_entry(configured):
    assert cards.bibtex(one()) == (
        "@misc{dtbook-s1-01,\n"
        "  author    = {{A. Writer}},\n"
        "  title     = {Claim S1-01 of Yu Ya's paper: contradicted},\n"
        "  booktitle = {The Book},\n"
        "  year      = {2026},\n"
        "  date      = {2026-03-04},\n"
        "  version   = {1.2.3},\n"
        "  url       = {https://b.example/claims/S1-01.html},\n"
        f'  note      = {{Verdict on the sentence "Exports rose 8.4\\% in "2013"" ({PAPER}). '
        "The paper prints 8.4; the data give 5.9.}\n"
        "}"
    )


def test_the_bibtex_entry_leaves_out_empty_fields(configured):
    configured.pop("title")
    out = cards.bibtex(one(url=""))
    assert "booktitle" not in out and "  url " not in out and out.count("\n") == 7


def test_report_url(configured):
    assert cards.report_url(one()) == (
        "https://r.example/p/issues/new?title=Claim+S1-01%3A+&body=About+https%3A%2F%2Fb.example%2Fclaims%2FS1-01.html%3A%0A%0A"
    )
    assert cards.report_url(one(url="")).endswith("body=About+claims%2FS1-01.html%3A%0A%0A")
    configured["repository"] = {}
    assert cards.report_url(one()) == ""


def test_the_description_fits_what_search_engines_show():
    assert cards.description(one(finding="short")) == "S1-01, contradicted: short"
    head = "S1-01, contradicted: "
    exact = head + "x" * (300 - len(head))
    assert cards.description(one(finding=exact[len(head) :])) == exact
    longer = cards.description(one(finding="y" * (301 - len(head))))
    assert longer == head + "y" * (297 - len(head)) + "..." and len(longer) == 300
    spaced = cards.description(one(finding="z" * (296 - len(head)) + "  " + "w" * 10))
    assert spaced == head + "z" * (296 - len(head)) + "..."
