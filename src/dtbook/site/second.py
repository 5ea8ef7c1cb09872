"""The independent second reading as the book shows it: the agreement before resolution (count and
Cohen's kappa, from :func:`dtbook.chapter.report.agreement`) and every disagreement with its
written resolution."""

from __future__ import annotations

import html

from dtbook.chapter import report
from dtbook.data import ledger


def summary_html(base: str) -> str:
    """A paragraph with the agreement, then a table of the disagreements (claim, the book's verdict
    then, the reviewer's, the verdict now, the resolution)."""
    a = report.agreement()
    claims = ledger.load()
    head = (
        f"<p class='second-reading'>Read twice: <strong>{a['read']}</strong> claims. Before any "
        f"disagreement was resolved, the reviewer's verdict was the book's on <strong>{a['agreed']}</strong> "
        f"of them (Cohen's kappa {a['kappa']:.2f}); the other {a['read'] - a['agreed']} are listed with the "
        "written resolution, and the verdict each claim carries now.</p>"
    )
    rows = []
    for s in sorted(a["disagreed"], key=lambda s: s.id):
        c = claims[s.id]
        href = f"{base}chapters/{c.notebook}.html#claim-{s.id.lower()}"
        cells = [
            f"<a href='{html.escape(href)}'>{html.escape(s.id)}</a>",
            html.escape(s.book_verdict),
            html.escape(s.verdict),
            f"<span class='dt-badge verdict-badge verdict-{html.escape(c.verdict)}'>{html.escape(c.verdict)}</span>",
            html.escape(s.resolution),
        ]
        rows.append("<tr>" + "".join(f"<td>{x}</td>" for x in cells) + "</tr>")
    table = (
        "<div class='claims-scroll' tabindex='0' role='region' aria-label='disagreements of the second reading'>"
        "<table class='second-reading-table'><caption>Disagreements of the second "
        "reading and their resolution</caption><thead><tr><th scope='col'>claim</th><th scope='col'>book, "
        "before</th><th scope='col'>reviewer</th><th scope='col'>verdict now</th><th scope='col'>resolution"
        "</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>"
    )
    return head + table
