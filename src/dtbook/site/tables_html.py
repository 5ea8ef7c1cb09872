"""The book's result pages, generated from the ledger and the recorded results: the claims table
(filterable, sortable, downloadable), the landing page's overview, and the download files."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from dtbook.chapter import evidence
from dtbook.chapter.audit import GAP_RULE
from dtbook.chapter.report import CLASS_RULE, classify
from dtbook.core.judge import VERDICTS
from dtbook.data.paths import RAW
from dtbook.data.provenance import locator, read_descriptor, repository_url
from dtbook.site import cards, record

#: the columns of the downloadable ledger with results, with their Frictionless types
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "string", "claim id"),
    ("section", "string", "section of the paper"),
    ("notebook", "string", "chapter notebook that computes it"),
    ("kind", "string", "kind of claim"),
    ("subject", "string", "what the claim is about"),
    ("quote", "string", "the paper's sentence, verbatim"),
    ("stated", "string", "the figure as printed (empty for a statement)"),
    ("comparator", "string", "=, ~ (about), > (more than), < (less than), fact"),
    ("unit", "string", "unit of the stated and recomputed figures"),
    ("recomputed", "string", "the value or interval the raw data give, as shown in the book"),
    ("lo", "number", "lower end of the recomputed interval"),
    ("hi", "number", "upper end of the recomputed interval"),
    ("gap", "number", "distance outside the printed figure's band, signed, in gap_unit (the book's one gap measure)"),
    (
        "gap_unit",
        "string",
        "the gap's measure: percentage points, percent (of the printed figure), years, places, count",
    ),
    ("verdict", "string", "reproduced, inconsistent, contradicted, unverifiable, or judgement (not rated)"),
    ("evidence", "string", "dataset, derived, quoted, paper or none"),
    ("revised_data", "boolean", "the gap is explained by a later revision of the same series"),
    (
        "depends_on_reading",
        "boolean",
        "the readings of the sentence give different verdicts; the most favourable is taken",
    ),
    ("second_verdict", "string", "the independent second reading's verdict (empty if not read twice)"),
    ("reason_tag", "string", "reason tag"),
    ("reason", "string", "one sentence"),
    ("sources", "string", "raw values read, table#key:column, separated by '; '"),
    ("finding", "string", "the verdict in one plain line"),
    ("url", "string", "the claim's own page in the published book (absolute address)"),
    ("source_urls", "string", "the address of every source the claim read, separated by spaces"),
)
DOWNLOAD = "claims_results"


def source_urls(rec: record.ClaimRecord) -> list[str]:
    """The address of every source a claim read (its inputs, then the rows printed beside), once each,
    in order: a page and its producer's own release (every row's, for a page table read whole), a
    dataset's file at its commit or its producer's page."""
    found = [u for i in rec.inputs for u in (i.url, i.official_url)]
    for i in rec.inputs:
        if i.kind == "page" and i.key == "*":  # a page table read whole: every row's page
            found += [
                u
                for row in record.table_rows(i.table).values()
                for u in (row.get("url", ""), row.get("official_url", ""))
            ]
    found += [u for s in rec.context for u in (s.url or s.url_main, s.official_url)]
    return list(dict.fromkeys(u for u in found if u.startswith(("http://", "https://"))))


def records() -> list[dict[str, Any]]:
    """One row per ledger claim (the ledger's order), from its record (:mod:`dtbook.site.record`)."""
    out = []
    for rec in record.claim_records().values():
        c, r = rec.claim, rec.result
        out.append(
            {
                "id": c.id,
                "section": c.section,
                "notebook": c.notebook,
                "kind": c.kind,
                "subject": c.subject,
                "quote": c.quote,
                "stated": c.stated,
                "comparator": c.comparator,
                "unit": c.unit,
                "recomputed": rec.recomputed,
                "lo": r.get("lo"),
                "hi": r.get("hi"),
                "gap": rec.gap.value,
                "gap_unit": rec.gap.unit,
                "verdict": rec.verdict,
                "evidence": rec.grade,
                "revised_data": rec.revised_data,
                "depends_on_reading": rec.depends_on_reading,
                "second_verdict": rec.second_reading.get("verdict", ""),
                "reason_tag": c.reason_tag,
                "reason": c.reason,
                "sources": "; ".join(i.ref for i in rec.inputs),
                "finding": rec.finding,
                "url": rec.url,
                "source_urls": " ".join(source_urls(rec)),
            }
        )
    return out


def counts() -> dict[str, int]:
    """Claims by verdict."""
    return record.tallies().counts


def crosstab() -> dict[str, dict[str, int]]:
    """Claims by verdict (rows) and evidence grade (columns)."""
    return record.tallies().by_grade


def _top(part: str) -> str:
    return ".".join(part.split(".")[:2])


def claims_table(base: str, notebook: str | None = None, downloads: bool = False) -> str:
    """The filterable, sortable table of claims (of one notebook when given), with download links on request."""
    rows = [r for r in records() if notebook is None or r["notebook"] == notebook]
    if not rows:
        return "<p>No claims.</p>"
    options = {
        "verdict": list(VERDICTS),
        "evidence": list(evidence.GRADES),
        "section": sorted({_top(r["section"]) for r in rows}, key=lambda s: tuple(int(p) for p in s.split("."))),
        "reading": ["depends on reading", "read twice"],
    }
    filters = "".join(
        f"<label>{name} <select data-filter='{name}'><option value=''>all</option>"
        + "".join(f"<option value='{html.escape(o)}'>{html.escape(o)}</option>" for o in opts)
        + "</select></label>"
        for name, opts in options.items()
        if notebook is None or name != "section"
    )
    filters += "<label>text <input type='search' data-filter='text' placeholder='id or words'></label>"
    head = "".join(
        f"<th scope='col' data-sort='{k}'>{label}</th>"
        for k, label in (
            ("id", "id"),
            ("section", "section"),
            ("quote", "the paper says"),
            ("stated", "stated"),
            ("recomputed", "recomputed"),
            ("gap", "gap"),
            ("verdict", "verdict"),
            ("evidence", "evidence"),
        )
    )
    body = []
    recs = record.claim_records()
    for r in rows:
        rec = recs[r["id"]]
        verdict, grade = html.escape(r["verdict"]), html.escape(r["evidence"])  # attribute values
        size = "" if rec.gap.magnitude is None else f"{rec.gap.magnitude:.12g}"  # the sort key: the gap's size
        body.append(
            f"<tr class='verdict-{verdict}' data-id='{html.escape(rec.id)}' data-verdict='{verdict}' data-evidence='{grade}' "
            f"data-section='{html.escape(_top(r['section']))}' "
            f"data-reading='{'depends on reading ' if rec.depends_on_reading else ''}{'read twice' if rec.second_reading else ''}'>"
            f"<td data-label='id'>{cards.claim_link(rec.id, base)}</td>"
            f"<td data-label='section'>{html.escape(r['section'])}</td>"
            f"<td data-label='the paper says'>{html.escape(rec.sentence)}</td>"
            f"<td data-label='stated'>{html.escape(rec.stated)}</td>"
            f"<td data-label='recomputed'>{html.escape(rec.recomputed)}</td>"
            f"<td data-label='gap' data-value='{size}'>{html.escape(rec.gap.short)}</td>"
            f"<td data-label='verdict'>{cards.badge('verdict', r['verdict'])}"
            f"{' ' + cards.badge('flag', 'revised data') if r['revised_data'] else ''}"
            f"{' ' + cards.badge('flag', 'depends on reading') if rec.depends_on_reading else ''}</td>"
            f"<td data-label='evidence'>{cards.badge('grade', r['evidence'], rec.grade_label)}</td></tr>"
        )
    links = ""
    if downloads:
        d = f"{base}_static/data/{DOWNLOAD}"
        links = (
            f"<p class='claims-legend'>{html.escape(GAP_RULE)}</p>"
            "<p class='claims-downloads'>Download the rows shown (the filters applied), with each claim's address "
            f"and its sources' addresses: <button type='button' class='claims-download' data-format='csv' "
            f"data-src='{d}.json' data-base='{base}'>CSV</button> "
            f"<button type='button' class='claims-download' data-format='json' data-src='{d}.json' "
            f"data-base='{base}'>JSON</button>. The whole ledger with results: "
            f"<a href='{d}.csv' download>CSV</a> (described by its "
            f"<a href='{d}.resource.json' download>Frictionless descriptor</a>) · "
            f"<a href='{d}.json' download>JSON</a></p>"
        )
    wide = " claims-wide" if notebook is None else ""
    return (
        f"<div class='claims-tool{wide}'><div class='claims-filters'>{filters}"
        f"<span class='claims-count' aria-live='polite'>{len(rows)} claims</span></div>{links}"
        f"<div class='claims-scroll' tabindex='0' role='region' aria-label='the claims'><table class='claims-table'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div></div>"
    )


#: how the landing page picks the findings that matter most (stated there)
FINDINGS_RULE = (
    "the contradicted figures with the largest gaps (the gap as the summary page measures it) between the "
    "printed and the recomputed value, "
    "then the contradicted claims whose year or series is wrong, in the paper's order"
)


def findings(n: int = 5) -> list[dict[str, Any]]:
    """The findings that matter most, chosen by :data:`FINDINGS_RULE`."""
    bad = [r for r in records() if r["verdict"] == "contradicted"]
    size = {cid: rec.gap.magnitude for cid, rec in record.claim_records().items()}
    numeric = sorted((r for r in bad if size[r["id"]]), key=lambda r: -(size[r["id"]] or 0.0))
    picked = numeric[:3]
    series = [r for r in bad if r["reason_tag"] in ("wrong-year", "different-series") and r not in picked]
    picked += series[: n - len(picked)]
    picked += [r for r in numeric if r not in picked][: n - len(picked)]
    return picked


def overview(base: str) -> str:
    """The landing page's result: counts by verdict and grade, the class rule, the findings."""
    n = counts()
    total = sum(n.values())
    grades = crosstab()
    rep = grades["reproduced"]
    recomputed = rep["dataset"] + rep["derived"]
    head = "".join(f"<th scope='col'>{cards.badge('grade', g)}</th>" for g in evidence.GRADES)
    rows = "".join(
        f"<tr><th scope='row'>{cards.badge('verdict', v)}</th>"
        + "".join(f"<td>{grades[v][g]}</td>" for g in evidence.GRADES)
        + f"<td><strong>{n[v]}</strong></td></tr>"
        for v in VERDICTS
    )
    col_totals = "".join(f"<td><strong>{sum(grades[v][g] for v in VERDICTS)}</strong></td>" for g in evidence.GRADES)
    table = (
        f"<div class='claims-scroll' tabindex='0' role='region' aria-label='claims by verdict and evidence grade'>"
        f"<table class='overview-table'><thead><tr><td></td>{head}<th scope='col'>total</th></tr></thead>"
        f"<tbody>{rows}<tr><th scope='row'>total</th>{col_totals}<td><strong>{total}</strong></td></tr></tbody></table></div>"
    )
    verdict_line = ", ".join(f"{n[v]} {v}" for v in VERDICTS)
    cls = classify(n)
    recs = record.claim_records()
    found = "".join(
        f"<li>{cards.claim_link(r['id'], base)} {cards.badge('grade', r['evidence'])} "
        f"{html.escape(recs[r['id']].sentence)} <em>Recomputed: {html.escape(r['recomputed'])}</em>"
        + (f" (gap {html.escape(recs[r['id']].gap.short)})" if r["gap"] not in (None, 0) else "")
        + "</li>"
        for r in findings()
    )
    grade_words = "".join(
        f"<dt>{cards.badge('grade', g)}</dt><dd>{html.escape(evidence.MEANING[g])}</dd>" for g in evidence.GRADES
    )
    return (
        "<div class='verdict-overview'>"
        f"<p class='overview-lead'>The book audits <strong>{total}</strong> claims of the paper: {verdict_line}. "
        f"By the rule below the paper's figures are classed as <strong class='overview-class'>{cls}</strong>.</p>"
        f"<p>Of the {n['reproduced']} reproduced claims, <strong>{recomputed}</strong> were recomputed from data "
        f"({rep['dataset']} from a producer's statistical table, {rep['derived']} derived from published levels), "
        f"{rep['quoted']} were found printed in a source and {rep['paper']} were checked against the paper itself.</p>"
        f"{table}<details class='overview-grades'><summary>What the evidence grades mean</summary>"
        f"<dl>{grade_words}</dl><p>A claim that mixes inputs takes its weakest grade.</p></details>"
        f"<p class='overview-rule'><strong>The class rule.</strong> {html.escape(CLASS_RULE)}</p>"
        f"<h3 class='overview-findings-title'>Five findings that matter most</h3>"
        f"<p class='overview-rule'>Chosen by rule: {html.escape(FINDINGS_RULE)}.</p><ol class='overview-findings'>{found}</ol>"
        f"<p>Every claim: <a href='{base}chapters/summary.html'>the verification summary</a> (filter by verdict, "
        f"grade and section; download as CSV or JSON). Where every number came from: "
        f"<a href='{base}chapters/data_sources.html'>data availability and provenance</a>.</p></div>"
    )


def _csv_text(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([c[0] for c in COLUMNS])
    for r in rows:
        w.writerow(
            [
                "" if r[k] is None else ("true" if r[k] is True else "false" if r[k] is False else r[k])
                for k, _, _ in COLUMNS
            ]
        )
    return buf.getvalue()


def descriptor() -> dict[str, Any]:
    """The Frictionless descriptor of the downloadable ledger with results."""
    return {
        "name": DOWNLOAD,
        "title": "Every claim of the paper with its recomputed value, verdict and evidence grade",
        "path": f"{DOWNLOAD}.csv",
        "format": "csv",
        "encoding": "utf-8-sig",  # a byte-order mark, so a spreadsheet reads the Chinese text as UTF-8
        "schema": {
            "fields": [{"name": k, "type": t, "description": d} for k, t, d in COLUMNS],
            "primaryKey": ["id"],
        },
    }


def write_downloads(folder: Path) -> None:
    """Write the ledger with results as CSV (UTF-8 with a byte-order mark, so a spreadsheet reads the
    Chinese text; with its descriptor) and JSON into ``folder``."""
    rows = records()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{DOWNLOAD}.csv").write_text(_csv_text(rows), encoding="utf-8-sig")  # with a byte-order mark
    (folder / f"{DOWNLOAD}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (folder / f"{DOWNLOAD}.resource.json").write_text(json.dumps(descriptor(), indent=1) + "\n", encoding="utf-8")


#: a figure as a sentence prints it: digits, with thousands separators or decimals
FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


def figures(text: str) -> list[str]:
    """The figures a text prints, thousands separators removed, once each in order ("1,200.5" -> "1200.5")."""
    return list(dict.fromkeys(m.replace(",", "") for m in FIGURE.findall(text)))


def search_entries() -> list[dict[str, Any]]:
    """What the search page matches a query against, one entry per claim in the ledger's order: its
    id, its page (from the book's root), subject, verdict, the stated figure with its unit, and every
    figure its sentence prints (so a search for "44.5" finds the claims printing it)."""
    out = []
    for rec in record.claim_records().values():
        c = rec.claim
        out.append(
            {
                "id": c.id,
                "page": rec.page,
                "subject": c.subject,
                "verdict": rec.verdict,
                "stated": rec.stated if c.stated else "",
                "figures": figures(f"{c.stated} {rec.sentence}"),  # unsigned: "-0.7" prints 0.7
            }
        )
    return out


def _claims_by_table() -> dict[str, set[str]]:
    users: dict[str, set[str]] = {}
    for r in records():
        for ref in r["sources"].split("; ") if r["sources"] else []:
            users.setdefault(evidence.table_of(ref), set()).add(r["id"])
    return users


def provenance_list(base: str) -> str:
    """One block per raw table: its origin with links, the claims that read it, and for a table
    transcribed from pages every row with its page, status, the producer's own URL and the page's words."""
    users = _claims_by_table()
    blocks = []
    for desc_path in sorted(RAW.glob("*.resource.yaml")):
        d = read_descriptor(desc_path)
        name = str(d.get("name", desc_path.stem))
        o = d.get("origin") or {}
        links = []
        repo = repository_url(o)
        if repo:
            links.append(cards.link(repo, locator(o)))
        if o.get("url_main"):
            links.append(cards.link(str(o["url_main"]), "producer's page"))
        claim_ids = sorted(
            users.get(name, set()),
            key=lambda c: [int(p) if p.isdigit() else p for p in c[1:].replace("-", " ").split()],
        )
        claims_html = (
            ", ".join(cards.claim_link(c, base) for c in claim_ids)
            if claim_ids
            else "none directly (context, cross-checks or figures)"
        )
        lic = (o.get("license") or {}).get("name", "")
        meta = (
            f"<dl class='prov-facts'><dt>Producer</dt><dd>{html.escape(str(o.get('producer', '')))}</dd>"
            f"<dt>Origin</dt><dd>{' · '.join(links) or 'one page per row (below)'}</dd>"
            f"<dt>Status</dt><dd><span class='page-status page-{html.escape(str(o.get('status', '')))}'>"
            f"{html.escape(str(o.get('status', '')))}</span></dd>"
            f"<dt>Licence</dt><dd>{html.escape(str(lic))}</dd>"
            f"<dt>Published</dt><dd>{html.escape(str(o.get('date_published', '') or 'see each row'))}</dd>"
            f"<dt>Accessed</dt><dd>{html.escape(str(o.get('date_accessed', '')))}</dd>"
            f"<dt>Claims</dt><dd>{claims_html}</dd></dl>"
        )
        rows_html = ""
        if str(o.get("status")) == "compilation":
            rows = record.table_rows(name)
            statuses = Counter(r.get("page_status", "") for r in rows.values())
            with_official = sum(1 for r in rows.values() if r.get("official_url"))
            items = cards.sources_html([record.page_row(name, k) for k in rows], base)
            summary = (
                f"{len(rows)} page rows: "
                + ", ".join(f"{v} {k}" for k, v in sorted(statuses.items()))
                + f"; {with_official} with the producer's own URL"
            )
            rows_html = f"<details class='prov-rows'><summary>{html.escape(summary)}</summary>{items}</details>"
        blocks.append(
            f"<div class='provenance claim-card' id='table-{html.escape(name)}'>"
            f"<p><strong><code>{html.escape(name)}</code></strong>: {html.escape(str(d.get('title', '')))}</p>"
            f"{meta}{rows_html}</div>"
        )
    return "".join(blocks)
