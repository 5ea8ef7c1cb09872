"""An edited paper stops the build, naming the file (on a scratch copy of the project)."""

from __future__ import annotations

from conftest import copy_project, run_build


def test_an_edited_paper_stops_the_build(tmp_path):
    root = copy_project(tmp_path / "book")
    paper = root / "paper" / "paper.txt"
    text = paper.read_text(encoding="utf-8")
    assert "US\\$4.16 trillion" in text
    paper.write_text(text.replace("US\\$4.16 trillion", "US\\$4.17 trillion", 1), encoding="utf-8")
    out = run_build(root, "--execute-only")
    assert out.returncode == 1
    assert "BUILD STOPPED: paper/paper.txt: sha256" in out.stderr, out.stderr[-3000:]
    assert "references.bib" in out.stderr
    assert "execute chapters" not in out.stdout, "the paper is checked before any notebook runs"
