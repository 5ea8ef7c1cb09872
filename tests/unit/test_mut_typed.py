"""Figures typed in the ledger's prose (dtbook.site.typed) and the gate that runs the check (dtbook.site.gate)."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pandas as pd
from ledger_rows import claim

from dtbook.data import tables
from dtbook.data.tables import Table
from dtbook.site import gate, typed

C = replace(claim("T-01", "nb", "contradicted", "82.729", "="), quote="to US$82.729 billion")


def test_numbers_normalised_and_signed():
    assert typed.numbers("-3.50 and 1,234.0 and x7 and 7x and v.2 and a-9") == {
        Decimal("-3.5"),
        Decimal("1234"),
    }


def test_supported_holds_every_part_of_the_record():
    result = {"shown": "1.5", "note": "2.5", "readings": [{"stated": "= 3.5", "shown": "4.5"}, {}]}
    got = typed.supported(replace(C, quote="q 5.5", stated="6.5"), result, ["7.5", "8.5"])
    assert got == {Decimal(x) for x in ("1.5", "2.5", "3.5", "4.5", "5.5", "6.5", "7.5", "8.5")}
    assert typed.supported(replace(C, quote="q", stated=""), {}, []) == set()


def test_typed_figures_names_each_field_and_each_figure_sorted():
    c = replace(C, reason="12.5 then 3.25", notes="0.5")
    assert typed.typed_figures(c, {}, []) == [
        "T-01: reason types 3.25, 12.5, which its recorded result and rows do not hold "
        "(say it in words, or print it from the data in the check)",
        "T-01: notes types 0.5, which its recorded result and rows do not hold "
        "(say it in words, or print it from the data in the check)",
    ]
    assert typed.typed_figures(replace(C, reason="1,000.0 in all"), {"shown": "1000"}, []) == []


def fake_table(monkeypatch, key):
    t = Table(
        name="t",
        df=pd.DataFrame(
            {"geo": ["CHN", "CHN", "USA"], "year": ["2020", "2021", "2020"], "value": ["1.5", "2.5", "3.5"]}
        ),
        descriptor={},
        path=tables.ROOT / "t.csv",
        key=key,
    )
    loaded = []
    monkeypatch.setattr(tables, "load", lambda name: loaded.append(name) or t)
    return loaded


def test_row_texts_of_a_keyed_table(monkeypatch):
    loaded = fake_table(monkeypatch, ["geo", "year"])
    assert typed.row_texts(["t#CHN/2021:value", "t#USA/2020", "t#*:value"], {}, {}) == ["CHN 2021 2.5", "USA 2020 3.5"]
    assert loaded == ["t"]  # a table is read once per call, not once per row


def test_row_texts_keep_each_table_indexed_across_calls(monkeypatch):
    loaded = fake_table(monkeypatch, ["geo", "year"])
    indexed: dict[str, dict[str, list[str]]] = {}
    assert typed.row_texts(["t#CHN/2020:value"], {}, {}, indexed) == ["CHN 2020 1.5"]
    assert typed.row_texts(["t#USA/2020:value", "t#JPN/2020"], {}, {}, indexed) == ["USA 2020 3.5"]
    assert loaded == ["t"] and list(indexed) == ["t"]
    assert indexed["t"] == {"CHN/2020": ["CHN 2020 1.5"], "CHN/2021": ["CHN 2021 2.5"], "USA/2020": ["USA 2020 3.5"]}


def test_row_texts_of_a_table_keyed_by_its_index(monkeypatch):
    fake_table(monkeypatch, [])
    assert typed.row_texts(["t#2:value"], {}, {}) == ["USA 2020 3.5"]


def test_row_texts_of_claims_results_and_the_paper(monkeypatch):
    loaded = fake_table(monkeypatch, [])
    claims = {"A": replace(C, quote="q 1", stated="2")}
    results = {"R": {"shown": "3.5"}, "S": {}}
    refs = ["claims#A:stated", "claims#Z:stated", "results#R", "results#S:shown", "results#Q", "paper#references"]
    assert typed.row_texts(refs, claims, results) == ["q 1 2", "3.5", ""]
    assert loaded == []


def test_check_ledger_reads_refs_and_context(monkeypatch):
    fake_table(monkeypatch, ["geo", "year"])
    a = replace(C, id="A", reason="2.5 and 3.5")
    b = replace(C, id="B", reason="9.5")
    results = {"A": {"refs": ["t#CHN/2021:value"], "context": ["t#USA/2020:value"]}}
    assert typed.check_ledger({"A": a, "B": b}, results) == []  # B has no result: not checked
    assert typed.check_ledger({"A": a}, {"A": {"refs": ["t#CHN/2021:value"]}}) == [
        "A: reason types 3.5, which its recorded result and rows do not hold "
        "(say it in words, or print it from the data in the check)"
    ]


def test_the_gate_checks_typed_figures_against_every_notebooks_results(tmp_path, monkeypatch):
    folder = tmp_path / "results"
    folder.mkdir()
    a = replace(claim("A-01", "nb_a"), reason="")
    b = replace(claim("B-01", "nb_b"), notes="the other result shows 7.25")
    ra = {"id": "A-01", "verdict": "reproduced", "shown": "7.25", "refs": []}
    rb = {"id": "B-01", "verdict": "reproduced", "shown": "8.40", "refs": ["results#A-01"]}
    (folder / "nb_a.json").write_text(json.dumps({"notebook": "nb_a", "results": [ra]}), encoding="utf-8")
    (folder / "nb_b.json").write_text(json.dumps({"notebook": "nb_b", "results": [rb]}), encoding="utf-8")
    (folder / "nb_c.txt").write_text("not results", encoding="utf-8")
    assert gate.gate({"A-01": a, "B-01": b}, folder) == []
    rb["refs"] = []
    (folder / "nb_b.json").write_text(json.dumps({"notebook": "nb_b", "results": [rb]}), encoding="utf-8")
    assert gate.gate({"A-01": a, "B-01": b}, folder) == [
        "B-01: notes types 7.25, which its recorded result and rows do not hold "
        "(say it in words, or print it from the data in the check)"
    ]


def test_the_gate_reads_a_results_file_without_results(tmp_path):
    (tmp_path / "nb_a.json").write_text(json.dumps({"notebook": "nb_a", "results": []}), encoding="utf-8")
    assert gate.gate({"A-01": claim("A-01", "nb_a")}, tmp_path) == ["A-01: ledger row with no check (notebook nb_a)"]


def test_the_gate_reads_the_folder_given_not_another(tmp_path):
    given, accepted = tmp_path / "given", tmp_path / "accepted"
    given.mkdir()
    accepted.mkdir()  # another run's results, empty: read, it would leave A-01 unchecked
    r = {"id": "A-01", "verdict": "reproduced", "shown": "8.40", "refs": []}
    (given / "nb_a.json").write_text(json.dumps({"notebook": "nb_a", "results": [r]}), encoding="utf-8")
    assert gate.gate({"A-01": claim("A-01", "nb_a")}, given) == []
    assert gate.gate({"A-01": claim("A-01", "nb_a")}, accepted) == ["A-01: ledger row with no check (notebook nb_a)"]


def test_a_label_removed_leaves_the_figure_beside_it():
    assert typed.numbers("[9]5") == {Decimal(5)}


def test_a_typed_thousand_is_named_in_digits():
    assert typed.typed_figures(replace(C, reason="1,000 more"), {}, [])[0].startswith("T-01: reason types 1000, which")


def test_row_texts_of_a_key_holding_a_colon(monkeypatch):
    t = Table(
        name="t",
        df=pd.DataFrame({"at": ["10:30", "11:00"], "value": ["1.5", "2.5"]}),
        descriptor={},
        path=tables.ROOT / "t.csv",
        key=["at"],
    )
    monkeypatch.setattr(tables, "load", lambda name: t)
    assert typed.row_texts(["t#10:30:value"], {}, {}) == ["10:30 1.5"]


def test_check_ledger_of_results_without_refs_and_of_every_claim(monkeypatch):
    a = replace(C, id="A", reason="2.5")
    b = replace(C, id="B", reason="3.5")
    c = replace(C, id="C", quote="q", stated="", reason="7.5")
    results = {"A": {}, "B": {"refs": []}, "C": {"refs": ["claims#A:stated"]}}
    got = typed.check_ledger({"A": a, "B": b, "C": c}, results)
    assert [p.split(":")[0] for p in got] == ["A", "B", "C"]


def test_check_ledger_reads_each_table_once_for_every_claim(monkeypatch):
    loaded = fake_table(monkeypatch, ["geo", "year"])
    a = replace(C, id="A", reason="1.5")
    b = replace(C, id="B", reason="3.5")
    results = {"A": {"refs": ["t#CHN/2020:value"]}, "B": {"refs": ["t#USA/2020:value"]}}
    assert typed.check_ledger({"A": a, "B": b}, results) == []
    assert loaded == ["t"]  # one pass over the table for the whole ledger, not one per claim


def test_a_whole_table_read_names_no_row_and_reads_no_table(monkeypatch):
    loaded = fake_table(monkeypatch, ["geo", "year"])
    assert typed.row_texts(["t#*:value", "t#*"], {}, {}) == []
    assert loaded == []


def test_row_texts_of_a_key_holding_a_hash_sign(monkeypatch):
    t = Table(
        name="t",
        df=pd.DataFrame({"no": ["no#1", "no#2"], "value": ["1.5", "2.5"]}),
        descriptor={},
        path=tables.ROOT / "t.csv",
        key=["no"],
    )
    monkeypatch.setattr(tables, "load", lambda name: t)
    assert typed.row_texts(["t#no#2:value"], {}, {}) == ["no#2 2.5"]  # the table before the first #, as reads has it
