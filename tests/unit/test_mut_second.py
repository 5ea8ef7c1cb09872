"""The second reading as the book shows it (dtbook.site.second.summary_html)."""

from __future__ import annotations

from ledger_rows import claim

from dtbook.data.readings import SecondReading
from dtbook.site import second


def test_the_agreement_and_each_disagreement_sorted_and_escaped(monkeypatch):
    b = SecondReading("B-01", "contradicted", "inconsistent", "r", "s", "settled <in> writing")
    a = SecondReading("A-01", "reproduced", "contradicted", "r", "s", "kept & noted")
    agreement = {"read": 7, "agreed": 5, "kappa": 0.6666, "disagreed": [b, a]}
    monkeypatch.setattr(second.report, "agreement", lambda: agreement)
    claims = {"A-01": claim("A-01", "s1_a", "reproduced"), "B-01": claim("B-01", "s2_b", "inconsistent")}
    monkeypatch.setattr(second.ledger, "load", lambda: claims)
    got = second.summary_html("../")
    head = (
        "<p class='second-reading'>Read twice: <strong>7</strong> claims. Before any disagreement was resolved, "
        "the reviewer's verdict was the book's on <strong>5</strong> of them (Cohen's kappa 0.67); the other 2 are "
        "listed with the written resolution, and the verdict each claim carries now.</p>"
    )
    row_a = (
        "<tr><td><a href='../chapters/s1_a.html#claim-a-01'>A-01</a></td><td>reproduced</td><td>contradicted</td>"
        "<td><span class='dt-badge verdict-badge verdict-reproduced'>reproduced</span></td>"
        "<td>kept &amp; noted</td></tr>"
    )
    row_b = (
        "<tr><td><a href='../chapters/s2_b.html#claim-b-01'>B-01</a></td><td>contradicted</td><td>inconsistent</td>"
        "<td><span class='dt-badge verdict-badge verdict-inconsistent'>inconsistent</span></td>"
        "<td>settled &lt;in&gt; writing</td></tr>"
    )
    table = (
        "<div class='claims-scroll' tabindex='0' role='region' aria-label='disagreements of the second reading'>"
        "<table class='second-reading-table'><caption>Disagreements of the second reading and their resolution"
        "</caption><thead><tr><th scope='col'>claim</th><th scope='col'>book, before</th><th scope='col'>reviewer"
        "</th><th scope='col'>verdict now</th><th scope='col'>resolution</th></tr></thead><tbody>"
        f"{row_a}{row_b}</tbody></table></div>"
    )
    assert got == head + table
