"""What the built book shows a reader, parsed from _build/html and checked against the ledger and
the recorded results: one claim card per ledger row with its verdict, grade and ClaimReview, the
landing page's counts, the summary's downloads, and no text glitches."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, built_book
from dtbook.chapter.evidence import GRADES
from dtbook.core.judge import VERDICTS
from dtbook.data import ledger
from dtbook.data.provenance import read_descriptor
from dtbook.site.cards import display_quote


@pytest.fixture(scope="module")
def html() -> Path:
    return built_book()


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in sorted((ROOT / "_build" / "results").glob("*.json")):
        for r in json.loads(path.read_text(encoding="utf-8"))["results"]:
            out[r["id"]] = r
    return out


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_claim_has_one_card_with_its_verdict_grade_and_claimreview(html, results):
    claims = ledger.load()
    cards: Counter[str] = Counter()
    problems = []
    for page in sorted((html / "chapters").glob("*.html")):
        doc = soup(page)
        reviews = {}
        for script in doc.find_all("script", type="application/ld+json"):
            data = json.loads(script.string)
            if data.get("@type") == "ClaimReview":
                reviews[data["url"].split("#claim-")[1].upper()] = data
        for card in doc.select("[data-claim]"):
            cid = card["data-claim"]
            cards[cid] += 1
            c = claims.get(cid)
            if c is None:
                problems.append(f"{page.name}: card for {cid}, which has no ledger row")
                continue
            if card["data-verdict"] != c.verdict:
                problems.append(f"{cid}: card says {card['data-verdict']}, the ledger {c.verdict}")
            if card["data-evidence"] != results[cid]["grade"] or card["data-evidence"] not in GRADES:
                problems.append(f"{cid}: card grade {card['data-evidence']}, recorded {results[cid]['grade']}")
            badge = card.select_one(".verdict-badge")
            if badge is None or badge.get_text(strip=True) != c.verdict:
                problems.append(f"{cid}: the verdict badge does not carry the word {c.verdict}")
            if c.notebook != page.stem:
                problems.append(f"{cid}: card on {page.name}, the ledger puts it in {c.notebook}")
            review = reviews.get(cid)
            if review is None:
                problems.append(f"{cid}: no ClaimReview JSON-LD")
            elif (
                review["reviewRating"]["alternateName"] != c.verdict
                or review["claimReviewed"] != display_quote(c.quote)
                or review["url"] != f"{page.name}#claim-{cid.lower()}"
            ):
                problems.append(f"{cid}: its ClaimReview does not match the ledger")
        if len(reviews) != len(doc.select("[data-claim]")):
            problems.append(
                f"{page.name}: {len(reviews)} ClaimReview blocks for {len(doc.select('[data-claim]'))} cards"
            )
    assert problems == []
    assert {cid: n for cid, n in cards.items() if n != 1} == {}
    assert set(cards) == set(claims)


def test_cards_link_every_source_they_read(html, results):
    """Every card with inputs links them (pages, tables, the paper, other claims); only unverifiable
    claims have none."""
    for page in sorted((html / "chapters").glob("s*.html")):
        for card in soup(page).select("[data-claim]"):
            r = results[card["data-claim"]]
            links = card.select(".claim-sources a[href]")
            if r["refs"]:
                assert links, f"{r['id']}: a card with inputs but no link to them"
            else:
                assert r["verdict"] == "unverifiable", f"{r['id']}: no recorded input"


def test_no_text_glitches_in_the_built_pages(html):
    problems = []
    for page in sorted(html.rglob("*.html")):
        if "_static" in page.parts or page.name in ("search.html", "genindex.html"):
            continue
        doc = soup(page)
        for tag in doc(["script", "style"]) + doc.select("div.cell_input"):  # code is not prose
            tag.decompose()
        text = doc.get_text(" ")
        for bad in ("\\$", "^["):
            if bad in text:
                i = text.index(bad)
                problems.append(f"{page.relative_to(html)}: {bad!r} in {text[max(0, i - 40) : i + 40]!r}")
        if re.search(r"\bYu,? (?:Ya,? )?n\.d\.", text):
            problems.append(f"{page.relative_to(html)}: the paper cited without a year")
    assert problems == []


def test_source_titles_are_cased_as_published(html):
    text = soup(html / "chapters" / "bibliography.html").get_text(" ")
    text = " ".join(text.split())
    for desc in sorted((ROOT / "data" / "raw").glob("*.resource.yaml")):
        title = " ".join(str(read_descriptor(desc)["title"]).split())
        for word in re.findall(r"\b[A-Z][A-Z0-9]{2,}\b", title):  # acronyms such as TOP500, UNCTAD, WTO
            assert word in text, f"{desc.name}: {word!r} of its title is not in the bibliography as published"


def test_landing_page_states_the_counts_by_verdict_and_grade(html, results):
    text = " ".join(soup(html / "intro.html").get_text(" ").split())
    n = Counter(r["verdict"] for r in results.values())
    for v in VERDICTS:
        assert f"{n[v]} {v}" in text
    rep = Counter(r["grade"] for r in results.values() if r["verdict"] == "reproduced")
    assert f"Of the {n['reproduced']} reproduced claims, {rep['dataset'] + rep['derived']} were recomputed" in text
    table = soup(html / "intro.html").select_one("table.overview-table")
    cells = [[td.get_text(strip=True) for td in tr.find_all(["td", "th"])] for tr in table.select("tbody tr")]
    for row in cells[: len(VERDICTS)]:
        verdict = row[0]
        assert row[1 : 1 + len(GRADES)] == [
            str(sum(1 for r in results.values() if r["verdict"] == verdict and r["grade"] == g)) for g in GRADES
        ]


def test_summary_offers_the_ledger_with_results_as_csv_and_json(html):
    from frictionless import Resource

    claims = ledger.load()
    folder = html / "_static" / "data"
    with (folder / "claims_results.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == list(claims)
    assert [r["verdict"] for r in rows] == [c.verdict for c in claims.values()]
    data = json.loads((folder / "claims_results.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in data] == list(claims)
    report = Resource(str(folder / "claims_results.resource.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:3]
    summary = soup(html / "chapters" / "summary.html")
    hrefs = {a["href"] for a in summary.select(".claims-downloads a")}
    assert {"../_static/data/claims_results.csv", "../_static/data/claims_results.json"} <= hrefs
    assert {o["value"] for o in summary.select("select[data-filter=verdict] option")} >= set(VERDICTS)
    assert {o["value"] for o in summary.select("select[data-filter=evidence] option")} >= set(GRADES)


def test_every_chapter_shows_its_own_verdict_table(html):
    claims = ledger.load()
    for notebook in sorted({c.notebook for c in claims.values()}):
        doc = soup(html / "chapters" / f"{notebook}.html")
        rows = doc.select("table.claims-table tbody tr")
        ids = [tr.select_one("td a").get_text(strip=True) for tr in rows]
        assert ids == [c.id for c in claims.values() if c.notebook == notebook], notebook


def test_claim_ids_are_in_the_index(html):
    text = soup(html / "genindex.html").get_text(" ")
    missing = [cid for cid in ledger.load() if cid not in text]
    assert missing == []


def test_every_rule_is_on_the_landing_page_and_the_revised_data_rule_on_the_cards_it_was_tested_on(html, results):
    from dtbook.core import judge

    landing = " ".join(soup(html / "intro.html").get_text(" ").split())
    for curly, straight in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):  # smart quotes
        landing = landing.replace(curly, straight)
    for rule in (judge.REVISION_RULE, judge.READING_RULE, judge.VINTAGE_RULE, judge.ABSENCE_RULE, judge.JUDGEMENT_RULE):
        assert " ".join(rule.split()) in landing
    tested = {cid: r for cid, r in results.items() if r.get("revision_neighbour")}
    assert tested, "the rule was tested on no claim"
    for cid, r in tested.items():
        neighbour = results[r["revision_neighbour"]]
        assert r["revised_data"] == (r["verdict"] != "reproduced" and neighbour["verdict"] == "reproduced")
        page = soup(html / "chapters" / f"{r['notebook']}.html")
        card = page.select_one(f"[data-claim='{cid}']")
        assert "Revised data" in card.get_text(" ")
        assert bool(card.select(".flag-badge")) == r["revised_data"]
        other = page.select_one(f"[data-claim='{neighbour['id']}']")
        assert f"evidence of the rule for {cid}" in " ".join(other.get_text(" ").split())
