"""The evidence grade's helpers (dtbook.chapter.evidence): page tables, numeric levels, references."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from dtbook.chapter import evidence
from dtbook.data import tables
from dtbook.data.errors import GateError
from dtbook.data.tables import Table


@pytest.fixture(autouse=True)
def no_cache():
    evidence.is_page_table.cache_clear()
    evidence.is_level.cache_clear()
    yield
    evidence.is_page_table.cache_clear()
    evidence.is_level.cache_clear()


@pytest.mark.parametrize(
    ("origin", "page"), [({"status": "compilation"}, True), ({"status": "official"}, False), ({}, False), (None, False)]
)
def test_a_page_table_is_a_compilation(tmp_path, origin, page):
    (tmp_path / "t.resource.yaml").write_text(yaml.safe_dump({"name": "t", "origin": origin}), encoding="utf-8")
    assert evidence.is_page_table("t", tmp_path) is page  # the table of the folder given


def test_a_page_table_is_read_from_the_raw_folder_given(tmp_path):
    for folder, status in (("one", "compilation"), ("two", "official")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "t.resource.yaml").write_text(
            yaml.safe_dump({"name": "t", "origin": {"status": status}}), encoding="utf-8"
        )
    assert evidence.is_page_table("t", tmp_path / "one") is True
    assert evidence.is_page_table("t", tmp_path / "two") is False


RAW = tables.ROOT / "raw-of-the-test"  # the folder a page table is looked up in


def page(monkeypatch, columns):
    t = Table(name="p", df=pd.DataFrame(columns, dtype=str), descriptor={}, path=tables.ROOT / "p.csv", key=["row_id"])

    def load(name, raw):
        assert (name, raw) == ("p", RAW)  # the table of the raw folder is_level was given
        return t

    monkeypatch.setattr(evidence, "load", load)


ROWS = {
    "row_id": ["a", "b", "c", "d", "e"],
    "unit": ["percent", " Date ", "count", "text", "label"],
    "value": ["8.4", "2020-01-01", "many", "", "x"],
}


@pytest.mark.parametrize(
    ("key", "level"), [("a", True), ("b", False), ("c", False), ("d", False), ("e", False), ("z", False)]
)
def test_a_level_is_a_numeric_row_of_a_page_table(monkeypatch, key, level):
    page(monkeypatch, ROWS)
    assert evidence.is_level("p", key, RAW) is level


def test_a_whole_table_is_a_level_when_every_row_is(monkeypatch):
    page(monkeypatch, ROWS)
    assert evidence.is_level("p", "*", RAW) is False
    evidence.is_level.cache_clear()
    page(monkeypatch, {"row_id": ["a", "b"], "unit": ["percent", "count"], "value": ["8.4", "3"]})
    assert evidence.is_level("p", "*", RAW) is True


@pytest.mark.parametrize("drop", ["row_id", "unit"])
def test_a_table_without_row_ids_or_units_holds_no_level(monkeypatch, drop):
    page(monkeypatch, {k: v for k, v in ROWS.items() if k != drop})
    assert evidence.is_level("p", "a", RAW) is False


@pytest.mark.parametrize("unit", ["date", "text", "label", "event"])
def test_each_unit_that_is_not_a_level(monkeypatch, unit):
    page(monkeypatch, {"row_id": ["a"], "unit": [unit], "value": ["3"]})
    assert evidence.is_level("p", "a", RAW) is False


def test_references():
    assert evidence.table_of("t#k:c") == "t" and evidence.table_of("t") == "t"
    assert evidence.row_of("t#a:b:c") == "t#a:b" and evidence.row_of("t#k") == "t#k" and evidence.row_of("t") == "t"
    assert evidence._column("t#a:b:c") == "c" and evidence._column("t#k") == "" and evidence._column("t") == ""
    assert evidence._key("t#a:b:c") == "a:b" and evidence._key("t#*") == "*" and evidence._key("t#k:value") == "k"


def test_weakest():
    assert evidence.weakest([]) == "none"
    assert evidence.weakest(["dataset"]) == "dataset"
    assert evidence.weakest(["paper", "derived"]) == "paper"
    assert evidence.weakest(["none", "paper"]) == "none"


def test_no_input_message():
    with pytest.raises(GateError) as err:
        evidence.grade("X", "contradicted", frozenset())
    assert str(err.value) == (
        "X: no recorded input, so its evidence cannot be graded (pass the intervals as evidence= or the tables read as uses=)"
    )


def test_a_level_and_a_dataset_row_are_derived(monkeypatch):
    monkeypatch.setattr(evidence, "is_page_table", lambda name, raw: name == "p")
    monkeypatch.setattr(evidence, "is_level", lambda table, key, raw: True)
    assert evidence.grade("X", "reproduced", frozenset({"p#a:value", "d#1:v"})) == "derived"
    assert evidence.grade("X", "reproduced", frozenset({"p#a", "d#1:v"})) == "derived"  # a whole row is its value
    assert evidence.grade("X", "reproduced", frozenset({"p#a:quote", "d#1:v"})) == "quoted"  # words, not a level
    assert evidence.grade("X", "reproduced", frozenset({"p#a:value"})) == "quoted"
    monkeypatch.setattr(evidence, "is_level", lambda table, key, raw: False)
    assert evidence.grade("X", "reproduced", frozenset({"p#a:value", "p#b:value", "d#1:v"})) == "quoted"


def test_a_level_is_looked_up_in_its_own_table(monkeypatch):
    monkeypatch.setattr(evidence, "is_page_table", lambda name, raw: name.startswith("p"))
    monkeypatch.setattr(evidence, "is_level", lambda table, key, raw: table == "p1")
    assert evidence.grade("X", "reproduced", frozenset({"p1#a:value", "p1#b:value"})) == "derived"
    assert evidence.grade("X", "reproduced", frozenset({"p2#a:value", "p2#b:value"})) == "quoted"


def test_grade_looks_tables_up_in_the_raw_folder_it_is_given(monkeypatch):
    seen = []
    monkeypatch.setattr(evidence, "is_page_table", lambda name, raw: seen.append(("page", raw)) or name == "p")
    monkeypatch.setattr(evidence, "is_level", lambda table, key, raw: seen.append(("level", raw)) or True)
    assert evidence.grade("X", "reproduced", frozenset({"p#a:value", "d#1:v"}), raw=RAW) == "derived"
    assert seen and {raw for _, raw in seen} == {RAW} and ("level", RAW) in seen
