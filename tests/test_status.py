"""The generated status page: commit, build date, gate result and one row per notebook, all
functions of the sources; execution times shown but never indexed for search."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from dtbook.data import ledger
from dtbook.site import status
from dtbook.site.timing import timing


def write_results(folder: Path, notebook: str, flip: str | None = None) -> None:
    claims = [c for c in ledger.load().values() if c.notebook == notebook]
    results = [
        {"id": c.id, "verdict": ("contradicted" if c.id == flip else c.verdict)}
        for c in sorted(claims, key=lambda c: c.id)
    ]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{notebook}.json").write_text(json.dumps({"notebook": notebook, "results": results}))


@pytest.fixture
def results(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "results"
    for nb in {c.notebook for c in ledger.load().values()}:
        write_results(folder, nb)
    monkeypatch.setattr(status, "RESULTS", folder)
    monkeypatch.setattr(status, "BUILD", tmp_path)
    return folder


def test_gate_and_one_row_per_notebook(results):
    rows, gate = status.notebook_rows()
    assert gate.startswith(f"passed: {len(ledger.load())} claims, every computed verdict as audited")
    row = next(r for r in rows if r.startswith("| `s2_1_trade_pattern` |"))
    n = sum(c.notebook == "s2_1_trade_pattern" for c in ledger.load().values())
    assert row.startswith(f"| `s2_1_trade_pattern` | {n} | {n} | {n} | pass | {{dtbook-timing}}`")


def test_a_verdict_that_differs_fails_its_notebook_and_the_gate(results):
    first = min(c.id for c in ledger.load().values() if c.notebook == "s3_problems" and c.verdict != "contradicted")
    write_results(results, "s3_problems", flip=first)
    rows, gate = status.notebook_rows()
    assert gate == "**failed** for 1 notebooks"
    assert " | FAIL | " in next(r for r in rows if r.startswith("| `s3_problems` |"))


def test_build_date_from_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert status.build_date() == "2023-11-14 22:13:20 UTC (SOURCE_DATE_EPOCH)"


def test_commit_and_commit_date_of_a_checkout(tmp_path, monkeypatch):
    monkeypatch.setattr(status, "ROOT", tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert status.commit() == "not a git checkout"
    assert status.build_date().startswith("unknown")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    (tmp_path / "a.txt").write_text("a\n")
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "a.txt"], cwd=tmp_path, check=True)
    env = {"GIT_COMMITTER_DATE": "1700000000 +0000", "PATH": "/usr/bin:/bin"}
    subprocess.run([*git, "commit", "-qm", "one"], cwd=tmp_path, check=True, env=env)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=tmp_path, capture_output=True, text=True).stdout.strip()
    assert status.commit() == f"`{head}`"
    assert status.build_date() == "2023-11-14 22:13:20 UTC (commit date)"
    (tmp_path / "a.txt").write_text("b\n")
    assert status.commit() == f"`{head}` with uncommitted changes to tracked files"


def test_a_timing_cell_is_never_indexed_for_search():
    from sphinx.search import WordCollector
    from sphinx.search.en import SearchEnglish

    doc = new_document("status", get_default_settings(Parser))
    para = nodes.paragraph()
    para += nodes.Text("seconds ")
    para += timing(value="12.3")
    doc += para
    collector = WordCollector(doc, SearchEnglish({}))
    doc.walk(collector)  # as Sphinx indexes a page
    assert collector.found_words == ["seconds"]
