"""Edges of the chapter helpers left open elsewhere: a share in one year of several, the
recorder's context and readings of a fact, a key holding '#', the agreement's verdict words."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from ledger_rows import claim as ledger_row
from test_audit import NB, auditor, claim, value, with_readings
from test_mut_audit import log, project  # noqa: F401  (fixtures)

from dtbook.chapter import evidence, report, values
from dtbook.core.interval import Interval
from dtbook.data.readings import Reading, SecondReading
from dtbook.data.reads import ReadLog
from dtbook.data.tables import Table


def test_world_share_reads_the_year_asked():
    df = pd.DataFrame(
        {"geo": ["CHN", "WLD", "CHN", "WLD"], "year": ["2021", "2021", "2022", "2022"], "x": ["1", "2", "25", "100"]}
    )
    t = Table(name="t", df=df, descriptor={}, path=Path("t.csv"), key=["geo", "year"])
    got = values.world_share(t, "x", 2022)
    assert (got.lo, got.hi) == (Fraction(245, 1005) * 100, Fraction(255, 995) * 100)


def test_a_key_holding_a_hash_sign():
    assert evidence._key("p#no#1:value") == "no#1"
    assert evidence.row_of("p#no#1:value") == "p#no#1" and evidence._column("p#no#1:value") == "value"


def test_a_fact_of_two_readings_with_context(project, log):  # noqa: F811
    with_readings(project, Reading("T-01", "a", "ra", "fact", ""), Reading("T-01", "b", "rb", "fact", ""))
    a = auditor(project, log, claim("T-01", "reproduced", "", "fact"))
    log.record_row("u#ctx:value")
    a.fact("T-01", {"a": True, "b": False}, shown="x", uses=value(log, "1").refs, context="u#ctx:value")
    r = a.results["T-01"]
    assert [x["reading"] for x in r.readings] == ["a", "b"] and r.context == ["u#ctx:value"] and r.note == ""


def test_a_judgement_with_context(project, log):  # noqa: F811
    a = auditor(project, log, ledger_row("T-02", NB, "judgement", "", "fact"))
    log.record_row("u#ctx:value")
    a.judgement("T-02", "an opinion", context="u#ctx:value")
    assert a.results["T-02"].context == ["u#ctx:value"]


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # its variance, not its kappa
def test_agreement_when_every_claim_shares_a_verdict():
    rows = {
        "A": SecondReading("A", "reproduced", "reproduced", "r", "s", ""),
        "B": SecondReading("B", "reproduced", "reproduced", "r", "s", ""),
    }
    rows["C"] = SecondReading("C", "reproduced", "contradicted", "r", "s", "")
    got = report.agreement(rows)
    assert (got["read"], got["agreed"]) == (3, 2)
    assert got["kappa"] == 0.0  # the book's verdict never varies: agreement no better than chance


def test_a_fact_line_shows_no_figure():
    from test_mut_audit import result

    assert result(comparator="fact", stated="x").line().startswith("T-01 | stated fact percent |")


def test_each_check_glues_its_figure_verdict_and_stated(project, log, monkeypatch):  # noqa: F811
    from dtbook.chapter import audit

    glued = []
    monkeypatch.setattr(audit, "glue", lambda key, value, display=True: glued.append((key, value, display)))
    a = auditor(project, log, claim("T-01", "reproduced"), claim("T-02", "unverifiable", "", "fact"))
    a.check("T-01", value(log, "8.4"), unit="percent")
    a.unverifiable("T-02", "searched")
    assert glued == [
        ("T-01", "8.40", False),
        ("T-01-verdict", "reproduced", False),
        ("T-01-stated", "8.4", False),
        ("T-02", "no public data", False),
        ("T-02-verdict", "unverifiable", False),
        ("T-02-stated", "(no figure)", False),
    ]


def test_finish_twice_and_the_deps_sorted(project, log):  # noqa: F811
    import json

    a = auditor(project, log, claim("T-01", "reproduced"))
    for name in ("zz.csv", "aa.csv"):
        (project.root / name).write_text("x", encoding="utf-8")
        log.record_file(project.root / name)
    a.check("T-01", value(log, "8.4"), unit="percent")
    a.finish()
    a.finish()  # the folders exist: written again
    deps = (project.deps / f"{NB}.json").read_text(encoding="utf-8")
    assert list(json.loads(deps)) == sorted(a.deps())
    assert list(json.loads(deps)) == ["aa.csv", f"data/claims.csv#{NB}", "zz.csv"]


def test_finish_lists_every_undeclared_read_of_a_cell(project, log):  # noqa: F811
    import pytest

    from dtbook.data.errors import GateError

    a = auditor(project, log, claim("T-01", "reproduced"))
    log.record_row("u#b:value")
    log.record_row("u#a:value")
    a.check("T-01", value(log, "8.4"), unit="percent")
    with pytest.raises(GateError, match=r"read u#a:value, u#b:value, which none"):
        a.finish()


def test_table_of_a_key_holding_a_hash_sign():
    assert evidence.table_of("p#no#1:value") == "p"


def test_provenance_of_a_table_without_a_title(tmp_path, monkeypatch):
    import yaml

    (tmp_path / "a.resource.yaml").write_text(yaml.safe_dump({"name": "a", "origin": {}}), encoding="utf-8")
    monkeypatch.setattr(report, "results", lambda pattern: {})
    assert report.provenance_frame(tmp_path)["title"].tolist() == [""]


def flows(geo_years):
    rows = [(g, y, str(i + 1), str(10 * (i + 1))) for i, (g, y) in enumerate(geo_years)]
    df = pd.DataFrame(rows, columns=["geo", "year", "x_exports_usd_mn", "x_imports_usd_mn"])
    return Table(name="t", df=df, descriptor={}, path=Path("t.csv"), key=["geo", "year"])


def test_two_way_reads_one_economy_in_one_year():
    t = flows([("CHN", "2021"), ("CHN", "2022"), ("USA", "2022")])
    got = values.two_way(t, "CHN", 2022)
    assert got.lo == Interval.printed("2").lo + Interval.printed("20").lo


def test_a_table_without_one_flow_column_names_the_flow():
    import pytest

    from dtbook.data.errors import DataError

    t = Table(name="t", df=pd.DataFrame({"geo": ["A"], "year": ["1"]}), descriptor={}, path=Path("t.csv"))
    with pytest.raises(DataError) as err:
        values.two_way(t, "A", 1)
    assert (err.value.field, err.value.message) == (
        "exports",
        "expected one column ending in 'exports_usd_mn', found []",
    )


def test_unverifiable_with_a_stated_figure_has_no_gap_and_no_revision(project, log):  # noqa: F811
    a = auditor(project, log, claim("T-01", "unverifiable"))
    a.unverifiable("T-01", "searched")
    r = a.results["T-01"]
    assert (r.gap, r.gap_unit, r.revised_data, r.revision_neighbour) == (None, "", False, "")


def test_the_gap_of_each_comparator_and_of_an_exact_figure(project, log):  # noqa: F811
    from dataclasses import replace

    count = replace(claim("T-04", "contradicted", "25"), unit="count")
    level = replace(claim("T-05", "contradicted", "82.729"), unit="USD billion")
    a = auditor(
        project,
        log,
        claim("T-01", "contradicted", "9", ">"),
        claim("T-02", "contradicted", "8", "<"),
        claim("T-03", "inconsistent", "8.4", "~"),
        count,
        level,
    )
    a.check("T-01", value(log, "8.5"), unit="percent")
    a.check("T-02", value(log, "8.5"), unit="percent")
    a.check("T-03", value(log, "8.3"), unit="percent")
    a.check("T-04", value(log, "26"), unit="count")
    a.check("T-05", value(log, "82.923"), unit="USD billion")
    got = {cid: (a.results[cid].gap, a.results[cid].gap_unit) for cid in ("T-01", "T-02", "T-03", "T-04", "T-05")}
    # the one gap measure (audit.GAP_RULE): a bound's shortfall in percentage points; "~ 8.4" takes 8.3
    # within its wider band (gap 0, but computed); a count has no rounding band, its gap is the difference;
    # a level's gap is in percent of the printed figure, from the edge of its band (82.7295)
    assert got == {
        "T-01": (-0.5, "percentage points"),
        "T-02": (0.5, "percentage points"),
        "T-03": (0.0, "percentage points"),
        "T-04": (1.0, "count"),
        "T-05": (pytest.approx(100 * (82.923 - 82.7295) / 82.729), "percent"),
    }


def test_an_exact_figure_is_judged_without_a_band(project, log):  # noqa: F811
    from dataclasses import replace

    a = auditor(project, log, replace(claim("T-01", "reproduced", "25"), unit="count"))
    a.check("T-01", value(log, "25.3"), unit="count", note="")
    assert a.results["T-01"].verdict != "reproduced"


def test_two_forged_inputs_are_both_named(project, log):  # noqa: F811
    import pytest

    from dtbook.data.errors import GateError

    a = auditor(project, log, claim("T-01", "reproduced"))
    with pytest.raises(GateError, match=r"never read: t#a:v, t#b:v$"):
        a.check("T-01", Interval.exact("8.4", ref="t#a:v"), unit="percent", uses="t#b:v")


def test_the_one_reading_of_a_claim_is_the_ledgers(project, log):  # noqa: F811
    with_readings(project)
    a = auditor(project, log)
    c = claim("T-01", "reproduced")
    assert a.readings_of(c) == (Reading("T-01", "as printed", "as printed", "=", "8.4"),)


def test_one_reading_records_no_note_and_a_plain_rule(project, log):  # noqa: F811
    a = auditor(project, log, claim("T-01", "reproduced"))
    a.check("T-01", value(log, "8.4"), unit="percent")
    r = a.results["T-01"]
    assert r.note == "" and not r.rule.startswith("reading")


def test_a_reproduced_neighbour_explains_a_gap(project, log):  # noqa: F811
    a = auditor(project, log, claim("T-01", "reproduced"), claim("T-02", "reproduced"), claim("T-03", "contradicted"))
    a.check("T-01", value(log, "8.4"), unit="percent")
    a.check("T-03", value(log, "9.9"), unit="percent")
    a.check("T-02", value(log, "9.0"), unit="percent", neighbour="T-01")
    assert a.results["T-02"].revised_data is True
    fresh = ReadLog(project)  # a second notebook's kernel
    b = auditor(project, fresh, claim("T-03", "contradicted"), claim("T-02", "reproduced"))
    b.check("T-03", value(fresh, "9.9"), unit="percent")
    # a neighbour not reproduced explains nothing
    b.check("T-02", value(fresh, "9.0"), unit="percent", neighbour="T-03")
    assert b.results["T-02"].revised_data is False


def test_another_vintage_alone_explains_a_gap(project, log):  # noqa: F811
    a = auditor(project, log, claim("T-01", "reproduced"))
    a.check("T-01", value(log, "9.0"), unit="percent", other_vintage=Interval.exact("8.4"))
    assert a.results["T-01"].revised_data is True


def test_the_gap_follows_the_reading_the_verdict_follows(project, log):  # noqa: F811
    rs = (Reading("T-01", "a", "ra", "=", "8.4"), Reading("T-01", "b", "rb", ">", "8"))
    with_readings(project, *rs)
    a = auditor(project, log, claim("T-01", "reproduced"))
    a.check("T-01", value(log, "8.3"), unit="percent")
    r = a.results["T-01"]
    # "> 8" holds; "= 8.4" would be half a digit (0.05 points) short
    assert (r.verdict, r.gap, r.gap_unit) == ("reproduced", 0.0, "percentage points")


def test_another_vintage_of_an_exact_figure_is_judged_exactly(project, log):  # noqa: F811
    from dataclasses import replace

    a = auditor(project, log, replace(claim("T-01", "contradicted", "25"), unit="count"))
    a.check("T-01", value(log, "27"), unit="count", other_vintage=Interval.exact("25.3"))
    assert a.results["T-01"].revised_data is False  # 25.3 is not 25, though it rounds to it
