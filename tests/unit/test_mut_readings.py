"""A claim's readings and its second reading (dtbook.data.readings), checked against the ledger."""

from __future__ import annotations

import pytest
from ledger_rows import claim

from dtbook.data.errors import LedgerError
from dtbook.data.readings import READING_COLUMNS, SECOND_COLUMNS, Reading, SecondReading, check_against
from dtbook.data.readings import readings as read_readings
from dtbook.data.readings import second_readings as read_second


def write(tmp_path, name: str, header: tuple[str, ...] | str, *rows: str):
    path = tmp_path / name
    head = header if isinstance(header, str) else ",".join(header)
    path.write_text("\n".join((head, *rows)) + "\n", encoding="utf-8")
    return path


def readings_file(tmp_path, *rows: str):
    return write(tmp_path, "readings.csv", READING_COLUMNS, *rows)


def second_file(tmp_path, *rows: str):
    return write(tmp_path, "second.csv", SECOND_COLUMNS, *rows)


TWO = ("A, ratio ,the ratio,=,8.4", "A,increase,the increase,>, 9 ", "B,x,x,fact,", "B,y,y,fact,")


def test_readings_are_grouped_by_claim_in_file_order_and_stripped(tmp_path):
    got = read_readings(readings_file(tmp_path, *TWO))
    assert got == {
        "A": (Reading("A", "ratio", "the ratio", "=", "8.4"), Reading("A", "increase", "the increase", ">", "9")),
        "B": (Reading("B", "x", "x", "fact", ""), Reading("B", "y", "y", "fact", "")),
    }


def fails(call, *args) -> LedgerError:
    with pytest.raises(LedgerError) as err:
        call(*args)
    return err.value


@pytest.mark.parametrize("empty", [(" ", "r", "t"), ("A", " ", "t"), ("A", "r", " ")])
def test_id_reading_and_text_are_required(tmp_path, empty):
    bad = ",".join(empty) + ",=,8.4"
    err = fails(read_readings, readings_file(tmp_path, *TWO, bad))
    assert (err.file, err.row, err.field) == ("readings.csv", 6, "reading")
    assert err.message == "id, reading and text are required"


def test_a_reading_figure_is_checked_like_the_ledgers(tmp_path):
    err = fails(read_readings, readings_file(tmp_path, "A,r,t,=,many", "A,s,t,=,3"))
    assert (err.row, err.field) == (2, "stated")


def test_a_reading_listed_twice(tmp_path):
    err = fails(read_readings, readings_file(tmp_path, "A,r,t,=,1", "B,r,t,=,1", "A,r,u,=,2"))
    assert (err.row, err.field, err.message) == (4, "reading", "A: reading 'r' listed twice")


def test_one_reading_only(tmp_path):
    err = fails(read_readings, readings_file(tmp_path, "A,r,t,=,1", "A,s,t,=,2", "B,r,t,=,1"))
    assert (err.row, err.field, err.message) == (None, "id", "B: one reading only (list two or more, or none)")


def test_a_missing_column_is_named(tmp_path):
    path = write(tmp_path, "readings.csv", "id,reading,comparator,stated", "A,r,=,1")
    err = fails(read_readings, path)
    assert (err.row, err.field, err.message) == (1, "text", "missing column 'text'")


SECOND = (
    "A,reproduced,reproduced,one, agreed ,",
    "B,contradicted,inconsistent,two,a slip,settled in writing",
)


def test_second_readings_by_claim_stripped(tmp_path):
    got = read_second(second_file(tmp_path, *SECOND))
    assert got == {
        "A": SecondReading("A", "reproduced", "reproduced", "one", "agreed", ""),
        "B": SecondReading("B", "contradicted", "inconsistent", "two", "a slip", "settled in writing"),
    }
    assert got["A"].agreed and not got["B"].agreed


def test_a_second_reading_twice(tmp_path):
    err = fails(read_second, second_file(tmp_path, *SECOND, "A,reproduced,reproduced,one,again,"))
    assert (err.file, err.row, err.field, err.message) == ("second.csv", 4, "id", "duplicated id A")


@pytest.mark.parametrize(
    ("row", "field"), [("C,reproduced,right,r,s,", "verdict"), ("C,wrong,reproduced,r,s,", "book_verdict")]
)
def test_an_unknown_verdict(tmp_path, row, field):
    err = fails(read_second, second_file(tmp_path, *SECOND, row))
    bad = row.split(",")[1 if field == "book_verdict" else 2]
    assert (err.row, err.field, err.message) == (4, field, f"C: unknown verdict {bad!r}")


def test_a_second_reading_needs_a_sentence(tmp_path):
    err = fails(read_second, second_file(tmp_path, *SECOND, "C,reproduced,reproduced,r, ,"))
    assert (err.row, err.field, err.message) == (4, "sentence", "C: no sentence")


def test_a_missing_second_reading_column(tmp_path):
    err = fails(read_second, write(tmp_path, "second.csv", "id,book_verdict,verdict,readings,sentence", "A,x,y,z,w"))
    assert (err.row, err.field) == (1, "resolution")


def ledger(**verdicts: str):
    return {cid: claim(cid, "nb", verdict=v) for cid, v in verdicts.items()}


def test_both_tables_agree_with_the_ledger(tmp_path):
    r = readings_file(tmp_path, "A,r,t,=,8.4", "A,s,t,>,9")
    s = second_file(tmp_path, *SECOND)
    check_against(ledger(A="reproduced", B="contradicted"), r, s)  # B differs, with a resolution


def test_a_reading_of_no_claim(tmp_path):
    r = readings_file(tmp_path, "Z,r,t,=,8.4", "Z,s,t,>,9")
    err = fails(check_against, {"Z": object()}, r, second_file(tmp_path))
    assert (err.file, err.field, err.message) == ("readings.csv", "id", "Z: no such claim in the ledger")


@pytest.mark.parametrize("first", ["A,r,t,<,8.4", "A,r,t,=,8.5"])
def test_the_first_reading_is_the_ledgers(tmp_path, first):
    r = readings_file(tmp_path, first, "A,s,t,=,8.4")
    err = fails(check_against, ledger(A="reproduced"), r, second_file(tmp_path))
    assert (err.file, err.field) == ("readings.csv", "stated")
    assert err.message == "A: the first reading must be the ledger's own (= 8.4)"


def test_a_second_reading_of_no_claim(tmp_path):
    err = fails(check_against, {"A": object()}, readings_file(tmp_path), second_file(tmp_path, SECOND[0]))
    assert (err.file, err.field, err.message) == ("second.csv", "id", "A: no such claim in the ledger")


def test_a_disagreement_needs_a_resolution(tmp_path):
    s = second_file(tmp_path, "B,contradicted,inconsistent,two,a slip,")
    err = fails(check_against, ledger(B="contradicted"), readings_file(tmp_path), s)
    assert (err.file, err.field) == ("second.csv", "resolution")
    assert err.message == (
        "B: the second reading (inconsistent) differs from the ledger (contradicted) and no resolution is written"
    )


def test_a_csv_policy_breach_is_a_ledger_error(tmp_path):
    path = tmp_path / "readings.csv"
    path.write_bytes(b"id,reading,text,comparator,stated\r\n")
    with pytest.raises(LedgerError):
        read_readings(path)
    with pytest.raises(LedgerError):
        read_second(path)
