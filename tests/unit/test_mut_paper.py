"""The paper's pin, its bibliography entry and its reference list (dtbook.data.paper), on tiny files."""

from __future__ import annotations

import pytest
from ascii_locale import ascii_locale

from dtbook.data import paper
from dtbook.data.paper import PaperError, bibliographic, pinned_sha256, verified_text
from dtbook.data.reads import ReadLog

PIN = "0123456789abcdef" * 4


def bib(tmp_path, text: str):
    path = tmp_path / "references.bib"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_pin_is_the_entrys_own(tmp_path):
    other = "f" * 64
    path = bib(
        tmp_path, f"@misc{{yuya,\n  title = {{Ü}},\n  sha256 = {{{PIN}}},\n}}\n@misc{{x,\n  sha256 = {{{other}}},\n}}\n"
    )
    assert pinned_sha256(path) == PIN
    assert pinned_sha256(path, "x") == other


def test_a_pin_after_the_entry_is_not_its_pin(tmp_path):
    path = bib(tmp_path, f"@misc{{yuya,\n  title = {{t}},\n}}\n@misc{{x,\n  note = {{n}},\n}}\n  sha256 = {{{PIN}}},\n")
    with pytest.raises(PaperError) as err:
        pinned_sha256(path)
    assert (err.value.file, err.value.field) == ("references.bib", "sha256")
    assert err.value.message == "entry 'yuya' records no sha256 of the paper's text"


def test_a_pin_must_start_its_line(tmp_path):
    path = bib(tmp_path, f"@misc{{yuya,\n  title = {{t}}, sha256 = {{{PIN}}},\n}}\n")
    with pytest.raises(PaperError):
        pinned_sha256(path)


@pytest.mark.parametrize("text", [None, "", "@misc{other,\n  sha256 = {" + PIN + "},\n}\n"])
def test_no_entry_no_pin(tmp_path, text):
    path = tmp_path / "references.bib" if text is None else bib(tmp_path, text)
    with pytest.raises(PaperError) as err:
        pinned_sha256(path)
    assert (err.value.file, err.value.field) == ("references.bib", "sha256")


def test_bibliographic_fields_without_braces(tmp_path):
    path = bib(
        tmp_path,
        "@misc{x,\n  title = {Other},\n}\n"
        "@article{ yuya ,\n  author = {Shen, {Y.}},\n  title = {{Digital} trade},\n  year = {2022},\n"
        "  note = {n}\n}\n@misc{z,\n  title = {After},\n}\n",
    )
    assert bibliographic(path) == {"author": "Shen, Y.", "title": "Digital trade", "year": "2022", "note": "n"}


@pytest.mark.parametrize("text", [None, "@misc{other,\n  title = {t},\n}\n"])
def test_bibliographic_of_no_entry(tmp_path, text):
    path = tmp_path / "references.bib" if text is None else bib(tmp_path, text)
    with pytest.raises(PaperError) as err:
        bibliographic(path)
    assert (err.value.file, err.value.message, err.value.field) == ("references.bib", "no entry 'yuya'", None)


def test_the_entry_is_read_as_utf8_whatever_the_locale(tmp_path):
    path = bib(
        tmp_path,
        f"@misc{{yuya,\n  author = {{Yu, Ya (于雅)}},\n  title = {{中国数字贸易发展的现状、问题与对策研究}},\n"
        f"  sha256 = {{{PIN}}},\n}}\n",
    )
    with ascii_locale():
        assert pinned_sha256(path) == PIN
        assert bibliographic(path) == {
            "author": "Yu, Ya (于雅)",
            "title": "中国数字贸易发展的现状、问题与对策研究",
            "sha256": PIN,
        }


def test_a_missing_paper(tmp_path):
    with pytest.raises(PaperError) as err:
        verified_text(tmp_path / "paper.txt", bib(tmp_path, ""))
    assert (err.value.file, err.value.message) == ("paper.txt", "the paper under audit is missing")


@pytest.fixture
def tiny_paper(monkeypatch):
    text = (
        "Title\n[1] Shen Y. (2020). Trade. Journal (01), 46-53.\n[12] Ma S. (2018). Issues. Journal, 16-30.\nx [3] y\n"
    )
    monkeypatch.setattr(paper, "verified_text", lambda: text)
    paper._references.cache_clear()
    paper._text.cache_clear()
    yield text
    paper._references.cache_clear()
    paper._text.cache_clear()


def test_references(tiny_paper):
    log = ReadLog()
    assert paper.references(log) == {
        1: "Shen Y. (2020). Trade. Journal (01), 46-53.",
        12: "Ma S. (2018). Issues. Journal, 16-30.",
    }
    assert log.rows_in_cell() == {"paper#references"}


def test_reference_year_issue(tiny_paper):
    log = ReadLog()
    assert paper.reference_year_issue(1, log) == (2020, 1)
    assert paper.reference_year_issue(12, log) == (2018, None)
    assert log.rows_in_cell() == {"paper#references"}  # read through the reference list


def test_text(tiny_paper):
    log = ReadLog()
    assert paper.text(log) == tiny_paper
    assert log.rows_in_cell() == {"paper#text"}
