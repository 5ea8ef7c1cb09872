"""Transcribed page tables: one shared schema, the producer's own address beside every reprint."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from dtbook.data import tables
from dtbook.data.errors import DataError

pytestmark = pytest.mark.static  # no build: part of `make check`

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
CATALOGUE = ROOT / "data" / "official_release_urls.csv"
SHARED_SCHEMA = "page_table.schema.yaml"


def page_tables(raw: Path = RAW) -> list[str]:
    """The transcribed tables: those whose provenance is a compilation of public pages."""
    out = []
    for name in tables.available(raw):
        desc = yaml.safe_load((raw / f"{name}.resource.yaml").read_text(encoding="utf-8"))
        if desc["origin"]["status"] == "compilation":
            out.append(name)
    return out


def read(raw: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(raw / f"{name}.csv", dtype=str, keep_default_na=False)


def missing_official_origin(raw: Path = RAW, catalogue: Path = CATALOGUE) -> list[str]:
    """Reprint rows that name a catalogued release but do not carry its address and title."""
    releases = pd.read_csv(catalogue, dtype=str, keep_default_na=False)
    releases = releases[releases["match_publisher"] != ""]
    problems = []
    for name in page_tables(raw):
        for i, row in read(raw, name).iterrows():
            if row["page_status"] != "reprint":
                continue
            text = f"{row['publisher']} {row['page_title']}"
            for rel in releases.itertuples():
                if re.search(rel.match_publisher, text) and re.fullmatch(rel.match_period, row["period"]):
                    if (row["official_url"], row["official_title"]) != (rel.official_url, rel.release):
                        problems.append(
                            f"{name}.csv, row {int(i) + 2} ({row['row_id']}): reads {rel.release} on a reprint"
                            f" but official_url/official_title are {row['official_url']!r}/{row['official_title']!r}"
                        )
    return problems


def test_every_page_table_uses_the_one_shared_schema():
    schema = yaml.safe_load((RAW / SHARED_SCHEMA).read_text(encoding="utf-8"))
    columns = [f["name"] for f in schema["fields"]]
    names = page_tables()
    assert len(names) >= 5, names  # the discovery found the page tables
    for name in names:
        desc = yaml.safe_load((RAW / f"{name}.resource.yaml").read_text(encoding="utf-8"))
        assert desc["schema"] == SHARED_SCHEMA, f"{name}: its descriptor must name {SHARED_SCHEMA}"
        assert list(read(RAW, name).columns) == columns, f"{name}.csv: columns differ from {SHARED_SCHEMA}"


def test_catalogue_rules_are_valid_regular_expressions():
    releases = pd.read_csv(CATALOGUE, dtype=str, keep_default_na=False)
    for rel in releases.itertuples():
        re.compile(rel.match_publisher)
        re.compile(rel.match_period)
        assert rel.official_url.startswith(("http://", "https://")), rel.release


def test_every_reprint_row_of_a_catalogued_release_carries_its_official_origin():
    assert missing_official_origin() == []


def test_official_url_and_title_go_together():
    for name in page_tables():
        df = read(RAW, name)
        lonely = df[(df["official_url"] == "") != (df["official_title"] == "")]
        assert lonely.empty, f"{name}: official_url without official_title or the reverse: {list(lonely['row_id'])}"


def test_a_reprint_row_without_its_official_url_is_found(tmp_path: Path):
    for name in page_tables():
        for suffix in (".csv", ".resource.yaml"):
            shutil.copy(RAW / f"{name}{suffix}", tmp_path / f"{name}{suffix}")
    name = "pages_software"
    df = read(tmp_path, name)
    target = df.index[(df["page_status"] == "reprint") & (df["official_url"] != "")][0]
    df.loc[target, ["official_url", "official_title"]] = ""
    df.to_csv(tmp_path / f"{name}.csv", index=False, lineterminator="\n")
    problems = missing_official_origin(tmp_path)
    assert len(problems) == 1 and f"{name}.csv, row {int(target) + 2}" in problems[0], problems


@pytest.mark.parametrize("name", page_tables())
def test_text_rows_are_the_only_rows_without_a_value(name):
    df = read(RAW, name)
    empty = df[(df["value"] == "") & (df["unit"] != "text")]
    assert empty.empty, f"{name}: rows without a value: {list(empty['row_id'])}"


@pytest.mark.parametrize("name", page_tables())
def test_every_page_row_carries_its_pages_words(name):
    """No row without the page's own words, and none whose words were not read again on the page."""
    df = read(RAW, name)
    bare = df[df["quote"].str.strip() == ""]
    assert bare.empty, f"{name}: rows without a quote: {list(bare['row_id'])}"
    stale = df[df["note"].str.contains("not re-read|no stored copy", case=False)]
    assert stale.empty, f"{name}: rows whose page was not re-read: {list(stale['row_id'])}"


@pytest.mark.parametrize("name", page_tables())
def test_every_page_row_prints_its_value(name):
    """Each row's `printed` is in its quote and denotes its value (dtbook.data.tokens): the loader's check."""
    tables.load(name)
    df = read(RAW, name)
    bare = df[(df["printed"] == "") & ~df["unit"].isin(["date", "text"])]
    assert bare.empty, f"{name}: rows with a figure but no printed token: {list(bare['row_id'])}"


def _load_edited(tmp_path: Path, name: str, row_id: str, column: str, text: str) -> int:
    """Load a copy of page table ``name`` with one cell changed (its hash updated); the row's file line."""
    shutil.copy(RAW / SHARED_SCHEMA, tmp_path / SHARED_SCHEMA)
    for suffix in (".csv", ".resource.yaml"):
        shutil.copy(RAW / f"{name}{suffix}", tmp_path / f"{name}{suffix}")
    df = read(tmp_path, name)
    (target,) = df.index[df["row_id"] == row_id]
    df.loc[target, column] = text
    df.to_csv(tmp_path / f"{name}.csv", index=False, lineterminator="\n")
    desc = tmp_path / f"{name}.resource.yaml"
    old = yaml.safe_load(desc.read_text(encoding="utf-8"))["hash"]
    new = "sha256:" + hashlib.sha256((tmp_path / f"{name}.csv").read_bytes()).hexdigest()
    desc.write_text(desc.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    tables.load(name, raw=tmp_path)
    return int(target) + 2


@pytest.mark.parametrize(
    ("row_id", "column", "text", "field"),
    [
        ("ecns-chn-2020-dds-trade-growth", "value", "8.5", "value"),  # the quote prints 8.4 percent
        ("jpeople-chn-2013-goods-trade-total-usd-100m", "value", "4160", "value"),  # 4兆1600億: a wrong scale
        ("ecns-chn-2020-dds-trade-growth", "printed", "8.5 percent", "printed"),  # not in the quote
    ],
)
def test_a_page_value_away_from_its_words_is_refused_naming_row_and_field(tmp_path, row_id, column, text, field):
    with pytest.raises(DataError) as err:
        _load_edited(tmp_path, "pages_trade", row_id, column, text)
    df = read(RAW, "pages_trade")
    line = int(df.index[df["row_id"] == row_id][0]) + 2
    assert err.value.file.endswith("pages_trade.csv"), str(err.value)
    assert (err.value.row, err.value.field) == (line, field), str(err.value)
    assert row_id in str(err.value)
