"""Exact interval arithmetic of ``dtbook.core.interval`` at its corners (hand-derived expectations).

Interval arithmetic rule: the result of an operation is the smallest interval containing the
operation applied to every pair of points of its operands; refs (the raw cells an interval came
from) are the union of the operands' refs.
"""

import math
import re
from fractions import Fraction as F

import pytest

from dtbook.core.interval import Interval, NotANumber, decimals, half_unit


def exactly(message: str) -> str:
    """A ``pytest.raises`` pattern for this whole message and nothing more (so a reworded one fails)."""
    return "^" + re.escape(message) + "$"


def iv(lo, hi, *refs: str) -> Interval:
    return Interval(F(lo), F(hi), frozenset(refs))


def ends(x: Interval) -> tuple[F, F]:
    return (x.lo, x.hi)


# -- printed figures ---------------------------------------------------------------------------------


def test_printed_interval_is_half_a_unit_either_side():
    assert ends(Interval.printed("8.4")) == (F("8.35"), F("8.45"))
    assert ends(Interval.printed("1205")) == (F("1204.5"), F("1205.5"))
    assert ends(Interval.printed("32.160")) == (F("32.1595"), F("32.1605"))  # trailing zero carries precision
    assert ends(Interval.printed("-0.7")) == (F("-0.75"), F("-0.65"))


def test_printed_keeps_its_text_and_ref():
    x = Interval.printed(" 8.40 ", ref="t#r1:value")
    assert ends(x) == (F("8.395"), F("8.405"))  # surrounding blanks are not part of the figure
    assert x.text == "8.40"
    assert x.refs == frozenset({"t#r1:value"})
    assert Interval.printed("8.4").refs == frozenset()


def test_decimals_and_half_unit():
    assert decimals("8.40") == 2 and decimals("-0.7") == 1 and decimals("52929.7") == 1
    assert decimals("1205") == 0 and decimals("5.") == 0 and decimals("-.5") == 1
    assert decimals(" 8.40 ") == 2
    assert decimals("1e3") == 0  # exponent +3: no decimals (never negative)
    assert decimals("1.5e-3") == 4  # 0.0015
    assert half_unit("0.7") == F(1, 20)  # 1/2 * 10**-1
    assert half_unit("1205") == F(1, 2)  # 1/2 * 10**0
    assert half_unit("0.005") == F(1, 2000)  # 1/2 * 10**-3
    assert half_unit("1e3") == F(500)  # 1/2 * 10**3


@pytest.mark.parametrize("text", ["1,205", "abc", "", "8.4%", "1 205", "nan", "inf", "--1"])
def test_non_numbers_are_refused_naming_the_text(text):
    with pytest.raises(NotANumber, match=exactly(f"not a number: {text!r}")):
        decimals(text)
    with pytest.raises(NotANumber, match=exactly(f"not a number: {text!r}")):
        Interval.printed(text)
    with pytest.raises(NotANumber, match=exactly(f"not a number: {text!r}")):
        Interval.exact(text)


# -- construction --------------------------------------------------------------------------------------


def test_interval_rejects_empty_but_accepts_a_point():
    with pytest.raises(ValueError, match=exactly("empty interval [2, 1]")):
        Interval(F(2), F(1))
    assert ends(Interval(F(1), F(1))) == (1, 1)


def test_exact_from_every_number_type():
    assert ends(Interval.exact(5)) == (5, 5)
    assert ends(Interval.exact(F(1, 3))) == (F(1, 3), F(1, 3))
    assert ends(Interval.exact(0.5)) == (F(1, 2), F(1, 2))  # a float is taken at its exact binary value
    assert ends(Interval.exact(0.1)) == (F(0.1), F(0.1)) and F(0.1) != F("0.1")
    assert ends(Interval.exact("0.1")) == (F(1, 10), F(1, 10))  # a string is taken as printed
    assert Interval.exact("0.1").text is None  # but not shown as printed: it is exact
    assert Interval.exact(5, ref="t#r:f").refs == frozenset({"t#r:f"})
    assert Interval.exact(5).refs == frozenset()


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_exact_refuses_non_finite_floats(bad):
    with pytest.raises(ValueError, match=exactly(f"not a finite number: {bad!r}")):
        Interval.exact(bad)


def test_arithmetic_refuses_what_is_not_a_number():
    with pytest.raises(TypeError, match=exactly("cannot use str as a number")):
        Interval.exact(1) + "1"  # type: ignore[operator]
    with pytest.raises(TypeError, match=exactly("cannot use NoneType as a number")):
        Interval.exact(1).contains(None)  # type: ignore[arg-type]


def test_with_refs_adds_inputs_and_keeps_the_ends():
    x = iv(1, 2, "a")
    y = x.with_refs("b", "c")
    assert ends(y) == (1, 2)
    assert y.refs == frozenset({"a", "b", "c"})
    assert x.refs == frozenset({"a"})  # the original is unchanged
    assert x.with_refs().refs == frozenset({"a"})


def test_hull_spans_all_and_unites_refs():
    h = Interval.hull([iv(2, 3, "a"), iv(-1, 0, "b"), iv(5, 7, "c"), iv(4, 6)])
    assert ends(h) == (-1, 7)  # smallest lo (second item), largest hi (third item)
    assert h.refs == frozenset({"a", "b", "c"})
    assert ends(Interval.hull([iv(1, 2)])) == (1, 2)
    with pytest.raises(ValueError, match=exactly("hull of nothing")):
        Interval.hull([])


def test_hull_accepts_an_iterator():
    assert ends(Interval.hull(x for x in [iv(1, 2), iv(3, 4)])) == (1, 4)


# -- properties ------------------------------------------------------------------------------------------


def test_mid():
    assert iv(1, 3).mid == 2  # (1 + 3) / 2
    assert iv(-3, 1).mid == -1  # (-3 + 1) / 2
    assert Interval.printed("8.4").mid == F("8.4")


def test_contains_both_ends_closed():
    x = iv(1, 2)
    assert x.contains(1) and x.contains(2) and x.contains(F(3, 2)) and x.contains(1.5)
    assert not x.contains(F(1) - F(1, 10**12))  # just below lo
    assert not x.contains(F(2) + F(1, 10**12))  # just above hi
    assert not x.contains(0) and not x.contains(3)


def test_overlaps_touching_and_disjoint():
    x = iv(1, 2)
    assert x.overlaps(iv(2, 3)) and iv(2, 3).overlaps(x)  # touching at x's upper end
    assert x.overlaps(iv(0, 1)) and iv(0, 1).overlaps(x)  # touching at x's lower end
    assert x.overlaps(iv(0, 5)) and iv(0, 5).overlaps(x)  # one inside the other
    assert not x.overlaps(iv(3, 4)) and not iv(3, 4).overlaps(x)  # disjoint, above
    assert not x.overlaps(iv(-1, 0)) and not iv(-1, 0).overlaps(x)  # disjoint, below


def test_distance_on_both_sides():
    assert iv(1, 2).distance(iv(5, 6)) == 3  # 5 - 2
    assert iv(5, 6).distance(iv(1, 2)) == 3  # 5 - 2, the other order
    assert iv(1, 2).distance(iv(2, 6)) == 0  # touching
    assert iv(1, 5).distance(iv(2, 3)) == 0  # nested
    assert iv(-4, -3).distance(iv(F(1, 2), 1)) == F(7, 2)  # 1/2 - (-3)


# -- arithmetic ------------------------------------------------------------------------------------------


def test_addition_and_refs():
    s = iv(1, 2, "a") + iv(10, 20, "b")
    assert ends(s) == (11, 22)  # 1 + 10, 2 + 20
    assert s.refs == frozenset({"a", "b"})
    assert ends(iv(1, 2) + 3) == (4, 5)
    assert ends(3 + iv(1, 2)) == (4, 5)  # __radd__
    assert (3 + iv(1, 2, "a")).refs == frozenset({"a"})


def test_negation_swaps_ends_and_keeps_refs():
    n = -iv(1, 3, "a")
    assert ends(n) == (-3, -1)
    assert n.refs == frozenset({"a"})
    assert ends(-iv(-2, 5)) == (-5, 2)
    # a negated printed figure is no longer the printed figure
    assert (-Interval.printed("8.4")).text is None


def test_subtraction_takes_opposite_ends():
    d = iv(1, 2, "a") - iv(10, 20, "b")
    assert ends(d) == (-19, -8)  # 1 - 20, 2 - 10
    assert d.refs == frozenset({"a", "b"})
    assert ends(iv(1, 2) - 1) == (0, 1)
    assert ends(iv(-1, 4) - iv(-3, 2)) == (-3, 7)  # -1 - 2, 4 - (-3)


def test_reversed_subtraction():
    r = 10 - iv(1, 2, "a")  # __rsub__
    assert ends(r) == (8, 9)  # 10 - 2, 10 - 1
    assert r.refs == frozenset({"a"})
    assert ends(F(1, 2) - iv(1, 2)) == (F(-3, 2), F(-1, 2))
    assert ends(1.5 - iv(1, 2)) == (F(-1, 2), F(1, 2))


@pytest.mark.parametrize(
    ("a", "b", "product"),
    [
        # the four products lo*lo, lo*hi, hi*lo, hi*hi; each case has a different min and max
        ((2, 3), (5, 7), (10, 21)),  # min lo*lo = 10, max hi*hi = 21
        ((-3, -2), (5, 7), (-21, -10)),  # min lo*hi = -21, max hi*lo = -10
        ((2, 3), (-7, -5), (-21, -10)),  # min hi*lo = -21, max lo*hi = -10
        ((-3, -2), (-7, -5), (10, 21)),  # max lo*lo = 21, min hi*hi = 10
        ((-2, 3), (5, 7), (-14, 21)),  # straddling zero: min lo*hi = -14, max hi*hi = 21
        ((-2, 3), (-5, 7), (-15, 21)),  # both straddle: min hi*lo = -15, max hi*hi = 21
        ((-3, 2), (-7, 5), (-15, 21)),  # both straddle: min lo*hi = -15, max lo*lo = 21
        ((0, 0), (-5, 7), (0, 0)),
    ],
)
def test_multiplication_corners(a, b, product):
    assert ends(iv(*a) * iv(*b)) == tuple(F(x) for x in product)
    assert ends(iv(*b) * iv(*a)) == tuple(F(x) for x in product)  # commutative


def test_multiplication_by_numbers_and_refs():
    assert ends(iv(1, 2) * -3) == (-6, -3)
    assert ends(-3 * iv(1, 2)) == (-6, -3)  # __rmul__
    assert (iv(1, 2, "a") * iv(3, 4, "b")).refs == frozenset({"a", "b"})


def test_division():
    assert ends(iv(1, 2) / iv(4, 5)) == (F(1, 5), F(1, 2))  # 1/5, 2/4
    assert ends(iv(1, 2) / iv(-5, -4)) == (F(-1, 2), F(-1, 5))  # 2/-4, 1/-5
    assert ends(iv(-2, 1) / iv(4, 5)) == (F(-1, 2), F(1, 4))  # -2/4, 1/4
    assert ends(iv(1, 2) / 2) == (F(1, 2), 1)
    q = iv(1, 2, "a") / iv(4, 5, "b")
    assert q.refs == frozenset({"a", "b"})  # the divisor's refs are kept


def test_reversed_division():
    r = 1 / iv(2, 4, "a")  # __rtruediv__
    assert ends(r) == (F(1, 4), F(1, 2))
    assert r.refs == frozenset({"a"})
    assert ends(-6 / iv(2, 3)) == (-3, -2)  # -6/2, -6/3


@pytest.mark.parametrize("divisor", [(-1, 1), (0, 1), (-1, 0), (0, 0)])
def test_division_by_an_interval_containing_zero_is_an_error(divisor):
    lo, hi = divisor
    with pytest.raises(ZeroDivisionError, match=exactly(f"division by an interval containing zero: [{lo}, {hi}]")):
        iv(1, 2) / iv(lo, hi)
    with pytest.raises(ZeroDivisionError, match=exactly(f"division by an interval containing zero: [{lo}, {hi}]")):
        1 / iv(lo, hi)


# -- monotone functions --------------------------------------------------------------------------------


def down(x: float) -> F:
    return F(math.nextafter(x, -math.inf))


def up(x: float) -> F:
    return F(math.nextafter(x, math.inf))


def test_monotone_increasing_widens_by_one_ulp_outward():
    r = iv(1, 4, "a").monotone(math.sqrt)
    assert ends(r) == (down(1.0), up(2.0))  # sqrt(1) = 1, sqrt(4) = 2, one ulp out each side
    assert r.lo < 1 < 2 < r.hi
    assert r.refs == frozenset({"a"})


def test_monotone_decreasing_swaps_the_ends():
    r = iv(1, 4).monotone(lambda v: 1 / v, increasing=False)
    assert ends(r) == (down(0.25), up(1.0))  # 1/4 at the upper end becomes the lower end


def test_pow():
    sq = iv(2, 3, "a").pow(2)
    assert ends(sq) == (down(4.0), up(9.0))  # 2**2, 3**2, widened
    assert sq.refs == frozenset({"a"})
    assert ends(iv(1, 4).pow(-0.5)) == (down(0.5), up(1.0))  # decreasing: 4**-0.5 = 0.5 is the low end
    assert ends(iv(1, 4).pow(0.5)) == (down(1.0), up(2.0))
    assert ends(iv(2, 3).pow(0)) == (down(1.0), up(1.0))  # constant: either direction gives the same
    assert ends(iv(F(1, 10**9), 1).pow(1)) == (down(1e-9), up(1.0))  # the smallest positive lo is allowed


@pytest.mark.parametrize("bad", [(0, 1), (-1, 1), (-2, -1)])
def test_pow_needs_a_positive_interval(bad):
    with pytest.raises(ValueError, match=exactly("pow needs a positive interval")):
        iv(*bad).pow(2)


# -- display -------------------------------------------------------------------------------------------


def test_fmt():
    assert Interval.printed("7.10").fmt() == "7.10"  # a figure taken as printed shows as printed
    assert Interval.printed("7.10").fmt(0) == "7.10"
    assert iv(F("8.25"), F("8.44")).fmt() == "8.25 to 8.44"  # default: 2 digits
    assert iv(F("8.351"), F("8.354")).fmt() == "8.35"  # too narrow to show at 2 digits
    assert iv(F("8.351"), F("8.354")).fmt(3) == "8.351 to 8.354"
    assert Interval.exact(5).fmt() == "5.00"
    assert Interval.exact(5).fmt(0) == "5"
    assert (Interval.printed("7.1") + 0).fmt() == "7.05 to 7.15"  # arithmetic drops the printed text


def test_repr():
    assert repr(iv(F(1, 3), 2)) == "Interval[0.333333, 2]"
    assert repr(Interval.printed("8.4")) == "Interval[8.35, 8.45]"


def test_equality_ignores_refs_and_text():
    assert Interval.printed("8.4", ref="a") == Interval(F("8.35"), F("8.45"))
