"""Every raw table proves itself on load; every fault stops with file, row and field."""

import shutil
from pathlib import Path

import pytest
import yaml

from dtbook.data import provenance, tables
from dtbook.data.errors import DataError
from dtbook.data.reads import sha256_file

pytestmark = pytest.mark.static  # no build: part of `make check`

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
NAMES = tables.available(RAW)


@pytest.mark.parametrize("name", NAMES)
def test_every_raw_table_loads_with_complete_provenance(name):
    t = tables.load(name, RAW)
    o = t.origin
    for key in ("producer", "title", "date_accessed", "license", "status"):
        assert o.get(key), f"{name}: origin.{key}"
    assert o["status"] in provenance.STATUSES
    if o["status"] == "compilation":
        for col in ("url", "page_status", "quote"):
            assert col in t.df.columns, f"{name}: page tables name each row's page"
        assert set(t.df["page_status"]) <= set(provenance.SOURCE_LABELS)
        assert (t.df["url"].str.len() > 0).all()
    else:
        assert o.get("url_main") or (o.get("repository") and o.get("commit"))


@pytest.mark.parametrize("name", NAMES)
def test_no_remark_about_the_paper_in_raw_tables(name):
    text = (RAW / f"{name}.csv").read_text(encoding="utf-8").lower()
    for word in ("paper's", "yu ya", "paper under audit", "the paper says", "the paper gives", "in the paper"):
        assert word not in text, f"{name} mentions the paper under audit ({word!r}); raw data must not"


def test_upstream_files_match_their_recorded_hashes():
    for side in sorted((ROOT / "data" / "upstream").glob("*.origin.yaml")):
        o = yaml.safe_load(side.read_text(encoding="utf-8"))
        data = side.with_name(side.name.removesuffix(".origin.yaml"))
        digest = sha256_file(data)
        recorded = str(o.get("sha256", "")).removeprefix("sha256:")
        assert recorded == digest, f"{data.name}: sha256 in its origin does not match the bytes"


# ---- faults, on a scratch copy of one tidy page table ------------------------------------------

NAME = "pages_trade"
SHARED_SCHEMA = "page_table.schema.yaml"  # the schema file the page tables' descriptors name


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    for suffix in (".csv", ".resource.yaml"):
        shutil.copy(RAW / f"{NAME}{suffix}", tmp_path / f"{NAME}{suffix}")
    shutil.copy(RAW / SHARED_SCHEMA, tmp_path / SHARED_SCHEMA)
    return tmp_path


def rehash(raw: Path) -> None:
    desc_path = raw / f"{NAME}.resource.yaml"
    desc = yaml.safe_load(desc_path.read_text(encoding="utf-8"))
    desc["hash"] = "sha256:" + sha256_file(raw / f"{NAME}.csv")
    desc_path.write_text(yaml.safe_dump(desc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_csv(raw: Path, fn, keep_hash: bool = False) -> None:
    path = raw / f"{NAME}.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(fn(lines)), encoding="utf-8")
    if not keep_hash:
        rehash(raw)


def load_error(raw: Path) -> str:
    tables._CACHE.clear()
    with pytest.raises(DataError) as err:
        tables.load(NAME, raw)
    return str(err.value)


def test_every_source_has_a_label_from_the_closed_set():
    """Each table's origin.status and each page row's page_status is one of the source labels, and
    the shared page schema's enum is that same set."""
    problems = []
    for name in NAMES:
        desc_path = RAW / f"{name}.resource.yaml"
        status = provenance.read_descriptor(desc_path)["origin"]["status"]
        if status not in provenance.STATUSES:
            problems.append(f"{desc_path.name}: origin.status {status!r}")
        if status == "compilation":
            try:
                provenance.check_labels(tables.load(name, RAW).df.to_dict("records"), RAW / f"{name}.csv")
            except DataError as exc:
                problems.append(str(exc))
    for side in sorted((ROOT / "data" / "upstream").glob("*.origin.yaml")):
        status = yaml.safe_load(side.read_text(encoding="utf-8")).get("status")
        if status not in provenance.STATUSES:
            problems.append(f"{side.name}: status {status!r}")
    assert problems == []
    schema = yaml.safe_load((RAW / "page_table.schema.yaml").read_text(encoding="utf-8"))
    enum = next(f for f in schema["fields"] if f["name"] == "page_status")["constraints"]["enum"]
    assert tuple(enum) == provenance.SOURCE_LABELS


def test_a_source_label_outside_the_closed_set_names_file_and_row():
    rows = [{"page_status": "official"}, {"page_status": "press"}, {"page_status": "state media"}]
    with pytest.raises(DataError) as err:
        provenance.check_labels(rows, RAW / f"{NAME}.csv")
    assert f"{NAME}.csv, row 4, field 'page_status'" in str(err.value), err.value


def test_a_page_row_with_a_bad_label_stops_the_load_naming_file_and_row(raw):
    def fn(lines):
        lines[5] = lines[5].replace(",reprint,", ",blog,", 1).replace(",press,", ",blog,", 1)
        lines[5] = lines[5].replace(",official,", ",blog,", 1).replace(",copy,", ",blog,", 1)
        return lines

    edit_csv(raw, fn)
    msg = load_error(raw)
    assert f"{NAME}.csv, row 6, field 'page_status'" in msg, msg


def test_scratch_copy_is_valid(raw):
    assert len(tables.load(NAME, raw).df) > 10


def test_text_in_a_numeric_field(raw):
    def fn(lines):
        cells = lines[3].split(",")
        cells[4] = "n/a"
        lines[3] = ",".join(cells)
        return lines

    edit_csv(raw, fn)
    msg = load_error(raw)
    assert f"{NAME}.csv, row 4, field 'value'" in msg, msg


def test_duplicated_key(raw):
    edit_csv(raw, lambda lines: lines[:3] + [lines[2]] + lines[3:])
    msg = load_error(raw)
    assert f"{NAME}.csv, row 4" in msg and "primary-key" in msg, msg


def test_missing_column(raw):
    import pandas as pd

    path = raw / f"{NAME}.csv"
    pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns=["value"]).to_csv(path, index=False)
    rehash(raw)
    msg = load_error(raw)
    assert f"{NAME}.csv" in msg and "value" in msg, msg


def test_empty_file(raw):
    (raw / f"{NAME}.csv").write_bytes(b"")
    rehash(raw)
    msg = load_error(raw)
    assert f"{NAME}.csv" in msg and "empty" in msg, msg


def test_wrong_encoding(raw):
    path = raw / f"{NAME}.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    rehash(raw)
    msg = load_error(raw)
    assert f"{NAME}.csv" in msg and "encoding" in msg.lower(), msg


def test_unit_that_does_not_match_provenance(raw):
    def fn(lines):
        i = next(k for k, line in enumerate(lines) if ",CNY trillion," in line)
        lines[i] = lines[i].replace(",CNY trillion,", ",USD trillion,", 1)
        return lines

    edit_csv(raw, fn)
    msg = load_error(raw)
    assert f"{NAME}.csv, row" in msg and "field 'unit'" in msg and "does not match" in msg, msg


def test_hash_that_does_not_match_the_bytes(raw):
    edit_csv(raw, lambda lines: lines[:2] + [lines[2].replace(",CHN,", ",USA,", 1)] + lines[3:], keep_hash=True)
    msg = load_error(raw)
    assert f"{NAME}.csv" in msg and "field 'hash'" in msg, msg


def test_provenance_missing(raw):
    (raw / f"{NAME}.resource.yaml").unlink()
    msg = load_error(raw)
    assert f"{NAME}.resource.yaml" in msg and "provenance missing" in msg, msg


@pytest.mark.parametrize("field", ["producer", "license", "date_accessed", "status"])
def test_required_provenance_field_missing(raw, field):
    desc_path = raw / f"{NAME}.resource.yaml"
    desc = yaml.safe_load(desc_path.read_text(encoding="utf-8"))
    del desc["origin"][field]
    desc_path.write_text(yaml.safe_dump(desc, allow_unicode=True), encoding="utf-8")
    msg = load_error(raw)
    assert f"field 'origin.{field}'" in msg, msg


@pytest.mark.parametrize(
    "fault, words",
    [(lambda b: b"\xef\xbb\xbf" + b, "byte-order mark"), (lambda b: b.replace(b"\n", b"\r\n"), "CR LF")],
    ids=["bom", "crlf"],
)
def test_one_csv_policy_a_bom_or_crlf_in_a_raw_table_is_refused(raw, fault, words):
    """The same policy as the ledger's (tests/test_ledger.py): UTF-8 without a BOM, \\n line ends."""
    path = raw / f"{NAME}.csv"
    path.write_bytes(fault(path.read_bytes()))
    rehash(raw)
    header = path.read_bytes().split(b"\n")[0].decode("utf-8-sig").strip("\r").split(",")
    field = header[0] if words == "byte-order mark" else header[-1]
    msg = load_error(raw)
    assert f"{NAME}.csv, row 1, field '{field}'" in msg and words in msg and "data/README.md" in msg, msg


def test_every_project_csv_follows_the_policy():
    from dtbook.data.csvfile import read_records

    for path in [*sorted(RAW.glob("*.csv")), ROOT / "data" / "claims.csv"]:
        header, rows = read_records(path)
        assert header and rows, path.name


def test_shared_schema_file_missing(raw):
    (raw / SHARED_SCHEMA).unlink()
    msg = load_error(raw)
    assert f"{NAME}.resource.yaml" in msg and "field 'schema'" in msg and SHARED_SCHEMA in msg, msg


def test_edited_shared_schema_is_validated_again(raw):
    tables.load(NAME, raw)  # passes, and leaves a validation memo for these table bytes
    path = raw / SHARED_SCHEMA
    schema = yaml.safe_load(path.read_text(encoding="utf-8"))
    geo = next(f for f in schema["fields"] if f["name"] == "geo")
    geo["constraints"]["pattern"] = "[A-Z]{2}"
    path.write_text(yaml.safe_dump(schema, allow_unicode=True, sort_keys=False), encoding="utf-8")
    msg = load_error(raw)
    assert f"{NAME}.csv, row 2, field 'geo'" in msg and "constraint" in msg, msg
