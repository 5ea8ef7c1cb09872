"""What a reader sees of one claim, rendered in one place from the ledger and the recorded result.

A claim card shows: the id (anchor), the paper's sentence, the stated figure, the recomputed value,
the gap, a coloured verdict badge with the word, the evidence grade, the reason, every source row
the check read (producer, title, date, page status, the page's own words, clickable URL, and the
producer's own URL beside a reprint), and the command that re-runs it. It carries ``data-claim``,
``data-verdict`` and ``data-evidence`` attributes and a schema.org ``ClaimReview`` JSON-LD block.

The Sphinx directives in :mod:`dtbook.site.sphinx_ext` call these functions; nothing here is
typed per claim.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from dtbook.chapter import evidence
from dtbook.chapter.report import results as recorded_results
from dtbook.data import ledger
from dtbook.data.ledger import Claim
from dtbook.data.provenance import descriptor_path, read_descriptor, repository_url

PAPER_TITLE = "Research on the current status, problems and countermeasures of China's digital trade development"
PAPER_AUTHOR = "Yu Ya"
#: rows of one dataset table listed by key before "and N more"
MAX_KEYS = 6


def display_quote(quote: str) -> str:
    """The paper's sentence as a reader should see it: the source text's ``\\$`` escapes and
    ``^[n]`` citation markers removed (the ledger keeps the verbatim quote)."""
    text = quote.replace("\\$", "$")
    text = re.sub(r"\s?\^\[\d+(?:[,-]\d+)*\]", "", text)
    return re.sub(r"\s{2,}", " ", text).strip()


@lru_cache(maxsize=1)
def claims() -> dict[str, Claim]:
    return ledger.load()


@lru_cache(maxsize=1)
def results() -> dict[str, dict[str, Any]]:
    return recorded_results()


def result(claim_id: str) -> dict[str, Any]:
    r = results().get(claim_id)
    if r is None:
        raise KeyError(f"{claim_id}: no recorded result (run the build so its chapter executes first)")
    return r


@cache
def table_descriptor(table: str) -> dict[str, Any]:
    return read_descriptor(descriptor_path(table))


@cache
def table_rows(table: str) -> dict[str, dict[str, str]]:
    """A table's rows by their key as results name it (``a/b`` for a compound key)."""
    from dtbook.data import tables

    t = tables.load(table)
    out: dict[str, dict[str, str]] = {}
    for i, rec in t.df.iterrows():
        key = "/".join(str(rec[k]) for k in t.key) if t.key else str(i)
        out[key] = {str(k): str(v) for k, v in rec.items()}
    return out


def _link(url: str, text: str | None = None, internal: bool = False) -> str:
    """A link to an address, or to a page of the book (``internal``); a note in a url field such as
    "see the url column" is shown as text, never as a link to nowhere."""
    if not url:
        return ""
    if not internal and not url.startswith(("http://", "https://")):
        return html.escape(url)
    u = html.escape(url, quote=True)
    return f"<a class='reference external' href='{u}'>{html.escape(text or url)}</a>"


@dataclass(frozen=True)
class Source:
    """One table (with the rows of it a check read), or the paper, or another claim."""

    kind: str  # "dataset", "page", "paper", "claim"
    table: str
    keys: tuple[str, ...]


def sources_of(refs: list[str]) -> list[Source]:
    """Group a result's ``table#key:column`` references by table, in a stable order."""
    by_table: dict[str, set[str]] = {}
    for ref in refs:
        table, _, rest = ref.partition("#")
        key = rest.rsplit(":", 1)[0] if ":" in rest else rest
        by_table.setdefault(table, set()).add(key)
    out = []
    for table in sorted(by_table):
        keys = tuple(sorted(by_table[table]))
        if table == "paper":
            out.append(Source("paper", table, keys))
        elif table in ("claims", "results"):
            out.append(Source("claim", table, keys))
        else:
            kind = "page" if evidence.is_page_table(table) else "dataset"
            out.append(Source(kind, table, keys))
    return out


def _page_row_html(table: str, key: str) -> str:
    row = table_rows(table).get(key, {})
    if not row:
        return f"<li><code>{html.escape(table)}#{html.escape(key)}</code></li>"
    title = row.get("page_title") or row.get("publisher", "")
    parts = [
        f"<span class='src-producer'>{html.escape(row.get('publisher', ''))}</span>",
        _link(row.get("url", ""), title or row.get("url", "")),
        f"<span class='src-date'>{html.escape(row['date_published'])}</span>" if row.get("date_published") else "",
        f"<span class='page-status page-{html.escape(row.get('page_status', ''))}'>"
        f"{html.escape(row.get('page_status', ''))}</span>",
    ]
    official = row.get("official_url", "")
    if official and official != row.get("url"):
        label = row.get("official_title") or "producer's own release"
        parts.append(f"official: {_link(official, label)}")
    words = row.get("quote", "")
    quote = f"<blockquote class='src-words' lang='und'>{html.escape(words)}</blockquote>" if words else ""
    ident = f"<code class='src-row'>{html.escape(table)}#{html.escape(key)}</code>"
    return f"<li>{' · '.join(p for p in parts if p)} {ident}{quote}</li>"


def _dataset_html(table: str, keys: tuple[str, ...], base: str) -> str:
    desc = table_descriptor(table)
    o = desc.get("origin") or {}
    links = []
    repo = repository_url(o)
    if repo:
        links.append(_link(repo, f"{o['repository']} {o.get('repository_path', '')} @ {str(o.get('commit', ''))[:10]}"))
    if o.get("url_main"):
        links.append(_link(str(o["url_main"]), "producer's page"))
    rows = [k for k in keys if k != "*"]
    shown = ", ".join(f"<code>{html.escape(k)}</code>" for k in rows[:MAX_KEYS])
    more = f" and {len(rows) - MAX_KEYS} more" if len(rows) > MAX_KEYS else ""
    which = f"rows {shown}{more}" if rows else "the whole table (a series or a ranking)"
    return (
        f"<li><span class='src-producer'>{html.escape(str(o.get('producer', '')))}</span>: "
        f"<em>{html.escape(str(o.get('title', desc.get('title', ''))))}</em> "
        f"({html.escape(str(o.get('date_published', '')))}) · "
        f"<span class='page-status page-{html.escape(str(o.get('status', '')))}'>{html.escape(str(o.get('status', '')))}</span> · "
        f"{' · '.join(links)} · table <a href='{base}chapters/data_sources.html#table-{html.escape(table)}'>"
        f"<code>{html.escape(table)}</code></a>, {which}</li>"
    )


def _claim_link(claim_id: str, base: str) -> str:
    c = claims().get(claim_id)
    if c is None:
        return html.escape(claim_id)
    href = html.escape(f"{base}chapters/{c.notebook}.html#claim-{claim_id.lower()}")
    return f"<a href='{href}'>{html.escape(claim_id)}</a>"


def sources_html(refs: list[str], base: str) -> str:
    items = []
    for s in sources_of(refs):
        if s.kind == "page":
            rows = [k for k in s.keys if k != "*"]
            items += [_page_row_html(s.table, k) for k in rows]
            if "*" in s.keys:  # a whole page table read as a frame
                items.append(_dataset_html(s.table, ("*",), base))
        elif s.kind == "dataset":
            items.append(_dataset_html(s.table, s.keys, base))
        elif s.kind == "paper":
            what = " and ".join({"references": "its reference list", "text": "its text"}.get(k, k) for k in s.keys)
            items.append(
                f"<li>The paper itself ({_link(base + 'chapters/bibliography.html', 'Yu Ya', internal=True)}): {html.escape(what)} "
                "(<code>paper/paper.txt</code>)</li>"
            )
        else:
            label = "the statement of" if s.table == "claims" else "the recorded verdict of"
            ids = ", ".join(_claim_link(k, base) for k in s.keys)
            items.append(f"<li>{label} {ids}</li>")
    return "<ul class='claim-sources'>" + "".join(items) + "</ul>"


def stated_text(c: Claim) -> str:
    if c.comparator == "fact" or not c.stated:
        return "a statement (no figure to compare)"
    comp = {"=": "", "~": "about ", ">": "more than ", "<": "less than "}[c.comparator]
    return f"{comp}{c.stated} {c.unit}".strip()


def gap_text(r: dict[str, Any]) -> str:
    """The gap in words: percent and last-digit units; for a year, rank or count, the difference."""
    pct, units = r.get("gap_percent"), r.get("gap_units")
    if pct is None or units is None:
        return ""
    if pct == 0 and units == 0:
        if r.get("comparator") in (">", "<"):
            return "none: the bound holds"
        return "none: the recomputation lies within the printed figure's rounding band"
    if r.get("unit") in ledger.EXACT_UNITS:
        return f"{units:+.0f} ({r['unit']}, exact)"
    return f"{pct:+.2f} % of the printed figure ({units:+.1f} units of its last digit)"


def gap_short(r: dict[str, Any]) -> str:
    """The gap for a table cell: percent, or the difference for a year, rank or count."""
    pct, units = r.get("gap_percent"), r.get("gap_units")
    if pct is None or units is None:
        return ""
    if pct == 0 and units == 0:
        return "0"
    if r.get("unit") in ledger.EXACT_UNITS:
        return f"{units:+.0f} {r['unit']}"
    return f"{pct:+.2f} %"


def revision_text(claim_id: str, r: dict[str, Any], base: str) -> str:
    """What the revised-data rule found for this claim, or for the claim it served as evidence."""
    n = r.get("revision_neighbour")
    if n:
        verdict = results()[n]["verdict"]
        outcome = "applies" if r.get("revised_data") else "does not apply"
        return (
            f"the rule {outcome}: the same method gives the neighbouring year's figure, {_claim_link(n, base)}, "
            f"{html.escape(verdict)}"
        )
    users = sorted(cid for cid, other in results().items() if other.get("revision_neighbour") == claim_id)
    if users:
        return "this check is the neighbouring-year evidence of the rule for " + ", ".join(
            _claim_link(u, base) for u in users
        )
    return ""


def badge(kind: str, value: str) -> str:
    return f"<span class='dt-badge {kind}-badge {kind}-{html.escape(value)}'>{html.escape(value)}</span>"


def claim_review(c: Claim, r: dict[str, Any], url: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": display_quote(c.quote),
        "author": {"@type": "Organization", "name": "The dtbook contributors"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": PAPER_AUTHOR},
            "appearance": {"@type": "ScholarlyArticle", "name": PAPER_TITLE, "author": PAPER_AUTHOR},
        },
        "reviewRating": {
            "@type": "Rating",
            "alternateName": r["verdict"],
            "ratingExplanation": f"evidence: {r['grade']}. {c.reason}".strip(),
        },
    }
    return f"<script type='application/ld+json'>{script_json(data)}</script>"


def script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` written as ``\\u003c``,
    ``\\u003e`` and ``\\u0026``, so no text from data can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def card_html(claim_id: str, base: str, page: str) -> str:
    """The card of one claim; ``base`` leads from the page to the book's root, ``page`` is its file."""
    c = claims()[claim_id]
    r = result(claim_id)
    verdict, grade = html.escape(r["verdict"]), html.escape(r["grade"])  # attribute values below
    facts = [("Stated", html.escape(stated_text(c))), ("Recomputed", html.escape(r["shown"]))]
    gap = gap_text(r)
    if gap:
        facts.append(("Gap", html.escape(gap)))
    facts.append(("Evidence", f"{badge('grade', r['grade'])} {html.escape(evidence.MEANING[r['grade']])}"))
    if c.reason:
        tag = f"<code>{html.escape(c.reason_tag)}</code>: " if c.reason_tag else ""
        facts.append(("Reason", tag + html.escape(c.reason)))
    if r.get("note"):
        facts.append(("Note", html.escape(r["note"])))
    rule = revision_text(claim_id, r, base)
    if rule:
        facts.append(("Revised data", rule))
    flag = ""
    if r.get("revised_data"):
        flag = (
            f" {badge('flag', 'revised data')}"
            "<span class='flag-text'> the gap is explained by the producer's later revision of the series</span>"
        )
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    refs = r.get("refs") or []
    listed = sources_html(refs, base)  # one <li> per page row, table, paper part or claim list
    src = (
        f"<details class='claim-sources-box' open><summary>Sources read ({listed.count('<li>')})</summary>"
        f"{listed}</details>"
        if refs
        else "<p class='claim-nosource'>No public data was found; the reason says what was searched.</p>"
    )
    rerun = f"<p class='claim-rerun'>Re-run this claim: <code>make claim ID={html.escape(claim_id)}</code></p>"
    url = f"{page}#claim-{claim_id.lower()}"
    return (
        f"<div class='claim-card verdict-{verdict} grade-{grade}' data-claim='{html.escape(claim_id)}' "
        f"data-verdict='{verdict}' data-evidence='{grade}'>"
        f"<div class='claim-badges'>{badge('verdict', r['verdict'])} {badge('grade', r['grade'])}{flag}</div>"
        f"<blockquote class='claim-quote'>{html.escape(display_quote(c.quote))}</blockquote>"
        f"<dl class='claim-facts'>{dl}</dl>{src}{rerun}</div>{claim_review(c, r, url)}"
    )
