"""What a process read (dtbook.data.reads): files with digests, rows per cell, declared inputs."""

from __future__ import annotations

import hashlib

import pytest

from dtbook.data import reads
from dtbook.data.paths import Project
from dtbook.data.reads import ReadLog


@pytest.fixture
def log(tmp_path):
    return ReadLog(Project(tmp_path))


def test_digests(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"abc")
    want = hashlib.sha256(b"abc").hexdigest()
    assert reads.sha256_bytes(b"abc") == want
    assert reads.sha256_file(path) == want
    assert reads.sha256_file(str(path)) == want  # a path given as text


def test_files_are_recorded_with_their_digest_sorted_by_name(tmp_path, log):
    b, a = tmp_path / "b.csv", tmp_path / "a.csv"
    b.write_bytes(b"1")
    a.write_bytes(b"2")
    log.record_file(b)
    log.record_file(a)
    log.record_digest("c#part", "d0")
    got = log.files()
    assert list(got) == ["a.csv", "b.csv", "c#part"]
    assert got == {"a.csv": hashlib.sha256(b"2").hexdigest(), "b.csv": hashlib.sha256(b"1").hexdigest(), "c#part": "d0"}


def test_rows_read_outside_a_kernel_are_one_cell(log):
    assert log.rows_in_cell() == frozenset()
    log.record_row("t#a:value")
    log.record_row("u#b:x")
    assert log.rows_in_cell() == {"t#a:value", "u#b:x"}


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
def test_was_read(read, asked, answer, log):
    log.record_row(read)
    assert log.was_read(asked) is answer


def test_nothing_read_is_not_read(log):
    assert log.was_read("t#a:value") is False
    assert log.was_read("t#*") is False


def test_a_whole_table_counts_as_read_once_its_file_was_loaded(tmp_path, log):
    path = tmp_path / "t.csv"
    path.write_bytes(b"a\n")
    other = tmp_path / "tt.csv"
    other.write_bytes(b"a\n")
    log.record_file(other)
    assert not log.was_read("t#*")
    log.record_file(path)
    assert log.was_read("t#*")
    assert not log.was_read("t#a:value")  # a row is read only when recorded


def test_undeclared_lists_per_cell_the_reads_no_check_declares(log):
    log.record_row("t#a:value")
    log.record_row("t#b:value")
    log.record_row("u#c:x")
    log.record_row("claims#A:stated")  # the claim's own stated figure is not an input
    log.record_row("claims#Z:stated")
    log.declare("A", frozenset({"t#a:other"}))
    log.declare("B", frozenset({"u#*"}))
    assert log.undeclared() == {"A, B": ["claims#Z:stated", "t#b:value"]}


def test_a_cell_whose_reads_are_all_declared_is_not_listed(log):
    log.record_row("t#a:value")
    log.declare("A", frozenset({"t#a:value"}))
    assert log.undeclared() == {}


def test_a_cell_without_reads_is_not_listed(log):
    log.declare("A", frozenset({"t#a:value"}))
    assert log.undeclared() == {}


def test_a_log_holds_only_its_own_reads(tmp_path, log):
    path = tmp_path / "t.csv"
    path.write_bytes(b"a\n")
    log.record_file(path)
    log.record_row("t#a:value")
    log.declare("A", frozenset())
    other = ReadLog(Project(tmp_path))  # what a unit test makes: a log of its own
    assert other.files() == {} and other.rows_in_cell() == frozenset()
    assert not other.was_read("t#a:value") and not other.was_read("t#*")
    other.record_row("t#b:value")
    assert other.undeclared() == {}  # no check declared in this log
    assert log.undeclared() == {"A": ["t#a:value"]}  # the first log keeps its own
    assert "t#b:value" not in log.rows_in_cell()


def test_files_are_named_by_their_project_path(tmp_path):
    sub = tmp_path / "data" / "raw"
    sub.mkdir(parents=True)
    (sub / "t.csv").write_bytes(b"x")
    log = ReadLog(Project(tmp_path))
    log.record_file(sub / "t.csv")
    assert log.files() == {"data/raw/t.csv": hashlib.sha256(b"x").hexdigest()}
    assert log.was_read("t#*")


def test_the_kernel_has_one_log():
    assert reads.kernel_log() is reads.kernel_log()
    assert isinstance(reads.kernel_log(), ReadLog)


def test_a_key_may_hold_a_hash_sign(log):
    log.record_row("t#no#1:value")
    assert log.was_read("t#*")
    assert log.was_read("t#no#1:other")
    assert reads._row("t") == "t" and reads._row("t#a") == "t#a" and reads._row("t#a:b:c") == "t#a:b"


def test_a_process_makes_its_kernel_log_on_first_use(monkeypatch):
    # the one log is made once per process, and this process made it long ago: start as one that has not
    monkeypatch.setattr(reads, "_KERNEL", [])
    first = reads.kernel_log()
    assert isinstance(first, ReadLog)
    assert reads.kernel_log() is first and reads._KERNEL == [first]
