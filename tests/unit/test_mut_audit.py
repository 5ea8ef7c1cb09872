"""The recorder's other edges (dtbook.chapter.audit): the printed line, the recorded fields, each
refusal's words, the readings of a fact, the summary. Fixtures as in test_audit: a project of its
own in a temporary folder and a read log of its own."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from ledger_rows import claim as ledger_row
from test_audit import NB, auditor, claim, value, with_readings

from dtbook.chapter import audit
from dtbook.core.interval import Interval
from dtbook.data.errors import GateError
from dtbook.data.ledger import statements_digest
from dtbook.data.paths import ROOT, Project, rel
from dtbook.data.readings import READING_COLUMNS, Reading
from dtbook.data.reads import ReadLog
from dtbook.data.tables import Table

#: the tables the checks here read: dataset tables, and ``p``, a page table
STATUSES = {"table": "official", "t": "official", "u": "official", "p": "compilation"}


@pytest.fixture
def project(tmp_path):
    """A project of its own (as in test_audit): a ledger file (its rows' digest is a recorded
    input), no readings, and the descriptor of each table the checks read."""
    p = Project(tmp_path)
    p.raw.mkdir(parents=True)
    p.ledger.write_text(f"id,notebook\nT-01,{NB}\nT-09,s9_other_notebook\n", encoding="utf-8")
    p.readings.write_text(",".join(READING_COLUMNS) + "\n", encoding="utf-8")
    for name, status in STATUSES.items():
        (p.raw / f"{name}.resource.yaml").write_text(f"name: {name}\norigin:\n  status: {status}\n", encoding="utf-8")
    return p


@pytest.fixture
def log(project):
    return ReadLog(project)


def result(**over) -> audit.Result:
    base = dict(
        id="T-01", notebook=NB, stated="8.4", comparator="=", unit="percent", shown="8.40", lo=8.4, hi=8.4,
        verdict="reproduced", ledger_verdict="reproduced", rule="r",
    )  # fmt: skip
    return audit.Result(**(base | over))


def test_the_printed_line():
    assert (
        result().line()
        == "T-01 | stated = 8.4 percent | recomputed 8.40 | verdict reproduced | evidence none | as audited"
    )
    fact = result(comparator="fact", stated="", verdict="contradicted", grade="quoted")
    assert fact.line() == (
        "T-01 | stated fact percent | recomputed 8.40 | verdict contradicted | evidence quoted | "
        "MISMATCH: ledger says reproduced"
    )
    flagged = result(revised_data=True, readings=[{"verdict": "reproduced"}, {"verdict": "contradicted"}])
    assert flagged.line() == (
        "T-01 | stated = 8.4 percent | recomputed 8.40 | verdict reproduced (gap explained by revised data)"
        " (depends on reading) | evidence none | as audited"
    )
    assert result(comparator="", stated="").line().startswith("T-01 | stated  percent |")


def test_depends_on_reading_and_agrees():
    assert not result(readings=[{"verdict": "reproduced"}, {"verdict": "reproduced"}]).depends_on_reading
    assert not result().depends_on_reading
    assert result().agrees and not result(verdict="inconsistent").agrees


def test_refs_of_what_a_check_names():
    t = Table(name="tab", df=pd.DataFrame(), descriptor={}, path=Path("t.csv"))
    iv = Interval.exact("1", ref="a#1:v")
    assert audit._refs(None) == frozenset()
    assert audit._refs(t) == {"tab#*"}
    assert audit._refs(iv) == {"a#1:v"}
    assert audit._refs("b#2") == {"b#2"}
    assert audit._refs([t, [iv, "c#3"], "b#2"]) == {"tab#*", "a#1:v", "c#3", "b#2"}
    assert audit._refs([]) == frozenset()


def test_a_claim_the_notebook_does_not_own(project, log):
    a = auditor(project, log, claim("T-01", "reproduced"))
    with pytest.raises(GateError) as err:
        a.claim("T-02")
    assert (
        str(err.value) == f"T-02: a check with no ledger row in notebook {NB} (add it to data/claims.csv or fix the id)"
    )
    assert a.claim("T-01").id == "T-01"


def test_an_unknown_stated_figure(project, log):
    a = auditor(project, log)
    with pytest.raises(GateError) as err:
        a.stated("T-99")
    assert str(err.value) == "T-99: no such claim in data/claims.csv"


def test_the_stated_figure_of_another_notebooks_claim(project, log):
    other = ledger_row("T-09", "s9_other_notebook", "reproduced", "7.25", "~")
    a = audit.Auditor(NB, project, log, ledger={"T-09": other})
    assert a.claims == {}  # not this notebook's row
    got = a.stated("T-09")
    assert (got.lo, got.hi, got.text) == (Interval.printed("7.25").lo, Interval.printed("7.25").hi, "7.25")
    assert got.refs == {"claims#T-09:stated"} and log.rows_in_cell() == {"claims#T-09:stated"}


def test_the_refusals_name_the_projects_own_ledger(tmp_path):
    named = Project(tmp_path, ledger_file=tmp_path / "broken.csv")  # DTBOOK_LEDGER: another ledger
    a = auditor(named, ReadLog(named))
    with pytest.raises(GateError, match=r"^T-99: no such claim in broken.csv$"):
        a.stated("T-99")
    with pytest.raises(GateError, match=r"\(add it to broken.csv or fix the id\)$"):
        a.claim("T-99")


def test_stated_is_recorded_as_read_and_a_bound_below_is_exact(project, log):
    a = auditor(project, log, claim("T-01", "reproduced", "20", "<"))
    got = a.stated("T-01")
    assert got.lo == got.hi == 20 and got.fmt() == "20"
    assert log.rows_in_cell() == {"claims#T-01:stated"}


def test_a_check_records_every_field(project, log, capsys):
    a = auditor(project, log, claim("T-01", "inconsistent"))
    log.record_row("u#ctx:value")
    log.record_row("u#use:value")
    a.check(
        "T-01", value(log, "8.3"), unit="percent", digits=3, note="a note", uses="u#use:value", context="u#ctx:value"
    )
    r = a.results["T-01"]
    assert (r.id, r.notebook, r.stated, r.comparator, r.unit, r.shown) == ("T-01", NB, "8.4", "=", "percent", "8.300")
    assert (r.lo, r.hi, r.verdict, r.ledger_verdict, r.note) == (8.3, 8.3, "inconsistent", "inconsistent", "a note")
    assert r.refs == ["table#8.3:value", "u#use:value"] and r.context == ["u#ctx:value"]
    # 0.05 below the band [8.35, 8.45]: a percentage's gap is in percentage points (audit.GAP_RULE)
    assert (r.gap, r.gap_unit) == (pytest.approx(-0.05), "percentage points")
    assert (r.revised_data, r.revision_neighbour, r.rebuilt, r.readings, r.grade) == (False, "", "", [], "dataset")
    assert capsys.readouterr().out == r.line() + "\n"


def test_a_shown_text_and_a_printed_total(project, log):
    a = auditor(project, log, claim("T-01", "reproduced"))
    log.record_row("p#total:value")
    a.check("T-01", value(log, "8.4"), unit="percent", shown="8.4 (sum)", printed="p#total:value")
    r = a.results["T-01"]
    assert (r.shown, r.rebuilt, r.grade) == ("8.4 (sum)", "p#total:value", "quoted")
    assert r.refs == ["p#total:value", "table#8.4:value"]


def test_a_claim_checked_twice(project, log):
    a = auditor(project, log, claim("T-01", "reproduced"))
    a.check("T-01", value(log, "8.4"), unit="percent")
    with pytest.raises(GateError) as err:
        a.check("T-01", value(log, "8.4"), unit="percent")
    assert str(err.value) == f"T-01: checked twice in {NB}; one check per ledger row"


def test_a_check_with_no_input(project, log):
    a = auditor(project, log, claim("T-01", "reproduced"))
    with pytest.raises(GateError) as err:
        a.check("T-01", Interval.exact("8.4"), unit="percent")
    assert str(err.value) == (
        "T-01: no declared input (pass the intervals it judges, uses= for the tables or rows it read, "
        "or printed= for the producer's own total)"
    )


def test_a_unit_that_is_not_the_ledgers(project, log):
    a = auditor(project, log, claim("T-01", "reproduced"))
    with pytest.raises(GateError) as err:
        a.check("T-01", value(log, "8.4"), unit="count")
    assert str(err.value) == "T-01: recomputed in 'count' but the ledger states 'percent'"


def test_a_neighbour_checked_first(project, log):
    a = auditor(project, log, claim("T-01", "reproduced"), claim("T-02", "reproduced"))
    with pytest.raises(GateError) as err:
        a.check("T-02", value(log, "8.4"), unit="percent", neighbour="T-01")
    assert str(err.value) == f"T-02: neighbouring-year claim T-01 must be checked first, in {NB}"
    a.check("T-01", value(log, "8.4"), unit="percent")
    a.check("T-02", value(log, "8.4"), unit="percent", neighbour="T-01")
    assert a.results["T-02"].revision_neighbour == "T-01"


def test_a_gap_explained_by_revised_data(project, log):
    a = auditor(project, log, claim("T-01", "reproduced"), claim("T-02", "reproduced"))
    a.check("T-01", value(log, "8.4"), unit="percent")
    a.check("T-02", value(log, "9.0"), unit="percent", other_vintage=Interval.exact("8.4"), neighbour="T-01")
    r = a.results["T-02"]
    assert (r.verdict, r.revised_data) == ("unverifiable", True)  # the vintage rule: not contradicted


def test_a_value_for_a_reading_that_does_not_exist(project, log):
    a = auditor(project, log, claim("T-01", "reproduced"))
    with pytest.raises(GateError) as err:
        a.check("T-01", {"as printed": value(log, "8.4"), "other": value(log, "9")}, unit="percent")
    assert str(err.value) == "T-01: readings ['other'] do not match data/readings.csv"


def test_every_readings_inputs_are_declared_and_the_table_lists_each(project, log):
    rs = (Reading("T-01", "a", "reading a", "=", "8.4"), Reading("T-01", "b", "reading b", ">", "9"))
    with_readings(project, *rs)
    a = auditor(project, log, claim("T-01", "inconsistent"))
    a.check("T-01", {"a": value(log, "8.3"), "b": value(log, "7")}, unit="percent", digits=1)
    r = a.results["T-01"]
    assert r.refs == ["table#7:value", "table#8.3:value"]
    assert r.readings == [
        {"reading": "a", "text": "reading a", "stated": "= 8.4", "shown": "8.3", "verdict": "inconsistent"},
        {"reading": "b", "text": "reading b", "stated": "> 9", "shown": "7.0", "verdict": "contradicted"},
    ]
    assert r.rule.startswith("reading 'a': ") and r.verdict == "inconsistent" and r.shown == "8.3"
    # the gap of the reading the verdict follows ("= 8.4"), half its last digit: 0.05 percentage points
    assert (r.gap, r.gap_unit) == (pytest.approx(-0.05), "percentage points")


def test_the_readings_of_a_fact(project, log):
    rs = (
        Reading("T-01", "a", "ra", "fact", ""),
        Reading("T-01", "b", "rb", "fact", ""),
        Reading("T-01", "c", "rc", "fact", ""),
    )
    with_readings(project, *rs)
    a = auditor(project, log, replace(claim("T-01", "reproduced", "", "fact")))
    with pytest.raises(GateError) as err:
        a.fact("T-01", {"a": True}, shown="x", uses=value(log, "1").refs)
    assert str(err.value) == "T-01: readings ['a'] do not match data/readings.csv"
    a.fact("T-01", {"a": False, "b": True, "c": None}, shown="held", note="n", uses=value(log, "1").refs)
    r = a.results["T-01"]
    assert [(x["reading"], x["text"], x["stated"], x["shown"], x["verdict"]) for x in r.readings] == [
        ("a", "ra", "fact", "fails", "contradicted"),
        ("b", "rb", "fact", "holds", "reproduced"),
        ("c", "rc", "fact", "untested", "unverifiable"),
    ]
    assert (r.verdict, r.shown, r.note, r.lo, r.gap, r.gap_unit) == ("reproduced", "held", "n", None, None, "")
    assert r.rule.startswith("reading 'b': ")


def test_a_fact_with_one_reading(project, log):
    a = auditor(project, log, claim("T-01", "contradicted", "", "fact"))
    ev = value(log, "3")
    a.fact("T-01", False, shown="fails", evidence=ev)
    r = a.results["T-01"]
    assert (r.verdict, r.readings, r.lo, r.hi, r.refs) == ("contradicted", [], 3.0, 3.0, ["table#3:value"])
    assert not r.rule.startswith("reading")


def test_unverifiable_and_judgement_record_what_was_searched(project, log):
    a = auditor(
        project, log, claim("T-01", "unverifiable", "", "fact"), ledger_row("T-02", NB, "judgement", "", "fact")
    )
    log.record_row("u#looked:value")
    a.unverifiable("T-01", "searched A and B", context="u#looked:value")
    a.judgement("T-02", "an opinion")
    u, j = a.results["T-01"], a.results["T-02"]
    assert (u.verdict, u.shown, u.note, u.rule, u.context, u.grade) == (
        "unverifiable", "no public data", "searched A and B", "no data", ["u#looked:value"], "none",
    )  # fmt: skip
    assert (j.verdict, j.shown, j.note, j.rule) == (
        "judgement",
        "not rated (a judgement)",
        "an opinion",
        "judgement: not rated",
    )


def test_summary_sorted_by_id_with_depends_on_reading(project, log):
    a = auditor(project, log, claim("T-02", "reproduced"), claim("T-01", "reproduced"))
    a.check("T-02", value(log, "8.4"), unit="percent")
    a.check("T-01", value(log, "8.4"), unit="percent")
    s = a.summary()
    assert s["notebook"] == NB and [r["id"] for r in s["results"]] == ["T-01", "T-02"]
    assert s["results"][0]["depends_on_reading"] is False and s["results"][0]["verdict"] == "reproduced"


def test_finish_writes_sorted_indented_json(project, log):
    a = auditor(project, log, claim("T-01", "reproduced"))
    a.check("T-01", value(log, "8.4"), unit="percent")
    a.finish()
    text = (project.root / "_build" / "results" / f"{NB}.json").read_text(encoding="utf-8")
    assert text == json.dumps(a.summary(), indent=1, sort_keys=True) + "\n"
    deps = (project.root / "_build" / "deps" / f"{NB}.json").read_text(encoding="utf-8")
    assert deps == json.dumps(a.deps(), indent=1, sort_keys=True) + "\n"


def test_finish_makes_the_folders_with_parents(project, log, tmp_path):
    staged = replace(project, stage=tmp_path / "a" / "stage", staged=True)  # a kernel of a build run
    auditor(staged, log).finish()
    stage = tmp_path / "a" / "stage"
    assert (stage / "results" / f"{NB}.json").is_file() and (stage / "deps" / f"{NB}.json").is_file()
    assert not (project.root / "_build").exists()  # the accepted folders are left alone


def test_finish_names_context_never_read_and_every_problem(project, log):
    a = auditor(project, log, claim("T-01", "reproduced"), claim("T-02", "reproduced"))
    log.record_row("u#unused:value")
    a.check("T-01", value(log, "8.4"), unit="percent")
    a._context["T-01"] = frozenset({"u#never:value", "u#gone:value", "u#unused:value"})
    with pytest.raises(GateError) as err:
        a.finish()
    assert str(err.value) == (
        "verdicts differ from the audited ledger:\n"
        f"  T-02: ledger row with no check (notebook {NB})\n"
        "  T-01: context names rows this process never read: u#gone:value, u#never:value\n"
        "  the cell checking T-01 read u#unused:value, which none of its checks declares "
        "(pass it as uses= if the check rests on it, context= if it is only printed beside)"
    )


#: the project's own ledger (through ROOT, the checkout, also when mutmut runs these tests from its copy)
LEDGER = ROOT / "data" / "claims.csv"


@pytest.fixture
def ledgered(tmp_path) -> Project:
    """A project of its own whose ledger file is a copy of the project's ledger (with its schema
    beside it): not the checkout's file, so an auditor that read the checkout's instead is seen."""
    p = Project(tmp_path)
    p.data.mkdir()
    shutil.copy(LEDGER, p.ledger)
    shutil.copy(LEDGER.with_name("claims.resource.yaml"), p.data)
    return p


def ledger_rows() -> list[dict[str, str]]:
    with LEDGER.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_an_auditor_without_rows_reads_its_notebooks_rows_from_the_projects_ledger(ledgered):
    """A chapter's ``Auditor(notebook)``: its rows are its project's ledger rows of that notebook."""
    rows = ledger_rows()
    nb = rows[0]["notebook"]
    a = audit.Auditor(nb, ledgered, ReadLog(ledgered))
    mine = [r["id"] for r in rows if r["notebook"] == nb]
    assert mine and sorted(a.claims) == sorted(mine)
    assert {c.notebook for c in a.claims.values()} == {nb}
    # a ledger of one row: the auditor's rows follow the project's file, not the checkout's
    with ledgered.ledger.open("w", encoding="utf-8", newline="") as fh:
        one = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        one.writeheader()
        one.writerow(rows[0])
    assert list(audit.Auditor(nb, ledgered, ReadLog(ledgered)).claims) == [rows[0]["id"]]


def test_another_notebooks_stated_figure_records_the_whole_ledgers_statements(ledgered):
    """Reading another section's figure makes the notebook depend on every statement of the ledger
    (it re-runs when one is edited); reading its own claim's figure does not."""
    rows = ledger_rows()
    nb = rows[0]["notebook"]
    own = next(r["id"] for r in rows if r["notebook"] == nb and r["stated"])
    other = next(r for r in rows if r["notebook"] != nb and r["comparator"] == "=" and r["stated"])
    log = ReadLog(ledgered)
    a = audit.Auditor(nb, ledgered, log)
    a.stated(own)
    assert log.files() == {} and log.rows_in_cell() == {f"claims#{own}:stated"}
    got = a.stated(other["id"])
    assert got.fmt() == other["stated"] and got.refs == {f"claims#{other['id']}:stated"}
    assert log.files() == {f"{rel(ledgered.ledger)}#statements": statements_digest(ledgered.ledger)}
