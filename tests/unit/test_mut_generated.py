"""A generated file written, or checked to be in step (dtbook.site.generated.sync)."""

from __future__ import annotations

import sys

from ascii_locale import ascii_locale

from dtbook.site.generated import sync


def test_sync_writes_a_missing_or_stale_file(tmp_path, capsys):
    target = tmp_path / "out.md"
    assert sync(target, "ünï\n", "make x", []) == 0
    assert target.read_bytes() == "ünï\n".encode()
    target.write_text("old\n", encoding="utf-8")
    assert sync(target, "new\n", "make x", ["prog"]) == 0
    assert target.read_text(encoding="utf-8") == "new\n"
    assert capsys.readouterr().out == ""


def test_sync_leaves_a_file_in_step_untouched(tmp_path):
    target = tmp_path / "out.md"
    target.write_text("same\n", encoding="utf-8")
    target.chmod(0o444)  # a write would fail
    try:
        assert sync(target, "same\n", "make x", []) == 0
    finally:
        target.chmod(0o644)


def test_check_reports_and_writes_nothing(tmp_path, capsys):
    target = tmp_path / "out.md"
    assert sync(target, "new\n", "make regenerate", ["prog", "--check"]) == 1
    assert not target.exists()
    assert capsys.readouterr().out == "out.md is out of step with its sources: run make regenerate\n"
    target.write_text("old\n", encoding="utf-8")
    assert sync(target, "new\n", "make regenerate", ["--check"]) == 1
    assert target.read_text(encoding="utf-8") == "old\n"
    capsys.readouterr()
    target.write_text("new\n", encoding="utf-8")
    assert sync(target, "new\n", "make regenerate", ["--check"]) == 0
    assert capsys.readouterr().out == ""


def test_the_arguments_default_to_the_programs(tmp_path, monkeypatch):
    target = tmp_path / "out.md"
    monkeypatch.setattr(sys, "argv", ["prog", "--check"])
    assert sync(target, "x", "make x") == 1 and not target.exists()


def test_a_generated_file_is_utf8_whatever_the_locale(tmp_path):
    target = tmp_path / "out.md"
    with ascii_locale():
        assert sync(target, "Yu Ya (于雅), ü\n", "make x", []) == 0
        assert target.read_bytes() == "Yu Ya (于雅), ü\n".encode()
        assert sync(target, "Yu Ya (于雅), ü\n", "make x", ["--check"]) == 0  # read back as UTF-8: in step
