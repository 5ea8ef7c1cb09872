"""The evidence grade, the gap and the revised-data rule, each pinned at its boundaries."""

from __future__ import annotations

from fractions import Fraction

import pytest

from dtbook.chapter import evidence
from dtbook.core.interval import Interval
from dtbook.core.judge import gap, judge, revision_explains
from dtbook.data.errors import GateError
from dtbook.site.record import display_quote


@pytest.fixture(autouse=True)
def page_tables(monkeypatch):
    """Two kinds of table without reading descriptors: names starting 'pages_' are compilations."""
    monkeypatch.setattr(evidence, "is_page_table", lambda name, raw=None: name.startswith("pages_"))
    # rows whose key names an event or a date hold no numeric level
    monkeypatch.setattr(evidence, "is_level", lambda table, key, raw=None: not any(w in key for w in ("event", "date")))


def test_grade_unverifiable_is_none_whatever_was_read():
    assert evidence.grade("X", "unverifiable", frozenset()) == "none"
    assert evidence.grade("X", "unverifiable", frozenset({"unctad#CHN/2013:exports"})) == "none"


def test_grade_needs_a_recorded_input():
    with pytest.raises(GateError, match="X: no recorded input"):
        evidence.grade("X", "reproduced", frozenset())


def test_dataset_rows_only_give_dataset_however_many():
    refs = frozenset({"unctad#CHN/2013:exports_usd_mn", "unctad#CHN/2013:imports_usd_mn", "wdi#*:value"})
    assert evidence.grade("X", "reproduced", refs) == "dataset"


def test_one_page_value_is_quoted_two_are_derived():
    one = frozenset({"pages_trade#gacc-2020:value"})
    assert evidence.grade("X", "reproduced", one) == "quoted"
    # two columns of one row are still one printed value's row: quoted
    assert evidence.grade("X", "reproduced", one | {"pages_trade#gacc-2020:bound"}) == "quoted"
    two = one | {"pages_trade#gacc-2019:value"}
    assert evidence.grade("X", "reproduced", two) == "derived"
    assert evidence.grade("X", "reproduced", frozenset({"pages_trade#*"})) == "derived"  # a whole frame


def test_dates_events_and_text_rows_are_quoted_however_many():
    events = frozenset({"pages_events#a-event", "pages_events#b-event", "pages_events#c-date:value"})
    assert evidence.grade("X", "reproduced", events) == "quoted"
    assert evidence.grade("X", "reproduced", frozenset({"pages_events#*"})) == "derived"  # a frame of levels
    # one level and one date: still one level, no arithmetic on two levels
    assert (
        evidence.grade("X", "reproduced", frozenset({"pages_trade#a:value", "pages_events#b-date:value"})) == "quoted"
    )


def test_a_page_s_words_are_text_not_a_level():
    words = frozenset({"pages_trade#a:value", "pages_trade#b:quote"})
    assert evidence.grade("X", "reproduced", words) == "quoted"
    assert evidence.grade("X", "reproduced", words | {"pages_trade#b:value"}) == "derived"


def test_a_rebuilt_total_its_producer_prints_is_quoted():
    parts = frozenset({"pages_trade#exports:value", "pages_trade#imports:value", "pages_trade#total:value"})
    assert evidence.grade("X", "reproduced", parts) == "derived"
    assert evidence.grade("X", "reproduced", parts, rebuilt=True) == "quoted"
    assert evidence.grade("X", "reproduced", parts | {"claims#X:stated"}, rebuilt=True) == "paper"
    assert evidence.grade("X", "judgement", parts) == "none"


def test_mixed_inputs_take_the_weakest_grade():
    page_and_data = frozenset({"pages_trade#a:value", "unctad#CHN/2013:exports_usd_mn"})
    assert evidence.grade("X", "reproduced", page_and_data) == "derived"
    with_paper = page_and_data | {"claims#S23-20:stated"}
    assert evidence.grade("X", "contradicted", with_paper) == "paper"
    assert evidence.grade("X", "reproduced", frozenset({"paper#references"})) == "paper"
    assert evidence.grade("X", "reproduced", frozenset({"results#S21-02"})) == "paper"
    assert evidence.weakest(["dataset", "quoted", "derived"]) == "quoted"
    assert evidence.GRADES == ("dataset", "derived", "quoted", "paper", "none")


def test_gap_is_zero_inside_the_band_and_signed_outside():
    # "82.729" stands for [82.7285, 82.7295]; 82.923 printed is [82.9225, 82.9235]: 0.193 above the band
    g = gap("82.729", "=", Interval.printed("82.923"))
    assert g.units == Fraction(193)  # 0.193 / 0.001
    assert g.percent == Fraction("0.193") / Fraction("82.729") * 100
    below = gap("82.729", "=", Interval.printed("82.700"))  # [82.6995, 82.7005]: 0.028 below
    assert below.units == Fraction(-28)
    assert gap("4.16", "=", Interval.printed("4.159")) == gap("4.16", "=", Interval.exact("4.16"))
    assert gap("4.16", "=", Interval.exact("4.155")).units == 0  # the band's closed edge


def test_gap_of_a_bound_is_zero_when_it_holds_and_the_shortfall_otherwise():
    assert gap("20", ">", Interval.exact(21)).units == 0
    assert gap("20", ">", Interval.exact(18)).units == -2
    assert gap("20", "<", Interval.exact(19)).units == 0
    assert gap("20", "<", Interval.exact(23)).units == 3


def test_revised_data_rule():
    off = judge("82.729", "=", Interval.printed("82.923"))
    assert off.verdict == "contradicted"
    assert revision_explains(off, "82.729", "=", None, neighbour_reproduced=True)
    assert not revision_explains(off, "82.729", "=", None, neighbour_reproduced=False)
    # another vintage that reproduces the printed figure explains the gap; one that does not, does not
    assert revision_explains(off, "82.729", "=", Interval.printed("82.729"), False)
    assert not revision_explains(off, "82.729", "=", Interval.printed("82.800"), False)
    ok = judge("27.767", "=", Interval.printed("27.767"))
    assert not revision_explains(ok, "27.767", "=", Interval.printed("27.767"), True)  # nothing to explain


def test_display_quote_drops_escapes_and_markers_only():
    assert display_quote(r"from US\$27.767 billion^[4] between") == "from US$27.767 billion between"
    assert display_quote("rules ^[2,3] and ^[5-7] rise") == "rules and rise"
    assert display_quote("10 % of [4] stays") == "10 % of [4] stays"
