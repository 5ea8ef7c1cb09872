"""Derived quantities of ``dtbook.core.derive``: each returns the range its (rounded) inputs allow."""

import math
import re
from fractions import Fraction as F

import pytest

from dtbook.core.derive import difference, growth, multiple, rank_of, ratio, share
from dtbook.core.interval import Interval
from dtbook.core.judge import judge


def exactly(message: str) -> str:
    """A ``pytest.raises`` pattern for this whole message and nothing more (so a reworded one fails)."""
    return "^" + re.escape(message) + "$"


def ends(x: Interval) -> tuple[F, F]:
    return (x.lo, x.hi)


def test_ratio_share_multiple_on_exact_numbers():
    assert ends(ratio(1, 4)) == (F(1, 4), F(1, 4))
    assert ends(share(1, 4)) == (25, 25)  # 1/4 as a percentage
    assert ends(share(3, 2)) == (150, 150)
    assert ends(multiple(9, 3)) == (3, 3)  # 9 is 3 times 3
    assert ends(multiple(3, 9)) == (F(1, 3), F(1, 3))  # new over old, not the other way


def test_share_of_rounded_inputs_and_refs():
    # part "294.76" stands for [294.755, 294.765]; whole exact 661.7165
    a = Interval.printed("294.76", ref="t#a:value")
    b = Interval.exact(F("661.7165"), ref="t#b:value")
    s = share(a, b)
    assert ends(s) == (F("294.755") / F("661.7165") * 100, F("294.765") / F("661.7165") * 100)
    assert F("44.54") < s.lo < s.hi < F("44.55")
    assert s.refs == frozenset({"t#a:value", "t#b:value"})


def test_growth_signs():
    assert ends(growth(110, 100)) == (10, 10)  # (110/100 - 1) * 100
    assert ends(growth(90, 100)) == (-10, -10)  # a fall is negative
    assert ends(growth(100, 100)) == (0, 0)
    assert ends(growth(300, 100)) == (200, 200)  # tripling is +200 %, not 300 %


def test_negative_growth_from_rounded_inputs():
    # 14.23 from 14.31, both rounded to 2 decimals: lowest new over highest old, and the reverse
    g = growth(Interval.printed("14.23"), Interval.printed("14.31"))
    assert g.lo == (F("14.225") / F("14.315") - 1) * 100  # -0.6287 %
    assert g.hi == (F("14.235") / F("14.305") - 1) * 100  # -0.4893 %
    assert judge("-0.6", "=", g).verdict == "reproduced"
    assert judge("-0.7", "=", g).verdict == "inconsistent"
    assert judge("-1.7", "=", g).verdict == "contradicted"


def test_rounded_inputs_on_both_sides_of_a_ratio():
    # 1.194 / 1.102 - 1 with both rounded to 3 decimals spans 8.25 % to 8.44 %
    g = growth(Interval.printed("1.194"), Interval.printed("1.102"))
    assert g.lo == (F("1.1935") / F("1.1025") - 1) * 100
    assert g.hi == (F("1.1945") / F("1.1015") - 1) * 100
    assert judge("8.4", "=", g).verdict == "reproduced"
    # the exact values give 8.348 %: a printed 8.4 is then a rounding slip
    exact = growth(Interval.exact(1194000), Interval.exact(1102000))
    assert judge("8.4", "=", exact).verdict == "inconsistent"


def test_difference_is_ordered():
    assert ends(difference(5, 3)) == (2, 2)
    assert ends(difference(3, 5)) == (-2, -2)
    assert ends(difference(Interval(F(1), F(2)), Interval(F(10), F(20)))) == (-19, -8)  # 1 - 20, 2 - 10


def test_ratio_by_an_interval_containing_zero_is_an_error():
    with pytest.raises(ZeroDivisionError):
        ratio(1, Interval(F(-1), F(1)))
    with pytest.raises(ZeroDivisionError):
        growth(1, 0)


# -- rank_of: 1 = largest; ties share the better rank; missing values are skipped ------------------------


def test_rank_of_orders_by_value_largest_first():
    values = {"a": 3.0, "b": 1.0, "c": 2.0}
    assert [rank_of(values, k) for k in "abc"] == [1, 3, 2]


def test_rank_of_ties_share_the_better_rank():
    # competition ranking: 5, 5, 3 rank 1, 1, 3 (nobody is ranked 2)
    values = {"a": 5.0, "b": 5.0, "c": 3.0}
    assert [rank_of(values, k) for k in "abc"] == [1, 1, 3]
    # a tie below the top: 9, 4, 4, 1 -> 1, 2, 2, 4
    values = {"w": 9.0, "x": 4.0, "y": 4.0, "z": 1.0}
    assert [rank_of(values, k) for k in "wxyz"] == [1, 2, 2, 4]


def test_rank_of_skips_missing_values():
    # None and NaN are not values: 2 is the largest of {2, 1}
    values = {"none": None, "nan": math.nan, "b": 2.0, "c": 1.0}
    assert rank_of(values, "b") == 1  # type: ignore[arg-type]
    assert rank_of(values, "c") == 2  # type: ignore[arg-type]


@pytest.mark.parametrize("key", ["none", "nan", "absent"])
def test_rank_of_a_missing_value_is_an_error(key):
    values = {"none": None, "nan": math.nan, "b": 2.0}
    with pytest.raises(KeyError, match=exactly(f"'{key} has no value to rank'")):
        rank_of(values, key)  # type: ignore[arg-type]
