"""Every text from data is escaped on the pages: markup in a ledger reason, a page row's words,
title, publisher or URL, or a result's note renders as text, and inside the JSON-LD script block it
cannot close the element or open a comment.

On a scratch copy whose ledger, page table and recorded results are seeded with markup, the page
fragments the Sphinx directives emit (every claim card, the claims table, the overview, the
provenance list) are rendered and parsed with ``html.parser``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from conftest import CleanBook, copy_project
from test_build import rehash

CLAIM = "S221-08"  # contradicted, reads page rows of pages_trade, has a note
TABLE, ROW = "pages_trade", "csinfo-chn-2021-cbec-trade-growth"
MARKUP = "<!--<script>alert(1)</script>--> </script><b>bold</b> & \"double\" 'single'"
URL = "https://example.org/?a=1&b='><script>alert(2)</script>"

RENDER = """
import sys
from pathlib import Path
from dtbook.site import cards, record, tables_html

ids = list(record.claim_records())
parts = [cards.card_html(cid, "../") for cid in ids] + [cards.claim_page_html(cid) for cid in ids]
parts += [tables_html.claims_table("", None, True), tables_html.overview(""), tables_html.provenance_list("")]
Path(sys.argv[1]).write_text("<!DOCTYPE html><html><body>" + "".join(parts) + "</body></html>", encoding="utf-8")
"""


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def seed(root: Path) -> None:
    ledger = root / "data" / "claims.csv"
    df = pd.read_csv(ledger, dtype=str, keep_default_na=False)
    assert (df["id"] == CLAIM).sum() == 1
    df.loc[df["id"] == CLAIM, "reason"] = f"reason {MARKUP}"
    df.to_csv(ledger, index=False, lineterminator="\n")
    table = root / "data" / "raw" / f"{TABLE}.csv"
    rows = pd.read_csv(table, dtype=str, keep_default_na=False)
    mask = rows["row_id"] == ROW
    assert mask.sum() == 1
    for column in ("quote", "page_title", "publisher", "official_title"):
        rows.loc[mask, column] = f"{column} {MARKUP}"
    rows.loc[mask, "quote"] += " " + rows.loc[mask, "printed"]  # the quote still prints the row's figure
    rows.loc[mask, "url"] = URL
    rows.loc[mask, "official_url"] = URL + "&official"
    rows.to_csv(table, index=False, lineterminator="\n")
    rehash(root / "data" / "raw", TABLE)
    for path in (root / "_build" / "results").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for r in data["results"]:
            if r["id"] == CLAIM:
                r["note"] = f"note {MARKUP}"
                path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def test_markup_from_data_renders_as_text(tmp_path, clean_book: CleanBook):
    root = copy_project(tmp_path / "book")
    shutil.copytree(clean_book.results, root / "_build" / "results")  # the recorded results the cards render
    seed(root)
    out = root / "page.html"
    env = dict(os.environ, DTBOOK_ROOT=str(root))
    env.pop("DTBOOK_LEDGER", None)
    run = subprocess.run(
        [sys.executable, "-c", RENDER, str(out)], cwd=root, env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-3000:]
    page = Page()
    page.feed(out.read_text(encoding="utf-8"))
    page.close()

    ids = list(pd.read_csv(root / "data" / "claims.csv", dtype=str, keep_default_na=False)["id"])
    cards = [a["data-claim"] for t, a in page.tags if t == "div" and "data-claim" in a]
    assert cards == ids + ids, "every claim has its card in the chapter and on its own page, in the ledger's order"
    assert page.comments == [], "no comment opened by data"
    assert {t for t, _ in page.tags}.isdisjoint({"b", "img"}), "no element from data"
    scripts = [a for t, a in page.tags if t == "script"]
    assert len(scripts) == len(ids) and all(a == {"type": "application/ld+json"} for a in scripts)

    text = "".join(page.text)
    for column in ("reason", "note", "quote", "page_title", "publisher", "official_title"):
        assert f"{column} {MARKUP}" in text, f"the seeded {column} is shown as text"
    hrefs = [a.get("href") for t, a in page.tags if t == "a"]
    assert URL in hrefs and URL + "&official" in hrefs, "the seeded URLs are links, whole"

    for raw in page.scripts:
        assert not set(raw) & set("<>&"), "JSON-LD writes <, > and & as \\u escapes"
        json.loads(raw)
    review = next(
        json.loads(raw)
        for raw in page.scripts
        if f"reason {MARKUP}" in json.loads(raw)["reviewRating"]["ratingExplanation"]
    )
    assert review["claimReviewed"]
