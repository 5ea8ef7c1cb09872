"""What a process read (dtbook.data.reads): files with digests, rows per cell, declared inputs."""

from __future__ import annotations

import hashlib

import pytest

from dtbook.data import reads


@pytest.fixture(autouse=True)
def clean():
    reads.clear()
    yield
    reads.clear()


def test_digests(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"abc")
    want = hashlib.sha256(b"abc").hexdigest()
    assert reads.sha256_bytes(b"abc") == want
    assert reads.sha256_file(path) == want
    assert reads.sha256_file(str(path)) == want  # a path given as text


def test_files_are_recorded_with_their_digest_sorted_by_name(tmp_path):
    b, a = tmp_path / "b.csv", tmp_path / "a.csv"
    b.write_bytes(b"1")
    a.write_bytes(b"2")
    reads.record_file(b)
    reads.record_file(a)
    reads.record_digest("c#part", "d0")
    got = reads.files()
    assert list(got) == ["a.csv", "b.csv", "c#part"]
    assert got == {"a.csv": hashlib.sha256(b"2").hexdigest(), "b.csv": hashlib.sha256(b"1").hexdigest(), "c#part": "d0"}


def test_rows_read_outside_a_kernel_are_one_cell():
    assert reads.rows_in_cell() == frozenset()
    reads.record_row("t#a:value")
    reads.record_row("u#b:x")
    assert reads.rows_in_cell() == {"t#a:value", "u#b:x"}


@pytest.mark.parametrize(
    ("read", "asked", "answer"),
    [
        ("t#a:value", "t#a:value", True),
        ("t#a:value", "t#a:other", True),  # the same row, another column
        ("t#a:value", "t#a", True),
        ("t#a", "t#a:value", True),
        ("t#a:value", "t#b:value", False),
        ("t#a:value", "u#a:value", False),
        ("t#a:value", "t#*", True),  # some row of the table
        ("t#*:value", "t#a:value", True),
        ("t#a:value", "u#*", False),
        ("t#x/2020:v", "t#x/2020:w", True),
        ("t#x/2020:v", "t#x/2021:v", False),
        ("t#a:b:c", "t#a:b:d", True),  # the column is after the last colon
        ("t#a:b:c", "t#a:e:c", False),
    ],
)
def test_was_read(read, asked, answer):
    reads.record_row(read)
    assert reads.was_read(asked) is answer


def test_nothing_read_is_not_read():
    assert reads.was_read("t#a:value") is False
    assert reads.was_read("t#*") is False


def test_a_whole_table_counts_as_read_once_its_file_was_loaded(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"a\n")
    other = tmp_path / "tt.csv"
    other.write_bytes(b"a\n")
    reads.record_file(other)
    assert not reads.was_read("t#*")
    reads.record_file(path)
    assert reads.was_read("t#*")
    assert not reads.was_read("t#a:value")  # a row is read only when recorded


def test_undeclared_lists_per_cell_the_reads_no_check_declares():
    reads.record_row("t#a:value")
    reads.record_row("t#b:value")
    reads.record_row("u#c:x")
    reads.record_row("claims#A:stated")  # the claim's own stated figure is not an input
    reads.record_row("claims#Z:stated")
    reads.declare("A", frozenset({"t#a:other"}))
    reads.declare("B", frozenset({"u#*"}))
    assert reads.undeclared() == {"A, B": ["claims#Z:stated", "t#b:value"]}


def test_a_cell_whose_reads_are_all_declared_is_not_listed():
    reads.record_row("t#a:value")
    reads.declare("A", frozenset({"t#a:value"}))
    assert reads.undeclared() == {}


def test_a_cell_without_reads_is_not_listed():
    reads.declare("A", frozenset({"t#a:value"}))
    assert reads.undeclared() == {}


def test_clear_forgets_everything(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"a\n")
    reads.record_file(path)
    reads.record_row("t#a:value")
    reads.declare("A", frozenset())
    reads.clear()
    assert reads.files() == {} and reads.rows_in_cell() == frozenset()
    assert not reads.was_read("t#a:value") and not reads.was_read("t#*")
    reads.record_row("t#b:value")
    assert reads.undeclared() == {}  # no check declared since


def test_a_key_may_hold_a_hash_sign():
    reads.record_row("t#no#1:value")
    assert reads.was_read("t#*")
    assert reads.was_read("t#no#1:other")
    assert reads._row("t") == "t" and reads._row("t#a") == "t#a" and reads._row("t#a:b:c") == "t#a:b"
