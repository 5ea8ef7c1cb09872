"""``dtbook.chapter.audit.Auditor.finish``: a verdict that differs from the ledger, or a ledger row
left unchecked, raises naming the claim. Run on temporary results and deps folders, with the
notebook's ledger rows given directly (never the real ``_build`` or ledger)."""

import json
from pathlib import Path

import pytest

from dtbook.chapter import audit
from dtbook.core.interval import Interval
from dtbook.data.errors import GateError
from dtbook.data.ledger import Claim

NB = "s9_unit_test"


def claim(cid: str, verdict: str, stated: str = "8.4", comparator: str = "=") -> Claim:
    return Claim(
        id=cid,
        section="9.1",
        notebook=NB,
        kind="share",
        subject="a test subject",
        quote="a quote",
        stated=stated,
        comparator=comparator,
        unit="percent",
        year="2020",
        verdict=verdict,
        reason_tag="" if verdict == "reproduced" else "slip",
        reason="" if verdict == "reproduced" else "a reason",
    )


@pytest.fixture
def build_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(audit, "RESULTS", tmp_path / "results")
    monkeypatch.setattr(audit, "DEPS", tmp_path / "deps")
    monkeypatch.setattr(audit, "rows_digest", lambda notebook: f"digest of {notebook}")
    return tmp_path


def auditor(monkeypatch: pytest.MonkeyPatch, *claims: Claim) -> audit.Auditor:
    monkeypatch.setattr(audit, "for_notebook", lambda notebook: {c.id: c for c in claims if c.notebook == notebook})
    return audit.Auditor(NB)


def test_finish_passes_and_writes_results_when_every_verdict_agrees(build_dir, monkeypatch, capsys):
    a = auditor(monkeypatch, claim("T-01", "reproduced"), claim("T-02", "inconsistent"))
    a.check("T-01", Interval.exact("8.4"), unit="percent")  # inside [8.35, 8.45]
    a.check("T-02", Interval.exact("8.3"), unit="percent")  # within one unit below: inconsistent
    a.finish()
    assert capsys.readouterr().out.splitlines()[-1] == f"{NB}: 2 claims checked, all verdicts as audited"
    written = json.loads((build_dir / "results" / f"{NB}.json").read_text())
    assert written["notebook"] == NB
    assert [(r["id"], r["verdict"], r["shown"]) for r in written["results"]] == [
        ("T-01", "reproduced", "8.40"),
        ("T-02", "inconsistent", "8.30"),
    ]
    deps = json.loads((build_dir / "deps" / f"{NB}.json").read_text())
    assert deps[f"{audit.rel(audit.LEDGER)}#{NB}"] == f"digest of {NB}"  # its own ledger rows


def test_finish_raises_naming_a_claim_whose_verdict_differs(build_dir, monkeypatch):
    a = auditor(monkeypatch, claim("T-01", "reproduced"), claim("T-02", "reproduced"))
    a.check("T-01", Interval.exact("8.4"), unit="percent")
    a.check("T-02", Interval.exact("8.3"), unit="percent")  # 8.3 is inconsistent with 8.4
    with pytest.raises(GateError) as err:
        a.finish()
    assert str(err.value) == (
        "verdicts differ from the audited ledger:\n"
        "  T-02: stated = 8.4 percent; recomputed 8.30; ledger verdict reproduced, computed verdict inconsistent"
    )


def test_finish_raises_naming_an_unchecked_claim(build_dir, monkeypatch):
    a = auditor(monkeypatch, claim("T-01", "reproduced"), claim("T-02", "reproduced"))
    a.check("T-01", Interval.exact("8.4"), unit="percent")
    with pytest.raises(GateError) as err:
        a.finish()
    assert (
        str(err.value) == f"verdicts differ from the audited ledger:\n  T-02: ledger row with no check in notebook {NB}"
    )


def test_finish_lists_every_problem(build_dir, monkeypatch):
    a = auditor(
        monkeypatch, claim("T-01", "contradicted"), claim("T-03", "reproduced", "9", ">"), claim("T-02", "reproduced")
    )
    a.check("T-01", Interval.exact("8.4"), unit="percent")  # reproduced, but the ledger says contradicted
    a.check("T-03", Interval.exact("8.4"), unit="percent")  # "more than 9": contradicted
    with pytest.raises(GateError) as err:
        a.finish()
    assert str(err.value).splitlines()[1:] == [
        "  T-01: stated = 8.4 percent; recomputed 8.40; ledger verdict contradicted, computed verdict reproduced",
        "  T-03: stated > 9 percent; recomputed 8.40; ledger verdict reproduced, computed verdict contradicted",
        f"  T-02: ledger row with no check in notebook {NB}",
    ]


def test_a_notebook_with_no_claims_finishes(build_dir, monkeypatch, capsys):
    auditor(monkeypatch).finish()
    assert capsys.readouterr().out.strip() == f"{NB}: 0 claims checked, all verdicts as audited"
