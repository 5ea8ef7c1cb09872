"""``dtbook.chapter.audit.Auditor.finish``: a verdict that differs from the ledger, or a ledger row
left unchecked, raises naming the claim. Each test makes a project of its own in a temporary folder
(its ledger, readings and one table descriptor), a read log of its own, and gives the auditor the
notebook's ledger rows directly (never the real ``_build`` or ledger, and no module attribute patched)."""

import csv
import json
from dataclasses import replace
from pathlib import Path

import pytest
from ledger_rows import claim as ledger_row

from dtbook.chapter import audit
from dtbook.core.interval import Interval
from dtbook.data.errors import GateError
from dtbook.data.ledger import Claim, rows_digest
from dtbook.data.paths import Project
from dtbook.data.readings import READING_COLUMNS, Reading
from dtbook.data.reads import ReadLog

NB = "s9_unit_test"


def claim(cid: str, verdict: str, stated: str = "8.4", comparator: str = "=") -> Claim:
    return ledger_row(cid, NB, verdict, stated, comparator)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A project of its own: a ledger file (its rows' digest is a recorded input), no readings, and
    the descriptor of the one table the checks read (a dataset table, not a page table)."""
    p = Project(tmp_path)
    p.raw.mkdir(parents=True)
    p.ledger.write_text(f"id,notebook\nT-01,{NB}\nT-09,s9_other_notebook\n", encoding="utf-8")
    p.readings.write_text(",".join(READING_COLUMNS) + "\n", encoding="utf-8")
    (p.raw / "table.resource.yaml").write_text("name: table\norigin:\n  status: official\n", encoding="utf-8")
    return p


@pytest.fixture
def log(project: Project) -> ReadLog:
    return ReadLog(project)


def with_readings(project: Project, *rows: Reading) -> None:
    """Write the project's readings file."""
    with project.readings.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(READING_COLUMNS)
        out.writerows([getattr(r, c) for c in READING_COLUMNS] for r in rows)


def value(log: ReadLog, printed: str) -> Interval:
    """A recomputed value with the raw cell it came from (a check must name its inputs, read)."""
    log.record_row(f"table#{printed}:value")
    return Interval.exact(printed, ref=f"table#{printed}:value")


def auditor(project: Project, log: ReadLog, *claims: Claim) -> audit.Auditor:
    return audit.Auditor(NB, project, log, ledger={c.id: c for c in claims})


def test_finish_passes_and_writes_results_when_every_verdict_agrees(project, log, capsys):
    a = auditor(project, log, claim("T-01", "reproduced"), claim("T-02", "inconsistent"))
    a.check("T-01", value(log, "8.4"), unit="percent")  # inside [8.35, 8.45]
    a.check("T-02", value(log, "8.3"), unit="percent")  # within one unit below: inconsistent
    a.finish()
    assert capsys.readouterr().out.splitlines()[-1] == f"{NB}: 2 claims checked, all verdicts as audited"
    written = json.loads((project.results / f"{NB}.json").read_text())
    assert written["notebook"] == NB
    assert [(r["id"], r["verdict"], r["shown"]) for r in written["results"]] == [
        ("T-01", "reproduced", "8.40"),
        ("T-02", "inconsistent", "8.30"),
    ]
    deps = json.loads((project.deps / f"{NB}.json").read_text())
    assert deps[f"data/claims.csv#{NB}"] == rows_digest(NB, project.ledger)  # its own ledger rows


def test_finish_raises_naming_a_claim_whose_verdict_differs(project, log):
    a = auditor(project, log, claim("T-01", "reproduced"), claim("T-02", "reproduced"))
    a.check("T-01", value(log, "8.4"), unit="percent")
    a.check("T-02", value(log, "8.3"), unit="percent")  # 8.3 is inconsistent with 8.4
    with pytest.raises(GateError) as err:
        a.finish()
    assert str(err.value) == (
        "verdicts differ from the audited ledger:\n"
        "  T-02: stated = 8.4 percent; recomputed 8.30; ledger verdict reproduced, computed verdict inconsistent"
    )


def test_finish_raises_naming_an_unchecked_claim(project, log):
    a = auditor(project, log, claim("T-01", "reproduced"), claim("T-02", "reproduced"))
    a.check("T-01", value(log, "8.4"), unit="percent")
    with pytest.raises(GateError) as err:
        a.finish()
    assert (
        str(err.value) == f"verdicts differ from the audited ledger:\n  T-02: ledger row with no check (notebook {NB})"
    )


def test_finish_lists_every_problem(project, log):
    a = auditor(
        project, log, claim("T-01", "contradicted"), claim("T-03", "reproduced", "9", ">"), claim("T-02", "reproduced")
    )
    a.check("T-01", value(log, "8.4"), unit="percent")  # reproduced, but the ledger says contradicted
    a.check("T-03", value(log, "8.4"), unit="percent")  # "more than 9": contradicted
    with pytest.raises(GateError) as err:
        a.finish()
    assert str(err.value).splitlines()[1:] == [
        "  T-01: stated = 8.4 percent; recomputed 8.40; ledger verdict contradicted, computed verdict reproduced",
        "  T-03: stated > 9 percent; recomputed 8.40; ledger verdict reproduced, computed verdict contradicted",
        f"  T-02: ledger row with no check (notebook {NB})",
    ]


def test_a_notebook_with_no_claims_finishes(project, log, capsys):
    auditor(project, log).finish()
    assert capsys.readouterr().out.strip() == f"{NB}: 0 claims checked, all verdicts as audited"


# -- audit.mismatches: the one comparison of recorded results with the ledger ----------------------------


def recorded(cid: str, verdict: str, shown: str = "8.40") -> dict:
    return {"id": cid, "verdict": verdict, "shown": shown}


def test_mismatches_none_when_every_row_is_checked_as_audited():
    claims = {c.id: c for c in [claim("T-01", "reproduced"), claim("T-02", "contradicted")]}
    assert audit.mismatches(NB, [recorded("T-01", "reproduced"), recorded("T-02", "contradicted")], claims) == []


def test_mismatches_name_each_kind_of_problem():
    other = replace(claim("T-05", "reproduced"), notebook="s9_other")
    claims = {c.id: c for c in [claim("T-01", "reproduced"), claim("T-02", "reproduced"), other]}
    found = audit.mismatches(
        NB,
        [recorded("T-01", "inconsistent", "8.30"), recorded("T-09", "reproduced"), recorded("T-05", "contradicted")],
        claims,
    )
    assert found == [
        "T-01: stated = 8.4 percent; recomputed 8.30; ledger verdict reproduced, computed verdict inconsistent",
        "T-09: a check with no ledger row (in s9_unit_test)",
        # in the wrong notebook: named for that; its verdict is not compared with a row it does not own
        "T-05: checked in s9_unit_test but the ledger puts it in s9_other",
        "T-02: ledger row with no check (notebook s9_unit_test)",
    ]


def test_mismatches_leave_other_notebooks_rows_alone():
    other = replace(claim("T-05", "reproduced"), notebook="s9_other")
    # T-05 belongs to another notebook: not this notebook's missing check
    assert (
        audit.mismatches(NB, [recorded("T-01", "reproduced")], {"T-01": claim("T-01", "reproduced"), "T-05": other})
        == []
    )


# -- the reading rule, the declared inputs, judgements ------------------------------------------------


def test_readings_each_judged_and_the_most_favourable_taken(project, log):
    c = claim("T-01", "reproduced", stated="4")
    with_readings(
        project,
        Reading("T-01", "ratio", "four times as long", "=", "4"),
        Reading("T-01", "more-than", "more than four times", ">", "4"),
    )
    a = auditor(project, log, c)
    a.check("T-01", value(log, "4.55"), unit="percent")  # 4.55 is outside [3.5, 4.5] but exceeds 4
    r = a.results["T-01"]
    assert r.verdict == "reproduced"
    assert [(x["reading"], x["verdict"]) for x in r.readings] == [
        ("ratio", "inconsistent"),
        ("more-than", "reproduced"),
    ]
    assert r.depends_on_reading
    assert r.rule == "reading 'more-than': bound >"
    a.finish()


def test_a_reading_missing_from_the_values_is_refused(project, log):
    with_readings(project, Reading("T-01", "a", "a", "=", "8.4"), Reading("T-01", "b", "b", "=", "9"))
    a = auditor(project, log, claim("T-01", "reproduced"))
    with pytest.raises(GateError, match=r"T-01: readings \['b'\] do not match data/readings.csv"):
        a.check("T-01", {"a": value(log, "8.4")}, unit="percent")


def test_a_fact_nothing_tests_is_unverifiable_and_a_judgement_is_not_rated(project, log):
    a = auditor(
        project, log, claim("T-01", "unverifiable", "", "fact"), ledger_row("T-02", NB, "judgement", "", "fact")
    )
    a.fact("T-01", None, shown="no series", uses=value(log, "1").refs)
    a.judgement("T-02", "an opinion on fairness")
    assert a.results["T-01"].verdict == "unverifiable"
    assert (a.results["T-02"].verdict, a.results["T-02"].grade) == ("judgement", "none")


def test_a_declared_input_never_read_is_refused_naming_the_claim(project, log):
    a = auditor(project, log, claim("T-01", "reproduced"))
    forged = Interval.exact("8.4", ref="table#never-read:value")
    with pytest.raises(GateError, match=r"^T-01: declares inputs this process never read: table#never-read:value$"):
        a.check("T-01", forged, unit="percent")


def test_a_row_read_but_not_declared_fails_finish(project, log):
    a = auditor(project, log, claim("T-01", "reproduced"))
    log.record_row("pages_x#unused-row:value")  # read by the cell, passed to no check
    a.check("T-01", value(log, "8.4"), unit="percent")
    with pytest.raises(
        GateError, match=r"the cell checking T-01 read pages_x#unused-row:value, which none of its checks declares"
    ):
        a.finish()


def test_a_row_declared_as_context_is_listed_not_graded(project, log):
    a = auditor(project, log, claim("T-01", "reproduced"))
    log.record_row("pages_x#other-vintage:value")
    a.check("T-01", value(log, "8.4"), unit="percent", context="pages_x#other-vintage:value")
    r = a.results["T-01"]
    assert r.context == ["pages_x#other-vintage:value"] and "pages_x#other-vintage:value" not in r.refs
    a.finish()


def test_stated_is_the_printed_band_or_exact_for_a_bound_or_a_count(project, log):
    """``Auditor.stated`` is the one way to the paper's figure; it carries its ledger reference."""
    count = replace(claim("T-03", "reproduced", stated="25"), unit="count")
    a = auditor(project, log, claim("T-01", "reproduced"), claim("T-02", "reproduced", "20", ">"), count)
    band = a.stated("T-01")
    assert (band.lo, band.hi) == (Interval.printed("8.4").lo, Interval.printed("8.4").hi)
    assert band.refs == {"claims#T-01:stated"} and band.fmt() == "8.4"
    for cid, printed in (("T-02", "20"), ("T-03", "25")):
        got = a.stated(cid)
        assert got.lo == got.hi == int(printed) and got.fmt() == printed and got.refs == {f"claims#{cid}:stated"}


def test_stated_reads_another_notebooks_claim_from_the_whole_ledger_and_refuses_an_unknown_id(project, log):
    elsewhere = ledger_row("T-09", "s9_other_notebook", "reproduced", "73", "=")
    a = auditor(project, log, claim("T-01", "reproduced"), elsewhere)
    assert "T-09" not in a.claims  # another notebook's row: read only as a statement
    assert a.stated("T-09").fmt() == "73"
    with pytest.raises(GateError, match="T-99"):
        a.stated("T-99")
    assert not hasattr(a, "threshold")  # the bound is a stated figure too, read the same way
