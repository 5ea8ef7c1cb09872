"""The claim record (dtbook.site.record), which every view of a claim renders: the sentence as shown,
the stated figure in words, the gap, the inputs and sources with their pages' particulars, the finding,
and the whole record of a claim built from a project's recorded results (written here into a temporary
project that names the checkout's ledger), with its readings, second reading, revision neighbours,
history and address. The tables read are the checkout's tracked raw tables, found through
``dtbook.data.paths.RAW``; the expected values are read from their files here, not through the package."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from typing import Any

import pytest
import yaml
from ledger_rows import claim

from dtbook.data.paths import LEDGER, RAW, Project
from dtbook.data.provenance import locator, repository_url
from dtbook.data.readings import SECOND_COLUMNS
from dtbook.site import changelog, record, settings

#: a table transcribed from pages (a row per printed figure, with its own unit column)
PAGES = "pages_trade"
#: a page row with a page title; another with none (its title is its publisher)
TITLED, UNTITLED = "baogaosu-chn-2013-goods-trade-total-usd-trn", "jpeople-chn-2013-goods-trade-total-usd-100m"
#: a page row whose page names the producer's own page besides it
WITH_OFFICIAL = ("pages_software", "xxznews-chn-2021-software-business-revenue-cny-100m")
#: a producer's table held as a repository copy, keyed by geo and year, and one dated by its producer
DATASET, DATED = "wdi_merch_exports", "wdi_ict_service_exports"


def page_rows(table: str) -> dict[str, dict[str, str]]:
    with (RAW / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return {row["row_id"]: row for row in csv.DictReader(fh)}


def dataset_row(table: str, geo: str, year: str) -> dict[str, str]:
    with (RAW / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return next(row for row in csv.DictReader(fh) if row["geo"] == geo and row["year"] == year)


def origin(table: str) -> dict[str, Any]:
    return yaml.safe_load((RAW / f"{table}.resource.yaml").read_text(encoding="utf-8"))["origin"]


def expected_page(table: str, key: str) -> record.Source:
    row = page_rows(table)[key]
    return record.Source(
        "page",
        table,
        (key,),
        producer=row["publisher"],
        title=row["page_title"] or row["publisher"],
        url=row["url"],
        date=row["date_published"],
        status=row["page_status"],
        words=row["quote"],
        official_url=row["official_url"],
        official_title=row["official_title"],
    )


def expected_dataset(table: str, keys: tuple[str, ...]) -> record.Source:
    o = origin(table)
    return record.Source(
        "dataset",
        table,
        keys,
        producer=o["producer"],
        title=o["title"],
        url=repository_url(o) or "",
        date=str(o.get("date_published", "")),
        status=o["status"],
        where=locator(o),
        url_main=o["url_main"],
    )


# --- the sentence and the stated figure ---------------------------------------------------------


def test_the_sentence_is_shown_without_escapes_or_citation_markers():
    shown = record.display_quote("  it cost \\$5 ^[3] in 2020^[1,2],  and\t\tmore ^[4-6,9]. ")
    assert shown == "it cost $5 in 2020, and more."
    assert record.display_quote("a ^[x] b\nc") == "a ^[x] b\nc"  # no citation marker; one line end kept


@pytest.mark.parametrize(
    ("comparator", "stated", "unit", "words"),
    [
        ("=", "8.4", "percent", "8.4 percent"),
        ("~", "8.4", "percent", "about 8.4 percent"),
        (">", "50", "percent", "more than 50 percent"),
        ("<", "3", "places", "less than 3 places"),
        ("~", "5", "", "about 5"),
        ("fact", "3", "", "a statement (no figure to compare)"),
        ("=", "", "percent", "a statement (no figure to compare)"),
    ],
)
def test_the_stated_figure_in_words(comparator, stated, unit, words):
    assert record.stated_text(replace(claim("A", "nb"), comparator=comparator, stated=stated, unit=unit)) == words


# --- the gap --------------------------------------------------------------------------------------


def _gap(value: float | None, measure: str, unit: str = "percent", comparator: str = "=") -> dict[str, Any]:
    return {"gap": value, "gap_unit": measure, "unit": unit, "comparator": comparator}


@pytest.mark.parametrize(
    ("r", "text", "short"),
    [
        (_gap(9.654, "percentage points"), "+9.65 percentage points (above the printed figure's band)", "+9.65 pp"),
        (_gap(-2.5, "percent", "USD bn"), "-2.50 % of the printed figure (below the printed figure's band)", "-2.50 %"),
        (_gap(-1, "years", "year"), "-1 year (below the printed figure)", "-1 year"),
        (_gap(2, "years", "year"), "+2 years (above the printed figure)", "+2 years"),
        (_gap(1, "places", "rank"), "+1 place (above the printed figure)", "+1 place"),
        (_gap(-3, "places", "rank"), "-3 places (below the printed figure)", "-3 places"),
        (_gap(1, "count", "count"), "+1 in the count (above the printed figure)", "+1"),
        (
            _gap(1, "index points", "index"),
            "+1.00 index points (above the printed figure's band)",
            "+1.00 index points",
        ),
        (_gap(-5, "percentage points", "percent", ">"), "-5.00 percentage points (below the threshold)", "-5.00 pp"),
        (_gap(4, "percentage points", "percent", "<"), "+4.00 percentage points (above the threshold)", "+4.00 pp"),
        (_gap(-2, "places", "rank", ">"), "-2 places (below the printed figure)", "-2 places"),
    ],
)
def test_a_gap_in_words_and_in_a_table_cell(r, text, short):
    g = record.gap(r)
    assert (g.text, g.short, g.unit) == (text, short, r["gap_unit"])
    assert g.value == r["gap"] and type(g.value) is float and g.magnitude == abs(r["gap"])


def test_no_gap_inside_the_band_or_when_a_bound_holds_and_none_without_a_measure():
    band = "none: the recomputation lies within the printed figure's rounding band"
    assert record.gap(_gap(0, "percent")) == record.Gap(0.0, "percent", band, "0")
    for bound in (">", "<"):
        assert record.gap(_gap(0, "percentage points", comparator=bound)) == record.Gap(
            0.0, "percentage points", "none: the bound holds", "0"
        )
    assert record.gap(_gap(None, "percent")) == record.Gap()
    assert record.gap(_gap(2.0, "")) == record.Gap()
    assert record.gap({"gap": 2.0}) == record.Gap()
    assert record.gap({"gap": 2.0, "gap_unit": None}) == record.Gap()
    assert record.Gap() == record.Gap(None, "", "", "")


def test_an_infinite_gap_in_a_measure_of_its_own_is_written_in_lower_case():
    assert record.gap(_gap(float("inf"), "index points")).short == "+inf index points"


# --- the rows a check read ------------------------------------------------------------------------


def test_a_tables_rows_by_the_key_results_name_them():
    rows = record.table_rows(DATASET)
    assert rows["CHN/2013"] == dataset_row(DATASET, "CHN", "2013")
    assert set(page_rows(PAGES)) == set(record.table_rows(PAGES))
    assert record.table_rows(PAGES)[UNTITLED] == page_rows(PAGES)[UNTITLED]


def test_a_page_row_carries_its_page_producer_status_and_words():
    assert record.page_row(PAGES, TITLED) == expected_page(PAGES, TITLED)
    untitled = record.page_row(PAGES, UNTITLED)
    assert untitled == expected_page(PAGES, UNTITLED) and untitled.title == untitled.producer != ""
    official = record.page_row(*WITH_OFFICIAL)
    assert official == expected_page(*WITH_OFFICIAL) and official.official_url not in ("", official.url)
    assert record.page_row(PAGES, "no-such-row") == record.Source("page", PAGES, ("no-such-row",))


def test_a_dataset_carries_its_producer_title_status_and_addresses():
    assert record.dataset(DATASET, ("CHN/2013", "USA/2013")) == expected_dataset(DATASET, ("CHN/2013", "USA/2013"))
    dated = record.dataset(DATED, ("*",))
    assert dated == expected_dataset(DATED, ("*",)) and dated.date == origin(DATED)["date_published"] != ""
    assert dated.url.startswith("https://github.com/") and dated.where.startswith(origin(DATED)["repository"])
    pages = record.dataset(PAGES, ("*",))  # a compilation: no repository, each row names its page
    assert pages == expected_dataset(PAGES, ("*",)) and pages.url == "" and pages.url_main != ""


def test_each_input_with_its_value_unit_and_source():
    page = expected_page(PAGES, UNTITLED)
    row = page_rows(PAGES)[UNTITLED]
    ds = expected_dataset(DATASET, ("CHN/2013",))
    refs = [
        f"{PAGES}#{UNTITLED}:value",
        f"{PAGES}#{UNTITLED}",
        f"{PAGES}#{UNTITLED}:printed",
        f"{DATASET}#CHN/2013:value_usd",
        f"{DATASET}#CHN/2013",
        f"{DATASET}#*",
        f"{PAGES}#*",
        "paper#text",
        "claims#S21-02:stated",
        "results#S21-03",
        f"{PAGES}#no:such:value",
    ]
    got = record.inputs_of(refs)
    assert [i.ref for i in got] == refs
    assert [(i.kind, i.table, i.key, i.column) for i in got] == [
        ("page", PAGES, UNTITLED, "value"),
        ("page", PAGES, UNTITLED, ""),
        ("page", PAGES, UNTITLED, "printed"),
        ("dataset", DATASET, "CHN/2013", "value_usd"),
        ("dataset", DATASET, "CHN/2013", ""),
        ("dataset", DATASET, "*", ""),
        ("page", PAGES, "*", ""),
        ("paper", "paper", "text", ""),
        ("claim", "claims", "S21-02", "stated"),
        ("claim", "results", "S21-03", ""),
        ("page", PAGES, "no:such", "value"),
    ]
    value_usd = dataset_row(DATASET, "CHN", "2013")["value_usd"]
    assert [(i.value, i.unit) for i in got] == [
        (row["value"], row["unit"]),
        (row["value"], row["unit"]),
        (row["printed"], ""),  # the page table's descriptor gives no unit to the printed token
        (value_usd, "USD (current, units)"),
        ("", ""),
        ("", ""),
        ("", ""),
        ("", ""),
        ("", ""),
        ("", ""),
        ("", ""),
    ]
    first = got[0]
    assert (first.producer, first.title, first.url, first.date, first.status, first.words) == (
        page.producer, page.title, page.url, page.date, page.status, page.words,
    )  # fmt: skip
    assert (first.official_url, first.official_title, first.where) == (page.official_url, page.official_title, "")
    dataset = got[3]
    assert (dataset.producer, dataset.title, dataset.url, dataset.date, dataset.status, dataset.where) == (
        ds.producer, ds.title, ds.url, ds.date, ds.status, ds.where,
    )  # fmt: skip
    assert dataset.url != "" and (dataset.words, dataset.official_url, dataset.official_title) == ("", "", "")
    whole_pages = got[6]  # no repository: the producer's page is the address
    assert whole_pages.url == origin(PAGES)["url_main"] != "" and whole_pages.status == "compilation"
    assert got[7] == record.Input("paper#text", "paper", "paper", "text", "", "")


def test_an_input_read_on_a_reprint_names_the_producers_own_page_and_a_whole_table_has_no_unit():
    table, key = WITH_OFFICIAL
    refs = [f"{table}#{key}:value", f"{DATASET}#*:value_usd", "claims#S21-02#x:stated"]
    official, whole, odd = record.inputs_of(refs)
    page = expected_page(table, key)
    assert (official.official_url, official.official_title) == (page.official_url, page.official_title)
    assert official.official_url not in ("", official.url) and official.official_title != ""
    assert (whole.kind, whole.key, whole.column, whole.value, whole.unit) == ("dataset", "*", "value_usd", "", "")
    assert (odd.kind, odd.table, odd.key, odd.column) == ("claim", "claims", "S21-02#x", "stated")
    assert record.sources_of(["claims#S21-02#x:stated"]) == (record.Source("claim", "claims", ("S21-02#x",)),)


def test_a_tidy_rows_own_unit_wins_over_its_tables_columns():
    rows = record.table_rows(PAGES)
    unitless = {k: v for k, v in rows[UNTITLED].items() if k != "unit"}
    pages, data = record.table_descriptor(PAGES), record.table_descriptor(DATASET)
    assert record._unit(pages, "value", rows[UNTITLED]) == rows[UNTITLED]["unit"] != ""
    assert record._unit(pages, "value", unitless) == ""
    assert record._unit(data, "value_usd", {"unit": "ignored"}) == "USD (current, units)"
    assert record._unit(data, "geo", {}) == ""
    assert record._unit({"units": {"fields": {"v": "USD"}}}, "v", {}) == "USD"
    assert record._unit({"units": {"fields": {"v": {"unit": "USD"}}}}, "v", {}) == ""  # not a unit's name
    assert record._unit({"units": {"fields": None}}, "v", {}) == record._unit({"units": None}, "v", {}) == ""
    assert record._unit({}, "value", {"unit": ""}) == ""


def test_a_page_rows_title_and_the_producers_own_page_from_its_columns():
    assert record.page_source("t", "k", {}) == record.Source("page", "t", ("k",))
    assert record.page_source("t", "k", {"url": "u", "publisher": "", "page_title": ""}).title == "u"
    assert record.page_source("t", "k", {"url": "u", "publisher": "P"}).title == "P"
    no_official = record.page_source("t", "k", {"url": "u"})
    assert (no_official.title, no_official.official_url, no_official.official_title) == ("u", "", "")
    same = record.page_source("t", "k", {"url": "u", "official_url": "u", "official_title": "T"})
    assert (same.url, same.official_url, same.official_title) == ("u", "", "T")  # the same address, once
    other = record.page_source("t", "k", {"url": "u", "official_url": "o"})
    assert (other.url, other.official_url) == ("u", "o")


def test_a_datasets_particulars_from_its_descriptor():
    assert record.dataset_source("t", ("*",), {}) == record.Source("dataset", "t", ("*",))
    assert record.dataset_source("t", (), {"origin": None}) == record.Source("dataset", "t", ())
    named = record.dataset_source("t", ("k",), {"title": "D", "origin": {"producer": "P", "status": "copy"}})
    assert (named.title, named.producer, named.status, named.url, named.where) == ("D", "P", "copy", "", "")
    own = record.dataset_source("t", ("k",), {"title": "D", "origin": {"title": "O", "url_main": None}})
    assert (own.title, own.url_main, own.where) == ("O", "", "")


def test_a_card_lists_each_page_row_a_dataset_once_the_paper_once_and_the_claims_as_one_list():
    refs = [
        f"{DATASET}#CHN/2014:value_usd",
        f"{DATASET}#CHN/2013:value_usd",
        f"{DATASET}#CHN/2013:value_usd",
        f"{PAGES}#{UNTITLED}:value",
        f"{PAGES}#{TITLED}",
        f"{PAGES}#*",
        "paper#text",
        "paper#references",
        "claims#S21-03:stated",
        "claims#S21-01:stated",
        "claims#S21-02:x:stated",
        "claims#S21-04",
    ]
    assert record.sources_of(refs) == (
        record.Source("claim", "claims", ("S21-01", "S21-02:x", "S21-03", "S21-04")),
        expected_page(PAGES, TITLED),
        expected_page(PAGES, UNTITLED),
        expected_dataset(PAGES, ("*",)),  # a whole page table read as a frame, after its rows
        record.Source("paper", "paper", ("references", "text")),
        expected_dataset(DATASET, ("CHN/2013", "CHN/2014")),
    )
    assert record.sources_of([f"{PAGES}#*"]) == (expected_dataset(PAGES, ("*",)),)
    assert record.sources_of([]) == ()


# --- the finding ----------------------------------------------------------------------------------


def _r(verdict: str = "reproduced", shown: str = "8.36", **over: Any) -> dict[str, Any]:
    return {"verdict": verdict, "shown": shown, "gap": None, "gap_unit": "", **over}


def test_the_finding_says_what_the_data_give_in_the_claims_unit():
    c = claim("A", "nb")
    assert record.finding(c, _r(), record.Gap()) == "The paper prints 8.4 percent; the data give 8.36 percent."
    said = record.finding(c, _r(shown="8.36 percent of GDP"), record.Gap())
    assert said == "The paper prints 8.4 percent; the data give 8.36 percent of GDP."
    unitless = record.finding(replace(c, unit=""), _r(shown="[8.3, 8.4]"), record.Gap())
    assert unitless == "The paper prints 8.4; the data give [8.3, 8.4]."
    inside = record.Gap(0.0, "percentage points", "none", "0")
    assert record.finding(c, _r(), inside) == "The paper prints 8.4 percent; the data give 8.36 percent."
    off = record.Gap(-1.0, "years", "-1 year (below)", "-1 year")
    assert record.finding(c, _r("contradicted"), off).endswith("the data give 8.36 percent (off by -1 year).")


def test_the_finding_of_a_statement_and_of_a_claim_without_data():
    c = replace(claim("A", "nb"), comparator="fact", stated="", unit="")
    assert record.finding(c, _r(shown="a list"), record.Gap()) == "The statement holds; the sources show a list."
    assert record.finding(c, _r("contradicted", shown="none"), record.Gap()) == (
        "The statement does not hold as printed; the sources show none."
    )
    figure = claim("A", "nb", stated="")  # a figure left empty: judged as a statement
    assert record.finding(figure, _r(shown="x"), record.Gap()) == "The statement holds; the sources show x."
    assert record.finding(replace(c, reason=""), _r("unverifiable"), record.Gap()) == "No public data was found"
    assert record.finding(replace(c, reason=""), _r("judgement"), record.Gap()) == "No public data was found"


def test_a_fact_with_a_figure_in_its_row_is_judged_as_a_statement():
    fact = claim("A", "nb", stated="3", comparator="fact")
    assert record.finding(fact, _r(shown="three"), record.Gap()) == "The statement holds; the sources show three."


def test_the_finding_names_the_reading_a_verdict_depends_on():
    readings = [
        {"reading": "ratio", "text": "a ratio", "verdict": "contradicted"},
        {"reading": "more", "text": "more than", "verdict": "reproduced"},
        {"reading": "also", "text": "also more", "verdict": "reproduced"},
    ]
    line = record.finding(claim("A", "nb"), _r(readings=readings), record.Gap())
    assert (
        line
        == "On the reading most favourable to the paper (more than), the paper prints 8.4 percent; the data give 8.36 percent."
    )
    same = [dict(x, verdict="reproduced") for x in readings]
    assert record.finding(claim("A", "nb"), _r(readings=same), record.Gap()).startswith("The paper prints")
    fact = replace(claim("A", "nb"), comparator="fact", stated="")
    assert record.finding(fact, _r(readings=readings, shown="s"), record.Gap()) == (
        "On the reading most favourable to the paper (more than), the statement holds; the sources show s."
    )


def test_a_sentence_starts_with_a_capital():
    assert record._sentence("") == ""
    assert record._sentence("ab cd") == "Ab cd"


# --- what a record says of itself -----------------------------------------------------------------


def _record(**over: Any) -> record.ClaimRecord:
    c = claim("A", "nb")
    base = dict(
        id="A", claim=c, result={}, sentence="", stated="", recomputed="", verdict="reproduced", grade="dataset",
        grade_meaning="", gap=record.Gap(), finding="", inputs=(), sources=(), anchor="", locator="", page="", url="",
    )  # fmt: skip
    return record.ClaimRecord(**(base | over))


def test_a_record_says_whether_its_verdict_depends_on_the_reading_and_on_revised_data():
    assert not _record().depends_on_reading
    assert not _record(readings=[{"verdict": "reproduced"}, {"verdict": "reproduced"}]).depends_on_reading
    assert _record(readings=[{"verdict": "reproduced"}, {"verdict": "contradicted"}]).depends_on_reading
    assert _record(result={"revised_data": True}).revised_data is True
    assert _record(result={"revised_data": False}).revised_data is False and _record().revised_data is False
    assert (_record().revision_neighbour, _record().revision_users, _record().rebuilt, _record().context) == (
        "", (), (), (),
    )  # fmt: skip
    assert (_record().history, _record().history_from, _record().revision_neighbour_verdict) == ((), ("", ""), "")


def test_a_records_source_labels_each_once_in_the_labels_order():
    sources = tuple(
        record.Source("page", "p", (k,), status=s) for k, s in enumerate("copy press copy official".split())
    )
    assert _record(sources=sources).source_labels == ("official", "press", "copy")
    assert _record(sources=(record.Source("dataset", "t", ("*",), status="compilation"),)).source_labels == ()
    copy = record.Source("dataset", "t", ("k",), status="copy")
    assert record.grade_label("dataset", (record.Source("page", "p", ("k",), status="copy"),)) == "dataset"
    assert _record(grade="derived", sources=(copy,)).grade_label == "derived"


def test_tallies_count_every_verdict_and_grade_and_refuse_an_unknown_one():
    recs = {"A": _record(), "B": _record(verdict="contradicted", grade="quoted"), "C": _record()}
    t = record.tallies(recs)
    assert t.counts["reproduced"] == 2 and t.counts["contradicted"] == 1 and t.total == 3
    assert t.by_grade["reproduced"]["dataset"] == 2 and t.by_grade["contradicted"]["quoted"] == 1
    assert sum(sum(g.values()) for g in t.by_grade.values()) == 3
    with pytest.raises(KeyError):
        record.tallies({"X": _record(verdict="plausible")})
    with pytest.raises(KeyError):
        record.tallies({"X": _record(grade="hearsay")})


# --- a claim's whole record, from a project's recorded results ------------------------------------


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project of its own whose ledger is the checkout's (as ``DTBOOK_LEDGER`` names one), with a
    results folder and a second reading of its own, and the book's address from the environment."""
    p = Project(tmp_path, ledger_file=LEDGER)
    p.results.mkdir(parents=True)
    p.data.mkdir()
    monkeypatch.setenv(settings.BASE_ENV, "https://book.example/")
    return p


def write_results(p: Project, name: str, *results: dict[str, Any]) -> None:
    (p.results / f"{name}.json").write_text(json.dumps({"notebook": name, "results": list(results)}), encoding="utf-8")


def write_second(p: Project, *rows: tuple[str, ...]) -> None:
    lines = [",".join(SECOND_COLUMNS), *(",".join(r) for r in rows)]
    p.second_reading.write_text("\n".join(lines) + "\n", encoding="utf-8")


READINGS = [
    {"reading": "ratio", "text": "a ratio", "verdict": "contradicted"},
    {"reading": "more", "text": "more than", "verdict": "inconsistent"},
]


def test_a_claims_record_joins_its_ledger_row_result_sources_readings_and_neighbours(project, monkeypatch):
    a, b, c, d = list(record.claims(project))[:4]
    refs = [f"{DATASET}#CHN/2013:value_usd", f"{PAGES}#{UNTITLED}:value"]
    first = {
        "id": a, "verdict": "inconsistent", "shown": "8.36", "grade": "dataset", "gap": 2.5, "gap_unit": "percent",
        "unit": "USD bn", "comparator": "=", "refs": refs, "rebuilt": f"{PAGES}#{TITLED}:value",
        "context": [f"{PAGES}#{TITLED}"], "readings": READINGS, "revision_neighbour": b, "revised_data": True,
    }  # fmt: skip
    write_results(project, "n1", first, {"id": b, "verdict": "contradicted", "shown": "1", "grade": "quoted"})
    write_results(
        project, "n2",
        {"id": d, "verdict": "reproduced", "shown": "2", "grade": "none", "revision_neighbour": a},
        {"id": c, "verdict": "reproduced", "shown": "3", "grade": "unrated", "revision_neighbour": a},
    )  # fmt: skip
    write_second(project, (a, "contradicted", "inconsistent", "r", "s", "settled"))
    before = changelog.Release("v9.0.0", "2026-01-01", "abc")
    mine = changelog.Change("v9.1.0", "2026-02-01", a, "verdict", "reproduced", "inconsistent", "why")
    other = changelog.Change("v9.1.0", "2026-02-01", c, "grade", "dataset", "quoted", "why")
    monkeypatch.setattr(changelog, "log", lambda date="": ((before, (mine, other)),))
    rec = record.build(a, project)
    ledger_row = record.claims(project)[a]
    assert (rec.id, rec.claim, rec.result) == (a, ledger_row, first)
    assert (rec.sentence, rec.stated) == (record.display_quote(ledger_row.quote), record.stated_text(ledger_row))
    assert (rec.recomputed, rec.verdict, rec.grade) == ("8.36", "inconsistent", "dataset")
    assert rec.grade_meaning == "recomputed from a producer's statistical table"
    assert rec.gap == record.gap(first) and rec.gap.short == "+2.50 %"
    assert rec.finding == record.finding(ledger_row, first, rec.gap) != ""
    assert (rec.inputs, rec.sources) == (record.inputs_of(refs), record.sources_of(refs))
    assert (rec.anchor, rec.locator, rec.page) == (
        record.anchor(a), record.locator(ledger_row), record.page(a),
    )  # fmt: skip
    assert rec.url == f"https://book.example/claims/{a}.html"
    assert (rec.revision_neighbour, rec.revision_neighbour_verdict, rec.revision_users) == (b, "contradicted", (c, d))
    assert rec.readings == READINGS and rec.depends_on_reading and rec.revised_data
    assert rec.second_reading == {
        "id": a, "book_verdict": "contradicted", "verdict": "inconsistent", "readings": "r", "sentence": "s",
        "resolution": "settled",
    }  # fmt: skip
    assert rec.rebuilt == (expected_page(PAGES, TITLED),) and rec.context == (expected_page(PAGES, TITLED),)
    assert rec.history == (mine,)
    release = changelog.first_release()
    assert release is not None and rec.history_from == (release.version, release.date)

    plain = record.build(b, project)  # no refs, readings, second reading, neighbours or history
    assert (plain.inputs, plain.sources, plain.rebuilt, plain.context) == ((), (), (), ())
    assert (plain.readings, plain.second_reading, plain.history) == ([], {}, ())
    assert (plain.revision_neighbour, plain.revision_neighbour_verdict, plain.revision_users) == ("", "", (a,))
    assert (
        plain.grade_meaning
        == "the figure, date or text found printed in a source (a rebuilt total: the producer prints it)"
    )
    assert record.build(d, project).revision_users == ()
    assert record.build(c, project).grade_meaning == ""  # a grade with no meaning written: none shown


def test_a_record_without_the_books_address_has_no_url(project, monkeypatch):
    a = next(iter(record.claims(project)))
    write_results(project, "n", {"id": a, "verdict": "reproduced", "shown": "1", "grade": "none", "refs": []})
    write_second(project)
    monkeypatch.delenv(settings.BASE_ENV)
    monkeypatch.setattr(settings, "config", lambda: {})
    assert record.build(a, project).url == ""


def test_a_claim_whose_chapter_has_not_run_has_no_record(project):
    a = next(iter(record.claims(project)))
    write_results(project, "n", {"id": "other"})
    with pytest.raises(
        KeyError, match=f"^'{a}: no recorded result \\(run the build so its chapter executes first\\)'$"
    ):
        record.result(a, project)
    assert record.result("other", project) == {"id": "other"}


def test_every_claim_has_its_record_in_the_ledgers_order(project):
    ids = list(record.claims(project))
    write_results(
        project, "all", *({"id": cid, "verdict": "reproduced", "shown": "1", "grade": "none"} for cid in reversed(ids))
    )
    write_second(project)
    records = record.claim_records(project)
    assert list(records) == ids
    assert records[ids[-1]] == record.build(ids[-1], project)
    assert record.tallies(records).total == len(ids)
    assert record.tallies(project=project) == record.tallies(records)


def test_a_history_starts_from_the_first_release_or_from_nothing():
    assert record._history_from(None) == ("", "")
    assert record._history_from(changelog.Release("v1.0.0", "2026-01-02")) == ("v1.0.0", "2026-01-02")
