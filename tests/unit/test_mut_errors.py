"""Errors name file, row and field in one order, and survive a trip through pickle (dtbook.data.errors)."""

from __future__ import annotations

import pickle

import pytest

from dtbook.data.errors import DataError, LedgerError


@pytest.mark.parametrize(
    ("row", "field", "where"),
    [
        (None, None, "f.csv"),
        (3, None, "f.csv, row 3"),
        (None, "value", "f.csv, field 'value'"),
        (3, "value", "f.csv, row 3, field 'value'"),
        (0, "", "f.csv, row 0, field ''"),  # a row 0 and an empty field name are still named
    ],
)
def test_the_message_names_file_row_and_field(row, field, where):
    err = DataError("f.csv", "broken", row=row, field=field)
    assert str(err) == f"{where}: broken"
    assert (err.file, err.message, err.row, err.field) == ("f.csv", "broken", row, field)


def test_an_error_keeps_its_type_and_parts_through_pickle():
    err = LedgerError("claims.csv", "bad", row=4, field="stated")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is LedgerError
    assert (back.file, back.message, back.row, back.field) == ("claims.csv", "bad", 4, "stated")
    assert str(back) == str(err)
