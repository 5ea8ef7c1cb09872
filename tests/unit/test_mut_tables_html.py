"""The claim tables, the landing page's overview, the downloads and the provenance list
(dtbook.site.tables_html), rendered from a tiny book of records (no ledger or results read)."""

from __future__ import annotations

import csv
import html
import io
import json

import pytest
import yaml
from ascii_locale import ascii_locale
from tables_book import rec

from dtbook.chapter import evidence
from dtbook.chapter.audit import GAP_RULE
from dtbook.chapter.report import CLASS_RULE
from dtbook.site import record, tables_html
from dtbook.site.record import Gap, Input, Source

PP = "percentage points"


def page_input(key: str, url: str = "", official: str = "", table: str = "pages_t") -> Input:
    return Input(f"{table}#{key}:value", "page", table, key, "value", "1", url=url, official_url=official)


ROWS = {
    "pages_t": {
        "r1": {"url": "https://p.example/r1", "official_url": "https://o.example/r1", "page_status": "press",
               "publisher": "Pub", "quote": "words one", "date_published": "2020-01-02"},
        "r2": {"url": "https://p.example/r2", "official_url": "", "page_status": "official", "publisher": "Pub"},
        "r3": {"url": "see the url column", "page_status": "press", "publisher": "Other",
               "official_url": "https://o.example/r3"},
    },
}  # fmt: skip


def book() -> dict[str, record.ClaimRecord]:
    """Four claims of two notebooks and three sections, every verdict path the tables show."""
    recs = [
        rec(
            "S11-01", "1.1", "contradicted", "dataset", Gap(-9.65, PP, "t", "-9.65 pp"),
            readings=[{"verdict": "contradicted"}, {"verdict": "reproduced"}],
            second_reading={"verdict": "reproduced"},
            result={"lo": 1.5, "hi": 2.5, "revised_data": True},
            claim={"reason_tag": "slip", "reason": "a reason", "stated": "8.4", "subject": "s <one>"},
            inputs=(
                Input("wdi#CHN/2013:v", "dataset", "wdi", "CHN/2013", "v", "3", url="https://d.example/f", official_url="ftp://x"),
                page_input("r1", "https://p.example/r1", "https://o.example/r1"),
                page_input("r9", "https://p.example/r1", ""),
            ),
            context=(Source("dataset", "ctx", ("a",), url="", url_main="https://m.example", official_url="https://o.example/c"),),
        ),
        rec(
            "S11-02", "1.10.2", "reproduced", "quoted", Gap(0.0, "percent", "none", "0"),
            notebook="nb2", sentence="A & B print 1,200.5 and 44.5, then -0.7 and 1,200.5", claim={"stated": "1,200.5"},
            inputs=(page_input("*"),),
            context=(Source("page", "pages_t", ("r2",), url="https://p.example/r2", url_main="https://m.example"),),
            result={"lo": None, "hi": None},
        ),
        rec(
            "S2-01", "2", "contradicted", "derived", Gap(),
            claim={"reason_tag": "wrong-year", "stated": ""}, url="", second_reading={},
        ),
        rec("S2-02", "2.1", "unverifiable", "none", Gap(), claim={"stated": ""}, sentence="nothing 12 here"),
    ]  # fmt: skip
    return {r.id: r for r in recs}


@pytest.fixture
def views(monkeypatch):
    """The views read this book: its records, and the rows of its page table."""
    recs = book()
    monkeypatch.setattr(record, "claim_records", lambda *_: recs)
    monkeypatch.setattr(record, "table_rows", lambda table: ROWS.get(table, {}))
    return recs


def words(text: str) -> str:
    """The rendered HTML with the rules' and the grades' long words named, so the tables below
    pin the markup around them."""
    named = [("GAP_RULE", GAP_RULE), ("CLASS_RULE", CLASS_RULE), ("FINDINGS_RULE", tables_html.FINDINGS_RULE)]
    named += [(f"MEANING[{g}]", evidence.MEANING[g]) for g in evidence.GRADES]
    for name, said in named:
        text = text.replace(html.escape(said), "{" + name + "}")
    return text


# the whole claims table: filters (sections sorted as numbers), every row in the ledger's order
# with its data attributes, sort key (the gap's size), flags and badges
WHOLE_TABLE = (
    "<div class='claims-tool claims-wide'><div class='claims-filters'>"
    "<label>verdict <select data-filter='verdict'><option value=''>all</option><option value='reproduced'>reproduced</option><option value='inconsistent'>inconsistent</option><option value='contradicted'>contradicted</option><option value='unverifiable'>unverifiable</option><option value='judgement'>judgement</option></select></label>"
    "<label>evidence <select data-filter='evidence'><option value=''>all</option><option value='dataset'>dataset</option><option value='derived'>derived</option><option value='quoted'>quoted</option><option value='paper'>paper</option><option value='none'>none</option></select></label>"
    "<label>section <select data-filter='section'><option value=''>all</option><option value='1.1'>1.1</option><option value='1.10'>1.10</option><option value='2'>2</option><option value='2.1'>2.1</option></select></label>"
    "<label>reading <select data-filter='reading'><option value=''>all</option><option value='depends on reading'>depends on reading</option><option value='read twice'>read twice</option></select></label>"
    "<label>text <input type='search' data-filter='text' placeholder='id or words'></label><span class='claims-count' aria-live='polite'>4 claims</span></div>"
    "<div class='claims-scroll' tabindex='0' role='region' aria-label='the claims'><table class='claims-table'>"
    "<thead>"
    "<tr><th scope='col' data-sort='id'>id</th><th scope='col' data-sort='section'>section</th><th scope='col' data-sort='quote'>the paper says</th><th scope='col' data-sort='stated'>stated</th><th scope='col' data-sort='recomputed'>recomputed</th><th scope='col' data-sort='gap'>gap</th><th scope='col' data-sort='verdict'>verdict</th><th scope='col' data-sort='evidence'>evidence</th></tr></thead><tbody>"
    "<tr class='verdict-contradicted' data-id='S11-01' data-verdict='contradicted' data-evidence='dataset' data-section='1.1' data-reading='depends on reading read twice'><td data-label='id'><a href=\"../claims/S11-01.html\">S11-01</a></td><td data-label='section'>1.1</td><td data-label='the paper says'>the paper&#x27;s sentence</td><td data-label='stated'>stated S11-01</td><td data-label='recomputed'>re S11-01</td><td data-label='gap' data-value='9.65'>-9.65 pp</td><td data-label='verdict'><span class=\"dt-badge verdict-badge verdict-contradicted\">contradicted</span> <span class=\"dt-badge flag-badge flag-revised data\">revised data</span> <span class=\"dt-badge flag-badge flag-depends on reading\">depends on reading</span></td><td data-label='evidence'><span class=\"dt-badge grade-badge grade-dataset\">dataset</span></td></tr>"
    "<tr class='verdict-reproduced' data-id='S11-02' data-verdict='reproduced' data-evidence='quoted' data-section='1.10' data-reading=''><td data-label='id'><a href=\"../claims/S11-02.html\">S11-02</a></td><td data-label='section'>1.10.2</td><td data-label='the paper says'>A &amp; B print 1,200.5 and 44.5, then -0.7 and 1,200.5</td><td data-label='stated'>stated S11-02</td><td data-label='recomputed'>re S11-02</td><td data-label='gap' data-value='0'>0</td><td data-label='verdict'><span class=\"dt-badge verdict-badge verdict-reproduced\">reproduced</span></td><td data-label='evidence'><span class=\"dt-badge grade-badge grade-quoted\">quoted</span></td></tr>"
    "<tr class='verdict-contradicted' data-id='S2-01' data-verdict='contradicted' data-evidence='derived' data-section='2' data-reading=''><td data-label='id'><a href=\"../claims/S2-01.html\">S2-01</a></td><td data-label='section'>2</td><td data-label='the paper says'>the paper&#x27;s sentence</td><td data-label='stated'>stated S2-01</td><td data-label='recomputed'>re S2-01</td><td data-label='gap' data-value=''></td><td data-label='verdict'><span class=\"dt-badge verdict-badge verdict-contradicted\">contradicted</span></td><td data-label='evidence'><span class=\"dt-badge grade-badge grade-derived\">derived</span></td></tr>"
    "<tr class='verdict-unverifiable' data-id='S2-02' data-verdict='unverifiable' data-evidence='none' data-section='2.1' data-reading=''><td data-label='id'><a href=\"../claims/S2-02.html\">S2-02</a></td><td data-label='section'>2.1</td><td data-label='the paper says'>nothing 12 here</td><td data-label='stated'>stated S2-02</td><td data-label='recomputed'>re S2-02</td><td data-label='gap' data-value=''></td><td data-label='verdict'><span class=\"dt-badge verdict-badge verdict-unverifiable\">unverifiable</span></td><td data-label='evidence'><span class=\"dt-badge grade-badge grade-none\">none</span></td></tr></tbody></table></div></div>"
)

ONE_NOTEBOOK_WITH_DOWNLOADS = (
    "<div class='claims-tool'><div class='claims-filters'>"
    "<label>verdict <select data-filter='verdict'><option value=''>all</option><option value='reproduced'>reproduced</option><option value='inconsistent'>inconsistent</option><option value='contradicted'>contradicted</option><option value='unverifiable'>unverifiable</option><option value='judgement'>judgement</option></select></label>"
    "<label>evidence <select data-filter='evidence'><option value=''>all</option><option value='dataset'>dataset</option><option value='derived'>derived</option><option value='quoted'>quoted</option><option value='paper'>paper</option><option value='none'>none</option></select></label>"
    "<label>reading <select data-filter='reading'><option value=''>all</option><option value='depends on reading'>depends on reading</option><option value='read twice'>read twice</option></select></label>"
    "<label>text <input type='search' data-filter='text' placeholder='id or words'></label><span class='claims-count' aria-live='polite'>1 claims</span></div>"
    "<p class='claims-legend'>{GAP_RULE}</p>"
    "<p class='claims-downloads'>Download the rows shown (the filters applied), with each claim's address and its sources' addresses: <button type='button' class='claims-download' data-format='csv' data-src='_static/data/claims_results.json' data-base=''>CSV</button> <button type='button' class='claims-download' data-format='json' data-src='_static/data/claims_results.json' data-base=''>JSON</button>. The whole ledger with results: <a href='_static/data/claims_results.csv' download>CSV</a> (described by its <a href='_static/data/claims_results.resource.json' download>Frictionless descriptor</a>) · <a href='_static/data/claims_results.json' download>JSON</a></p>"
    "<div class='claims-scroll' tabindex='0' role='region' aria-label='the claims'><table class='claims-table'>"
    "<thead>"
    "<tr><th scope='col' data-sort='id'>id</th><th scope='col' data-sort='section'>section</th><th scope='col' data-sort='quote'>the paper says</th><th scope='col' data-sort='stated'>stated</th><th scope='col' data-sort='recomputed'>recomputed</th><th scope='col' data-sort='gap'>gap</th><th scope='col' data-sort='verdict'>verdict</th><th scope='col' data-sort='evidence'>evidence</th></tr></thead><tbody>"
    "<tr class='verdict-reproduced' data-id='S11-02' data-verdict='reproduced' data-evidence='quoted' data-section='1.10' data-reading=''><td data-label='id'><a href=\"claims/S11-02.html\">S11-02</a></td><td data-label='section'>1.10.2</td><td data-label='the paper says'>A &amp; B print 1,200.5 and 44.5, then -0.7 and 1,200.5</td><td data-label='stated'>stated S11-02</td><td data-label='recomputed'>re S11-02</td><td data-label='gap' data-value='0'>0</td><td data-label='verdict'><span class=\"dt-badge verdict-badge verdict-reproduced\">reproduced</span></td><td data-label='evidence'><span class=\"dt-badge grade-badge grade-quoted\">quoted</span></td></tr></tbody></table></div></div>"
)

OVERVIEW = (
    "<div class='verdict-overview'>"
    "<p class='overview-lead'>The book audits <strong>4</strong> claims of the paper: 1 reproduced, 0 inconsistent, 2 contradicted, 1 unverifiable, 0 judgement. By the rule below the paper's figures are classed as <strong class='overview-class'>not reproduced</strong>.</p>"
    "<p>Of the 1 reproduced claims, <strong>0</strong> were recomputed from data (0 from a producer's statistical table, 0 derived from published levels), 1 were found printed in a source and 0 were checked against the paper itself.</p>"
    "<div class='claims-scroll' tabindex='0' role='region' aria-label='claims by verdict and evidence grade'><table class='overview-table'>"
    "<thead>"
    "<tr><td></td><th scope='col'><span class=\"dt-badge grade-badge grade-dataset\">dataset</span></th><th scope='col'><span class=\"dt-badge grade-badge grade-derived\">derived</span></th><th scope='col'><span class=\"dt-badge grade-badge grade-quoted\">quoted</span></th><th scope='col'><span class=\"dt-badge grade-badge grade-paper\">paper</span></th><th scope='col'><span class=\"dt-badge grade-badge grade-none\">none</span></th><th scope='col'>total</th></tr></thead><tbody>"
    "<tr><th scope='row'><span class=\"dt-badge verdict-badge verdict-reproduced\">reproduced</span></th><td>0</td><td>0</td><td>1</td><td>0</td><td>0</td><td><strong>1</strong></td></tr>"
    "<tr><th scope='row'><span class=\"dt-badge verdict-badge verdict-inconsistent\">inconsistent</span></th><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td><strong>0</strong></td></tr>"
    "<tr><th scope='row'><span class=\"dt-badge verdict-badge verdict-contradicted\">contradicted</span></th><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td><td><strong>2</strong></td></tr>"
    "<tr><th scope='row'><span class=\"dt-badge verdict-badge verdict-unverifiable\">unverifiable</span></th><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td><td><strong>1</strong></td></tr>"
    "<tr><th scope='row'><span class=\"dt-badge verdict-badge verdict-judgement\">judgement</span></th><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td><strong>0</strong></td></tr>"
    "<tr><th scope='row'>total</th><td><strong>1</strong></td><td><strong>1</strong></td><td><strong>1</strong></td><td><strong>0</strong></td><td><strong>1</strong></td><td><strong>4</strong></td></tr></tbody></table></div>"
    "<details class='overview-grades'><summary>What the evidence grades mean</summary><dl>"
    '<dt><span class="dt-badge grade-badge grade-dataset">dataset</span></dt><dd>{MEANING[dataset]}</dd>'
    '<dt><span class="dt-badge grade-badge grade-derived">derived</span></dt><dd>{MEANING[derived]}</dd>'
    '<dt><span class="dt-badge grade-badge grade-quoted">quoted</span></dt><dd>{MEANING[quoted]}</dd>'
    '<dt><span class="dt-badge grade-badge grade-paper">paper</span></dt><dd>{MEANING[paper]}</dd>'
    '<dt><span class="dt-badge grade-badge grade-none">none</span></dt><dd>{MEANING[none]}</dd></dl>'
    "<p>A claim that mixes inputs takes its weakest grade.</p></details>"
    "<p class='overview-rule'><strong>The class rule.</strong> {CLASS_RULE}</p>"
    "<h3 class='overview-findings-title'>Five findings that matter most</h3>"
    "<p class='overview-rule'>Chosen by rule: {FINDINGS_RULE}.</p><ol class='overview-findings'>"
    '<li><a href="../claims/S11-01.html">S11-01</a> <span class="dt-badge grade-badge grade-dataset">dataset</span> the paper&#x27;s sentence <em>Recomputed: re S11-01</em> (gap -9.65 pp)</li>'
    '<li><a href="../claims/S2-01.html">S2-01</a> <span class="dt-badge grade-badge grade-derived">derived</span> the paper&#x27;s sentence <em>Recomputed: re S2-01</em></li></ol>'
    "<p>Every claim: <a href='../chapters/summary.html'>the verification summary</a> (filter by verdict, grade and section; download as CSV or JSON). Where every number came from: <a href='../chapters/data_sources.html'>data availability and provenance</a>.</p></div>"
)


def test_the_summary_table_lists_every_claim_with_its_filters(views):
    assert words(tables_html.claims_table("../")) == "".join(WHOLE_TABLE)


def test_a_chapter_table_has_no_section_filter_and_offers_the_downloads(views):
    assert words(tables_html.claims_table("", notebook="nb2", downloads=True)) == "".join(ONE_NOTEBOOK_WITH_DOWNLOADS)


def test_a_table_of_no_claims(views):
    assert tables_html.claims_table("", notebook="elsewhere", downloads=True) == "<p>No claims.</p>"


def test_the_overview_counts_verdicts_by_grade_and_lists_the_findings(views):
    assert words(tables_html.overview("../")) == "".join(OVERVIEW)


def test_counts_and_crosstab_are_the_tallies(views):
    assert tables_html.counts() == {
        "reproduced": 1,
        "inconsistent": 0,
        "contradicted": 2,
        "unverifiable": 1,
        "judgement": 0,
    }
    assert tables_html.crosstab()["contradicted"] == {"dataset": 1, "derived": 1, "quoted": 0, "paper": 0, "none": 0}


def test_source_urls_are_every_address_read_once_in_order(views):
    urls = {cid: tables_html.source_urls(r) for cid, r in views.items()}
    assert urls["S11-01"] == [
        "https://d.example/f",  # a dataset's file (its ftp mirror is no web address)
        "https://p.example/r1",
        "https://o.example/r1",  # a page and its producer's own release, once though read twice
        "https://m.example",  # a context source without a page: its producer's site
        "https://o.example/c",
    ]
    # a page table read whole: every row's page and official page, then the context rows
    assert urls["S11-02"] == [
        "https://p.example/r1",
        "https://o.example/r1",
        "https://p.example/r2",
        "https://o.example/r3",
    ]
    assert urls["S2-01"] == []


def test_records_are_the_download_rows_in_the_ledgers_order(views):
    rows = tables_html.records()
    assert [r["id"] for r in rows] == ["S11-01", "S11-02", "S2-01", "S2-02"]
    assert all(list(r) == [k for k, _, _ in tables_html.COLUMNS] for r in rows)
    assert rows[0] == {
        "id": "S11-01", "section": "1.1", "notebook": "nb1", "kind": "share", "subject": "s <one>",
        "quote": "a quote", "stated": "8.4", "comparator": "=", "unit": "percent", "recomputed": "re S11-01",
        "lo": 1.5, "hi": 2.5, "gap": -9.65, "gap_unit": PP, "verdict": "contradicted", "evidence": "dataset",
        "revised_data": True, "depends_on_reading": True, "second_verdict": "reproduced", "reason_tag": "slip",
        "reason": "a reason", "sources": "wdi#CHN/2013:v; pages_t#r1:value; pages_t#r9:value",
        "finding": "finding S11-01", "url": "https://b.example/claims/S11-01.html",
        "source_urls": "https://d.example/f https://p.example/r1 https://o.example/r1 https://m.example https://o.example/c",
    }  # fmt: skip
    assert rows[2] == {
        "id": "S2-01", "section": "2", "notebook": "nb1", "kind": "share", "subject": "a test subject",
        "quote": "a quote", "stated": "", "comparator": "=", "unit": "percent", "recomputed": "re S2-01",
        "lo": None, "hi": None, "gap": None, "gap_unit": "", "verdict": "contradicted", "evidence": "derived",
        "revised_data": False, "depends_on_reading": False, "second_verdict": "", "reason_tag": "wrong-year",
        "reason": "a reason", "sources": "", "finding": "finding S2-01", "url": "", "source_urls": "",
    }  # fmt: skip


def test_the_downloads_csv_json_and_descriptor(views, tmp_path):
    folder = tmp_path / "data" / "static"
    tables_html.write_downloads(folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        "claims_results.csv",
        "claims_results.json",
        "claims_results.resource.json",
    ]
    raw = (folder / "claims_results.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,section,notebook,")  # a byte-order mark for spreadsheets
    text = raw.decode("utf-8-sig")
    assert "\r" not in text and text.endswith("\n")
    lines = text.splitlines()
    assert lines[0] == ",".join(k for k, _, _ in tables_html.COLUMNS)
    assert lines[2] == (
        'S11-02,1.10.2,nb2,share,a test subject,a quote,"1,200.5",=,percent,re S11-02,,,0.0,percent,reproduced,'
        "quoted,false,false,,,,pages_t#*:value,finding S11-02,https://b.example/claims/S11-02.html,"
        "https://p.example/r1 https://o.example/r1 https://p.example/r2 https://o.example/r3"
    )
    assert list(csv.DictReader(io.StringIO(text)))[0]["revised_data"] == "true"
    json_text = (folder / "claims_results.json").read_text(encoding="utf-8")
    assert json.loads(json_text) == tables_html.records()
    assert json_text.endswith("}\n]\n") and '\n "id": "S11-01"' not in json_text and '\n  "id": "S11-01"' in json_text
    assert '"subject": "s <one>"' in json_text
    desc = (folder / "claims_results.resource.json").read_text(encoding="utf-8")
    assert json.loads(desc) == tables_html.descriptor() and desc.endswith("}\n") and '\n "name"' in desc


def test_the_json_download_keeps_chinese_text(views, tmp_path, monkeypatch):
    recs = {"S11-02": rec("S11-02", "1.1", "reproduced", "quoted", claim={"subject": "出口"})}
    monkeypatch.setattr(record, "claim_records", lambda *_: recs)
    tables_html.write_downloads(tmp_path)
    assert '"subject": "出口"' in (tmp_path / "claims_results.json").read_text(encoding="utf-8")
    assert "出口" in (tmp_path / "claims_results.csv").read_text(encoding="utf-8-sig")


def test_the_downloads_are_utf8_whatever_the_locale(views, tmp_path, monkeypatch):
    recs = {"S11-02": rec("S11-02", "1.1", "reproduced", "quoted", claim={"subject": "出口 (デジタル)"})}
    monkeypatch.setattr(record, "claim_records", lambda *_: recs)
    with ascii_locale():
        tables_html.write_downloads(tmp_path)
    assert '"subject": "出口 (デジタル)"' in (tmp_path / "claims_results.json").read_bytes().decode("utf-8")
    assert (tmp_path / "claims_results.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "出口 (デジタル)" in (tmp_path / "claims_results.csv").read_bytes().decode("utf-8-sig")


def test_the_descriptor_describes_every_column():
    d = tables_html.descriptor()
    assert {k: d[k] for k in ("name", "path", "format", "encoding")} == {
        "name": "claims_results",
        "path": "claims_results.csv",
        "format": "csv",
        "encoding": "utf-8-sig",
    }
    assert d["title"] == "Every claim of the paper with its recomputed value, verdict and evidence grade"
    assert d["schema"]["primaryKey"] == ["id"]
    assert d["schema"]["fields"][0] == {"name": "id", "type": "string", "description": "claim id"}
    assert [(f["name"], f["type"], f["description"]) for f in d["schema"]["fields"]] == list(tables_html.COLUMNS)


def test_figures_are_the_numbers_a_text_prints():
    assert tables_html.figures("1,200.5 and 44.5, then -0.7, 1,200.5 and 3") == ["1200.5", "44.5", "0.7", "3"]
    assert tables_html.figures("no figure") == []


def test_search_entries_name_each_claims_page_and_figures(views):
    entries = tables_html.search_entries()
    assert entries[1] == {
        "id": "S11-02",
        "page": "claims/S11-02.html",
        "subject": "a test subject",
        "verdict": "reproduced",
        "stated": "stated S11-02",
        "figures": ["1200.5", "44.5", "0.7"],
    }
    assert entries[0]["figures"] == ["8.4"] and entries[0]["subject"] == "s <one>"
    assert (entries[3]["stated"], entries[3]["figures"]) == ("", ["12"])  # a statement shows no stated figure


def contradicted(cid: str, size: float | None, tag: str = "slip") -> record.ClaimRecord:
    gap = Gap() if size is None else Gap(-size, PP, "t", f"-{size} pp")
    return rec(cid, "1.1", "contradicted", "dataset", gap, claim={"reason_tag": tag})


@pytest.fixture
def many(monkeypatch):
    """Six contradicted figures by size, two claims of a wrong year or series, one reproduced."""
    recs = [
        contradicted("A1", 1.0),
        contradicted("A2", 6.0),
        contradicted("Y1", None, "wrong-year"),
        contradicted("A3", 3.0),
        contradicted("A4", 5.0),
        contradicted("S1", 0.5, "different-series"),
        contradicted("A5", 4.0),
        contradicted("N1", 0.0),
        contradicted("T1", None, "another-tag"),
        rec("R1", "1.1", "reproduced", "dataset", Gap(0.0, PP, "", "0")),
    ]
    by_id = {r.id: r for r in recs}
    monkeypatch.setattr(record, "claim_records", lambda *_: by_id)


def test_findings_are_the_largest_gaps_then_wrong_years_and_series(many):
    assert [r["id"] for r in tables_html.findings()] == ["A2", "A4", "A5", "Y1", "S1"]
    assert [r["id"] for r in tables_html.findings(6)] == ["A2", "A4", "A5", "Y1", "S1", "A3"]
    assert [r["id"] for r in tables_html.findings(8)] == ["A2", "A4", "A5", "Y1", "S1", "A3", "A1"]
    assert [r["id"] for r in tables_html.findings(4)] == ["A2", "A4", "A5", "Y1"]


def test_findings_fill_up_with_gaps_when_few_years_or_series_are_wrong(monkeypatch):
    recs = {r.id: r for r in [contradicted(f"A{i}", float(i)) for i in range(1, 7)]}
    monkeypatch.setattr(record, "claim_records", lambda *_: recs)
    assert [r["id"] for r in tables_html.findings()] == ["A6", "A5", "A4", "A3", "A2"]


# ---------------------------------------------------------------- provenance list


def descriptor(raw, stem, **d):
    raw.mkdir(exist_ok=True)
    (raw / f"{stem}.resource.yaml").write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def raw(tmp_path, monkeypatch):
    """Three raw tables: one from a repository, one transcribed from pages, one without a name;
    claims reading the first two."""
    folder = tmp_path / "raw"
    descriptor(
        folder, "wdi", name="wdi", title="Exports <goods>", origin={
            "producer": "World Bank", "repository": "o/r", "repository_path": "f.csv", "commit": "0123456789abcdef",
            "url_main": "https://wb.example", "status": "copy", "license": {"name": "CC BY 4.0"},
            "date_published": "2024-05-06", "date_accessed": "2024-07-08",
        },
    )  # fmt: skip
    descriptor(
        folder, "pages_t", name="pages_t", title="Pages", origin={"producer": "various", "status": "compilation"}
    )
    descriptor(folder, "unnamed", title="No name")
    monkeypatch.setattr(tables_html, "RAW", folder)
    recs = {
        r.id: r
        for r in [
            rec("S11-01", "1.1", "reproduced", "dataset", inputs=(page_input("r1", table="wdi"), page_input("r2"))),
            rec("S2-10", "2", "reproduced", "quoted", inputs=(page_input("r1"),)),
            rec("S2-09", "2", "reproduced", "quoted", inputs=(page_input("r3"), page_input("r2"), page_input("r 3"))),
            rec("S3-01", "3", "unverifiable", "none"),
        ]
    }
    monkeypatch.setattr(record, "claim_records", lambda *_: recs)
    monkeypatch.setattr(record, "table_rows", lambda table: ROWS.get(table, {}))
    return folder


def test_claims_by_table_names_the_claims_reading_each(raw):
    assert tables_html._claims_by_table() == {"wdi": {"S11-01"}, "pages_t": {"S11-01", "S2-10", "S2-09"}}


# every raw table in name order: its origin with links, the claims reading it (in the paper's
# order), and for a table transcribed from pages every row with its page
PROVENANCE = (
    "<div class='provenance claim-card' id='table-pages_t'><p><strong><code>pages_t</code></strong>: Pages</p><dl class='prov-facts'>"
    "<dt>Producer</dt><dd>various</dd>"
    "<dt>Origin</dt><dd>one page per row (below)</dd>"
    "<dt>Status</dt><dd><span class='page-status page-compilation'>compilation</span></dd>"
    "<dt>Licence</dt><dd></dd>"
    "<dt>Published</dt><dd>see each row</dd>"
    "<dt>Accessed</dt><dd></dd>"
    '<dt>Claims</dt><dd><a href="../claims/S2-09.html">S2-09</a>, <a href="../claims/S2-10.html">S2-10</a>, <a href="../claims/S11-01.html">S11-01</a></dd></dl>'
    "<details class='prov-rows'><summary>3 page rows: 1 official, 2 press; 2 with the producer&#x27;s own URL</summary>"
    '<ul class="claim-sources">'
    '<li><span class="src-producer">Pub</span> · <a class="reference external" href="https://p.example/r1">Pub</a> · <span class="src-date">2020-01-02</span> · <span class="page-status page-press" title="a state news outlet">press</span> · official: <a class="reference external" href="https://o.example/r1">producer&#39;s own release</a> <code class="src-row">pages_t#r1</code><blockquote class="src-words" lang="und">words one</blockquote></li>'
    '<li><span class="src-producer">Pub</span> · <a class="reference external" href="https://p.example/r2">Pub</a> · <span class="page-status page-official" title="the producer&#39;s own site">official</span> <code class="src-row">pages_t#r2</code></li>'
    '<li><span class="src-producer">Other</span> · see the url column · <span class="page-status page-press" title="a state news outlet">press</span> · official: <a class="reference external" href="https://o.example/r3">producer&#39;s own release</a> <code class="src-row">pages_t#r3</code></li></ul></details></div>'
    "<div class='provenance claim-card' id='table-unnamed.resource'><p><strong><code>unnamed.resource</code></strong>: No name</p><dl class='prov-facts'>"
    "<dt>Producer</dt><dd></dd>"
    "<dt>Origin</dt><dd>one page per row (below)</dd>"
    "<dt>Status</dt><dd><span class='page-status page-'></span></dd>"
    "<dt>Licence</dt><dd></dd>"
    "<dt>Published</dt><dd>see each row</dd>"
    "<dt>Accessed</dt><dd></dd>"
    "<dt>Claims</dt><dd>none directly (context, cross-checks or figures)</dd></dl></div>"
    "<div class='provenance claim-card' id='table-wdi'><p><strong><code>wdi</code></strong>: Exports &lt;goods&gt;</p><dl class='prov-facts'>"
    "<dt>Producer</dt><dd>World Bank</dd>"
    '<dt>Origin</dt><dd><a class="reference external" href="https://github.com/o/r/blob/0123456789abcdef/f.csv">o/r f.csv @ 0123456789</a> · <a class="reference external" href="https://wb.example">producer&#39;s page</a></dd>'
    "<dt>Status</dt><dd><span class='page-status page-copy'>copy</span></dd>"
    "<dt>Licence</dt><dd>CC BY 4.0</dd>"
    "<dt>Published</dt><dd>2024-05-06</dd>"
    "<dt>Accessed</dt><dd>2024-07-08</dd>"
    '<dt>Claims</dt><dd><a href="../claims/S11-01.html">S11-01</a></dd></dl></div>'
)


def test_the_provenance_list_shows_every_raw_table(raw):
    assert tables_html.provenance_list("../") == "".join(PROVENANCE)


def test_a_table_without_repository_or_page_shows_its_page_rows(raw):
    descriptor(raw, "wdi", name="wdi", title="t", origin={"repository": "o/r", "status": "official", "license": None})
    out = tables_html.provenance_list("")
    assert "<dt>Origin</dt><dd>one page per row (below)</dd>" in out.split("id='table-wdi'")[1]
    assert "<dt>Licence</dt><dd></dd>" in out.split("id='table-wdi'")[1]


def test_a_table_without_a_title_shows_none(raw):
    descriptor(raw, "wdi", name="wdi", origin={"status": "official"})
    assert "<code>wdi</code></strong>: </p>" in tables_html.provenance_list("")


def test_sections_are_offered_in_the_papers_order(monkeypatch):
    recs = {
        r.id: r
        for r in [rec(f"S{i}-01", s, "reproduced", "dataset") for i, s in enumerate(["2", "1.10.1", "1.9", "10.2"])]
    }
    monkeypatch.setattr(record, "claim_records", lambda *_: recs)
    out = tables_html.claims_table("")
    options = out.split("data-filter='section'>")[1].split("</select>")[0]
    assert options == (
        "<option value=''>all</option><option value='1.9'>1.9</option><option value='1.10'>1.10</option>"
        "<option value='2'>2</option><option value='10.2'>10.2</option>"
    )


def test_a_grade_resting_on_a_copy_says_so_in_the_table(monkeypatch):
    copy = Source("dataset", "wdi", ("x",), status="copy")
    recs = {"S1-01": rec("S1-01", "1", "reproduced", "dataset", sources=(copy,))}
    monkeypatch.setattr(record, "claim_records", lambda *_: recs)
    out = tables_html.claims_table("")
    assert (
        "<td data-label='evidence'><span class=\"dt-badge grade-badge grade-dataset\">dataset (copy)</span></td>"
    ) in out


def test_source_urls_keep_plain_http_and_what_was_read_before_a_whole_table(monkeypatch):
    monkeypatch.setattr(record, "table_rows", lambda table: ROWS.get(table, {}))
    r = rec("S1-01", "1", "reproduced", "dataset", inputs=(page_input("r1", "http://plain.example/a"), page_input("*")))
    assert tables_html.source_urls(r) == [
        "http://plain.example/a",
        "https://p.example/r1",
        "https://o.example/r1",
        "https://p.example/r2",
        "https://o.example/r3",
    ]


def test_the_overview_counts_recomputed_claims_and_shows_a_findings_gap_unless_zero(monkeypatch):
    recs = [
        rec("R1", "1", "reproduced", "dataset"),
        rec("R2", "1", "reproduced", "dataset"),
        rec("R3", "1", "reproduced", "derived"),
        rec("P1", "1", "contradicted", "dataset", Gap(1.0, PP, "t", "+1.00 pp")),
        rec("Y1", "1", "contradicted", "dataset", Gap(0.0, PP, "t", "0"), claim={"reason_tag": "wrong-year"}),
    ]
    by_id = {r.id: r for r in recs}
    monkeypatch.setattr(record, "claim_records", lambda *_: by_id)
    out = tables_html.overview("")
    assert "<p>Of the 3 reproduced claims, <strong>3</strong> were recomputed from data (2 from a producer's" in out
    assert "Recomputed: re P1</em> (gap +1.00 pp)</li>" in out
    assert "Recomputed: re Y1</em></li>" in out
