"""What the summary and data-sources pages show (dtbook.chapter.report), from tiny inputs in tmp dirs."""

from __future__ import annotations

import json
import math

import pytest
import yaml
from ascii_locale import ascii_locale
from ledger_rows import claim

from dtbook.chapter import report
from dtbook.data.paths import Project
from dtbook.data.readings import SecondReading
from dtbook.data.reads import ReadLog


def write_results(folder, name, *results):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(json.dumps({"notebook": name, "results": list(results)}), encoding="utf-8")


def test_results_by_id_read_in_name_order_and_recorded(tmp_path):
    log = ReadLog(Project(tmp_path))
    write_results(tmp_path, "b.json", {"id": "A", "v": 2})
    write_results(tmp_path, "a.json", {"id": "A", "v": 1}, {"id": "B", "v": 1})
    (tmp_path / "c.txt").write_text("{}", encoding="utf-8")
    (tmp_path / "d.json").write_text("{}", encoding="utf-8")  # no results
    assert report.results(tmp_path, log=log) == {"A": {"id": "A", "v": 2}, "B": {"id": "B", "v": 1}}
    assert set(log.files()) == {"a.json", "b.json", "d.json"}
    assert report.results(tmp_path, "a*.json", log) == {"A": {"id": "A", "v": 1}, "B": {"id": "B", "v": 1}}


def test_results_are_read_as_utf8_whatever_the_locale(tmp_path):
    note = "4兆1600億 (JPY), 2947亿 (CNY)"  # JSON is UTF-8: a results file may hold any script unescaped
    (tmp_path / "n.json").write_text(
        json.dumps({"notebook": "n", "results": [{"id": "A", "note": note}]}, ensure_ascii=False), encoding="utf-8"
    )
    with ascii_locale():
        assert report.results(tmp_path, log=ReadLog(Project(tmp_path))) == {"A": {"id": "A", "note": note}}


def test_results_default_to_the_projects_results_folder(tmp_path, monkeypatch):
    project = Project(tmp_path)
    project.build.mkdir()
    write_results(project.results, "n.json", {"id": "A", "v": 3})
    project.stage_dir.mkdir()
    write_results(project.staged_dir("results"), "n.json", {"id": "A", "v": 4})  # not this process's folder
    monkeypatch.setattr(report, "CHECKOUT", project)
    log = ReadLog(project)
    assert report.results(log=log) == {"A": {"id": "A", "v": 3}}
    assert set(log.files()) == {"_build/results/n.json"}


def test_claims_frame_joins_ledger_and_results(tmp_path, monkeypatch):
    a, b = claim("A", "nb"), claim("B", "nb", "contradicted")
    monkeypatch.setattr(report.ledger, "load", lambda: {"A": a, "B": b})
    write_results(
        tmp_path, "x.json", {"id": "A", "shown": "8.40", "verdict": "reproduced", "refs": ["u#x:v", "t#y:v", "t#z"]}
    )
    df = report.claims_frame(tmp_path)
    assert list(df.columns) == [
        "id", "section", "notebook", "kind", "quote", "stated", "comparator", "unit",
        "recomputed", "verdict", "ledger_verdict", "reason_tag", "reason", "inputs",
    ]  # fmt: skip
    first = df.iloc[0].to_dict()
    assert first == {
        "id": "A", "section": a.section, "notebook": "nb", "kind": a.kind, "quote": a.quote, "stated": a.stated,
        "comparator": a.comparator, "unit": a.unit, "recomputed": "8.40", "verdict": "reproduced",
        "ledger_verdict": "reproduced", "reason_tag": "", "reason": "", "inputs": "t; u",
    }  # fmt: skip
    second = df.iloc[1].to_dict()
    assert (second["recomputed"], second["verdict"], second["ledger_verdict"], second["inputs"]) == (
        "", "(not checked)", "contradicted", "",
    )  # fmt: skip
    assert (second["reason_tag"], second["reason"]) == (b.reason_tag, b.reason)


def test_section_key():
    assert report.section_key("2.10") == (2, 10)
    assert sorted(["2.10", "2.9", "10", "3"], key=report.section_key) == ["2.9", "2.10", "3", "10"]


def test_counts_every_verdict():
    import pandas as pd

    df = pd.DataFrame({"verdict": ["reproduced", "reproduced", "contradicted", "other"]})
    assert report.counts(df) == {v: {"reproduced": 2, "contradicted": 1}.get(v, 0) for v in report.VERDICTS}


def test_by_section():
    import pandas as pd

    df = pd.DataFrame(
        {
            "section": ["2.10.1", "2.9", "2.9.3", "1"],
            "verdict": ["reproduced", "contradicted", "contradicted", "reproduced"],
        }
    )
    t = report.by_section(df)
    assert list(t.index) == ["1", "2.9", "2.10"]
    assert list(t.columns) == [*report.VERDICTS, "total"]
    assert t.loc["2.9", "contradicted"] == 2 and t.loc["2.9", "total"] == 2 and t.loc["2.10", "reproduced"] == 1
    assert t.loc["1", "inconsistent"] == 0
    assert t.index.name is None and t.columns.name == "section"


def test_classify_names_the_classes():
    assert report.CLASSES == ("full", "minor issues", "partial", "not reproduced")


def descriptor(raw, name, **origin):
    raw.mkdir(exist_ok=True)
    d = {"name": name, "title": f"{name} title", "origin": origin}
    (raw / f"{name}.resource.yaml").write_text(yaml.safe_dump(d), encoding="utf-8")


def test_label_counts_count_every_table_of_a_label(tmp_path):
    """The data-sources page's count of tables by label: each table once under its origin's status;
    a table whose origin names no status is under no label. No compilation here, so no page rows."""
    raw = tmp_path / "raw"
    descriptor(raw, "a", status="official")
    descriptor(raw, "b", status="official")
    descriptor(raw, "c", status="press")
    descriptor(raw, "d", producer="P")  # an origin without a status
    (raw / "e.resource.yaml").write_text(yaml.safe_dump({"name": "e"}), encoding="utf-8")  # no origin
    counts = report.label_counts(raw)
    assert counts["tables"] == {**dict.fromkeys(report.SOURCE_LABELS, 0), "official": 2, "press": 1, "compilation": 0}
    assert counts["pages"] == dict.fromkeys(report.SOURCE_LABELS, 0)


def test_provenance_frame(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    descriptor(
        raw, "b", producer="P", repository="o/r", repository_path="f.csv", commit="0123456789abc",
        url_main="https://u", status="reprint", license={"name": "CC0"}, date_accessed="2024-01-02",
    )  # fmt: skip
    descriptor(raw, "a", producer="Q", url_main="https://v", status="official")
    (raw / "c.resource.yaml").write_text(yaml.safe_dump({"title": "no name"}), encoding="utf-8")
    used = {"X": {"refs": ["b#1:v", "a#2"]}, "Y": {"refs": ["b#3:v"]}, "Z": {}}
    monkeypatch.setattr(report, "results", lambda pattern: used if pattern == "s[1-4]*.json" else {})
    df = report.provenance_frame(raw)
    assert df.to_dict("records") == [
        {"table": "a", "title": "a title", "producer": "Q", "origin": "https://v", "status": "official",
         "licence": "", "accessed": "", "claims": "X"},
        {"table": "b", "title": "b title", "producer": "P", "origin": "o/r f.csv @ 0123456789 (data: https://u)",
         "status": "reprint", "licence": "CC0", "accessed": "2024-01-02", "claims": "X, Y"},
        {"table": "c.resource", "title": "no name", "producer": "", "origin": "", "status": "", "licence": "",
         "accessed": "", "claims": ""},
    ]  # fmt: skip


def test_provenance_of_a_repository_without_a_page(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    descriptor(raw, "a", repository="o/r", repository_path="f", commit="c")
    monkeypatch.setattr(report, "results", lambda pattern: {})
    assert report.provenance_frame(raw)["origin"].tolist() == ["o/r f @ c"]


def test_upstream_frame(tmp_path):
    (tmp_path / "b.csv.origin.yaml").write_text(
        yaml.safe_dump(
            {
                "producer": "P",
                "repository": "o/r",
                "repository_path": "x/b.csv",
                "commit": "0123456789abcdef",
                "license": {"name": "MIT"},
            }
        ),
        encoding="utf-8",
    )
    (tmp_path / "a.csv.origin.yaml").write_text("", encoding="utf-8")
    (tmp_path / "a.csv").write_text("", encoding="utf-8")
    assert report.upstream_frame(tmp_path).to_dict("records") == [
        {"file": "a.csv", "producer": "", "repository": "", "path": "", "commit": "", "licence": ""},
        {"file": "b.csv", "producer": "P", "repository": "o/r", "path": "x/b.csv", "commit": "0123456789ab", "licence": "MIT"},
    ]  # fmt: skip


def test_upstream_frame_reads_sidecars_as_utf8_whatever_the_locale(tmp_path):
    (tmp_path / "bop.xlsx.origin.yaml").write_text(
        "producer: 国家外汇管理局 (SAFE)\nrepository_path: excel/中国国际收支平衡表.xlsx\nlicense:\n  name: 著作権\n",
        encoding="utf-8",
    )
    with ascii_locale():
        frame = report.upstream_frame(tmp_path)
    assert frame[["producer", "path", "licence"]].to_dict("records") == [
        {"producer": "国家外汇管理局 (SAFE)", "path": "excel/中国国际收支平衡表.xlsx", "licence": "著作権"}
    ]


def s(cid, book, verdict):
    return SecondReading(cid, book, verdict, "r", "s", "")


def test_agreement_counts_and_kappa():
    rows = {
        "A": s("A", "reproduced", "reproduced"),
        "B": s("B", "contradicted", "contradicted"),
        "C": s("C", "contradicted", "inconsistent"),
        "D": s("D", "reproduced", "reproduced"),
    }
    got = report.agreement(rows)
    assert (got["read"], got["agreed"], got["disagreed"]) == (4, 3, [rows["C"]])
    # Cohen's kappa from its definition: observed 3/4; expected from the margins
    # book: reproduced 2, contradicted 2; reviewer: reproduced 2, inconsistent 1, contradicted 1
    po, pe = 3 / 4, (2 * 2 + 2 * 1) / 16
    assert got["kappa"] == pytest.approx((po - pe) / (1 - pe))


def test_agreement_of_nothing(monkeypatch):
    got = report.agreement({})
    assert (got["read"], got["agreed"], got["disagreed"]) == (0, 0, []) and math.isnan(got["kappa"])


def test_agreement_reads_the_second_reading_by_default(monkeypatch):
    rows = {"A": s("A", "reproduced", "contradicted"), "B": s("B", "reproduced", "reproduced")}
    rows["C"] = s("C", "contradicted", "contradicted")
    monkeypatch.setattr(report, "second_readings", lambda: rows)
    got = report.agreement()
    assert (got["read"], got["agreed"]) == (3, 2)
