"""Interval arithmetic and the verdict rules at their boundaries (hand-derived expectations)."""

from fractions import Fraction as F

import pytest

from dtbook.core.derive import cagr, growth, multiple, ratio, share
from dtbook.core.interval import Interval, NotANumber, decimals, half_unit
from dtbook.core.judge import judge, judge_fact, stated_band


def test_printed_interval_is_half_a_unit_either_side():
    iv = Interval.printed("8.4")
    assert (iv.lo, iv.hi) == (F("8.35"), F("8.45"))
    assert Interval.printed("1205").lo == F("1204.5")
    assert Interval.printed("32.160").hi == F("32.1605")  # trailing zero carries precision


def test_decimals_and_half_unit():
    assert decimals("8.40") == 2 and decimals("-0.7") == 1 and decimals("52929.7") == 1
    assert half_unit("0.7") == F(1, 20)
    with pytest.raises(NotANumber):
        decimals("1,205")
    with pytest.raises(NotANumber):
        Interval.printed("abc")


def test_exact_half_unit_boundary_is_reproduced_both_sides():
    # 8.35 and 8.45 both round to 8.4 under some convention: the band is closed
    assert judge("8.4", "=", Interval.exact("8.35")).verdict == "reproduced"
    assert judge("8.4", "=", Interval.exact("8.45")).verdict == "reproduced"
    # one hair outside is not
    assert judge("8.4", "=", Interval.exact("8.3499999")).verdict == "inconsistent"


def test_slip_ladder():
    assert judge("8.4", "=", Interval.exact("8.25")).verdict == "inconsistent"  # one unit beyond the band
    assert judge("8.4", "=", Interval.exact("8.2499")).verdict == "contradicted"
    assert judge("8.4", "=", Interval.exact("9.1")).verdict == "contradicted"


def test_negative_growth():
    # 14.23 from 14.31 with both inputs rounded: -0.63 % to -0.49 %
    g = growth(Interval.printed("14.23"), Interval.printed("14.31"))
    assert F("-0.64") < g.lo < F("-0.62") and F("-0.50") < g.hi < F("-0.48")
    assert judge("-0.6", "=", g).verdict == "reproduced"
    assert judge("-0.7", "=", g).verdict == "inconsistent"
    assert judge("-1.7", "=", g).verdict == "contradicted"
    assert stated_band("-0.7", "=").lo == F("-0.75")


def test_rounded_inputs_on_both_sides_of_a_ratio():
    # 1.194 / 1.102 - 1 with both rounded to 3 decimals spans 8.25 % to 8.44 %
    g = growth(Interval.printed("1.194"), Interval.printed("1.102"))
    assert g.lo == (F("1.1935") / F("1.1025") - 1) * 100
    assert g.hi == (F("1.1945") / F("1.1015") - 1) * 100
    assert judge("8.4", "=", g).verdict == "reproduced"
    # the exact TOP500 values give 8.348 %: the printed 8.4 is a rounding slip
    exact = growth(Interval.exact(1194000), Interval.exact(1102000))
    assert judge("8.4", "=", exact).verdict == "inconsistent"


def test_one_sided_comparators():
    assert judge("40000", ">", Interval.exact(40001)).verdict == "reproduced"
    assert judge("40000", ">", Interval.exact(40000)).verdict == "contradicted"
    assert judge("80", ">", Interval.printed("80.8")).verdict == "reproduced"
    assert judge("60", "<", Interval.exact(59)).verdict == "reproduced"
    assert judge("60", "<", Interval.exact(60)).verdict == "contradicted"
    # a rounded recomputation that can exceed the threshold is given the benefit of rounding
    assert judge("2", ">", Interval.printed("2.0")).verdict == "reproduced"


def test_about_widens_by_one_half_unit():
    assert judge("10", "~", Interval.exact(11)).verdict == "reproduced"
    assert judge("10", "~", Interval.exact(F("11.5"))).verdict == "inconsistent"
    assert judge("10", "~", Interval.exact(13)).verdict == "contradicted"


def test_exact_units_have_no_rounding():
    assert judge("5", "=", Interval.exact(5), exact=True).verdict == "reproduced"
    assert judge("5", "=", Interval.exact(6), exact=True).verdict == "contradicted"


def test_facts():
    assert judge_fact(True).verdict == "reproduced"
    assert judge_fact(False).verdict == "contradicted"
    with pytest.raises(ValueError):
        judge("1", "fact", Interval.exact(1))


def test_share_multiple_cagr_and_refs():
    a = Interval.printed("294.76", ref="t#a:value")
    b = Interval.exact(F("661.7165"), ref="t#b:value")
    s = share(a, b)
    assert s.refs == frozenset({"t#a:value", "t#b:value"})
    assert F("44.54") < s.lo < s.hi < F("44.55")
    assert multiple(Interval.exact(9), Interval.exact(3)).lo == 3
    c = cagr(Interval.exact(121), Interval.exact(100), 2)
    assert c.lo < 10 < c.hi and c.hi - c.lo < F(1, 10**9)
    with pytest.raises(ZeroDivisionError):
        ratio(1, Interval(F(-1), F(1)))


def test_interval_rejects_empty():
    with pytest.raises(ValueError):
        Interval(F(2), F(1))
