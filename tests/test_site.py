"""What the built book shows a reader, parsed from the session's clean build (``book_html``) and checked against the ledger and
the recorded results: one compact card per ledger row in its chapter, one page per claim with its
one ClaimReview (absolute url, date), the landing page's counts, the summary's downloads, and no
text glitches."""

from __future__ import annotations

import csv
import functools
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, CleanBook, copy_env
from dtbook.chapter.evidence import GRADES
from dtbook.core.judge import VERDICTS
from dtbook.data import ledger
from dtbook.data.provenance import read_descriptor
from dtbook.site.record import display_quote


@pytest.fixture(scope="module")
def html(book_html: Path) -> Path:
    return book_html


@pytest.fixture(scope="module")
def results(clean_book: CleanBook) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in sorted(clean_book.results.glob("*.json")):
        for r in json.loads(path.read_text(encoding="utf-8"))["results"]:
            out[r["id"]] = r
    return out


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_claim_has_one_compact_card_in_its_chapter_linking_its_page(html, results):
    claims = ledger.load()
    cards: Counter[str] = Counter()
    problems = []
    for page in sorted((html / "chapters").glob("*.html")):
        doc = soup(page)
        for script in doc.find_all("script", type="application/ld+json"):
            if json.loads(script.string).get("@type") == "ClaimReview":
                problems.append(f"{page.name}: a ClaimReview on a chapter (they belong on the claim pages)")
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
            if "claim-card-compact" not in card["class"] or card.select_one(".claim-sources"):
                problems.append(f"{cid}: the chapter's card is not the compact one")
            if card.select_one(f".claim-more a[href='../claims/{cid}.html']") is None:
                problems.append(f"{cid}: the chapter's card does not link the claim's page")
    assert problems == []
    assert {cid: n for cid, n in cards.items() if n != 1} == {}
    assert set(cards) == set(claims)


def _date(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def test_every_claim_has_its_own_page_with_exactly_one_claimreview(html, results):
    from dtbook.site import settings

    claims = ledger.load()
    base = settings.base_url()
    assert base.startswith("https://"), "html.baseurl in _config.yml"
    pages = sorted((html / "claims").glob("*.html"))
    assert claims and len(pages) == len(claims)
    assert {p.stem for p in pages} == set(claims)
    problems = []
    for page in pages:
        cid = page.stem
        c = claims[cid]
        doc = soup(page)
        blocks = [json.loads(s.string) for s in doc.find_all("script", type="application/ld+json")]
        reviews = [b for b in blocks if b.get("@type") == "ClaimReview"]
        if len(reviews) != 1:
            problems.append(f"{cid}: {len(reviews)} ClaimReview blocks")
            continue
        review = reviews[0]
        item = review.get("itemReviewed") or {}
        if (
            review.get("url") != f"{base}claims/{cid}.html"
            or not _date(review.get("datePublished", ""))
            or not (review.get("author") or {}).get("name")
            or item.get("@type") != "Claim"
            or (item.get("appearance") or {}).get("@type") != "ScholarlyArticle"
            or "China's digital trade" not in (item.get("appearance") or {}).get("name", "")
            or review["reviewRating"]["alternateName"] != c.verdict
            or review["claimReviewed"] != display_quote(c.quote)
        ):
            problems.append(f"{cid}: its ClaimReview is incomplete or does not match the ledger: {review}")
        main = doc.select_one("section.claim-page")
        first = main.find(["p", "div"], recursive=False) if main else None
        if first is None or "claim-finding" not in first.get("class", []):
            problems.append(f"{cid}: the page does not open with its finding")
        card = doc.select_one("[data-claim]")
        if card is None or card["data-verdict"] != c.verdict:
            problems.append(f"{cid}: no card with its verdict")
        text = doc.get_text(" ")
        if f"make claim ID={cid}" not in text or "@misc{dtbook-" not in text:
            problems.append(f"{cid}: no re-run command or no BibTeX entry")
        if doc.select_one("meta[name=description]") is None:
            problems.append(f"{cid}: no meta description")
        for i in results[cid]["refs"]:
            if i not in text:
                problems.append(f"{cid}: input {i} not listed")
    assert problems == []


def test_no_relative_claim_url_in_any_page_or_download(html):
    problems = []
    for page in sorted(html.rglob("*.html")):
        if "_static" in page.parts:
            continue
        for script in soup(page).find_all("script", type="application/ld+json"):
            url = json.loads(script.string).get("url", "")
            if not url.startswith(("https://", "http://")):
                problems.append(f"{page.relative_to(html)}: JSON-LD url {url!r}")
    folder = html / "_static" / "data"
    with (folder / "claims_results.csv").open(encoding="utf-8-sig", newline="") as fh:
        problems += [f"CSV {r['id']}: {r['url']!r}" for r in csv.DictReader(fh) if not r["url"].startswith("http")]
    data = json.loads((folder / "claims_results.json").read_text(encoding="utf-8"))
    problems += [f"JSON {r['id']}: {r['url']!r}" for r in data if not r["url"].startswith("http")]
    assert problems == []


def test_claim_pages_list_every_source_they_read(html, results):
    """Every claim page with inputs links them (pages, tables, the paper, other claims); only
    unverifiable claims and judgements (not rated) have none."""
    for page in sorted((html / "claims").glob("*.html")):
        r = results[page.stem]
        links = soup(page).select("#sources .claim-sources a[href]")
        if r["refs"]:
            assert links, f"{r['id']}: a claim with inputs but no link to them"
        else:
            assert r["verdict"] in ("unverifiable", "judgement"), f"{r['id']}: no recorded input"


def test_no_text_glitches_in_the_built_pages(html):
    problems = []
    for page in sorted(html.rglob("*.html")):
        if "_static" in page.parts or page.name in ("search.html", "genindex.html"):
            continue
        doc = soup(page)
        for tag in doc(["script", "style"]) + doc.select("div.cell_input, pre.claim-bibtex"):  # code is not prose
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
    with (folder / "claims_results.csv").open(encoding="utf-8-sig", newline="") as fh:
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


def test_the_csv_download_opens_in_a_spreadsheet_with_addresses(html):
    """The whole CSV starts with a UTF-8 byte-order mark (a spreadsheet then reads the Chinese text)
    and carries each claim's absolute address and its sources' addresses."""
    raw = (html / "_static" / "data" / "claims_results.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert all(r["url"].startswith("http") for r in rows)
    with_pages = [r for r in rows if "pages_" in r["sources"]]
    assert with_pages and all(r["source_urls"].startswith("http") for r in with_pages)
    assert all(u.startswith(("http://", "https://")) for r in rows for u in r["source_urls"].split())


def test_one_gap_measure_in_every_view(html, results):
    """The summary's gap cell and sort key, the CSV's gap and unit, and the recorded result carry the
    one gap; percentages are measured in points; the measure is stated once on the summary; the
    landing page's findings rank gaps by their size."""
    with (html / "_static" / "data" / "claims_results.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    summary = soup(html / "chapters" / "summary.html")
    problems = []
    for tr in summary.select("table.claims-table tbody tr"):
        cid, r = tr["data-id"], results[tr["data-id"]]
        cell = tr.select_one("td[data-label=gap]")
        if r["gap"] is None:
            if cell.get_text(strip=True) or cell["data-value"] or rows[cid]["gap"]:
                problems.append(f"{cid}: a gap shown for a result without one")
            continue
        if float(rows[cid]["gap"]) != pytest.approx(r["gap"]) or rows[cid]["gap_unit"] != r["gap_unit"]:
            problems.append(
                f"{cid}: CSV gap {rows[cid]['gap']} {rows[cid]['gap_unit']}, result {r['gap']} {r['gap_unit']}"
            )
        if float(cell["data-value"]) != pytest.approx(abs(r["gap"])):
            problems.append(f"{cid}: sort key {cell['data-value']} is not the gap's size {abs(r['gap'])}")
        if r["unit"].startswith("percent") and r["gap_unit"] != "percentage points":
            problems.append(f"{cid}: a percentage's gap in {r['gap_unit']}")
    assert problems == []
    assert (
        len(summary.select(".claims-legend")) == 1 and "percentage points" in summary.select_one(".claims-legend").text
    )
    found = [
        li.select_one("a").get_text(strip=True) for li in soup(html / "intro.html").select("ol.overview-findings li")
    ]
    top = [abs(results[c]["gap"] or 0) for c in found[:3]]
    others = [abs(r["gap"] or 0) for c, r in results.items() if r["verdict"] == "contradicted" and c not in found[:3]]
    assert top == sorted(top, reverse=True) and min(top) >= max(others, default=0), (found, top)


def test_heavy_scripts_are_gone_and_the_search_index_is_on_the_search_page_only(html):
    """No page loads the theme's font-icon script; only the search page loads Sphinx's search index
    and the claims index."""
    problems = []
    for page in sorted(html.rglob("*.html")):
        if "_static" in page.parts:
            continue
        srcs = [s.get("src", "") for s in soup(page).find_all("script")]
        rel = str(page.relative_to(html))
        if any("fontawesome" in s for s in srcs):
            problems.append(f"{rel}: the icon script")
        search = [s for s in srcs if re.search(r"(searchindex|searchtools|dtbook-claims)\.js", s)]
        if rel == "search.html":
            if len(search) != 3:
                problems.append(f"search.html loads {search}")
        elif search:
            problems.append(f"{rel}: loads {search}")
    assert problems == []


def test_every_theme_icon_on_the_pages_is_drawn_by_the_book(html):
    """The theme's icon script is gone: each icon class the pages use has its drawing in dtbook.css,
    and every drawing is a well-formed SVG (a malformed one shows nothing)."""
    from urllib.parse import unquote
    from xml.dom.minidom import parseString

    css = (html / "_static" / "dtbook.css").read_text(encoding="utf-8")
    drawn = set(re.findall(r"\.(fa-[a-z-]+) \{ --dt-icon:", css))
    used: set[str] = set()
    for page in sorted(html.rglob("*.html")):
        if "_static" not in page.parts:
            for tag in soup(page).select(".fa-solid, .fas"):
                used |= {c for c in tag["class"] if c.startswith("fa-") and c not in ("fa-solid", "fa-lg")}
    assert used and used <= drawn, sorted(used - drawn)
    for svg in re.findall(r'data:image/svg\+xml,([^"]+)"', css):
        parseString(unquote(svg))


def test_the_search_page_has_every_claim_with_the_figures_it_prints(html):
    text = (html / "_static" / "dtbook-claims.js").read_text(encoding="utf-8")
    entries = json.loads(text[text.index("=") + 1 :].strip().removesuffix(";"))
    claims = ledger.load()
    assert [e["id"] for e in entries] == list(claims)
    for e in entries:
        c = claims[e["id"]]
        assert e["page"] == f"claims/{c.id}.html" and (html / e["page"]).is_file()
        if c.stated:
            assert c.stated.replace(",", "").lstrip("-") in e["figures"], c.id  # figures are unsigned
        for figure in re.findall(r"\d+\.\d+", display_quote(c.quote)):
            assert figure in e["figures"], (c.id, figure)


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


def test_errata_page_lists_every_claim_to_correct_and_to_source_in_both_languages(html):
    """The errata for the author: in English and in Chinese, every contradicted and inconsistent
    claim (linking its page, with the printed figure, what the data give, a source and a suggestion),
    every unverifiable claim with what was searched, and the replies recorded."""
    from dtbook.site import errata

    claims = ledger.load()
    doc = soup(html / "chapters" / "errata.html")
    to_correct = {cid for cid, c in claims.items() if c.verdict in errata.TO_CORRECT}
    to_source = {cid for cid, c in claims.items() if c.verdict in errata.TO_SOURCE}
    assert to_correct and to_source
    for lang in errata.LANGUAGES:
        part = doc.select_one(f"div.errata-{lang}")
        assert part is not None, lang
        items = {li["id"].removeprefix(f"errata-{lang}-").upper(): li for li in part.select("li.errata-item")}
        assert set(items) == to_correct | to_source, lang
        for cid in to_correct:
            li = items[cid]
            assert li.select_one(f"a[href='../claims/{cid}.html']") is not None, (lang, cid)
            assert li.select_one(".verdict-badge").get_text(strip=True) == claims[cid].verdict
            assert li.select_one(".errata-suggestion").get_text(strip=True), (lang, cid)
            assert display_quote(claims[cid].quote) in li.get_text(), (lang, cid)
        for cid in to_source:
            assert claims[cid].reason in items[cid].get_text(), (lang, cid)
        assert part.select_one(f"#errata-{lang}-replies") is not None
    assert "author_replies.csv" in doc.get_text()


def test_annotated_paper_links_every_claim_once_with_its_verdict_word(html):
    """The annotated paper: the whole text, every ledger claim exactly once as a link to its page
    inside a <mark> with a verdict class, its verdict word as text; judgements marked as such."""
    from dtbook.data.paper import verified_text

    claims = ledger.load()
    doc = soup(html / "chapters" / "paper.html")
    links = doc.select("mark.paper-mark a.mark-claim")
    ids = Counter(a["href"].removeprefix("../claims/").removesuffix(".html") for a in links)
    assert {cid: n for cid, n in ids.items() if n != 1} == {}
    assert set(ids) == set(claims)
    problems = []
    for a in links:
        cid = a["href"].removeprefix("../claims/").removesuffix(".html")
        v = claims[cid].verdict
        mark = a.find_parent("mark")
        if cid not in a.get_text() or a.select_one(".verdict-badge").get_text(strip=True) != v:
            problems.append(f"{cid}: its link does not carry its id and verdict word {v}")
        if not any(c.startswith("verdict-") for c in mark["class"]) or cid not in mark["data-claims"].split():
            problems.append(f"{cid}: its mark has no verdict class or does not list it")
        if display_quote(claims[cid].quote) not in " ".join(mark.get_text().split()) and v != "judgement":
            problems.append(f"{cid}: its mark does not hold its quote")
        if v == "judgement" and "not rated" not in a.get_text():
            problems.append(f"{cid}: a judgement not marked as such")
    assert problems == []
    text = " ".join(doc.select_one(".paper-text").get_text().split())
    last = [line for line in verified_text().splitlines() if line.strip()][-1]
    assert " ".join(last.split()) in text, "the paper's text is not whole"
    record = doc.select_one("dl.paper-record").get_text(" ")
    for words in ("Yu Ya", "China's digital trade development", "Guangxi Normal University"):
        assert words in record


def in_book(book: CleanBook, code: str) -> Any:
    """What ``code`` (Python that prints JSON) prints when run on the session's built book, whose
    results the package reads there (the working tree may have none)."""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=book.root, env=copy_env(book.root), capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout)


def test_corrections_log_and_claim_histories_show_every_change(html, clean_book):
    """The corrections log lists every change between releases once, linking the claim; each claim
    page's history lists that claim's changes (or says it is unchanged)."""
    changes = in_book(
        clean_book,
        "import json; from dtbook.site import changelog; "
        "print(json.dumps([ch.id for _, chs in changelog.log() for ch in chs]))",
    )
    assert changes, "the log starts at v0.1.0: verdicts have changed since"
    doc = soup(html / "chapters" / "changelog.html")
    items = doc.select("li.change")
    assert len(items) == len(changes)
    assert Counter(li.select_one("a")["href"].split("/")[-1].removesuffix(".html") for li in items) == Counter(changes)
    by_id = Counter(changes)
    for page in sorted((html / "claims").glob("*.html")):
        section = soup(page).select_one("section#history")
        assert section is not None, page.name
        assert len(section.select("ul.claim-history li")) == by_id.get(page.stem, 0), page.name


def test_every_chapter_opens_with_its_tally(html):
    """Each chapter shows its claims counted by verdict near its top: after its title and
    introduction, before the re-run box, its first claim and its first subsection."""
    claims = ledger.load()
    for notebook in sorted({c.notebook for c in claims.values()}):
        doc = soup(html / "chapters" / f"{notebook}.html")
        order = {id(el): i for i, el in enumerate(doc.find_all(True))}
        tally = doc.select_one(".chapter-tally")
        assert tally is not None, f"{notebook}: no tally"
        counts = {li["data-verdict"]: int(li["data-count"]) for li in tally.select("li[data-verdict]")}
        expected = Counter(c.verdict for c in claims.values() if c.notebook == notebook)
        assert counts == dict(expected), notebook
        assert int(tally["data-total"]) == sum(expected.values()), notebook
        for li in tally.select("li[data-verdict]"):
            assert li.select_one(".verdict-badge").get_text(strip=True) == li["data-verdict"]
        article = doc.select_one("article.bd-article")  # the page's body (not the theme's print header)
        title, intro = article.select_one("h1"), article.select_one("h1 ~ p")
        assert intro is not None and order[id(title)] < order[id(intro)] < order[id(tally)], notebook
        later = [article.select_one("h2"), article.select_one("[data-claim]"), article.select_one(".rerun-chapter")]
        for el in [e for e in later if e is not None]:
            assert order[id(tally)] < order[id(el)], f"{notebook}: the tally comes after {el.name}.{el.get('class')}"


def test_bibliography_labels_are_short_and_readable(html):
    from dtbook.site.bibstyle import MAX_LENGTH

    doc = soup(html / "chapters" / "bibliography.html")
    labels = [
        span.get_text(strip=True).strip("[]") for span in doc.select("div.citation > span.label, .citation .label")
    ]
    assert len(labels) >= 20, labels
    problems = [  # alpha's run of an organisation's initials (compiledbtpftppnierowa) is too long
        label
        for label in labels
        if len(label) > MAX_LENGTH or not re.fullmatch(r"[A-Za-z][A-Za-z]*[A-Za-z0-9]*(-[a-z0-9]+)?[a-z]?", label)
    ]
    assert problems == []
    assert len(set(labels)) == len(labels)


@functools.cache
def origin_status(table: str) -> str | None:
    """The status of a raw table's origin, from its descriptor (None for a reference that is no table)."""
    path = ROOT / "data" / "raw" / f"{table}.resource.yaml"
    return (read_descriptor(path).get("origin") or {}).get("status") if path.is_file() else None


def test_source_labels_are_shown_on_cards_claim_pages_and_the_provenance_page(html, results, clean_book):
    """Each card and claim page names its sources' labels, and a dataset grade resting on a copy
    of a producer's table says so on its badge; the provenance page shows every label used."""
    from dtbook.data.provenance import STATUSES

    records = in_book(
        clean_book,
        "import json; from dtbook.site.record import claim_records; "
        "print(json.dumps({i: [r.claim.notebook, list(r.source_labels)] for i, r in claim_records().items()}))",
    )
    cards = {  # every chapter card by its claim, each chapter parsed once
        card["data-claim"]: card
        for nb in {nb for nb, _ in records.values()}
        for card in soup(html / "chapters" / f"{nb}.html").select("[data-claim]")
    }
    copies = 0
    for cid, (_, labels) in records.items():
        page = soup(html / "claims" / f"{cid}.html")
        for where, doc in (("card", cards[cid]), ("page", page.select_one("[data-claim]"))):
            shown = [s.get_text(strip=True) for s in doc.select(".claim-source-labels .page-status")]
            assert shown == labels, (cid, where, shown)
            badge = doc.select_one(".grade-badge").get_text(strip=True)
            on_copy = any(origin_status(ref.split("#")[0]) == "copy" for ref in results[cid]["refs"])
            want = "dataset (copy)" if results[cid]["grade"] == "dataset" and on_copy else results[cid]["grade"]
            assert badge == want, (cid, where, badge)
            copies += badge == "dataset (copy)"
    assert copies > 0
    prov = soup(html / "chapters" / "data_sources.html")
    used = {s.get_text(strip=True) for s in prov.select(".provenance .page-status")}
    assert used <= set(STATUSES) and {"official", "press", "reprint", "copy"} <= used, used


def test_each_claim_says_its_verdict_once(html):
    """A chapter's claim: the card's verdict badge, then its one finding line; no printed check
    line and no other verdict badge in the claim's section (readings and the second reading name
    their own verdicts). A claim page: the badge in its lead line, none repeated in its card."""
    from dtbook.chapter.audit import LINE

    claims = ledger.load()
    problems = []
    for notebook in sorted({c.notebook for c in claims.values()}):
        doc = soup(html / "chapters" / f"{notebook}.html")
        for pre in doc.select("div.cell_output pre, div.output pre"):
            for line in pre.get_text().splitlines():
                if LINE.match(line):
                    problems.append(f"{notebook}: the check's line is shown: {line[:60]}")
        for cid, c in claims.items():
            if c.notebook != notebook:
                continue
            card = doc.select_one(f"[data-claim='{cid}']")
            badges = [b for b in card.select(".verdict-badge") if not b.find_parent(["ul", "dd"])]
            finding = card.select_one(".claim-finding")
            if len(badges) != 1 or finding is None or badges[0].find_next("p") is not finding:
                problems.append(f"{cid}: the card's badge then its finding, once")
            section = card.find_parent("section")
            text = " ".join(section.get_text(" ").split()) if section is not None else ""
            if f"| verdict {c.verdict}" in text:
                problems.append(f"{cid}: the audit line in its section")
    for page in sorted((html / "claims").glob("*.html")):
        doc = soup(page)
        lead = doc.select_one(".claim-finding-lead")
        card_badges = [b for b in doc.select(".claim-card .claim-badges .verdict-badge")]
        if lead is None or lead.select_one(".verdict-badge") is None or card_badges:
            problems.append(f"{page.stem}: the page's verdict badge is not said once, in its lead line")
    assert problems == []


def test_every_page_has_one_meta_description_of_its_own(html):
    """Search engines show a page's description: every page has exactly one, and no two chapters share one."""
    problems, seen = [], {}
    pages = sorted(p for p in html.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts)
    for page in pages:
        doc = soup(page)
        if doc.select_one("meta[http-equiv=Refresh], meta[http-equiv=refresh]"):
            continue  # the redirect from index.html to the first page
        metas = doc.select("meta[name=description]")
        name = page.relative_to(html).as_posix()
        if len(metas) != 1 or len(metas[0].get("content", "")) < 40:
            problems.append(f"{name}: {len(metas)} meta description(s)")
            continue
        if name.startswith("chapters/"):
            seen.setdefault(metas[0]["content"], []).append(name)
    problems += [f"one description for {names}" for names in seen.values() if len(names) > 1]
    assert not problems, problems[:20]


def test_the_book_opens_in_the_readers_colour_mode(html):
    """No colour mode stored yet: the theme follows the system's (``auto``), so a reader set to dark reads dark."""
    for page in ("intro.html", "chapters/summary.html", "claims/S21-02.html"):
        text = (html / page).read_text(encoding="utf-8")
        assert 'localStorage.getItem("mode") || "auto"' in text, page
