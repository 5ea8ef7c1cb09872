"""Accessibility: axe-core's default rules (WCAG 2 A/AA and best practices) on the book's kinds of
page, in light and dark mode, wide and narrow, in Debian's Chromium (the ``site`` and ``browser``
fixtures are in tests/conftest.py). A file of its own, so pytest-xdist runs it beside
tests/test_browser.py rather than after it."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import ROOT, SHOTS

AXE = ROOT / "tests" / "axe"
AXE_JS = AXE / "node_modules" / "axe-core" / "axe.min.js"
#: the pages axe checks: the landing page, one chapter, one claim page, the summary, the errata,
#: the annotated paper and the corrections log
AXE_PAGES = (
    "intro.html",
    "chapters/s2_1_trade_pattern.html",
    "claims/S21-03.html",
    "chapters/summary.html",
    "chapters/errata.html",
    "chapters/paper.html",
    "chapters/changelog.html",
)


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core, installed from tests/axe/package-lock.json (``npm ci``) when it is not there yet."""
    if not AXE_JS.is_file() and shutil.which("npm"):
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(AXE)], capture_output=True, text=True, timeout=300
        )
    if not AXE_JS.is_file():
        if os.environ.get("DTBOOK_REQUIRE_BROWSER"):
            pytest.fail("axe-core is required: npm ci --prefix tests/axe")
        pytest.skip("axe-core not installed (npm ci --prefix tests/axe)")
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page, site: str, rel: str, mode: str, width: int, source: str) -> list[str]:
    """axe's violations on one page in one colour mode and width, one line per rule with its nodes."""
    page.goto(f"{site}/{rel}", wait_until="load")
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    page.add_script_tag(content=source)
    found = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length} nodes, e.g. `
            + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')).join(' | '));
    }""")
    page.screenshot(path=str(SHOTS / f"axe__{rel.replace('/', '__').removesuffix('.html')}__{mode}__{width}.png"))
    return found


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_finds_no_violation(site, browser, axe_source, mode, width):
    """The landing page, one chapter, one claim page, the summary, the errata, the annotated paper
    and the corrections log, in one tab whose stored colour mode is ``mode``."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    page = context.new_page()
    problems = {rel: axe_violations(page, site, rel, mode, width, axe_source) for rel in AXE_PAGES}
    context.close()
    assert {rel: v for rel, v in problems.items() if v} == {}
