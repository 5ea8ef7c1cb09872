"""The one CSV policy (dtbook.data.csvfile): each breach stops naming file, row and field."""

from __future__ import annotations

import codecs

import pytest

from dtbook.data.csvfile import POLICY, read_records
from dtbook.data.errors import DataError, LedgerError


def write(tmp_path, data: bytes):
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    return path


def fails(tmp_path, data: bytes, error=DataError) -> DataError:
    with pytest.raises(error) as err:
        read_records(write(tmp_path, data), error)
    assert type(err.value) is error
    assert err.value.file == "t.csv"
    return err.value


def test_a_good_file_gives_header_and_rows(tmp_path):
    path = write(tmp_path, b'a,b\n1,"x\ny"\n3,""\n')
    assert read_records(path) == (["a", "b"], [["1", "x\ny"], ["3", ""]])


def test_a_file_without_a_final_line_end_reads_the_same(tmp_path):
    assert read_records(write(tmp_path, b"a,b\n1,2")) == (["a", "b"], [["1", "2"]])


def test_only_a_header_gives_no_rows(tmp_path):
    assert read_records(write(tmp_path, b"a\n")) == (["a"], [])


def test_the_error_class_is_the_callers(tmp_path):
    err = fails(tmp_path, b"", LedgerError)
    assert err.message == "file is empty" and err.row is None and err.field is None


def test_the_default_error_is_a_data_error(tmp_path):
    with pytest.raises(DataError) as err:
        read_records(write(tmp_path, b""))
    assert type(err.value) is DataError


@pytest.mark.parametrize(("first", "field"), [(b"id,x\n", "id"), (b'"id"\n', "id"), (b"id\r\n", "id")])
def test_a_byte_order_mark_names_the_first_column(tmp_path, first, field):
    err = fails(tmp_path, codecs.BOM_UTF8 + first + b"1\n")
    assert (err.message, err.row, err.field) == (f"starts with a byte-order mark; {POLICY}", 1, field)


def test_bytes_that_are_not_utf8_name_their_line(tmp_path):
    err = fails(tmp_path, b"a\n1\n\xff\n")
    assert err.row == 3 and err.field is None
    assert err.message == f"encoding-error: the file is not UTF-8 (invalid start byte); {POLICY}"


def test_an_unnamed_header_column_is_named_by_position(tmp_path):
    err = fails(tmp_path, b"a, ,c\n1,2,3\n")
    assert (err.message, err.row, err.field) == ("header column 2 has no name", 1, "column 2")


def test_an_unnamed_first_column(tmp_path):
    err = fails(tmp_path, b",b\n1,2\n")
    assert (err.message, err.row, err.field) == ("header column 1 has no name", 1, "column 1")


def test_a_column_named_twice(tmp_path):
    err = fails(tmp_path, b"a,b,a\n1,2,3\n")
    assert (err.message, err.row, err.field) == ("column named twice in the header", 1, "a")


def test_crlf_line_ends_name_the_last_field(tmp_path):
    err = fails(tmp_path, b"a,b\n1,2\r\n")
    assert (err.message, err.row, err.field) == (f"the line ends in CR LF; {POLICY}", 2, "b")


def test_crlf_in_the_header(tmp_path):
    err = fails(tmp_path, b"a,b\r\n1,2\n")
    assert (err.message, err.row, err.field) == (f"the line ends in CR LF; {POLICY}", 1, "b")


def test_crlf_on_a_short_row_names_its_last_field(tmp_path):
    err = fails(tmp_path, b"a,b,c\n1\r\n")
    assert (err.row, err.field) == (2, "a")


def test_a_carriage_return_inside_a_field_names_it(tmp_path):
    err = fails(tmp_path, b'a,b,c\n1,"x\ry",3\n')
    assert (err.message, err.row, err.field) == (f"a carriage return inside the field; {POLICY}", 2, "b")


def test_a_carriage_return_in_the_first_field(tmp_path):
    err = fails(tmp_path, b'a,b\n"x\ry",2\n')
    assert (err.row, err.field) == (2, "a")


def test_a_blank_line(tmp_path):
    err = fails(tmp_path, b"a,b\n1,2\n\n3,4\n")
    assert (err.message, err.row, err.field) == ("blank line", 3, None)


def test_an_extra_field(tmp_path):
    err = fails(tmp_path, b"a,b\n1,2\n1,2,3\n")
    assert (err.row, err.field) == (3, "column 3")
    assert err.message == (
        "3 fields where the header has 2: an extra column after 'b' "
        "(or a comma in a value that is not enclosed in double quotes)"
    )


def test_a_missing_field(tmp_path):
    err = fails(tmp_path, b"a,b,c\n1,2\n")
    assert (err.row, err.field) == (2, "b")
    assert err.message == (
        "2 of 3 fields: the row ends inside field 'b' (a line break in a value "
        "that is not enclosed in double quotes, or missing columns)"
    )


@pytest.mark.parametrize(
    ("data", "row", "field"),
    [
        (b'a,b\n1,"x""y"z\n', 2, "b"),  # text after a closing quote, second field
        (b'a,b\n"x""y"z,2\n', 2, "a"),  # the first field
        (b'a,b\n1,2\n3,"x""y"z\n', 3, "b"),  # on a later row
        (b'a,b\n1,"x\n""y\n', 2, "b"),  # an open quote to the end of the file
        (b'a,b\n1,2\n3,"x"y\n', 3, None),  # no field left holding the quote to name
        (b'a,b\n1,2\n3,4,"x""y"z\n', 3, None),  # a field past the header has no name
    ],
)
def test_a_stray_double_quote_names_row_and_field(tmp_path, data, row, field):
    err = fails(tmp_path, data)
    assert (err.row, err.field) == (row, field)
    assert err.message.startswith("not valid CSV (")
    assert err.message.endswith("): a double quote inside a value must be doubled")


@pytest.mark.parametrize(
    ("first", "field"),
    [(b"id,x,y\n", "id"), (b"a b,c\n", "a b"), (b'"Xa",b\n', "Xa"), (b"\xff,x\n", "\ufffd")],
)
def test_the_first_column_named_after_a_byte_order_mark(tmp_path, first, field):
    err = fails(tmp_path, codecs.BOM_UTF8 + first + b"1,2\n")
    assert err.field == field


def test_a_stray_quote_in_the_header(tmp_path):
    err = fails(tmp_path, b'"a""b"c,d\n1,2\n')
    assert (err.row, err.field) == (1, None)
    assert err.message == "not valid CSV (',' expected after '\"'): a double quote inside a value must be doubled"


def test_only_the_record_that_fails_is_read_again_for_its_field(tmp_path):
    err = fails(tmp_path, b'a,b\n"x"y,"p\nq""r"\n')
    assert (err.row, err.field) == (2, None)


def test_a_carriage_return_in_a_field_past_the_header(tmp_path):
    err = fails(tmp_path, b'a,b\n1,2,"x\ry"\n')
    assert (err.row, err.field) == (2, "b")


def test_an_extra_field_names_the_last_column(tmp_path):
    err = fails(tmp_path, b"a,b,c\n1,2,3,4\n")
    assert err.field == "column 4" and "an extra column after 'c'" in err.message
