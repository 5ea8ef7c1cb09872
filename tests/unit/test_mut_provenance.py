"""A raw table's provenance (dtbook.data.provenance): the origin block checked field by field."""

from __future__ import annotations

import copy

import pytest
from ascii_locale import ascii_locale

from dtbook.data.errors import DataError
from dtbook.data.provenance import (
    SOURCE_LABELS,
    check_labels,
    check_origin,
    descriptor_path,
    locator,
    read_descriptor,
    repository_url,
)

GOOD = {
    "origin": {
        "producer": "P",
        "title": "T",
        "date_accessed": "2024-01-01",
        "license": {"name": "CC-BY"},
        "status": "official",
        "url_main": "https://example.org/t",
    },
    "hash": "sha256:ab",
    "units": {"fields": {}},
}


def desc(**origin):
    d = copy.deepcopy(GOOD)
    d["origin"].update(origin)
    return d


def fails(d, tmp_path) -> DataError:
    with pytest.raises(DataError) as err:
        check_origin(d, tmp_path / "t.resource.yaml")
    assert err.value.file == "t.resource.yaml" and err.value.row is None
    return err.value


def test_descriptor_path(tmp_path):
    assert descriptor_path("abc", tmp_path) == tmp_path / "abc.resource.yaml"


def test_read_descriptor(tmp_path):
    path = tmp_path / "t.resource.yaml"
    path.write_text("a: 1\nb: [x]\n", encoding="utf-8")
    assert read_descriptor(path) == {"a": 1, "b": ["x"]}


def test_a_descriptor_is_read_as_utf8_whatever_the_locale(tmp_path):
    path = tmp_path / "t.resource.yaml"
    path.write_text("title: 中国国际收支平衡表\norigin:\n  producer: 国家外汇管理局\n", encoding="utf-8")
    with ascii_locale():
        assert read_descriptor(path) == {"title": "中国国际收支平衡表", "origin": {"producer": "国家外汇管理局"}}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "provenance missing: no resource descriptor beside the table"),
        ("", "descriptor is empty or not a mapping"),
        ("- a\n", "descriptor is empty or not a mapping"),
    ],
)
def test_a_descriptor_that_is_not_a_mapping(tmp_path, text, message):
    path = tmp_path / "t.resource.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_descriptor(path)
    assert (err.value.file, err.value.message, err.value.field) == ("t.resource.yaml", message, None)


@pytest.mark.parametrize("data", [b"a: [1\n", b"a: \xff\n"])
def test_a_descriptor_that_is_not_yaml(tmp_path, data):
    path = tmp_path / "t.resource.yaml"
    path.write_bytes(data)
    with pytest.raises(DataError) as err:
        read_descriptor(path)
    assert err.value.message.startswith("descriptor is not valid YAML: ")
    assert isinstance(err.value.__cause__, Exception)


def test_a_good_origin_is_returned(tmp_path):
    assert check_origin(desc(), tmp_path / "t.resource.yaml") == GOOD["origin"]


@pytest.mark.parametrize(
    "origin", [{"repository": "o/r", "commit": "abc"}, {"status": "compilation", "url_main": ""}, {"status": "reprint"}]
)
def test_a_table_is_located_by_url_or_repository_unless_a_compilation(tmp_path, origin):
    d = desc(**origin)
    assert check_origin(d, tmp_path / "t.resource.yaml") is d["origin"]


def test_no_origin_block(tmp_path):
    d = copy.deepcopy(GOOD)
    d["origin"] = "x"
    err = fails(d, tmp_path)
    assert (err.message, err.field) == ("provenance missing: no 'origin' block", "origin")


@pytest.mark.parametrize("key", ["producer", "title", "date_accessed", "license", "status"])
@pytest.mark.parametrize("empty", [None, "", {}, []])
def test_each_required_field(tmp_path, key, empty):
    err = fails(desc(**{key: empty}), tmp_path)
    assert (err.message, err.field) == (f"required provenance field missing: origin.{key}", f"origin.{key}")


def test_a_missing_required_field(tmp_path):
    d = desc()
    del d["origin"]["title"]
    assert fails(d, tmp_path).field == "origin.title"


@pytest.mark.parametrize("licence", ["CC-BY", {"name": ""}, {"url": "x"}])
def test_a_licence_needs_a_name(tmp_path, licence):
    err = fails(desc(license=licence), tmp_path)
    assert (err.message, err.field) == ("origin.license needs a name", "origin.license.name")


def test_an_unknown_status(tmp_path):
    err = fails(desc(status="rumour"), tmp_path)
    assert err.field == "origin.status"
    assert err.message == (
        "origin.status must be one of ('official', 'press', 'reprint', 'copy', 'compilation'), not 'rumour'"
    )


@pytest.mark.parametrize(
    "origin", [{"url_main": ""}, {"url_main": "", "repository": "o/r"}, {"url_main": None, "commit": "c"}]
)
def test_an_unlocated_table(tmp_path, origin):
    err = fails(desc(**origin), tmp_path)
    assert err.field == "origin.url_main"
    assert err.message == "origin needs url_main, or repository + repository_path + commit"


@pytest.mark.parametrize("digest", [None, "md5:ab", "", "ab sha256:"])
def test_a_content_hash(tmp_path, digest):
    d = desc()
    if digest is None:
        del d["hash"]
    else:
        d["hash"] = digest
    err = fails(d, tmp_path)
    assert (err.message, err.field) == ("content hash missing: expected 'hash: sha256:<hex>'", "hash")


def test_units(tmp_path):
    d = desc()
    del d["units"]
    err = fails(d, tmp_path)
    assert (err.message, err.field) == ("units missing: declare the unit of every value column or series", "units")


def test_locator():
    repo = {"repository": "o/r", "repository_path": "d/t.csv", "commit": "0123456789abcdef"}
    assert locator(repo) == "o/r d/t.csv @ 0123456789"
    assert locator(repo, digits=4) == "o/r d/t.csv @ 0123"
    assert locator({"repository": "o/r"}) == "o/r  @ "
    assert locator({"url_main": "https://x"}) == "https://x"
    assert locator({"url_main": None}) == ""
    assert locator({}) == ""


def test_repository_url():
    repo = {"repository": "o/r", "repository_path": "d/t.csv", "commit": "c0"}
    assert repository_url(repo) == "https://github.com/o/r/blob/c0/d/t.csv"
    for key in repo:
        assert repository_url({k: v for k, v in repo.items() if k != key}) is None


def test_a_repository_and_commit_locate_a_table_without_a_page(tmp_path):
    d = desc(url_main="", repository="o/r", commit="abc")
    assert check_origin(d, tmp_path / "t.resource.yaml")["commit"] == "abc"


def test_a_yaml_error_names_the_file(tmp_path):
    path = tmp_path / "t.resource.yaml"
    path.write_bytes(b"a: [1\n")
    with pytest.raises(DataError) as err:
        read_descriptor(path)
    assert err.value.file == "t.resource.yaml"


def test_every_source_label_passes_and_the_first_other_is_named(tmp_path):
    check_labels([{"page_status": label} for label in SOURCE_LABELS], tmp_path / "t.csv")
    check_labels([], tmp_path / "t.csv")
    rows = [{"page_status": "official"}, {"page_status": "compilation"}, {"page_status": ""}]
    with pytest.raises(DataError) as err:
        check_labels(rows, tmp_path / "t.csv")
    assert (err.value.file, err.value.row, err.value.field) == ("t.csv", 3, "page_status")
    assert err.value.message == f"page_status must be one of {SOURCE_LABELS}, not 'compilation'"


def test_a_row_without_the_label_field_has_no_label(tmp_path):
    with pytest.raises(DataError) as err:
        check_labels([{"status": "official"}], tmp_path / "t.csv")
    assert (err.value.row, err.value.message) == (2, f"page_status must be one of {SOURCE_LABELS}, not ''")
    check_labels([{"status": "official"}], tmp_path / "t.csv", field="status")  # another field named
