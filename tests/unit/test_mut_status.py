"""The status page (dtbook.site.status) of a tiny project: its commit, build date, addresses,
one row per notebook with the gate, package versions; written only when its text changed."""

from __future__ import annotations

import importlib.metadata as md
import json
import os
import platform
import subprocess
import time
from pathlib import Path

import pytest
from ascii_locale import ascii_locale
from ledger_rows import claim

from dtbook.site import settings, status


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=root, capture_output=True, check=True,
        env={**os.environ, "GIT_COMMITTER_DATE": "2026-01-02T03:04:05+00:00", "GIT_AUTHOR_DATE": "2026-01-02T03:04:05+00:00"},
    )  # fmt: skip


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project root (not yet a git checkout) with chapters, accepted results and stamps."""
    root = tmp_path / "book"
    for sub in ("chapters", "_build/results", "_build/exec"):
        (root / sub).mkdir(parents=True)
    monkeypatch.setattr(status, "ROOT", root)
    monkeypatch.setattr(status, "CHAPTERS", root / "chapters")
    monkeypatch.setattr(status, "RESULTS", root / "_build" / "results")
    monkeypatch.setattr(status, "BUILD", root / "_build")
    monkeypatch.setattr(status, "TARGET", root / "chapters" / "status.md")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv(settings.BASE_ENV, raising=False)
    monkeypatch.delenv(settings.REPOSITORY_ENV, raising=False)
    conf: dict = {"html": {"baseurl": "https://b.example/"}, "repository": {"url": "https://r.example/p"}}
    monkeypatch.setattr(settings, "config", lambda: conf)
    return root


def test_outside_a_git_checkout(project):
    assert status.commit() == "not a git checkout"
    assert status.build_date() == "unknown (no SOURCE_DATE_EPOCH and no commit)"


def test_a_checkout_names_its_commit_and_date(project, monkeypatch):
    git(project, "init", "-q")
    assert status.commit() == "no commit yet"
    (project / "a.txt").write_text("a\n", encoding="utf-8")
    git(project, "add", "a.txt")
    git(project, "commit", "-q", "-m", "a")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True).stdout.strip()
    assert status.commit() == f"[`{head}`](https://r.example/p/commit/{head})"
    (project / "untracked.txt").write_text("u\n", encoding="utf-8")
    assert status.commit() == f"[`{head}`](https://r.example/p/commit/{head})"  # untracked files do not count
    (project / "a.txt").write_text("b\n", encoding="utf-8")
    assert status.commit().endswith(") with uncommitted changes to tracked files")
    assert status.build_date() == "2026-01-02 03:04:05 UTC (commit date)"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert status.build_date() == "1970-01-02 00:00:00 UTC (SOURCE_DATE_EPOCH)"


def test_a_folder_inside_another_checkout_is_not_its_checkout(project):
    git(project.parent, "init", "-q")
    (project.parent / "a.txt").write_text("a\n", encoding="utf-8")
    git(project.parent, "add", "a.txt")
    git(project.parent, "commit", "-q", "-m", "a")
    assert status.commit() == "not a git checkout"
    assert status.build_date() == "unknown (no SOURCE_DATE_EPOCH and no commit)"  # not the other's date


@pytest.fixture
def elsewhere(monkeypatch):
    """The machine's clock in another time zone than UTC."""
    monkeypatch.setenv("TZ", "CST-8")  # POSIX: eight hours east of UTC, no time zone database needed
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_epoch_alone_dates_a_build_outside_git_in_utc(project, monkeypatch, elsewhere):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert status.build_date() == "1970-01-01 00:00:00 UTC (SOURCE_DATE_EPOCH)"


def test_git_missing_or_failing_gives_nothing(project, monkeypatch):
    assert status._git("rev-parse", "HEAD") is None  # not a repository: git fails
    monkeypatch.setenv("PATH", str(project))  # no git on the path
    assert status._git("--version") is None


def test_a_commit_without_a_repository_setting_is_its_hash(project, monkeypatch):
    monkeypatch.setattr(settings, "config", lambda: {})
    assert status.commit_link("abc") == "`abc`"
    assert status.commit_link(None) == "no commit yet" and status.commit_link("") == "no commit yet"


def test_the_addresses(project, monkeypatch):
    assert status.addresses() == (
        "| published at | https://b.example/ |\n| repository | <https://r.example/p> (issues: <https://r.example/p/issues>) |"
    )
    monkeypatch.setattr(settings, "config", lambda: {})
    assert status.addresses() == (
        "| published at | not set (`html.baseurl` in `_config.yml`) |\n"
        "| repository | not set (`repository.url` in `_config.yml`) |"
    )


def results(project: Path, nb: str, *rows: tuple[str, str], seconds: float | None = None) -> None:
    (project / "chapters" / f"{nb}.ipynb").write_text("{}", encoding="utf-8")
    if rows:
        data = {"results": [{"id": cid, "verdict": v} for cid, v in rows]}
        (project / "_build" / "results" / f"{nb}.json").write_text(json.dumps(data), encoding="utf-8")
    if seconds is not None:
        (project / "_build" / "exec" / f"{nb}.json").write_text(json.dumps({"seconds": seconds}), encoding="utf-8")


@pytest.fixture
def ledger(monkeypatch):
    rows = {
        "A": claim("A", "s1", "reproduced"),
        "B": claim("B", "s1", "contradicted"),
        "C": claim("C", "s2", "reproduced"),
    }
    monkeypatch.setattr(status.ledger, "load", lambda: rows)
    return rows


def test_every_notebook_passes_the_gate(project, ledger):
    results(project, "s2", ("C", "reproduced"), seconds=2.25)
    results(project, "s1", ("A", "reproduced"), ("B", "contradicted"), seconds=12.0)
    results(project, "intro")
    (project / "_build" / "exec" / "intro.json").write_text("{}", encoding="utf-8")
    rows, gate = status.notebook_rows()
    assert rows == [
        "| `intro` | 0 | 0 | 0 | pass | {dtbook-timing}`0.0` |",
        "| `s1` | 2 | 2 | 2 | pass | {dtbook-timing}`12.0` |",
        "| `s2` | 1 | 1 | 1 | pass | {dtbook-timing}`2.2` |",
    ]
    assert gate == (
        "passed: 3 claims, every computed verdict as audited "
        "(2 reproduced, 0 inconsistent, 1 contradicted, 0 unverifiable, 0 judgement)"
    )


def test_the_gate_fails_naming_how_many_notebooks(project, ledger):
    results(project, "s1", ("A", "reproduced"), ("B", "reproduced"), ("X", "reproduced"))
    results(project, "s2", ("C", "reproduced"))
    rows, gate = status.notebook_rows()
    assert rows[0] == "| `s1` | 2 | 3 | 1 | FAIL | {dtbook-timing}`0.0` |"
    assert gate == "**failed** for 1 notebooks"


def test_a_claim_with_no_result_fails_the_gate(project, ledger):
    results(project, "s1", ("A", "reproduced"), ("B", "contradicted"))
    results(project, "s2")
    rows, gate = status.notebook_rows()
    assert rows[1] == "| `s2` | 1 | 0 | 0 | FAIL | {dtbook-timing}`0.0` |" and gate == "**failed** for 1 notebooks"


def test_a_claim_in_no_notebook_fails_the_gate(project, ledger):
    results(project, "s1", ("A", "reproduced"), ("B", "contradicted"))
    assert status.notebook_rows() == (
        ["| `s1` | 2 | 2 | 2 | pass | {dtbook-timing}`0.0` |"],
        "**failed** for 0 notebooks",
    )


def test_a_results_file_without_results_counts_none(project, ledger):
    results(project, "s1", ("A", "reproduced"), ("B", "contradicted"))
    results(project, "s2")
    (project / "_build" / "results" / "s2.json").write_text("{}", encoding="utf-8")
    assert status.notebook_rows()[0][1] == "| `s2` | 1 | 0 | 0 | FAIL | {dtbook-timing}`0.0` |"


def test_a_notebook_with_too_few_results_fails(project, ledger):
    results(project, "s1", ("A", "reproduced"))
    results(project, "s2", ("C", "reproduced"))
    assert status.notebook_rows()[0][0] == "| `s1` | 2 | 1 | 1 | FAIL | {dtbook-timing}`0.0` |"


def test_the_page_and_its_writing(project, ledger, monkeypatch):
    results(project, "s1", ("A", "reproduced"), ("B", "contradicted"), seconds=1.0)
    results(project, "s2", ("C", "reproduced"), seconds=1.0)
    text = status.render()
    assert text.startswith("# How this book was built\n\nThe chapter notebooks are executed by")
    assert "| sources at commit | not a git checkout |\n| build date | unknown" in text
    assert "| published at | https://b.example/ |\n| repository | <https://r.example/p>" in text
    assert "| gate | passed: 3 claims," in text
    assert "|---|---|---|---|---|---|\n| `s1` | 2 | 2 | 2 | pass | {dtbook-timing}`1.0` |\n| `s2` |" in text
    assert f"Python {platform.python_version()}." in text
    versions = "\n".join(f"| {name} | {md.version(name)} |" for name in status.PACKAGES)
    assert text.endswith(f"|---|---|\n{versions}\n")
    assert status.PACKAGES[0] == "jupyter-book" and len(status.PACKAGES) == 12
    status.write()
    target = project / "chapters" / "status.md"
    assert target.read_text(encoding="utf-8") == text
    os.utime(target, (0, 0))
    status.write()
    assert target.stat().st_mtime == 0  # in step: not written again
    target.write_text("old", encoding="utf-8")
    status.write()
    assert target.read_text(encoding="utf-8") == text


def test_the_page_is_utf8_whatever_the_locale(project, ledger, monkeypatch):
    conf: dict = {"html": {"baseurl": "https://数字贸易.example/书/"}, "repository": {"url": ""}}
    monkeypatch.setattr(settings, "config", lambda: conf)
    results(project, "s1", ("A", "reproduced"), ("B", "contradicted"), seconds=1.0)
    results(project, "s2", ("C", "reproduced"), seconds=1.0)
    target = project / "chapters" / "status.md"
    with ascii_locale():
        text = status.render()
        assert "| published at | https://数字贸易.example/书/ |" in text
        status.write()
        assert target.read_bytes() == text.encode("utf-8")
        os.utime(target, (0, 0))
        status.write()
    assert target.stat().st_mtime == 0  # read back as UTF-8: in step, not written again
