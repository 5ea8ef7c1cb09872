"""The claim record's pieces that need no build: the gap, the finding, the tallies over the verdict
words, the verdict colours (contrast, every verdict word covered) and the settings."""

from __future__ import annotations

from dataclasses import replace

import pytest
from ledger_rows import claim

from dtbook.core.judge import VERDICTS
from dtbook.site import palette, record, settings


def _result(verdict: str = "reproduced", pct: float | None = 0.0, units: float | None = 0.0) -> dict:
    return {
        "verdict": verdict,
        "shown": "8.36",
        "gap_percent": pct,
        "gap_units": units,
        "unit": "percent",
        "comparator": "=",
        "grade": "dataset",
        "refs": [],
    }


def test_gap_is_words_and_a_cell():
    assert record.gap(_result(pct=None, units=None)) == record.Gap()
    assert record.gap(_result()).short == "0"
    g = record.gap(_result("contradicted", 2.5, 3.0))
    assert g.short == "+2.50 %" and "last digit" in g.text
    exact = dict(_result("contradicted", 50.0, 1.0), unit="year")
    assert record.gap(exact).short == "+1 year"


def test_finding_is_one_plain_line_for_every_verdict():
    c = claim("S91-01", "nb")
    assert record.finding(c, _result(), record.gap(_result())) == (
        "Reproduced: the paper prints 8.4 percent; the data give 8.36 percent."
    )
    bad = _result("contradicted", 2.5, 3.0)
    assert "(off by +2.50 %)" in record.finding(replace(c, verdict="contradicted"), bad, record.gap(bad))
    opinion = _result("judgement", None, None)
    line = record.finding(replace(c, reason="an opinion on rule-setting power"), opinion, record.gap(opinion))
    assert line == "Not rated (a judgement): an opinion on rule-setting power"
    none = record.finding(replace(c, reason="nothing printed"), _result("unverifiable", None, None), record.Gap())
    assert none == "Not checkable: nothing printed"


def test_anchor_page_and_locator_are_defined_once():
    c = claim("S91-02", "s9_test")
    assert record.anchor("S91-02") == "claim-s91-02"
    assert record.page("S91-02") == "claims/S91-02.html"
    assert record.locator(c) == "chapters/s9_test.html#claim-s91-02"


def _rec(cid: str, verdict: str, grade: str) -> record.ClaimRecord:
    c = claim(cid, "nb", verdict)
    return record.ClaimRecord(
        id=cid,
        claim=c,
        result={},
        sentence="",
        stated="",
        recomputed="",
        verdict=verdict,
        grade=grade,
        grade_meaning="",
        gap=record.Gap(),
        finding="",
        inputs=(),
        sources=(),
        anchor=record.anchor(cid),
        locator=record.locator(c),
        page=record.page(cid),
        url="",
    )


def test_tallies_count_over_every_verdict_word():
    recs = {"A": _rec("A", VERDICTS[0], "dataset"), "B": _rec("B", VERDICTS[-1], "none")}
    t = record.tallies(recs)
    assert list(t.counts) == list(VERDICTS) and t.total == 2
    assert t.by_grade[VERDICTS[0]]["dataset"] == 1 and t.by_grade[VERDICTS[-1]]["none"] == 1
    assert recs["A"].readings == [] and recs["A"].second_reading == {}  # filled elsewhere, empty by default


def test_a_record_field_for_later_readings_is_not_shared_between_records():
    a, b = _rec("A", "reproduced", "dataset"), _rec("B", "reproduced", "dataset")
    a.readings.append({"by": "x"})
    assert b.readings == []


@pytest.mark.parametrize("verdict", [*VERDICTS, "judgement"])
def test_every_verdict_badge_has_aa_contrast_and_a_rule(verdict, monkeypatch):
    light, dark_edge = palette.colours(verdict)
    assert palette.contrast("#ffffff", light) >= 4.5, verdict
    assert palette.contrast(dark_edge, "#121212") >= 3.0, verdict  # a card's edge on the dark page
    monkeypatch.setattr(palette, "VERDICTS", (*VERDICTS, "judgement"))
    css = palette.css()
    assert f".verdict-badge.verdict-{verdict} " in css and f".claim-card.verdict-{verdict} " in css


def test_tinted_rows_keep_link_and_text_contrast():
    for light, dark in palette.TINT.values():
        assert palette.contrast("#0f56be", light) >= 4.5  # --dt-row-link on the light tint
        assert palette.contrast("#222832", light) >= 4.5
        assert palette.contrast("#8ab4f8", dark) >= 4.5  # the dark mode's link on the dark tint
        assert palette.contrast("#ced6dd", dark) >= 4.5


def test_settings_read_the_config_and_the_environment_wins(monkeypatch):
    monkeypatch.delenv(settings.BASE_ENV, raising=False)
    assert settings.base_url().startswith("https://") and settings.base_url().endswith("/")
    monkeypatch.setenv(settings.BASE_ENV, "https://example.net/book")
    assert settings.absolute("claims/S21-02.html") == "https://example.net/book/claims/S21-02.html"
    monkeypatch.setenv(settings.REPOSITORY_ENV, "https://example.net/repo/")
    assert settings.issues_url() == "https://example.net/repo/issues"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    assert settings.published() == "2025-12-01"


def test_a_dataset_grade_resting_on_a_copy_says_so_on_its_badge():
    copy = record.Source("dataset", "t", ("k",), status="copy")
    own = record.Source("dataset", "t", ("k",), status="official")
    page = record.Source("page", "p", ("r",), status="press")
    assert record.grade_label("dataset", (copy,)) == "dataset (copy)"
    assert record.grade_label("dataset", (own,)) == "dataset"
    assert record.grade_label("derived", (copy, page)) == "derived"  # only the dataset grade names its copy
    rec = replace(_rec("A", "reproduced", "dataset"), sources=(page, copy))
    assert rec.grade_label == "dataset (copy)" and rec.source_labels == ("press", "copy")
