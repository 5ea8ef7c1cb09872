"""scripts/page_table.py: a contributor writes a page table's CSV by hand; the command writes (or
completes) its descriptor from the CSV and rehashes it, and the loader accepts the table."""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from dtbook.data import tables
from dtbook.data.reads import ReadLog

sys.path.insert(0, str(ROOT / "scripts"))
import page_table

pytestmark = pytest.mark.static
SOURCE = ROOT / "data" / "raw" / "pages_tech_market.csv"


def rows(n: int) -> list[dict[str, str]]:
    with SOURCE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))[:n]


def write(path: Path, records: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(records[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(records)


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(ROOT / "data" / "raw" / page_table.SCHEMA, folder)
    return folder


def test_a_new_page_table_needs_only_its_csv(raw):
    first = rows(3)
    write(raw / "pages_demo.csv", first)
    assert (
        page_table.main(["pages_demo", "--title", "Demo shares", "--producer", "StatCounter", "--raw", str(raw)]) == 0
    )
    desc = yaml.safe_load((raw / "pages_demo.resource.yaml").read_text(encoding="utf-8"))
    assert desc["schema"] == page_table.SCHEMA and desc["title"] == "Demo shares"
    assert desc["origin"]["producer"] == "StatCounter"
    assert desc["units"]["series"] == {r["series"]: r["unit"] for r in first}
    table = tables.load("pages_demo", raw=raw, log=ReadLog())
    assert list(table.df["row_id"]) == [r["row_id"] for r in first]


def test_a_new_series_is_added_and_a_declared_one_kept(raw):
    first = rows(2)
    write(raw / "pages_demo.csv", first)
    page_table.main(["pages_demo", "--title", "Demo", "--raw", str(raw)])
    path = raw / "pages_demo.resource.yaml"
    declared = first[0]["series"]
    path.write_text(path.read_text(encoding="utf-8").replace(f"    {declared}: ", f"    {declared}: kept-"), "utf-8")
    more = [*first, {**first[1], "row_id": "x-new", "series": "zz_new_series", "unit": "rank"}]
    write(raw / "pages_demo.csv", more)
    page_table.main(["pages_demo", "--raw", str(raw)])
    series = yaml.safe_load(path.read_text(encoding="utf-8"))["units"]["series"]
    assert series["zz_new_series"] == "rank"
    assert series[declared].startswith("kept-"), "a declared series is never changed"
    assert list(series) == sorted(series)


def test_a_series_with_two_units_stops_naming_row_and_field(raw):
    first = rows(2)
    write(raw / "pages_demo.csv", [first[0], {**first[1], "series": first[0]["series"], "unit": "count"}])
    with pytest.raises(SystemExit, match=r"pages_demo\.csv, row 3, field 'unit'"):
        page_table.main(["pages_demo", "--title", "Demo", "--raw", str(raw)])


def test_a_new_table_without_a_title_is_refused(raw):
    write(raw / "pages_demo.csv", rows(1))
    with pytest.raises(SystemExit, match="give --title"):
        page_table.main(["pages_demo", "--raw", str(raw)])
