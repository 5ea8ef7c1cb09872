"""The views of one claim, rendered through Jinja2 templates (``site/templates``) from its record
(:func:`dtbook.site.record.claim_records`).

``card_html(id, base, compact=True)``
    the chapter's card: badges, the paper's sentence, the plain finding, stated and recomputed
    figures, the gap, and a link to the claim's own page. It carries ``data-claim``,
    ``data-verdict`` and ``data-evidence``.
``claim_page_html(id)``
    the body of ``claims/<ID>.html``: the finding, the full card (evidence, reason, note), every
    input with its value, the sources (producer, title, date, page status, the page's own words,
    the producer's own address beside a reprint), the re-run command, a BibTeX entry, a link to
    report a problem (when the repository is set) and the page's one schema.org ``ClaimReview``,
    whose ``url`` is absolute (``html.baseurl`` in ``_config.yml``).

Nothing here is typed per claim, and nothing here reads the ledger or the results itself.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from dtbook.data.provenance import LABEL_MEANING
from dtbook.site import record, settings
from dtbook.site.record import ClaimRecord, Source


@cache
def environment() -> Environment:
    """The templates of the book's generated views (HTML escaped unless marked safe)."""
    env = Environment(
        loader=PackageLoader("dtbook.site", "templates"),
        autoescape=select_autoescape(["html", "htm", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals["label_meaning"] = LABEL_MEANING  # a source label's words, on hover
    return env


def render(template: str, **context: Any) -> str:
    """Render one template of ``site/templates`` (HTML-escaped unless marked safe)."""
    return environment().get_template(template).render(**context)


def _macro(name: str) -> Any:
    return getattr(environment().get_template("macros.html").module, name)


def badge(kind: str, value: str, label: str = "") -> str:
    """A coloured badge that carries its word (``verdict``, ``grade`` or ``flag``); ``label`` the
    words it shows when they are not the value itself (a grade's ``dataset (copy)``)."""
    return str(_macro("badge")(kind, value, label))


def link(url: str, text: str = "") -> str:
    """An address as a link; a note in a url field ("see the url column") stays text."""
    return str(_macro("link")(url, text))


def claim_link(claim_id: str, base: str) -> str:
    """A link to a claim's own page."""
    return str(_macro("claim_link")(claim_id, base))


def sources_html(sources: tuple[Source, ...] | list[Source], base: str) -> str:
    """A list of sources, one ``<li>`` per page row, table, paper part or list of claims."""
    return str(_macro("sources_list")(list(sources), base))


def card_html(claim_id: str, base: str, compact: bool = True) -> str:
    """The card of one claim; ``base`` leads from the page to the book's root."""
    rec = record.claim_records()[claim_id]
    return render("card.html", rec=rec, base=base, compact=compact)


def claim_review(rec: ClaimRecord) -> dict[str, Any]:
    """The schema.org ClaimReview of one claim (its ``url`` is the claim page's absolute address)."""
    c = rec.claim
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": rec.url,
        "datePublished": settings.published(),
        "claimReviewed": rec.sentence,
        "author": {"@type": "Organization", "name": settings.author()},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": record.PAPER_AUTHOR},
            "appearance": {
                "@type": "ScholarlyArticle",
                "name": record.PAPER_TITLE,
                "author": {"@type": "Person", "name": record.PAPER_AUTHOR},
                "publisher": {"@type": "Organization", "name": record.PAPER_PUBLISHER},
            },
        },
        "reviewRating": {
            "@type": "Rating",
            "alternateName": rec.verdict,
            "ratingExplanation": f"evidence: {rec.grade}. {c.reason}".strip(),
        },
    }


#: BibTeX's special characters, each written so that it prints as itself
_BIB_ESCAPES: dict[str, str] = {"\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", **{c: "\\" + c for c in "%&$#_"}}


def _bib(text: str) -> str:
    # one pass, so the braces of a backslash's \textbackslash{} are not escaped again
    return "".join(_BIB_ESCAPES.get(char, char) for char in text)


def bibtex(rec: ClaimRecord) -> str:
    """A BibTeX entry for the verdict on one claim, at this version of the book."""
    fields = [
        ("author", "{" + _bib(settings.author()) + "}"),
        ("title", _bib(f"Claim {rec.id} of {record.PAPER_AUTHOR}'s paper: {rec.verdict}")),
        ("booktitle", _bib(settings.title())),
        ("year", settings.published("%Y")),
        ("date", settings.published()),
        ("version", settings.version()),
        ("url", rec.url),
        ("note", _bib(f'Verdict on the sentence "{rec.sentence}" ({record.PAPER_TITLE}). {rec.finding}')),
    ]
    body = ",\n".join(f"  {k:<9} = {{{v}}}" for k, v in fields if v)
    return f"@misc{{dtbook-{rec.id.lower()},\n{body}\n}}"


def report_url(rec: ClaimRecord) -> str:
    """A new issue about this claim in the repository ("" without a repository)."""
    issues = settings.issues_url()
    if not issues:
        return ""
    query = urlencode({"title": f"Claim {rec.id}: ", "body": f"About {rec.url or rec.page}:\n\n"})
    return f"{issues}/new?{query}"


def claim_page_html(claim_id: str, chapter_title: str = "") -> str:
    """The body of the claim's own page, ``claims/<ID>.html``."""
    rec = record.claim_records()[claim_id]
    base = "../"
    return render(
        "claim_page.html",
        rec=rec,
        base=base,
        card=Markup(card_html(claim_id, base, compact=False)),
        chapter_title=chapter_title or rec.claim.notebook,
        repository=settings.repository_url(),
        issues=settings.issues_url(),
        report_url=report_url(rec),
        bibtex=bibtex(rec),
        review=claim_review(rec),
    )


def description(rec: ClaimRecord) -> str:
    """A claim page's meta description: the finding, within the length search engines show."""
    text = f"{rec.id}, {rec.verdict}: {rec.finding}"
    return text if len(text) <= 300 else text[:297].rstrip() + "..."
