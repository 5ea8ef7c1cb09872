"""Every view of every claim checked against the record it is made from: the ledger
(``data/claims.csv``) plus the build's recorded results (``_build/results``), and the line the
claim's notebook printed.

The views: the chapter's compact card, the claim page's full card, the summary's table and each
chapter's table (every cell), the CSV and JSON downloads (every field), and the executed notebook
the book was rendered from (the one line each check prints). The expected strings are derived here
from the ledger and the results files, read directly; nothing of the view code under test
(:mod:`dtbook.site.record`, :mod:`dtbook.site.cards`, :mod:`dtbook.site.tables_html`) produces an
expectation, so a view that shows another field (a summary whose "recomputed" column shows the
paper's own figures) fails here. Only definitions are taken from the package: how a quote is shown
(``display_quote``), the units counted exactly, the book's base address.
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from conftest import ROOT, CleanBook
from dtbook.data import ledger
from dtbook.data.ledger import Claim
from dtbook.site.record import display_quote


@pytest.fixture(scope="module")
def html(book_html: Path) -> Path:
    return book_html


@pytest.fixture(scope="module")
def claims() -> dict[str, Claim]:
    return ledger.load()


@pytest.fixture(scope="module")
def results(clean_book: CleanBook) -> dict[str, dict[str, Any]]:
    """The recorded results, read from the files the build accepted (not through the package)."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(clean_book.results.glob("*.json")):
        for r in json.loads(path.read_text(encoding="utf-8"))["results"]:
            assert r["id"] not in out, f"{r['id']} recorded twice"
            out[r["id"]] = r
    return out


@pytest.fixture(scope="module")
def read_twice() -> dict[str, str]:
    """The second reading's verdict by claim, read from its CSV."""
    with (ROOT / "data" / "second_reading.csv").open(encoding="utf-8", newline="") as fh:
        return {row["id"]: row["verdict"] for row in csv.DictReader(fh)}


@cache
def soup(path: Path) -> BeautifulSoup:
    """A built page, parsed once per test session (the views only read it)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def words(el: Tag | str | None) -> str:
    """Text with its whitespace collapsed, as a reader sees it."""
    if el is None:
        return ""
    text = el if isinstance(el, str) else el.get_text(" ")
    return " ".join(text.split())


# ---- the expectation, from the ledger and the results ------------------------------------------

COMPARATOR_WORDS = {"=": "", "~": "about ", ">": "more than ", "<": "less than "}


def expected_stated(c: Claim) -> str:
    """The stated figure as a view words it: comparator, figure, unit; a statement has none."""
    if c.comparator == "fact" or not c.stated:
        return "a statement (no figure to compare)"
    return f"{COMPARATOR_WORDS[c.comparator]}{c.stated} {c.unit}".strip()


#: the gap's measure (GAP_RULE in dtbook.chapter.audit) as the views write it: words, cell, digits
GAP_SHOWN = {
    "percentage points": ("percentage points", "pp", 2),
    "percent": ("% of the printed figure", "%", 2),
    "years": ("years", "years", 0),
    "places": ("places", "places", 0),
    "count": ("in the count", "", 0),
}


def expected_gap(c: Claim, r: dict[str, Any]) -> tuple[str, str]:
    """(the start of the gap in words, the gap in a table cell) from the recorded gap and its measure;
    ("none", "0") inside the band or when a bound holds, ("", "") for a claim with no gap."""
    value, measure = r.get("gap"), r.get("gap_unit")
    if value is None or not measure:
        return "", ""
    if value == 0:
        return "none", "0"
    in_words, cell, digits = GAP_SHOWN[measure]
    number = f"{value:+.{digits}f}"
    if abs(value) == 1 and cell in ("years", "places"):
        in_words = cell = cell[:-1]
    return f"{number} {in_words} ({'above' if value > 0 else 'below'}", f"{number} {cell}".strip()


@cache
def table_status(table: str) -> str:
    """A raw table's origin status (its descriptor), read directly."""
    path = ROOT / "data" / "raw" / f"{table}.resource.yaml"
    return str(yaml.safe_load(path.read_text(encoding="utf-8"))["origin"].get("status", "")) if path.is_file() else ""


def expected_grade_badge(r: dict[str, Any]) -> str:
    """The grade, and for a dataset grade resting on a table held as a copy, ``dataset (copy)``."""
    tables = {ref.split("#", 1)[0] for ref in r.get("refs") or []}
    if r["grade"] == "dataset" and any(table_status(t) == "copy" for t in tables):
        return "dataset (copy)"
    return r["grade"]


@cache
def page_urls(table: str) -> dict[str, str]:
    """A page table's rows' page addresses by row id, read directly from its CSV."""
    path = ROOT / "data" / "raw" / f"{table}.csv"
    if not table.startswith("pages_") or not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["row_id"]: row.get("url", "") for row in csv.DictReader(fh)}


def expected_flags(r: dict[str, Any], cid: str, read_twice: dict[str, str]) -> list[str]:
    flags = []
    if r.get("revised_data"):
        flags.append("revised data")
    if len({x["verdict"] for x in r.get("readings") or []}) > 1:
        flags.append("depends on reading")
    if cid in read_twice:
        flags.append("read twice")
    return flags


def facts(card: Tag) -> dict[str, Tag]:
    """A card's ``dl.claim-facts`` as {term: definition}."""
    dl = card.select_one("dl.claim-facts")
    assert dl is not None
    return {words(dt): dt.find_next_sibling("dd") for dt in dl.find_all("dt")}


def check_card(card: Tag, c: Claim, r: dict[str, Any], read_twice: dict[str, str], compact: bool) -> list[str]:
    """Every figure, word and badge of one card against the ledger row and the recorded result."""
    cid, problems = c.id, []

    def differ(what: str, shown: object, expected: object) -> None:
        if shown != expected:
            problems.append(
                f"{cid} ({'compact' if compact else 'full'} card) {what}: shows {shown!r}, expected {expected!r}"
            )

    differ("ledger and result verdicts", r["verdict"], c.verdict)
    differ("data-verdict", card.get("data-verdict"), c.verdict)
    differ("data-evidence", card.get("data-evidence"), r["grade"])
    badges = card.select_one(".claim-badges")
    # the verdict is said once: by the compact card's badge; on the claim page, by the lead line's
    differ("verdict badge", [words(b) for b in badges.select(".verdict-badge")], [c.verdict] if compact else [])
    differ("grade badge", [words(b) for b in badges.select(".grade-badge")], [expected_grade_badge(r)])
    differ("flags", [words(b) for b in badges.select(".flag-badge")], expected_flags(r, cid, read_twice))
    differ("sentence", words(card.select_one("blockquote.claim-quote")), words(display_quote(c.quote)))
    f = facts(card)
    differ("stated", words(f.get("Stated")), expected_stated(c))
    differ("recomputed", words(f.get("Recomputed")), words(str(r["shown"])))
    gap_text, _ = expected_gap(c, r)
    shown_gap = words(f.get("Gap"))
    if gap_text == "none":
        differ("gap", shown_gap.split(":")[0], "none")
    else:
        differ("gap", shown_gap[: len(gap_text)], gap_text)
    if r.get("readings"):
        items = [words(li) for li in f["Readings"].select("li")] if "Readings" in f else []
        differ("number of readings", len(items), len(r["readings"]))
        for item, x in zip(items, r["readings"], strict=False):
            if not (item.startswith(words(x["text"])) and item.endswith(f"{words(str(x['shown']))} → {x['verdict']}")):
                problems.append(f"{cid}: reading {item!r} is not {x['text']!r} giving {x['shown']!r}, {x['verdict']}")
    else:
        differ("readings", "Readings" in f, False)
    if compact:
        finding = words(card.select_one("p.claim-finding"))
        check_finding(finding, c, r, problems)
        more = card.select_one(".claim-more a")
        differ("link to its page", more.get("href") if more else None, f"../claims/{cid}.html")
    else:
        differ("evidence", words(f.get("Evidence")).split(" ")[0], r["grade"])
        if c.reason:
            reason = f"{c.reason_tag}: {c.reason}" if c.reason_tag else c.reason
            differ("reason", words(f["Reason"].get_text() if "Reason" in f else ""), words(reason))
        else:
            differ("reason", "Reason" in f, False)
        if r.get("note"):
            differ("note", words(f.get("Note")), words(r["note"]))
    return problems


def check_finding(finding: str, c: Claim, r: dict[str, Any], problems: list[str]) -> None:
    """The one-line finding names what the record says: the reason of a claim not checked, else
    the recomputed value (and the stated figure of a checked number); it does not open with the
    verdict, which its badge or column says once."""
    if re.match(rf"{r['verdict']}\b", finding, re.I):
        problems.append(f"{c.id}: finding {finding!r} says the verdict again")
    if r["verdict"] in ("unverifiable", "judgement"):
        if c.reason and words(c.reason).lower() not in finding.lower():
            problems.append(f"{c.id}: finding {finding!r} lacks the ledger's reason")
        return
    if words(str(r["shown"])) not in finding:
        problems.append(f"{c.id}: finding {finding!r} lacks the recomputed {r['shown']!r}")
    if c.comparator != "fact" and c.stated and f"prints {expected_stated(c)}" not in finding:
        problems.append(f"{c.id}: finding {finding!r} lacks the stated {expected_stated(c)!r}")


# ---- the cards ----------------------------------------------------------------------------------


def test_every_chapter_card_shows_the_ledger_and_the_recorded_result(html, claims, results, read_twice):
    problems, seen = [], set()
    for notebook in sorted({c.notebook for c in claims.values()}):
        doc = soup(html / "chapters" / f"{notebook}.html")
        for card in doc.select("div.claim-card[data-claim]"):
            cid = card["data-claim"]
            seen.add(cid)
            problems += check_card(card, claims[cid], results[cid], read_twice, compact=True)
    assert seen == set(claims)
    assert not problems, "\n".join(problems[:30])


def test_every_claim_page_card_shows_the_ledger_and_the_recorded_result(html, claims, results, read_twice):
    problems = []
    for cid, c in claims.items():
        doc = soup(html / "claims" / f"{cid}.html")
        cards = doc.select("div.claim-card[data-claim]")
        assert [card["data-claim"] for card in cards] == [cid]
        problems += check_card(cards[0], c, results[cid], read_twice, compact=False)
        lead_line = doc.select_one("p.claim-finding-lead")
        if [words(b) for b in lead_line.select(".verdict-badge")] != [c.verdict]:
            problems.append(f"{cid}: the claim page's lead line does not carry the {c.verdict} badge")
        for badge in lead_line.select(".dt-badge"):
            badge.extract()
        check_finding(words(lead_line), c, results[cid], problems)
        review = next(
            json.loads(s.string)
            for s in doc.find_all("script", type="application/ld+json")
            if json.loads(s.string).get("@type") == "ClaimReview"
        )
        if review["reviewRating"]["alternateName"] != c.verdict:
            problems.append(
                f"{cid}: ClaimReview rates {review['reviewRating']['alternateName']}, the ledger {c.verdict}"
            )
        for ref in results[cid].get("refs") or []:
            cell = doc.find("code", string=ref)
            if cell is None:
                problems.append(f"{cid}: input {ref} not in its inputs table")
    assert not problems, "\n".join(problems[:30])


# ---- the tables ---------------------------------------------------------------------------------


def check_table(table: Tag, ids: list[str], claims, results, read_twice, where: str) -> list[str]:
    """Every cell and row attribute of a claims table against the ledger and the results."""
    rows = table.select("tbody tr")
    problems: list[str] = []
    shown_ids = [words(tr.select_one("td[data-label=id]")) for tr in rows]
    if shown_ids != ids:
        return [f"{where}: rows {shown_ids}, expected the ledger's {ids}"]
    for tr, cid in zip(rows, ids, strict=True):
        c, r = claims[cid], results[cid]
        cell = {td["data-label"]: td for td in tr.find_all("td")}
        flags = [f for f in expected_flags(r, cid, read_twice) if f != "read twice"]
        expected = {
            "id": cid,
            "section": c.section,
            "the paper says": words(display_quote(c.quote)),
            "stated": expected_stated(c),
            "recomputed": words(str(r["shown"])),
            "gap": expected_gap(c, r)[1],
            "verdict": " ".join([c.verdict, *flags]),
            "evidence": expected_grade_badge(r),
        }
        shown = {label: words(td) for label, td in cell.items()}
        problems += [
            f"{where} {cid} {label}: shows {shown.get(label)!r}, expected {value!r}"
            for label, value in expected.items()
            if shown.get(label) != value
        ]
        if set(shown) != set(expected):
            problems.append(f"{where} {cid}: columns {sorted(shown)}")
        link = cell["id"].select_one("a")
        if link is None or link.get("href") != f"../claims/{cid}.html":
            problems.append(f"{where} {cid}: the id does not link its page")
        if [words(b) for b in cell["verdict"].select(".verdict-badge")] != [c.verdict]:
            problems.append(f"{where} {cid}: the verdict badge is not {c.verdict}")
        reading = ("depends on reading " if "depends on reading" in flags else "") + (
            "read twice" if cid in read_twice else ""
        )
        attrs = {
            "data-verdict": c.verdict,
            "data-evidence": r["grade"],
            "data-section": ".".join(c.section.split(".")[:2]),
            "data-reading": reading,
        }
        problems += [f"{where} {cid} {a}: {tr.get(a)!r}, expected {v!r}" for a, v in attrs.items() if tr.get(a) != v]
    return problems


def test_every_cell_of_the_summary_table_shows_the_ledger_and_the_recorded_result(html, claims, results, read_twice):
    tables = soup(html / "chapters" / "summary.html").select("table.claims-table")
    assert len(tables) == 1
    problems = check_table(tables[0], list(claims), claims, results, read_twice, "summary")
    assert not problems, "\n".join(problems[:30])


def test_every_cell_of_each_chapter_table_shows_the_ledger_and_the_recorded_result(html, claims, results, read_twice):
    problems = []
    for notebook in sorted({c.notebook for c in claims.values()}):
        (table,) = soup(html / "chapters" / f"{notebook}.html").select("table.claims-table")
        ids = [cid for cid, c in claims.items() if c.notebook == notebook]
        problems += check_table(table, ids, claims, results, read_twice, notebook)
    assert not problems, "\n".join(problems[:30])


# ---- the downloads ------------------------------------------------------------------------------

LEDGER_FIELDS = ("id", "section", "notebook", "kind", "subject", "quote", "stated", "comparator", "unit")
LEDGER_FIELDS += ("reason_tag", "reason")


def expected_row(c: Claim, r: dict[str, Any], read_twice: dict[str, str], base: str) -> dict[str, Any]:
    """One download row as typed values, from the ledger row and the recorded result."""
    row: dict[str, Any] = {k: getattr(c, k) for k in LEDGER_FIELDS}
    row |= {
        "recomputed": r["shown"],
        "lo": r.get("lo"),
        "hi": r.get("hi"),
        "gap": r.get("gap"),
        "gap_unit": r.get("gap_unit"),
        "verdict": c.verdict,
        "evidence": r["grade"],
        "revised_data": bool(r.get("revised_data")),
        "depends_on_reading": len({x["verdict"] for x in r.get("readings") or []}) > 1,
        "second_verdict": read_twice.get(c.id, ""),
        "sources": "; ".join(r.get("refs") or []),
        "url": f"{base}claims/{c.id}.html",
    }
    return row


def same(shown: Any, expected: Any) -> bool:
    """Equal, and a boolean only where a boolean is expected (JSON keeps the types)."""
    return shown == expected and isinstance(shown, bool) == isinstance(expected, bool)


def as_csv(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def test_every_field_of_the_csv_and_json_downloads_is_the_ledger_and_the_recorded_result(
    html, claims, results, read_twice
):
    from dtbook.site import settings

    base = settings.base_url()
    folder = html / "_static" / "data"
    with (folder / "claims_results.csv").open(encoding="utf-8-sig", newline="") as fh:  # its BOM is for Excel
        csv_rows = list(csv.DictReader(fh))
    json_rows = json.loads((folder / "claims_results.json").read_text(encoding="utf-8"))
    described = [
        f["name"] for f in json.loads((folder / "claims_results.resource.json").read_text())["schema"]["fields"]
    ]
    assert [r["id"] for r in csv_rows] == [r["id"] for r in json_rows] == list(claims)
    problems = []
    for crow, jrow in zip(csv_rows, json_rows, strict=True):
        cid = crow["id"]
        expected = expected_row(claims[cid], results[cid], read_twice, base)
        fields = [*expected, "finding", "source_urls"]
        if list(crow) != described or list(jrow) != described or set(described) != set(fields):
            problems.append(f"{cid}: fields {list(crow)} / {list(jrow)}, described {described}, expected {fields}")
            continue
        for key, value in expected.items():
            if crow[key] != as_csv(value):
                problems.append(f"CSV {cid} {key}: {crow[key]!r}, expected {as_csv(value)!r}")
            if not same(jrow[key], value):
                problems.append(f"JSON {cid} {key}: {jrow[key]!r}, expected {value!r}")
        if crow["finding"] != jrow["finding"]:
            problems.append(f"{cid}: the CSV's finding differs from the JSON's")
        urls = crow["source_urls"].split()
        if crow["source_urls"] != jrow["source_urls"] or not all(u.startswith(("http://", "https://")) for u in urls):
            problems.append(f"{cid}: source_urls {crow['source_urls']!r} / {jrow['source_urls']!r}")
        for ref in results[cid].get("refs") or []:
            table, _, rest = ref.partition("#")
            page = page_urls(table).get(rest.rsplit(":", 1)[0], "")
            if page.startswith("http") and page not in urls:
                problems.append(f"{cid}: source_urls lacks the page of {ref} ({page})")
        check_finding(jrow["finding"], claims[cid], results[cid], problems)
    assert not problems, "\n".join(problems[:30])


def test_the_finding_is_one_line_in_every_view(html, claims):
    """The finding of the downloads is the one the chapter's card and the claim's page show."""
    json_rows = {r["id"]: r for r in json.loads((html / "_static" / "data" / "claims_results.json").read_text())}
    problems = []
    for notebook in sorted({c.notebook for c in claims.values()}):
        for card in soup(html / "chapters" / f"{notebook}.html").select("div.claim-card[data-claim]"):
            cid = card["data-claim"]
            if words(card.select_one("p.claim-finding")) != words(json_rows[cid]["finding"]):
                problems.append(f"{cid}: the card's finding is not the download's")
    for cid in claims:
        lead = soup(html / "claims" / f"{cid}.html").select_one("p.claim-finding-lead")
        if words(lead) != words(json_rows[cid]["finding"]):
            problems.append(f"{cid}: the claim page's finding is not the download's")
    assert not problems, "\n".join(problems[:30])


# ---- the notebook's printed line ----------------------------------------------------------------

LINE = re.compile(
    r"^(?P<id>S[0-9]+-[0-9]+) \| stated (?P<stated>.*?) \| recomputed (?P<shown>.*) \| "
    r"verdict (?P<verdict>[a-z]+)(?P<flags>(?: \([^)]*\))*) \| evidence (?P<grade>[a-z]+) \| (?P<mark>.*)$"
)


def printed_lines(notebook: Path) -> dict[str, list[str]]:
    """Every line a check printed in an executed notebook's stored outputs, by claim id."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {}
    for cell in nb["cells"]:
        for o in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
            if o["output_type"] != "stream" or o["name"] != "stdout":
                continue
            for line in "".join(o["text"]).splitlines():
                m = LINE.match(line)
                if m:
                    out.setdefault(m["id"], []).append(line)
    return out


def test_every_card_shows_the_value_its_notebook_printed(html, claims, results):
    """The executed notebooks the book was rendered from (published beside the pages, in
    ``_sources``) print one line per check; its recomputed value, verdict and grade are the card's."""
    problems = []
    for notebook in sorted({c.notebook for c in claims.values()}):
        executed = html / "_sources" / "chapters" / f"{notebook}.ipynb"
        lines = printed_lines(executed)
        cards = {
            card["data-claim"]: card for card in soup(html / "chapters" / f"{notebook}.html").select("[data-claim]")
        }
        for cid, c in claims.items():
            if c.notebook != notebook:
                continue
            if len(lines.get(cid, [])) != 1:
                problems.append(f"{cid}: {len(lines.get(cid, []))} printed lines in {notebook}")
                continue
            m = LINE.match(lines[cid][0])
            assert m is not None
            card = cards[cid]
            stated = "fact" if c.comparator == "fact" else f"{c.comparator} {c.stated}".strip()
            checks = {
                "stated": (words(m["stated"]), words(f"{stated} {c.unit}")),
                "recomputed on the card": (words(facts(card).get("Recomputed")), words(m["shown"])),
                "recorded": (words(str(results[cid]["shown"])), words(m["shown"])),
                "verdict on the card": (card["data-verdict"], m["verdict"]),
                "ledger verdict": (c.verdict, m["verdict"]),
                "grade on the card": (card["data-evidence"], m["grade"]),
                "mark": (m["mark"], "as audited"),
            }
            problems += [f"{cid} {what}: {a!r} vs printed {b!r}" for what, (a, b) in checks.items() if a != b]
    assert not problems, "\n".join(problems[:30])
