"""A raw table proves itself before it is read (dtbook.data.tables), on tiny tables in a tmp dir."""

from __future__ import annotations

import hashlib
from fractions import Fraction

import pandas as pd
import pytest
import yaml
from ascii_locale import ascii_locale

from dtbook.data import tables
from dtbook.data.errors import DataError
from dtbook.data.paths import Project
from dtbook.data.reads import ReadLog
from dtbook.data.tables import Table, available, load, schema_of, schema_path

ORIGIN = {
    "producer": "P",
    "title": "T",
    "date_accessed": "2024-01-01",
    "license": {"name": "CC-BY"},
    "status": "official",
    "url_main": "https://example.org/t",
}
FIELDS = [{"name": "geo", "type": "string"}, {"name": "year", "type": "integer"}, {"name": "value", "type": "string"}]
MEMO_PATH = tables._memo_path  # the real one (a fixture points it into tmp)
CSV = "geo,year,value\nCHN,2020,8.4\nUSA,2020,12\n"


@pytest.fixture(autouse=True)
def fresh(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "_CACHE", {})
    monkeypatch.setattr(tables, "_memo_path", lambda a, b: tmp_path / "memo" / f"{a[:12]}-{b[:12]}")


@pytest.fixture
def log(tmp_path):
    """The test's own read log: files are named by their path in the tmp project."""
    return ReadLog(Project(tmp_path))


def put(raw, name="t", csv=CSV, schema=None, units=None, **desc):
    raw.mkdir(exist_ok=True)
    (raw / f"{name}.csv").write_text(csv, encoding="utf-8")
    d = {
        "name": name,
        "path": f"{name}.csv",
        "format": "csv",
        "encoding": "utf-8",
        "hash": "sha256:" + hashlib.sha256(csv.encode()).hexdigest(),
        "schema": schema if schema is not None else {"fields": FIELDS, "primaryKey": ["geo", "year"]},
        "units": units if units is not None else {"fields": {"value": "percent"}},
        "origin": ORIGIN,
    }
    d.update(desc)
    (raw / f"{name}.resource.yaml").write_text(yaml.safe_dump(d), encoding="utf-8")
    return raw / f"{name}.resource.yaml"


def fails(raw, name="t") -> DataError:
    with pytest.raises(DataError) as err:
        load(name, raw, log=ReadLog())
    return err.value


def test_a_good_table_loads_with_its_key_and_records_its_files(tmp_path, log):
    raw = tmp_path / "raw"
    put(raw)
    t = load("t", raw, log=log)
    assert (t.name, t.key, t.path, t.file) == ("t", ["geo", "year"], raw / "t.csv", "t.csv")
    assert list(t.df.columns) == ["geo", "year", "value"] and t.df["year"].tolist() == ["2020", "2020"]
    assert t.origin == ORIGIN and t.origin is not t.descriptor["origin"]
    assert t.unit() == "percent" and t.unit("value") == "percent"
    files = log.files()  # named by their path in the project
    assert set(files) == {"raw/t.csv", "raw/t.resource.yaml"}
    assert files["raw/t.csv"] == hashlib.sha256(CSV.encode()).hexdigest()
    memo = list((tmp_path / "memo").iterdir())
    assert [m.read_text(encoding="utf-8") for m in memo] == ["t.csv\n"]


def test_a_second_load_is_the_cached_table_and_records_again(tmp_path, log):
    raw = tmp_path / "raw"
    put(raw)
    first = load("t", raw, log=log)
    assert load("t", raw, log=log) is first  # the same log: the very table
    again = ReadLog(Project(tmp_path))
    copy = load("t", raw, log=again)  # another log: the cached table, reading into that log
    assert copy is not first and copy.df is first.df and copy.log is again and first.log is log
    assert set(again.files()) == {"raw/t.csv", "raw/t.resource.yaml"}
    copy.value(geo="CHN", year=2020)
    assert again.rows_in_cell() == {"t#CHN/2020"} and log.rows_in_cell() == frozenset()


def test_an_edited_table_is_validated_again(tmp_path, log):
    raw = tmp_path / "raw"
    put(raw)
    load("t", raw, log=log)
    (raw / "t.csv").write_text(CSV + "JPN,2020,1\n", encoding="utf-8")
    err = fails(raw)
    assert (err.file, err.field) == ("t.csv", "hash")
    assert err.message.startswith(
        "content hash does not match the bytes (the table changed since its provenance was recorded): "
    )


def test_a_memo_skips_validation(tmp_path, monkeypatch, log):
    raw = tmp_path / "raw"
    put(raw, hash="sha256:00")  # a wrong hash, but validated before
    memo = tmp_path / "ok"
    memo.write_text("", encoding="utf-8")
    monkeypatch.setattr(tables, "_memo_path", lambda a, b: memo)
    assert load("t", raw, log=log).df.shape == (2, 3)


def test_a_missing_table_file(tmp_path):
    raw = tmp_path / "raw"
    put(raw)
    (raw / "t.csv").unlink()
    err = fails(raw)
    assert (err.file, err.message) == ("t.csv", "table file missing")


def test_without_a_path_the_loader_finds_name_csv_and_frictionless_finds_none(tmp_path):
    raw = tmp_path / "raw"
    d = put(raw)
    desc = yaml.safe_load(d.read_text(encoding="utf-8"))
    del desc["path"]
    d.write_text(yaml.safe_dump(desc), encoding="utf-8")
    err = fails(raw)
    assert (err.file, err.message) == ("raw", "table file missing")  # the folder, not t.csv: found by load


def test_validation_errors(tmp_path):
    raw = tmp_path / "raw"
    put(raw, csv="geo,year,value\nCHN,x,8.4\nUSA,y,1\n")
    err = fails(raw)
    assert (err.file, err.row, err.field) == ("t.csv", 2, "year")
    assert err.message.startswith("type-error: ") and err.message.endswith(" (and 1 more)")


def test_one_validation_error_says_no_more(tmp_path):
    raw = tmp_path / "raw"
    put(raw, csv="geo,year,value\nCHN,x,8.4\nUSA,2020,1\n")
    err = fails(raw)
    assert (err.row, err.field) == (2, "year") and "more" not in err.message


def test_an_empty_table_file(tmp_path):
    raw = tmp_path / "raw"
    put(raw, csv="")
    err = fails(raw)
    assert (err.file, err.message) == ("t.csv", "table file is empty")


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_the_encoding_must_be_utf8(tmp_path, encoding):
    raw = tmp_path / "raw"
    put(raw, encoding=encoding)
    err = fails(raw)
    assert (err.file, err.field) == ("t.resource.yaml", "encoding")
    assert err.message == f"encoding must be utf-8: {tables.POLICY}"


@pytest.mark.parametrize("encoding", ["UTF-8", "utf8"])
def test_utf8_spelled_either_way(tmp_path, encoding, log):
    raw = tmp_path / "raw"
    put(raw, encoding=encoding)
    assert load("t", raw, log=log).name == "t"


def test_a_csv_policy_breach_is_found_before_frictionless(tmp_path):
    raw = tmp_path / "raw"
    put(raw, csv="geo,year,value\r\nCHN,2020,8.4\r\n")
    err = fails(raw)
    assert (err.row, err.field) == (1, "value")


def test_a_declared_column_missing(tmp_path):
    raw = tmp_path / "raw"
    put(raw, csv="geo,value\nCHN,8.4\n")
    err = fails(raw)
    assert (err.row, err.field, err.message) == (1, "year", "missing column declared in the schema")


def test_an_undeclared_column(tmp_path):
    raw = tmp_path / "raw"
    put(raw, csv="geo,year,value,x\nCHN,2020,8.4,1\n")
    err = fails(raw)
    assert (err.row, err.field, err.message) == (1, "x", "column not declared in the schema")


def test_schema_path_and_schema_of(tmp_path):
    d = tmp_path / "t.resource.yaml"
    assert schema_path(d, {"schema": {"fields": []}}) is None
    assert schema_path(d, {}) is None
    assert schema_of(d, {}) == {}
    assert schema_of(d, {"schema": None}) == {}
    inline = {"fields": FIELDS}
    got = schema_of(d, {"schema": inline})
    assert got == inline and got is not inline
    (tmp_path / "s.yaml").write_text(yaml.safe_dump({"fields": FIELDS}), encoding="utf-8")
    assert schema_path(d, {"schema": "s.yaml"}) == tmp_path / "s.yaml"
    assert schema_of(d, {"schema": "s.yaml"}) == {"fields": FIELDS}


@pytest.mark.parametrize("ref", ["missing.yaml", "../s.yaml", "/s.yaml", "sub/../s.yaml"])
def test_a_schema_file_outside_or_missing(tmp_path, ref):
    (tmp_path / "s.yaml").write_text("fields: []\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    with pytest.raises(DataError) as err:
        schema_path(tmp_path / "t.resource.yaml", {"schema": ref})
    assert (err.value.file, err.value.field) == ("t.resource.yaml", "schema")
    assert err.value.message == f"schema file not found beside the descriptor: {ref!r}"


def test_a_schema_file_without_fields(tmp_path):
    (tmp_path / "s.yaml").write_text("fields: x\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        schema_of(tmp_path / "t.resource.yaml", {"schema": "s.yaml"})
    assert (err.value.file, err.value.field, err.value.message) == (
        "s.yaml",
        "fields",
        "schema file has no 'fields' list",
    )


def test_a_shared_schema_file_is_recorded_and_keys_the_cache(tmp_path, log):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "s.yaml").write_text(yaml.safe_dump({"fields": FIELDS, "primaryKey": ["geo"]}), encoding="utf-8")
    put(raw, schema="s.yaml")
    t = load("t", raw, log=log)
    assert t.key == ["geo"]
    assert set(log.files()) == {"raw/t.csv", "raw/t.resource.yaml", "raw/s.yaml"}
    (raw / "s.yaml").write_text(yaml.safe_dump({"fields": FIELDS, "primaryKey": ["geo", "year"]}), encoding="utf-8")
    assert load("t", raw, log=log).key == ["geo", "year"]  # an edited schema is read again


def table(columns: dict[str, list[str]], key=("geo", "year"), units=None, log: ReadLog | None = None) -> Table:
    desc = {"origin": ORIGIN, "units": units or {"fields": {"value": "percent"}}}
    return Table(
        name="t",
        df=pd.DataFrame(columns, dtype=str),
        descriptor=desc,
        path=tables.ROOT / "t.csv",
        key=list(key),
        log=log if log is not None else ReadLog(),
    )


T = {"geo": ["CHN", "USA"], "year": ["2020", "2020"], "value": ["8.4", "x"], "n": ["3", "4"], "d": ["2020-09-08", "20"]}


def test_value_is_the_printed_interval_with_its_reference(log):
    iv = table(T, log=log).value(geo="CHN", year=2020)
    assert (iv.lo, iv.hi) == (Fraction("8.35"), Fraction("8.45"))
    assert log.rows_in_cell() == {"t#CHN/2020"}
    assert table(T).value("n", geo="USA", year="2020").lo == Fraction("3.5")


def test_a_value_that_is_not_a_number_names_its_line():
    with pytest.raises(DataError) as err:
        table(T).value(geo="USA", year=2020)
    assert (err.value.file, err.value.row, err.value.field) == ("t.csv", 3, "value")


def test_value_refuses_a_row_id():
    with pytest.raises(DataError) as err:
        table(T).value(row_id="a")
    assert (err.value.field, err.value.message) == (
        "row_id",
        "a page row's figure is read with at(row_id), not value(row_id=...)",
    )


def test_exact_and_year():
    t = table(T)
    iv = t.exact("n", geo="CHN", year=2020)
    assert iv.lo == iv.hi == 3
    y = t.year("d", geo="CHN", year=2020)
    assert y.lo == y.hi == 2020
    with pytest.raises(DataError) as err:
        t.exact("value", geo="USA", year=2020)
    assert (err.value.row, err.value.field) == (3, "value")
    with pytest.raises(DataError) as err:
        t.year("d", geo="USA", year=2020)
    assert (err.value.row, err.value.field, err.value.message) == (3, "d", "not an ISO date: '20'")


@pytest.mark.parametrize(
    ("text", "ok"), [("2020", True), ("2020-09", True), ("x2020", False), ("2020-09-08-01", False), ("2020-9", False)]
)
def test_year_takes_an_iso_date(text, ok):
    t = table({"geo": ["A"], "year": ["1"], "d": [text]})
    if ok:
        assert t.year("d", geo="A", year=1).lo == 2020
    else:
        with pytest.raises(DataError):
            t.year("d", geo="A", year=1)


def test_select_and_row(log):
    t = table(T, log=log)
    assert t.select(year=2020)["geo"].tolist() == ["CHN", "USA"]
    assert log.rows_in_cell() == {"t#CHN/2020", "t#USA/2020"}
    with pytest.raises(DataError) as err:
        t.select(country="CHN")
    assert (err.value.field, err.value.message) == ("country", "no column 'country' to select on")
    with pytest.raises(DataError) as err:
        t.row(year=2020)
    assert err.value.message == "expected exactly one row for {'year': 2020}, found 2"
    with pytest.raises(DataError) as err:
        t.row(year=2021)
    assert err.value.message == "expected exactly one row for {'year': 2021}, found 0"


def test_a_table_without_a_key_names_rows_by_index(log):
    t = table({"row_id": ["a", "b"], "value": ["1.5", "words"]}, key=(), log=log)
    assert t.at("a").lo == Fraction("1.45")
    assert log.rows_in_cell() == {"t#0"}
    assert t.text("b") == "words"


def test_at_and_text_by_row_id(log):
    t = table({"row_id": ["a", "b"], "value": ["1.5", "May 4"]}, key=("row_id",), log=log)
    assert t.at("a").hi == Fraction("1.55")
    assert t.text("b") == "May 4"
    assert log.rows_in_cell() == {"t#a", "t#b"}


def test_numbers(log):
    t = table({"geo": ["A", "B"], "year": ["1", "2"], "v": ["1.5", ""], "w": ["1", "x"]}, log=log)
    got = t.numbers("v")
    assert got.iloc[0] == 1.5 and pd.isna(got.iloc[1]) and got.dtype == float
    assert log.rows_in_cell() == {"t#*:v"}
    with pytest.raises(DataError) as err:
        t.numbers("w")
    assert err.value.field == "w" and err.value.message.startswith("non-numeric text in numeric column: ")


def test_the_unit_of_a_series():
    t = table(T, units={"series": {"a": "count"}, "fields": {"value": "x"}})
    assert t.unit(series="a") == "count"


def check_units(t: Table) -> DataError:
    with pytest.raises(DataError) as err:
        tables._check_units(t)
    assert err.value.file == "t.csv"
    return err.value


@pytest.mark.parametrize("units", [{}, {"other": 1}, ["fields"]])
def test_units_must_declare_fields_or_series(units):
    t = table(T)
    t.descriptor["units"] = units
    err = check_units(t)
    assert (err.field, err.message) == (
        "units",
        "units must declare 'fields' (may be empty for a table of labels) or 'series'",
    )


def test_units_of_a_missing_column():
    err = check_units(table(T, units={"fields": {"value": "%", "gdp": "USD"}}))
    assert (err.field, err.message) == ("gdp", "units name a column the table lacks: gdp")


def test_units_of_labels_only():
    tables._check_units(table(T, units={"fields": None}))
    tables._check_units(table(T, units={"fields": {}}))


S = {"series": ["a", "b"], "unit": ["count", "percent"], "value": ["1", "2"]}


def test_series_units_match_each_row():
    tables._check_units(table(S, units={"series": {"a": "count", "b": "percent"}}))


def test_series_units_need_series_and_unit_columns():
    for drop in ("series", "unit"):
        cols = {k: v for k, v in S.items() if k != drop}
        err = check_units(table(cols, units={"series": {"a": "count", "b": "percent"}}))
        assert (err.field, err.message) == ("unit", "series units need 'series' and 'unit' columns")


def test_a_series_without_a_unit():
    err = check_units(table(S, units={"series": {"a": "count"}}))
    assert (err.row, err.field, err.message) == (3, "series", "series 'b' has no declared unit")


def test_a_row_unit_that_is_not_the_series_unit():
    err = check_units(table(S, units={"series": {"a": "count", "b": "percent yoy"}}))
    assert (err.row, err.field) == (3, "unit")
    assert err.message == "unit 'percent' does not match the provenance ('percent yoy' for series 'b')"


P = {
    "row_id": ["r1", "r2"],
    "value": ["8.4", "3"],
    "unit": ["percent", "count"],
    "printed": ["8.4%", "three"],
    "quote": ["up 8.4%", "three of them"],
}


def test_page_rows_tied_to_their_printed_token():
    tables._check_printed(table(P, key=("row_id",)))
    tables._check_printed(table({"value": ["anything"]}, key=()))  # not a page table


def test_a_page_row_whose_value_is_not_its_token():
    bad = {**P, "value": ["8.4", "4"]}
    with pytest.raises(DataError) as err:
        tables._check_printed(table(bad, key=("row_id",)))
    assert (err.value.file, err.value.row, err.value.field) == ("t.csv", 3, "value")
    assert err.value.message.startswith("r2: value 4 is not the 3")


def test_load_checks_units_and_printed_tokens(tmp_path):
    raw = tmp_path / "raw"
    put(raw, units={"fields": {"value": "percent", "gdp": "USD"}})
    assert fails(raw).field == "gdp"


@pytest.mark.parametrize(("label", "ok"), [("official", True), ("press", True), ("copy", True), ("mirror", False)])
def test_load_checks_each_page_rows_source_label(tmp_path, log, label, ok):
    raw = tmp_path / "raw"
    fields = [*FIELDS, {"name": "page_status", "type": "string"}]
    put(raw, csv=f"geo,year,value,page_status\nCHN,2020,8.4,reprint\nUSA,2020,12,{label}\n", schema={"fields": fields})
    if ok:
        assert load("t", raw, log=log).df["page_status"].tolist() == ["reprint", label]
    else:
        err = fails(raw)
        assert (err.file, err.row, err.field) == ("t.csv", 3, "page_status")


def test_available(tmp_path):
    raw = tmp_path / "raw"
    put(raw, "b")
    put(raw, "a")
    (raw / "x.yaml").write_text("", encoding="utf-8")
    assert available(raw) == ["a", "b"]


def test_cite_loaded(tmp_path, log):
    raw = tmp_path / "raw"
    put(raw, "b")
    put(raw, "a")
    load("b", raw, log=log)
    load("a", raw, log=log)
    load("a", raw, log=log)
    assert tables.cite_loaded().data == "Data used in this chapter: {cite:p}`a,b`."


def test_one_validation_error_is_the_producers_note(tmp_path):
    raw = tmp_path / "raw"
    put(raw, csv="geo,year,value\nCHN,x,8.4\nUSA,2020,1\n")
    assert fails(raw).message == 'type-error: type is "integer/default"'


def test_an_error_row_names_its_file_and_cause():
    t = table(T)
    with pytest.raises(DataError) as err:
        t.row(geo="JPN")
    assert err.value.file == "t.csv"
    for read in (t.value, t.exact):
        with pytest.raises(DataError) as err:
            read(geo="USA", year=2020)
        assert (err.value.file, err.value.message) == ("t.csv", str(err.value.__cause__))
        assert str(err.value.__cause__) != "None"


def test_exact_and_year_read_value_by_default_and_carry_their_reference():
    t = table({"geo": ["A"], "year": ["1"], "value": ["2020-05"], "n": ["7"]})
    assert t.exact("n", geo="A", year=1).refs == {"t#A/1:n"}
    assert t.year(geo="A", year=1).refs == {"t#A/1:value"}
    assert table({"geo": ["A"], "year": ["1"], "value": ["7"]}).exact(geo="A", year=1).refs == {"t#A/1:value"}


def test_a_descriptor_without_an_encoding_is_utf8(tmp_path, log):
    raw = tmp_path / "raw"
    d = put(raw)
    desc = yaml.safe_load(d.read_text(encoding="utf-8"))
    del desc["encoding"]
    d.write_text(yaml.safe_dump(desc), encoding="utf-8")
    assert load("t", raw, log=log).name == "t"


def test_a_table_without_a_schema_declares_no_column(tmp_path):
    raw = tmp_path / "raw"
    d = put(raw)
    desc = yaml.safe_load(d.read_text(encoding="utf-8"))
    del desc["schema"]
    d.write_text(yaml.safe_dump(desc), encoding="utf-8")
    err = fails(raw)
    assert (err.field, err.message) == ("geo", "column not declared in the schema")


def test_the_data_file_is_the_descriptors_path(tmp_path, log):
    raw = tmp_path / "raw"
    put(raw, path="other.csv")
    (raw / "t.csv").rename(raw / "other.csv")
    assert load("t", raw, log=log).path == raw / "other.csv"


def test_an_edited_descriptor_is_read_again(tmp_path, log):
    raw = tmp_path / "raw"
    put(raw)
    assert load("t", raw, log=log).unit() == "percent"
    put(raw, units={"fields": {"value": "count"}})
    assert load("t", raw, log=log).unit() == "count"


def test_the_same_bytes_in_two_folders_are_two_tables(tmp_path, log):
    put(tmp_path / "one")
    put(tmp_path / "two")
    assert load("t", tmp_path / "one", log=log).path == tmp_path / "one" / "t.csv"
    assert load("t", tmp_path / "two", log=log).path == tmp_path / "two" / "t.csv"


def test_the_memo_folder_is_made_with_its_parents(tmp_path, monkeypatch, log):
    monkeypatch.setattr(tables, "_memo_path", lambda a, b: tmp_path / "deep" / "er" / a[:8])
    put(tmp_path / "raw")
    load("t", tmp_path / "raw", log=log)
    assert len(list((tmp_path / "deep" / "er").iterdir())) == 1


def test_the_memo_path_is_keyed_by_both_digests():
    from dtbook.data.paths import BUILD

    assert MEMO_PATH("a" * 64, "b" * 64) == BUILD / "validated" / f"{'a' * 32}-{'b' * 32}"


def test_a_cell_reading_na_is_text(tmp_path, log):
    raw = tmp_path / "raw"
    put(raw, csv="geo,year,value\nNA,2020,1\n")  # Namibia's code, not a missing value
    assert load("t", raw, log=log).df["geo"].tolist() == ["NA"]


def test_a_table_file_named_in_any_script_loads_whatever_the_locale(tmp_path, log):
    raw = tmp_path / "raw"
    put(raw, path="données.csv")
    (raw / "t.csv").rename(raw / "données.csv")
    with ascii_locale():
        assert load("t", raw, log=log).df.shape == (2, 3)
    assert [m.read_text(encoding="utf-8") for m in (tmp_path / "memo").iterdir()] == ["données.csv\n"]
