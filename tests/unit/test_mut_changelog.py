"""The corrections log (dtbook.site.changelog) on a tiny project: releases recorded from a git
repository made here, the changes between states with their reasons, the log, CHANGELOG.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from ascii_locale import ascii_locale
from ledger_rows import claim

from dtbook.data.readings import SecondReading
from dtbook.site import changelog, record, settings
from dtbook.site.changelog import Change, Release


def stream(*lines: str, as_list: bool = True) -> dict:
    text = [f"{ln}\n" for ln in lines]
    return {"output_type": "stream", "text": text if as_list else "".join(text)}


def line(cid: str, shown: str, verdict: str, grade: str) -> str:
    return f"{cid} | stated = 8.4 percent | recomputed {shown} | verdict {verdict} (x) | evidence {grade} | as audited"


def test_printed_lines_read_each_claims_line_from_stream_outputs():
    nb = {
        "cells": [
            {"cell_type": "markdown"},
            {"outputs": [stream("noise", line("S1-01", "8.36 | 8.4", "reproduced", "dataset"))]},
            {"outputs": [{"output_type": "execute_result", "text": line("S1-02", "1", "contradicted", "quoted")},
                         stream(line("S1-05", "5", "reproduced", "quoted"))]},
            {"outputs": [stream(line("S1-03", "2", "contradicted", "paper"), as_list=False)]},
            {"outputs": [stream(line("S1-03", "3", "reproduced", "paper"), "S1-4 | stated x | recomputed 1 | verdict a | evidence b | ")]},
        ]
    }  # fmt: skip
    assert changelog.printed_lines(nb) == {
        "S1-01": ("reproduced", "dataset", "8.36 | 8.4"),
        "S1-03": ("reproduced", "paper", "3"),  # the last line a claim printed
        "S1-05": ("reproduced", "quoted", "5"),
    }
    assert changelog.printed_lines({}) == {}
    assert changelog.printed_lines({"cells": [{"outputs": [{"output_type": "stream"}]}]}) == {}


@pytest.mark.parametrize(
    ("last", "following"),
    [("v0.1.0", "v0.2.0"), ("v1.9.3", "v1.10.0"), ("2.0.7", "v2.1.0"), ("v1.2", "next"), ("v1.2.3-rc", "next")],
)
def test_the_next_version(last, following):
    assert changelog.next_version(last) == following


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project root with its releases folder and CHANGELOG.md in tmp_path; the log uncached."""
    releases = tmp_path / "data" / "releases"
    monkeypatch.setattr(changelog, "ROOT", tmp_path)
    monkeypatch.setattr(changelog, "RELEASES", releases)
    monkeypatch.setattr(changelog, "INDEX", releases / "index.csv")
    monkeypatch.setattr(changelog, "CHANGELOG", tmp_path / "CHANGELOG.md")
    monkeypatch.setattr(settings, "published", lambda fmt="%Y-%m-%d": "2026-12-06")
    monkeypatch.setattr(changelog, "second_readings", lambda: {})
    changelog.log.cache_clear()
    yield tmp_path
    changelog.log.cache_clear()


def write_release(root: Path, version: str, commit: str, date: str, rows: list[tuple[str, ...]]) -> None:
    releases = root / "data" / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    index = releases / "index.csv"
    old = index.read_text(encoding="utf-8") if index.is_file() else "version,commit,date\n"
    index.write_text(old + f"{version},{commit},{date}\n", encoding="utf-8")
    body = "".join(",".join(r) + "\n" for r in rows)
    (releases / f"{version}.csv").write_text("id,verdict,grade,recomputed\n" + body, encoding="utf-8")


def test_no_index_no_releases(project):
    assert changelog.releases() == [] and changelog.first_release() is None


def test_releases_are_read_from_the_index(project):
    write_release(project, "v0.1.0", "abc1234567", "2026-01-02", [("A", "reproduced", "dataset", "1")])
    write_release(project, "v0.2.0", "def", "2026-02-03", [("A", "contradicted", "quoted", "2"), ("B", "x", "", "")])
    got = changelog.releases()
    assert got == [
        Release("v0.1.0", "2026-01-02", "abc1234567", (("A", "reproduced", "dataset", "1"),)),
        Release("v0.2.0", "2026-02-03", "def", (("A", "contradicted", "quoted", "2"), ("B", "x", "", ""))),
    ]
    assert changelog.first_release() == got[0]
    assert got[1].by_id() == {"A": ("contradicted", "quoted", "2"), "B": ("x", "", "")}
    assert got[0].released and not Release("v", "d").released


def test_a_wrong_header_is_refused(project):
    write_release(project, "v0.1.0", "abc", "2026-01-02", [])
    (project / "data" / "releases" / "v0.1.0.csv").write_text("id,verdict,grade\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"^v0\.1\.0\.csv: header must be id,verdict,grade,recomputed$"):
        changelog.releases()
    (project / "data" / "releases" / "index.csv").write_text("version,date\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"^index\.csv: header must be version,commit,date$"):
        changelog.releases()


def git(root: Path, *args: str, date: str = "2026-01-02T10:00:00+00:00") -> str:
    env = {**os.environ, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date}
    run = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=root, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return run.stdout.strip()


def commit(root: Path, ledger: dict[str, str], outputs: list[dict], date: str, tag: str) -> str:
    (root / "data").mkdir(exist_ok=True)
    (root / "chapters").mkdir(exist_ok=True)
    rows = "".join(f"{cid},{verdict}\n" for cid, verdict in ledger.items())
    (root / "data" / "claims.csv").write_text("id,verdict\n" + rows, encoding="utf-8")
    (root / "chapters" / "s1.ipynb").write_text(json.dumps({"cells": [{"outputs": outputs}]}), encoding="utf-8")
    (root / "chapters" / "notes.md").write_text(line("S1-09", "9", "reproduced", "dataset") + "\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", tag, date=date)
    git(root, "tag", tag)
    return git(root, "rev-parse", "HEAD")


def test_snapshot_records_a_releases_printed_lines_and_the_ledgers_verdicts(project):
    git(project, "init", "-q")
    first = commit(project, {"S1-01": "reproduced", "S1-02": "unverifiable"},
                   [stream(line("S1-01", "8.36", "reproduced", "dataset"))], "2026-01-02T10:00:00+00:00", "v0.9.0")  # fmt: skip
    second = commit(project, {"S1-01": "contradicted"}, [stream(line("S1-01", "9", "contradicted", "quoted"))],
                    "2026-03-04T10:00:00+00:00", "v0.10.0")  # fmt: skip
    assert changelog.snapshot("v0.10.0") == project / "data" / "releases" / "v0.10.0.csv"
    changelog.snapshot("v0.9.0")
    releases = project / "data" / "releases"
    assert (releases / "v0.9.0.csv").read_text(encoding="utf-8") == (
        "id,verdict,grade,recomputed\nS1-01,reproduced,dataset,8.36\nS1-02,unverifiable,,\n"
    )
    assert (releases / "index.csv").read_text(encoding="utf-8") == (
        f"version,commit,date\nv0.9.0,{first},2026-01-02\nv0.10.0,{second},2026-03-04\n"  # by date, not by name
    )
    changelog.snapshot("v0.9.0", ref="v0.10.0")  # recorded again, from another commit: replaced
    again = (releases / "v0.9.0.csv").read_text(encoding="utf-8")
    assert again == "id,verdict,grade,recomputed\nS1-01,contradicted,quoted,9\n"
    assert (releases / "index.csv").read_text(encoding="utf-8").count("v0.9.0,") == 1


def test_a_failing_git_command_stops_naming_it(project):
    git(project, "init", "-q")
    with pytest.raises(SystemExit, match=r"^git rev-parse v9\^\{commit\}: fatal: .+"):
        changelog.snapshot("v9")


@pytest.fixture
def claims(project, monkeypatch):
    ledger = {
        "A": replace(claim("A", "nb", "contradicted"), reason="A  wrong\n figure.", notes="Read X. Then Y."),
        "B": replace(claim("B", "nb"), notes="Read the U.S. table. Then more. And more."),
        "C": replace(claim("C", "nb"), notes="no full stop"),
    }
    monkeypatch.setattr(record, "claims", lambda: ledger)
    results = {
        "A": {"verdict": "reproduced", "grade": "dataset", "shown": 8.4},
        "B": {"verdict": "reproduced", "grade": "quoted", "shown": "2"},
        "C": {"verdict": "reproduced", "grade": "paper", "shown": "3"},
    }
    monkeypatch.setattr(record, "results", lambda: results)
    return ledger


def test_a_changes_reason(claims, monkeypatch):
    assert changelog.reason("A", "verdict") == "A wrong figure."  # the ledger's reason, on one line
    assert changelog.reason("B", "grade") == "Read the U.S. table."  # else the notes' first sentence
    assert changelog.reason("C", "recomputed") == "no full stop"
    second = SecondReading("A", "contradicted", "reproduced", "", "", "Resolved:\n  the data  say so.")
    monkeypatch.setattr(changelog, "second_readings", lambda: {"A": second})
    assert changelog.reason("A", "verdict") == "Resolved: the data say so."
    assert changelog.reason("A", "grade") == "A wrong figure."
    monkeypatch.setattr(changelog, "second_readings", lambda: {"A": replace(second, resolution="")})
    assert changelog.reason("A", "verdict") == "A wrong figure."


def test_the_current_state_is_the_builds_results(claims):
    assert changelog.current() == Release(
        "v0.1.0", "2026-12-06", "", (("A", "reproduced", "dataset", "8.4"), ("B", "reproduced", "quoted", "2"), ("C", "reproduced", "paper", "3"))
    )  # fmt: skip
    write_release(claims and changelog.ROOT, "v0.3.1", "abc", "2026-01-02", [])
    assert changelog.current("2027-01-01").version == "v0.4.0" and changelog.current("2027-01-01").date == "2027-01-01"


def test_changes_between_two_states(claims, monkeypatch):
    resolved = {cid: SecondReading(cid, "", "", "", "", f"resolved {cid}") for cid in ("A", "C")}
    monkeypatch.setattr(changelog, "second_readings", lambda: resolved)
    before = Release(
        "v0.1.0",
        "2026-01-02",
        "abc",
        (("A", "contradicted", "quoted", "1"), ("B", "reproduced", "", ""), ("Z", "x", "y", "z")),
    )
    after = Release("v0.2.0", "2026-02-03", "", (("C", "reproduced", "paper", "3"), ("A", "reproduced", "dataset", "1"), ("B", "reproduced", "quoted", "2")))  # fmt: skip
    assert changelog.changes_between(before, after) == [
        Change("v0.2.0", "2026-02-03", "C", "verdict", "", "reproduced", "resolved C"),
        Change("v0.2.0", "2026-02-03", "A", "verdict", "contradicted", "reproduced", "resolved A"),
        Change("v0.2.0", "2026-02-03", "A", "grade", "quoted", "dataset", "A wrong figure."),
    ]  # B's grade and value were not printed before: no change from nothing


@pytest.fixture
def logged(claims):
    root = changelog.ROOT
    write_release(
        root,
        "v0.1.0",
        "0123456789",
        "2026-01-02",
        [("A", "contradicted", "quoted", "1"), ("B", "reproduced", "quoted", "2")],
    )
    write_release(root, "v0.2.0", "def", "2026-02-03", [("A", "contradicted", "dataset", "1"), ("B", "reproduced", "quoted", "2")])  # fmt: skip
    return root


def test_the_log_is_newest_first_and_a_history_oldest_first(logged):
    log = changelog.log()
    assert [(state.version, state.released) for state, _ in log] == [("v0.3.0", False), ("v0.2.0", True)]
    assert [(c.id, c.field, c.new) for c in log[0][1]] == [("A", "verdict", "reproduced"), ("A", "recomputed", "8.4"), ("C", "verdict", "reproduced")]  # fmt: skip
    assert [(c.version, c.field) for c in changelog.history("A")] == [("v0.2.0", "grade"), ("v0.3.0", "verdict"), ("v0.3.0", "recomputed")]  # fmt: skip
    assert changelog.history("B") == ()
    assert changelog.log("2027-05-06")[0][0].date == "2027-05-06"


def test_the_markdown_log(logged):
    text = changelog.markdown()
    assert text.startswith("# Corrections log\n\n<!-- generated by") and text.endswith("v0.1.0.csv`.\n")
    assert (
        "\n## v0.3.0 (unreleased, 2026-12-06)\n\n- 2026-12-06 · `A` · verdict: contradicted → reproduced. A wrong figure.\n"
        in text
    )
    assert "- 2026-12-06 · `C` · verdict: — → reproduced. no full stop\n" in text
    assert "\n## v0.1.0 (2026-01-02)\n\nThe starting point of this log (commit `0123456`)" in text
    assert "unreleased, 2027-05-06" in changelog.markdown("2027-05-06")


def test_the_log_page(logged):
    out = changelog.html("../")
    assert '<h2 id="release-v0-3-0">v0.3.0 (unreleased, 2026-12-06)</h2>' in out
    assert '<a class="reference internal" href="../claims/A.html">A</a> · verdict:' in out
    assert "<p>3 changes to 2 claims since v0.1.0.</p>" in out


def test_main_writes_and_checks_the_changelog(logged, capsys):
    assert changelog.main([]) == 0
    path = logged / "CHANGELOG.md"
    assert path.read_text(encoding="utf-8") == changelog.markdown()
    path.write_text(path.read_text(encoding="utf-8").replace("2026-12-06", "2026-11-30"), encoding="utf-8")
    changelog.log.cache_clear()
    assert changelog.main(["--check"]) == 0  # the unreleased date moves with every commit
    path.write_text(path.read_text(encoding="utf-8").replace("A wrong figure.", "edited", 1), encoding="utf-8")
    assert changelog.main(["--check"]) == 1
    assert capsys.readouterr().out == (
        "CHANGELOG.md is out of step with its sources: run make regenerate (python -m dtbook.site.changelog)\n"
    )


def test_main_without_a_changelog_checks_against_todays_date(logged, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["prog", "--check"])  # the program's own arguments by default
    assert changelog.main() == 1 and not (logged / "CHANGELOG.md").exists()


def test_a_log_whose_next_version_has_no_number_checks_against_todays_date(claims):
    write_release(changelog.ROOT, "r1", "abc", "2026-01-02", [("A", "contradicted", "quoted", "1")])
    assert changelog.main([]) == 0
    assert "\n## next (unreleased, 2026-12-06)\n" in (changelog.ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    changelog.log.cache_clear()
    assert changelog.main(["--check"]) == 0


def test_main_records_a_snapshot_first(project, claims, capsys):
    git(project, "init", "-q")
    commit(project, {"A": "contradicted"}, [], "2026-01-02T10:00:00+00:00", "v0.1.0")
    assert changelog.main(["--snapshot", "v0.1.0", "--check"]) == 1  # recorded, then checked
    assert capsys.readouterr().out.startswith("recorded v0.1.0.csv\n")
    assert (project / "data" / "releases" / "v0.1.0.csv").is_file() and not (project / "CHANGELOG.md").exists()
    assert changelog.main(["--snapshot", "v0.1.0"]) == 0
    assert "## v0.1.0 (2026-01-02)" in (project / "CHANGELOG.md").read_text(encoding="utf-8")


def test_main_without_results_says_to_build(project, claims, monkeypatch):
    monkeypatch.setattr(record, "results", lambda: {})
    write_release(project, "v0.1.0", "abc", "2026-01-02", [("A", "contradicted", "quoted", "1")])
    monkeypatch.setattr(changelog, "current", lambda date="": Release("v0.2.0", "d", "", (("Q", "x", "y", "z"),)))
    monkeypatch.setattr(record, "claims", lambda: {})
    with pytest.raises(SystemExit, match=r"^CHANGELOG: Q; run make book first$"):
        changelog.main([])


def test_a_release_of_facts_in_chinese_is_recorded_as_utf8_whatever_the_locale(project):
    git(project, "init", "-q")
    shown = "4 kinds listed in the abstract: 产品创新、过程创新"
    (project / "data").mkdir()
    (project / "chapters").mkdir()
    (project / "data" / "claims.csv").write_text("id,verdict\nS3-01,reproduced\n", encoding="utf-8")
    notebook = {"cells": [{"outputs": [stream(line("S3-01", shown, "reproduced", "quoted"))]}]}
    (project / "chapters" / "s3.ipynb").write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "v0.1.0")
    git(project, "tag", "v0.1.0")
    with ascii_locale():
        target = changelog.snapshot("v0.1.0")
    assert target.read_bytes() == f"id,verdict,grade,recomputed\nS3-01,reproduced,quoted,{shown}\n".encode()


def test_the_changelog_is_checked_as_utf8_whatever_the_locale(logged):
    with ascii_locale():
        assert changelog.main([]) == 0
        text = (logged / "CHANGELOG.md").read_bytes().decode("utf-8")
        assert "· `A` · verdict: contradicted → reproduced." in text
        changelog.log.cache_clear()
        assert changelog.main(["--check"]) == 0  # read back as UTF-8: in step
