"""The built book in a real browser (Debian's Chromium, driven by Playwright; the ``site`` and
``browser`` fixtures are in tests/conftest.py).

Serves the session's built book on localhost and opens every page, wide and narrow: no console errors, every
image loads, no raw or empty glue, every claim shows its verdict, nothing scrolls sideways; the
search page finds a claim by its id; the summary filters, sorts and downloads; the drawers open.
A screenshot of each page's first screen is kept in _build/screenshots/ (accessibility: test_axe.py).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from conftest import SHOTS
from dtbook.data import ledger
from dtbook.site.record import display_quote

VERDICTS = ("reproduced", "inconsistent", "contradicted", "unverifiable")


#: claim pages come from one template: the browser opens one per verdict (test_site parses all 157)
def pages(html: Path) -> list[str]:
    """The pages of the book at ``html`` the browser opens, relative to it."""
    claims = ledger.load()
    sample = {
        f"claims/{next(c.id for c in claims.values() if c.verdict == v)}.html"
        for v in {c.verdict for c in claims.values()}
    }
    return sorted(
        str(p.relative_to(html))
        for p in html.rglob("*.html")
        if not p.name.startswith(("genindex", "search"))
        and "_static" not in p.parts
        and p.name != "index.html"
        and ("claims" not in p.relative_to(html).parts or str(p.relative_to(html)) in sample)
    )


def page_problems(page, rel: str, width: int, claims: dict, seen: set[str]) -> list[str]:
    """What is wrong with one page as the browser shows it at ``width``: console errors, images that
    did not load, raw glue, a claim with no verdict or another verdict, a page wider than the screen."""
    problems = []
    broken = page.evaluate("""() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0)
                                       .map(i => i.getAttribute('src'))""")
    if broken:
        problems.append(f"{rel}: images that did not load {broken}")
    text = page.inner_text("main") if page.query_selector("main") else page.inner_text("body")
    for raw in ("{glue", "glue:text", "papermill.record"):
        if raw in text:
            problems.append(f"{rel}: raw glue text {raw!r} on the page")
    found = page.evaluate("""() => [...document.querySelectorAll('[id^=claim-]')]
        .map(e => [e.id, (e.closest('section') || e.parentElement).innerText])""")
    for anchor, section in found:
        cid = anchor.removeprefix("claim-").upper()
        seen.add(cid)
        if not any(v in section for v in VERDICTS):
            problems.append(f"{rel}: claim {cid} shows no verdict")
        elif cid in claims and claims[cid].verdict not in section:
            problems.append(f"{rel}: claim {cid} does not show its verdict {claims[cid].verdict}")
    wide = page.evaluate("document.documentElement.scrollWidth")
    if wide > width + 1:
        problems.append(f"{rel}: {wide} px wide at {width} px")
    return problems


@pytest.mark.parametrize("width", [1400, 390])
def test_every_page_renders_cleanly_and_fits_the_screen(site, browser, book_html, width):
    """Every page but the claim pages (one per verdict: they share one template, and test_site
    parses all of them), opened in one tab after the other at a desktop's and a phone's width."""
    claims = ledger.load()
    seen: set[str] = set()
    problems: list[str] = []
    errors: list[str] = []
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for rel in pages(book_html):
        errors.clear()
        page.goto(f"{site}/{rel}", wait_until="load")
        problems += page_problems(page, rel, width, claims, seen)
        if errors:
            problems.append(f"{rel}: console errors {errors}")
        page.screenshot(path=str(SHOTS / f"{rel.replace('/', '__').removesuffix('.html')}__{width}.png"))
    page.close()
    assert problems == []
    assert set(claims) <= seen, f"claims with no section on any page: {sorted(set(claims) - seen)[:10]}"


def test_search_finds_a_claim_by_id(site, browser):
    claims = ledger.load()
    cid = sorted(claims)[len(claims) // 2]
    page = browser.new_page()
    page.goto(f"{site}/search.html?q={cid}", wait_until="load")
    # Sphinx lists its results one at a time (each fetches its page for a summary): wait until it
    # says it has finished, not for the first one
    page.wait_for_function(
        "() => /finished|did not match/.test(document.querySelector('#search-results .search-summary')?.innerText || '')",
        timeout=30000,
    )
    links = page.evaluate("() => [...document.querySelectorAll('#search-results li a')].map(a => a.href)")
    page.close()
    assert any(claims[cid].notebook in link for link in links), (cid, links)
    # down to the claim: a result leads to the claim's own anchor
    assert any(link.endswith(f"#claim-{cid.lower()}") for link in links), (cid, links)


def claim_hits(page) -> list[str]:
    """The claim ids the search page lists above Sphinx's results, in order."""
    page.wait_for_selector("section.claim-search h2", timeout=15000)
    return page.eval_on_selector_all("section.claim-search li a", "as => as.map(a => a.textContent.split(' ')[0])")


def test_search_shows_the_claims_page_first_and_finds_a_printed_figure(site, browser):
    """Searching an id lists that claim's own page first, above Sphinx's results; searching a printed
    figure lists the claims whose sentence prints it."""
    claims = ledger.load()
    page = browser.new_page()
    for cid in ("S23-27", sorted(claims)[len(claims) // 3]):
        page.goto(f"{site}/search.html?q={cid}", wait_until="load")
        assert claim_hits(page)[:1] == [cid], cid
        first = page.eval_on_selector("section.claim-search li a", "a => a.href")
        assert first.endswith(f"/claims/{cid}.html"), first
        assert page.evaluate("""() => !!(document.querySelector('section.claim-search')
            .compareDocumentPosition(document.getElementById('search-results')) & Node.DOCUMENT_POSITION_FOLLOWING)""")
    figure = next(c.stated for c in claims.values() if c.stated and "." in c.stated)
    page.goto(f"{site}/search.html?q={figure}", wait_until="load")
    hits = claim_hits(page)
    prints = re.compile(rf"(?<![\d.]){re.escape(figure)}(?!\d|\.\d)")
    printing = [c.id for c in claims.values() if prints.search(f"{c.stated} {display_quote(c.quote).replace(',', '')}")]
    assert printing and hits == printing, (figure, printing, hits)  # every claim printing it, none other
    page.close()


def test_the_summary_sorts_by_gap_size_and_downloads_exactly_the_rows_shown(site, browser, book_html):
    """Filtered and sorted by the gap's size, the table's download (CSV with a byte-order mark, and
    JSON) holds exactly the rows shown, in their order, with absolute claim addresses and the
    columns of the whole CSV."""
    page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page.goto(f"{site}/chapters/summary.html", wait_until="load")
    page.select_option("select[data-filter=verdict]", "contradicted")
    page.click("th[data-sort=gap]")
    page.click("th[data-sort=gap]")  # descending: the largest gap first
    sizes = page.eval_on_selector_all(
        "table.claims-table tbody tr:not([hidden]) td[data-label=gap]",
        "cs => cs.map(c => c.getAttribute('data-value') === '' ? -1 : parseFloat(c.getAttribute('data-value')))",
    )
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > 0, sizes
    shown = page.eval_on_selector_all("table.claims-table tbody tr:not([hidden])", "rs => rs.map(r => r.dataset.id)")
    total = page.eval_on_selector_all("table.claims-table tbody tr", "rs => rs.length")
    assert 0 < len(shown) < total
    with page.expect_download() as got:
        page.click("button.claims-download[data-format=csv]")
    raw = Path(got.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["id"] for r in rows] == shown
    assert all(r["url"].startswith("http") and r["url"].endswith(f"/claims/{r['id']}.html") for r in rows)
    whole = (book_html / "_static" / "data" / "claims_results.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert list(rows[0]) == whole.split(",")
    with page.expect_download() as got:
        page.click("button.claims-download[data-format=json]")
    data = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert [r["id"] for r in data] == shown and all("source_urls" in r for r in data)
    page.close()


@pytest.mark.parametrize("width", [390, 800, 1400])
def test_the_sidebar_and_contents_drawers_open(site, browser, width):
    """pydata-sphinx-theme binds its toggles to the hidden one of two buttons (issue 2451); the
    book's script forwards clicks from the visible ones. Narrow: the drawer opens as a dialog;
    wide: the primary sidebar collapses and comes back."""
    claims = ledger.load()
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{site}/chapters/{next(iter(claims.values())).notebook}.html", wait_until="load")
    toggles = [b for b in page.query_selector_all(".primary-toggle") if b.is_visible()]
    assert toggles, "no visible sidebar toggle"
    if width < 992:
        toggles[0].click()
        page.wait_for_selector("#pst-primary-sidebar-modal[open]", timeout=5000)
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)
        secondary = [b for b in page.query_selector_all(".secondary-toggle") if b.is_visible()]
        if secondary:
            secondary[0].click()
            page.wait_for_selector("#pst-secondary-sidebar-modal[open]", timeout=5000)
    else:
        sidebar = page.query_selector("#pst-primary-sidebar")
        before = sidebar.is_visible()
        toggles[0].click()
        page.wait_for_timeout(500)
        assert sidebar.is_visible() != before, "the sidebar toggle did nothing"
    page.close()


def test_the_summary_filters_by_verdict_and_grade(site, browser):
    claims = ledger.load()
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{site}/chapters/summary.html", wait_until="load")
    for field, attr in (("verdict", "data-verdict"), ("evidence", "data-evidence")):
        options = page.eval_on_selector_all(f"select[data-filter={field}] option", "os => os.map(o => o.value)")
        for value in [o for o in options if o]:
            page.select_option(f"select[data-filter={field}]", value)
            shown = page.eval_on_selector_all(
                "table.claims-table tbody tr:not([hidden])", f"rs => rs.map(r => r.getAttribute('{attr}'))"
            )
            assert set(shown) <= {value}
            if field == "verdict":
                assert len(shown) == sum(c.verdict == value for c in claims.values()), value
        page.select_option(f"select[data-filter={field}]", "")
    assert page.eval_on_selector_all("table.claims-table tbody tr:not([hidden])", "rs => rs.length") == len(claims)
    page.close()
