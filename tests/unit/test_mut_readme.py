"""The README's generated blocks (dtbook.site.readme): the verdict counts and grades from the
records, the data table from the descriptors; on records and descriptors made here."""

from __future__ import annotations

import sys

import pytest
import yaml
from ascii_locale import ascii_locale
from tables_book import rec

from dtbook.site import readme, record


@pytest.fixture
def book(monkeypatch):
    recs = [
        rec("S1-01", "1", "reproduced", "dataset"),
        rec("S1-02", "1", "reproduced", "dataset"),
        rec("S1-03", "1", "reproduced", "derived"),
        rec("S1-04", "1", "reproduced", "quoted"),
        rec("S1-05", "1", "contradicted", "paper"),
        rec("S1-06", "1", "unverifiable", "none"),
    ]
    by_id = {r.id: r for r in recs}
    monkeypatch.setattr(record, "claim_records", lambda *_: by_id)


GRADES = (
    "Of the 4 reproduced claims, 3 were recomputed from data (2 from a producer's statistical table, 1 derived "
    "from published levels), 1 were found printed in a source and 0 were checked against the paper itself. "
    "By verdict and evidence grade:\n"
    "\n"
    "| verdict | dataset | derived | quoted | paper | none | total |\n"
    "|---|---:|---:|---:|---:|---:|---:|\n"
    "| reproduced | 2 | 1 | 1 | 0 | 0 | 4 |\n"
    "| inconsistent | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    "| contradicted | 0 | 0 | 0 | 1 | 0 | 1 |\n"
    "| unverifiable | 0 | 0 | 0 | 0 | 1 | 1 |\n"
    "| judgement | 0 | 0 | 0 | 0 | 0 | 0 |"
)


def test_the_grades_block(book):
    assert readme.grades() == GRADES


def test_the_verdicts_block(book):
    assert readme.verdicts() == (
        "The audited ledger holds 6 claims: 4 reproduced, 0 inconsistent, 1 contradicted, 1 unverifiable, "
        "0 judgement. By the summary chapter's rule the paper's figures are classed as **partial**.\n\n" + GRADES
    )


def test_without_results_the_blocks_say_to_build(monkeypatch):
    def missing(*_: object) -> None:
        raise KeyError("S1-01: no recorded result")

    monkeypatch.setattr(record, "claim_records", missing)
    for block in (readme.verdicts, readme.grades):
        with pytest.raises(SystemExit, match=r"^README: S1-01: no recorded result; run make book first$"):
            block()


@pytest.fixture
def raw(tmp_path, monkeypatch):
    folder = tmp_path / "raw"
    folder.mkdir()
    monkeypatch.setattr(readme, "RAW", folder)

    def descriptor(stem, **d):
        (folder / f"{stem}.resource.yaml").write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")

    descriptor("b", name="wdi", origin={"producer": "World\n Bank", "repository": "o/r", "repository_path": "f.csv",
               "commit": "0123456789abcdef", "url_main": "https://x", "status": "copy", "license": {"name": "CC  BY"}})  # fmt: skip
    descriptor("a", name="pages_t", origin={"producer": "various", "status": "compilation", "url_main": "https://y"})
    descriptor("c", name="own", origin={"producer": "P", "status": "official", "url_main": "https://p.example", "license": None})  # fmt: skip
    descriptor("d")
    return folder


def test_the_data_table(raw):
    assert readme.table() == (
        "| table | producer | origin | status | licence |\n"
        "|---|---|---|---|---|\n"
        "| `pages_t` | various | public pages, one per row (`url`) | compilation |  |\n"
        "| `wdi` | World Bank | `o/r f.csv @ 0123456789` | copy | CC BY |\n"
        "| `own` | P | https://p.example | official |  |\n"
        "| `d.resource` |  |  |  |  |"
    )


README = f"""# Title

{readme.VBEGIN}
old verdicts
{readme.VEND}

Between.

{readme.BEGIN}
old table
{readme.END}
End.
"""


def test_render_fills_both_blocks(raw, book):
    out = readme.render(README)
    assert out == (
        f"# Title\n\n{readme.VBEGIN}\n{readme.verdicts()}\n{readme.VEND}\n\nBetween.\n\n"
        f"{readme.BEGIN}\n{readme.table()}\n{readme.END}\nEnd.\n"
    )
    assert readme.render(out) == out
    assert readme.BEGIN.startswith("<!-- data-table:begin") and readme.END == "<!-- data-table:end -->"
    assert readme.VBEGIN.startswith("<!-- verdicts:begin") and readme.VEND == "<!-- verdicts:end -->"


def test_main_rewrites_and_checks_the_readme(raw, book, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(readme, "ROOT", tmp_path)
    path = tmp_path / "README.md"
    path.write_text(README, encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["prog", "--check"])
    assert readme.main() == 1 and path.read_text(encoding="utf-8") == README
    assert capsys.readouterr().out == "README.md is out of step with its sources: run python -m dtbook.site.readme\n"
    monkeypatch.setattr(sys, "argv", ["prog"])
    assert readme.main() == 0 and path.read_text(encoding="utf-8") == readme.render(README)


def test_a_block_ends_at_its_own_end_marker_when_the_markers_are_quoted_later(raw, book):
    later = f"\nThe markers: `{readme.BEGIN}` ... `{readme.END}`, `{readme.VBEGIN}` ... `{readme.VEND}`.\n"
    out = readme.render(README + later)
    assert out == readme.render(README) + later


def test_the_readme_is_read_as_utf8_whatever_the_locale(raw, book, tmp_path, monkeypatch):
    monkeypatch.setattr(readme, "ROOT", tmp_path)
    path = tmp_path / "README.md"
    text = "# 数字贸易 (Yu Ya, 于雅)\n" + README
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["prog"])
    with ascii_locale():
        assert readme.main() == 0
    assert path.read_text(encoding="utf-8") == readme.render(text)
    assert path.read_text(encoding="utf-8").startswith("# 数字贸易 (Yu Ya, 于雅)\n# Title\n")
