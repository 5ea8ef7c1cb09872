"""data_sources.bib (dtbook.site.bib): one BibTeX entry per raw table from its descriptor, on
descriptors written here."""

from __future__ import annotations

import pytest
import yaml

from dtbook.site import bib


def test_tex_leaves_no_specials_to_render():
    assert bib._tex("  a\n b   c ") == "a b c"
    assert bib._tex("US$5 and $6 and US$ 7") == "USD 5 and USD 6 and USD 7"
    assert bib._tex("a\\b {c} 50% & #1 x_y") == "a/b (c) 50\\% \\& \\#1 x\\_y"
    assert bib._tex(2024) == "2024"


@pytest.fixture
def raw(tmp_path, monkeypatch):
    folder = tmp_path / "raw"
    folder.mkdir()
    monkeypatch.setattr(bib, "RAW", folder)
    monkeypatch.setattr(bib, "TARGET", tmp_path / "data_sources.bib")
    return folder


def descriptor(raw, name, **d):
    (raw / f"{name}.resource.yaml").write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")


REPO = {
    "producer": "World  Bank",
    "title": "origin title",
    "repository": "o/r",
    "repository_path": "f.csv",
    "commit": "0123456789abcdef",
    "url_main": "https://wb.example/x",
    "status": "copy",
    "license": {"name": "CC BY 4.0"},
    "date_published": "2024-05-06",
    "date_accessed": "2024-07-08",
}


def test_an_entry_from_a_repository_copy(raw):
    descriptor(raw, "wdi", title="Exports, US$ {current}", origin=REPO)
    assert bib.entry("wdi") == (
        "@misc{wdi,\n"
        "  author = {{World Bank}},\n"
        "  title = {{Exports, USD (current)}},\n"
        "  year = {2024},\n"
        "  url = {https://wb.example/x},\n"
        "  note = {Obtained from o/r f.csv @ 0123456789ab. Status: copy. Licence: CC BY 4.0. Accessed 2024-07-08. "
        "Project table data/raw/wdi.csv.}\n"
        "}\n"
    )


def test_an_entry_of_a_page_compilation_without_date_or_url(raw):
    origin = {"producer": "various", "title": "Pages & more", "status": "compilation", "url_main": "see rows",
              "date_published": "n.d."}  # fmt: skip
    descriptor(raw, "pages_x", origin=origin)
    assert bib.entry("pages_x") == (
        "@misc{pages_x,\n"
        "  author = {{various}},\n"
        "  title = {{Pages \\& more}},\n"
        "  note = {Figures transcribed from the public pages named in each row. Status: compilation. Licence: . "
        "Accessed . Project table data/raw/pages\\_x.csv.}\n"
        "}\n"
    )


def test_an_entry_with_no_date_no_licence(raw):
    descriptor(raw, "t", title="", origin={"producer": "P", "title": "T", "status": "official", "license": None})
    out = bib.entry("t")
    assert "  title = {{T}},\n" in out and "year" not in out and "url" not in out
    assert "note = {Status: official. Licence: . Accessed . Project table" in out


def test_render_and_main(raw, capsys):
    descriptor(raw, "b_t", origin=REPO)
    descriptor(raw, "a_t", origin=REPO)
    text = bib.render()
    assert text.startswith(
        "% Generated from data/raw/*.resource.yaml by python -m dtbook.site.bib; do not edit.\n\n@misc{a_t,"
    )
    assert text.index("@misc{a_t,") < text.index("@misc{b_t,") and "}\n\n@misc{b_t," in text
    assert bib.main(["--check"]) == 1
    assert capsys.readouterr().out == (
        "data_sources.bib is out of step with its sources: run python -m dtbook.site.bib\n"
    )
    assert bib.main([]) == 0 and bib.TARGET.read_text(encoding="utf-8") == text
    assert bib.main(["--check"]) == 0
