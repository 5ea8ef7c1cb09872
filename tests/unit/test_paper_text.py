"""The paper's text is read only when its bytes have the sha256 its provenance records."""

from __future__ import annotations

import pytest

from dtbook.data.paper import PaperError, pinned_sha256, verified_text
from dtbook.data.reads import sha256_bytes


def test_the_paper_is_read_only_with_its_pinned_sha256(tmp_path):
    paper, bib = tmp_path / "paper.txt", tmp_path / "references.bib"
    paper.write_text("The total value was US\\$294.76 billion.\n", encoding="utf-8")
    digest = sha256_bytes(paper.read_bytes())
    bib.write_text(f"@misc{{other,\n  sha256 = {{{'0' * 64}}},\n}}\n@misc{{yuya,\n  sha256 = {{{digest}}},\n}}\n")
    assert pinned_sha256(bib) == digest
    assert verified_text(paper, bib) == paper.read_text(encoding="utf-8")
    paper.write_text("The total value was US\\$294.77 billion.\n", encoding="utf-8")
    with pytest.raises(PaperError, match=r"paper\.txt: sha256 \w+ is not the \w+ recorded with its provenance"):
        verified_text(paper, bib)
    paper.unlink()
    with pytest.raises(PaperError, match="missing"):
        verified_text(paper, bib)


def test_an_entry_without_a_pin_is_refused(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text("@misc{yuya,\n  title = {no pin},\n}\n@misc{x,\n  sha256 = {" + "0" * 64 + "},\n}\n")
    with pytest.raises(PaperError, match="records no sha256"):
        pinned_sha256(bib)
