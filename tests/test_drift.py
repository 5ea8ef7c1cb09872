"""Drift checks: ledger against the table of contents, upstream files against their origin
records, built pages against their own links, stored outputs against nbval's reach."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from conftest import ROOT, copy_project, run_build
from dtbook.data.errors import DataError, GateError
from dtbook.site import drift


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "book")


def test_a_chapter_with_claims_removed_from_the_toc_stops_the_build_naming_it(project):
    toc = project / "_toc.yml"
    toc.write_text(toc.read_text().replace("      - file: chapters/s2_3_infrastructure\n", ""))
    out = run_build(project, "--execute-only")
    assert out.returncode == 1
    assert "chapters/s2_3_infrastructure.ipynb has" in out.stderr and "not in _toc.yml" in out.stderr, out.stderr
    assert "execute chapters" not in out.stdout, "drift stops the build before any notebook runs"


def test_a_deleted_upstream_file_stops_the_build_naming_it(project):
    (project / "data" / "upstream" / "wdi_bx.gsr.royl.cd.csv").unlink()
    out = run_build(project, "--execute-only")
    assert out.returncode == 1
    assert "data/upstream/wdi_bx.gsr.royl.cd.csv: upstream file missing" in out.stderr, out.stderr
    assert "execute chapters" not in out.stdout


def test_an_edited_upstream_file_is_refused_naming_it(tmp_path):
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    for side in ("wdi_bx.gsr.royl.cd.csv", "wdi_bx.gsr.royl.cd.csv.origin.yaml"):
        (upstream / side).write_bytes((ROOT / "data" / "upstream" / side).read_bytes())
    drift.check_upstream(upstream)
    with (upstream / "wdi_bx.gsr.royl.cd.csv").open("a") as fh:
        fh.write("X,Y,2099,1\n")
    with pytest.raises(DataError, match=r"wdi_bx\.gsr\.royl\.cd\.csv.*field 'sha256'.*do not match"):
        drift.check_upstream(upstream)
    (upstream / "stray.csv").write_text("a\n")
    (upstream / "wdi_bx.gsr.royl.cd.csv").write_bytes(
        (ROOT / "data" / "upstream" / "wdi_bx.gsr.royl.cd.csv").read_bytes()
    )
    with pytest.raises(DataError, match=r"stray\.csv: upstream file without an \.origin\.yaml"):
        drift.check_upstream(upstream)


def test_every_upstream_file_of_the_repository_matches_its_origin_record():
    drift.check_upstream()


def test_a_notebook_outside_the_toc_is_refused(tmp_path):
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    nbformat.write(nbformat.v4.new_notebook(), chapters / "orphan.ipynb")
    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: intro\nchapters: []\n")
    with pytest.raises(GateError, match=r"orphan\.ipynb is not in"):
        drift.check_toc({}, toc=toc, chapters=chapters)


def page(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")


def test_the_link_checker_finds_missing_pages_and_anchors(tmp_path):
    page(tmp_path / "index.html", '<a href="chapters/a.html#here">a</a> <a href="https://example.org/x">x</a>')
    page(tmp_path / "chapters" / "a.html", '<h1 id="here">A</h1><a href="#here">self</a><a href="../index.html">up</a>')
    assert drift.broken_links(tmp_path) == []
    page(tmp_path / "chapters" / "b.html", '<a href="a.html#gone">a</a> <a href="missing.html">m</a>')
    assert drift.broken_links(tmp_path) == [
        "chapters/b.html: link to a.html#gone, no such anchor",
        "chapters/b.html: link to missing missing.html",
    ]
    with pytest.raises(GateError, match="broken internal links"):
        drift.check_links(tmp_path)


def test_every_notebook_with_stored_outputs_is_under_nbval():
    drift.check_nbval()
    with_outputs = [
        p
        for p in (ROOT / "chapters").glob("*.ipynb")
        if any(c.get("outputs") for c in nbformat.read(p, as_version=4).cells if c.cell_type == "code")
    ]
    assert len(with_outputs) >= 10, "the chapter notebooks carry their outputs"


def test_a_notebook_with_outputs_outside_nbval_stops_the_build_naming_it(project):
    config = project / "pyproject.toml"
    config.write_text(config.read_text().replace('"chapters/*.ipynb"', '"chapters/s*.ipynb"'))
    out = run_build(project, "--execute-only")
    assert out.returncode == 1
    assert "chapters/data_sources.ipynb" in out.stderr and "not under nbval" in out.stderr, out.stderr
