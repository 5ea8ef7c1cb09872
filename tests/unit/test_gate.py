"""The cross-notebook gate of the build (``dtbook.site.gate.gate``) on a temporary results folder:
every ledger row checked exactly once, in the notebook the ledger names, with the audited verdict.
"""

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from ascii_locale import ascii_locale
from ledger_rows import claim

from dtbook.chapter.audit import Result
from dtbook.site import gate


def result(cid: str, notebook: str, verdict: str = "reproduced", shown: str = "8.40") -> dict:
    r = Result(cid, notebook, "8.4", "=", "percent", shown, 8.4, 8.4, verdict, verdict, "overlap")
    return asdict(r)


@pytest.fixture
def results_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "results"
    folder.mkdir()
    return folder


def write(folder: Path, notebook: str, *results: dict) -> None:
    (folder / f"{notebook}.json").write_text(json.dumps({"notebook": notebook, "results": list(results)}))


def test_every_claim_paired_once_passes(results_dir):
    claims = {c.id: c for c in [claim("A-01", "nb_a"), claim("A-02", "nb_a"), claim("B-01", "nb_b", "inconsistent")]}
    write(results_dir, "nb_a", result("A-01", "nb_a"), result("A-02", "nb_a"))
    write(results_dir, "nb_b", result("B-01", "nb_b", "inconsistent"))
    assert gate.gate(claims, results_dir) == []


def test_gate_reads_only_the_results_folder(results_dir, tmp_path):
    claims = {"A-01": claim("A-01", "nb_a")}
    write(results_dir, "nb_a", result("A-01", "nb_a"))
    write(tmp_path, "nb_x", result("X-01", "nb_x"))  # outside the results folder: ignored
    (results_dir / "notes.txt").write_text("not json")  # only *.json are results
    assert gate.gate(claims, results_dir) == []


def test_a_claim_checked_in_two_notebooks(results_dir):
    claims = {"A-01": claim("A-01", "nb_a")}
    write(results_dir, "nb_a", result("A-01", "nb_a"))
    write(results_dir, "nb_b", result("A-01", "nb_b"))
    # files are read in name order: nb_a first, so nb_b is the second check (and the wrong notebook)
    assert gate.gate(claims, results_dir) == [
        "A-01: checked in both nb_a and nb_b",
        "A-01: checked in nb_b but the ledger puts it in nb_a",
    ]


def test_a_check_with_no_ledger_row(results_dir):
    claims = {"A-01": claim("A-01", "nb_a")}
    write(results_dir, "nb_a", result("A-01", "nb_a"), result("A-99", "nb_a"))
    assert gate.gate(claims, results_dir) == ["A-99: a check with no ledger row (in nb_a)"]


def test_a_claim_checked_in_the_wrong_notebook(results_dir):
    claims = {"A-01": claim("A-01", "nb_a")}
    write(results_dir, "nb_b", result("A-01", "nb_b"))
    assert gate.gate(claims, results_dir) == ["A-01: checked in nb_b but the ledger puts it in nb_a"]


def test_a_verdict_that_differs_from_the_ledger(results_dir):
    claims = {"A-01": claim("A-01", "nb_a", verdict="reproduced")}
    write(results_dir, "nb_a", result("A-01", "nb_a", verdict="inconsistent", shown="8.30"))
    assert gate.gate(claims, results_dir) == [
        "A-01: stated = 8.4 percent; recomputed 8.30; ledger verdict reproduced, computed verdict inconsistent"
    ]


def test_a_ledger_row_with_no_check(results_dir):
    claims = {c.id: c for c in [claim("A-01", "nb_a"), claim("A-03", "nb_a"), claim("A-02", "nb_c")]}
    write(results_dir, "nb_a", result("A-01", "nb_a"))
    # sorted by id, each naming the notebook the ledger expects it in
    assert gate.gate(claims, results_dir) == [
        "A-02: ledger row with no check (notebook nb_c)",
        "A-03: ledger row with no check (notebook nb_a)",
    ]


def test_an_empty_results_folder_leaves_every_claim_unchecked(results_dir):
    claims = {"A-01": claim("A-01", "nb_a")}
    assert gate.gate(claims, results_dir) == ["A-01: ledger row with no check (notebook nb_a)"]
    assert gate.gate({}, results_dir) == []


def test_every_problem_is_listed_at_once(results_dir):
    claims = {c.id: c for c in [claim("A-01", "nb_a"), claim("A-02", "nb_a"), claim("A-03", "nb_a")]}
    write(results_dir, "nb_a", result("A-01", "nb_a", verdict="contradicted", shown="1.00"), result("Z-01", "nb_a"))
    write(results_dir, "nb_b", result("A-02", "nb_b"))
    assert gate.gate(claims, results_dir) == [
        "A-01: stated = 8.4 percent; recomputed 1.00; ledger verdict reproduced, computed verdict contradicted",
        "Z-01: a check with no ledger row (in nb_a)",
        "A-02: checked in nb_b but the ledger puts it in nb_a",
        "A-03: ledger row with no check (notebook nb_a)",
    ]


def test_results_are_read_as_utf8_whatever_the_locale(results_dir):
    a = result("A-01", "nb_a", shown="8.40")
    a["note"] = "8.40 € — from Table 2’s row"  # JSON is UTF-8: a results file may hold any script unescaped
    (results_dir / "nb_a.json").write_text(
        json.dumps({"notebook": "nb_a", "results": [a]}, ensure_ascii=False), encoding="utf-8"
    )
    with ascii_locale():
        assert gate.gate({"A-01": claim("A-01", "nb_a")}, results_dir) == []
