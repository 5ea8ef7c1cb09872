"""The author's replies (dtbook.data.replies): each row validated, each error naming row and field."""

from __future__ import annotations

import pytest

from dtbook.data.errors import DataError
from dtbook.data.replies import COLUMNS, Reply, load

HEADER = ",".join(COLUMNS)


def write(tmp_path, *rows: str, header: str = HEADER):
    path = tmp_path / "r.csv"
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    return path


def test_rows_are_read_in_file_order(tmp_path):
    path = write(tmp_path, "2024-02-01,A,Ann,yes,accepted", "2024-01-01,,Bob,on the whole,noted")
    assert load({"A"}, path) == [
        Reply("2024-02-01", "A", "Ann", "yes", "accepted"),
        Reply("2024-01-01", "", "Bob", "on the whole", "noted"),
    ]


def test_only_a_header_is_no_reply(tmp_path):
    assert load({"A"}, write(tmp_path)) == []


@pytest.mark.parametrize("outcome", ["accepted", "disputed", "source", "noted"])
def test_each_outcome(tmp_path, outcome):
    assert load({"A"}, write(tmp_path, f"2024-01-01,A,Ann,yes,{outcome}"))[0].outcome == outcome


def fails(tmp_path, *rows: str, header: str = HEADER) -> DataError:
    with pytest.raises(DataError) as err:
        load({"A"}, write(tmp_path, *rows, header=header))
    assert err.value.file == "r.csv"
    return err.value


def test_the_header_is_exact(tmp_path):
    err = fails(tmp_path, header="date,id,respondent,outcome,reply")
    assert (err.row, err.field) == (1, None)
    assert err.message == f"header must be {HEADER}, is date,id,respondent,outcome,reply"


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("2024-13-01,A,Ann,yes,accepted", "date", "date '2024-13-01' is not YYYY-MM-DD"),
        ("2024-01-01,B,Ann,yes,accepted", "id", "'B' is not a claim of the ledger"),
        ("2024-01-01,A, ,yes,accepted", "respondent", "must not be empty"),
        ("2024-01-01,A,Ann, ,accepted", "reply", "must not be empty"),
        ("2024-01-01,A,Ann,yes,agreed", "outcome", "outcome 'agreed' is not one of accepted, disputed, source, noted"),
    ],
)
def test_a_bad_field_names_row_and_field(tmp_path, row, field, message):
    err = fails(tmp_path, "2024-01-01,A,Ann,yes,accepted", row)
    assert (err.row, err.field, err.message) == (3, field, message)
    assert err.__cause__ is None
