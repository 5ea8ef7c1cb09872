"""The claim record's pieces that need no build: the one gap measure, the finding, the tallies over the verdict
words, the verdict colours (contrast, every verdict word covered) and the settings."""

from __future__ import annotations

from dataclasses import replace

import pytest
from ledger_rows import claim

from dtbook.chapter.audit import gap_measure, measured_gap
from dtbook.core.interval import Interval
from dtbook.core.judge import VERDICTS
from dtbook.site import palette, record, settings


def _result(verdict: str = "reproduced", gap: float | None = 0.0, unit: str = "percentage points") -> dict:
    return {
        "verdict": verdict,
        "shown": "8.36",
        "gap": gap,
        "gap_unit": unit if gap is not None else "",
        "unit": "percent",
        "comparator": "=",
        "grade": "dataset",
        "refs": [],
    }


@pytest.mark.parametrize(
    ("unit", "stated", "recomputed", "exact", "measure", "value"),
    [
        # a percentage: percentage points outside the band [32.5, 33.5], not percent of the figure
        ("percent", "33", "43.2", False, "percentage points", 9.7),
        ("percent yoy", "8.4", "8.2", False, "percentage points", -0.15),
        ("percent of GDP", "8.4", "8.2", False, "percentage points", -0.15),
        ("percentile", "84", "82", False, "percent", -1.5 / 84 * 100),  # not a percentage: a level
        # a level: percent of the printed figure (0.15 outside [8.35, 8.45], of 8.4)
        ("USD trillion", "8.4", "8.6", False, "percent", 0.15 / 8.4 * 100),
        ("times", "10", "12", False, "percent", 15.0),
        ("year", "2013", "2015", True, "years", 2.0),
        ("rank", "5", "3", True, "places", -2.0),
        ("count", "12", "15", True, "count", 3.0),
        # within the band, every measure gives 0
        ("percent", "8.4", "8.36", False, "percentage points", 0.0),
        ("USD billion", "8.4", "8.44", False, "percent", 0.0),
        ("year", "2013", "2013", True, "years", 0.0),
        ("rank", "5", "5", True, "places", 0.0),
    ],
)
def test_one_gap_measure_at_its_edges(unit, stated, recomputed, exact, measure, value):
    assert gap_measure(unit) == measure
    iv = Interval.exact(recomputed)
    assert measured_gap(stated, "=", iv, unit, exact=exact) == pytest.approx(value, abs=1e-9)


def test_a_printed_figure_is_a_rounding_band_unless_said_exact():
    """measured_gap's default: the printed 8.4 stands for [8.35, 8.45], so 8.6 lies 0.15 outside it."""
    assert measured_gap("8.4", "=", Interval.exact("8.6"), "USD trillion") == pytest.approx(0.15 / 8.4 * 100)


def test_a_bound_that_holds_has_no_gap_and_one_that_fails_is_measured_like_its_unit():
    assert measured_gap("50", ">", Interval.exact("60"), "percent") == 0
    assert measured_gap("50", ">", Interval.exact("45"), "percent") == pytest.approx(-5.0)
    assert measured_gap("40000", ">", Interval.exact("39000"), "million users") == pytest.approx(-2.5)


def test_gap_is_words_and_a_cell_in_its_measure():
    assert record.gap(_result(gap=None)) == record.Gap()
    assert record.gap(_result()).short == "0" and record.gap(_result()).magnitude == 0
    g = record.gap(_result("contradicted", 9.65))
    assert g.short == "+9.65 pp" and g.text.startswith("+9.65 percentage points") and g.magnitude == 9.65
    rel = record.gap(_result("contradicted", -2.5, "percent"))
    assert rel.short == "-2.50 %" and "% of the printed figure" in rel.text and rel.magnitude == 2.5
    year = record.gap(dict(_result("contradicted", -1.0, "years"), unit="year"))
    assert year.short == "-1 year" and year.text == "-1 year (below the printed figure)"
    assert record.gap(_result("contradicted", -3.0, "places")).short == "-3 places"
    assert record.Gap().magnitude is None


def test_finding_is_one_plain_line_for_every_verdict():
    c = claim("S91-01", "nb")
    assert record.finding(c, _result(), record.gap(_result())) == (
        "The paper prints 8.4 percent; the data give 8.36 percent."
    )
    bad = _result("contradicted", 2.5)
    assert "(off by +2.50 pp)" in record.finding(replace(c, verdict="contradicted"), bad, record.gap(bad))
    opinion = _result("judgement", None)
    line = record.finding(replace(c, reason="an opinion on rule-setting power"), opinion, record.gap(opinion))
    assert line == "An opinion on rule-setting power"
    none = record.finding(replace(c, reason="nothing printed"), _result("unverifiable", None), record.Gap())
    assert none == "Nothing printed"
    for verdict in ("reproduced", "contradicted", "unverifiable", "judgement"):  # the badge says it, once
        r = _result(verdict, 2.5 if verdict == "contradicted" else None)
        assert verdict not in record.finding(replace(c, verdict=verdict), r, record.gap(r)).lower()


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
