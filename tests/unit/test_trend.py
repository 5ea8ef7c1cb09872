"""Trend tests of ``dtbook.core.trend``, checked against ordinary least squares done by hand.

The data: x = 0, 1, 2, 3 and y = 0, 2, 3, 5 (n = 4, so n - 2 = 2 degrees of freedom).
    mean x = 1.5, mean y = 2.5
    Sxx = 2.25 + 0.25 + 0.25 + 2.25 = 5
    Sxy = (-1.5)(-2.5) + (-0.5)(-0.5) + (0.5)(0.5) + (1.5)(2.5) = 8
    slope = Sxy / Sxx = 1.6, intercept = 2.5 - 1.6 * 1.5 = 0.1
    residuals y - (0.1 + 1.6 x) = -0.1, 0.3, -0.3, 0.1, sum of squares 0.2
    s^2 = 0.2 / 2 = 0.1, se(slope) = sqrt(s^2 / Sxx) = sqrt(0.02)
With 2 degrees of freedom Student's t has a closed form, F(t) = 1/2 + t / (2 sqrt(2 + t^2)), so
    the two-sided quantile at level L solves t / sqrt(2 + t^2) = L:  t = sqrt(2 L^2 / (1 - L^2))
    the two-sided p-value of t is 1 - t / sqrt(2 + t^2).
"""

import math
import re
from fractions import Fraction as F

import pytest

from dtbook.core.interval import Interval
from dtbook.core.trend import MIN_POINTS, Slope, increasing, log_linear_growth, ols_slope, rises


def exactly(message: str) -> str:
    """A ``pytest.raises`` pattern for this whole message and nothing more (so a reworded one fails)."""
    return "^" + re.escape(message) + "$"


X = [0, 1, 2, 3]
Y = [0, 2, 3, 5]
SLOPE = 1.6
SE = math.sqrt(0.1 / 5)


def t_quantile_df2(level: float) -> float:
    """Two-sided critical value of Student's t with 2 degrees of freedom."""
    return math.sqrt(2 * level**2 / (1 - level**2))


def p_value_df2(t: float) -> float:
    return 1 - t / math.sqrt(2 + t**2)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def test_the_closed_form_quantile_is_right():
    # the familiar table value t(0.975; 2) = 4.303
    assert round(t_quantile_df2(0.95), 3) == 4.303
    assert round(t_quantile_df2(0.90), 3) == 2.920


def test_ols_slope_matches_the_hand_computation_at_95_percent():
    s = ols_slope(X, Y)
    t95 = t_quantile_df2(0.95)  # 4.30265
    assert s.n == 4
    assert close(s.slope, SLOPE)
    assert close(s.lo, SLOPE - t95 * SE)  # 0.99151
    assert close(s.hi, SLOPE + t95 * SE)  # 2.20849
    assert close(s.p, p_value_df2(SLOPE / SE))  # t = 11.31, p = 0.00772


def test_ols_slope_interval_is_95_not_90_percent():
    half_width = (ols_slope(X, Y).hi - ols_slope(X, Y).lo) / 2
    assert close(half_width, t_quantile_df2(0.95) * SE)  # 4.303 * 0.1414 = 0.6085
    assert not close(half_width, t_quantile_df2(0.90) * SE)  # 2.920 * 0.1414 = 0.4129
    assert not close(half_width, t_quantile_df2(0.99) * SE)  # 9.925 * 0.1414 = 1.4036


def test_ols_slope_takes_any_real_numbers():
    # exact Fractions (the mids of intervals), floats and a decreasing trend
    s = ols_slope([F(0), F(1), F(2), F(3)], [F(0), F(2), F(3), F(5)])
    assert close(s.slope, SLOPE)
    falling = ols_slope(X, [-y for y in Y])
    assert close(falling.slope, -SLOPE) and close(falling.lo, -(SLOPE + t_quantile_df2(0.95) * SE))
    assert close(falling.p, p_value_df2(SLOPE / SE))


def test_ols_slope_needs_three_points():
    three = ols_slope([0, 1, 2], [0, 1, 3])  # slope (3 - 0) / 2 = 1.5 through the mean
    assert three.n == 3 and close(three.slope, 1.5)
    with pytest.raises(ValueError, match=exactly("a slope needs at least 3 points")):
        ols_slope([0, 1], [0, 1])


def test_enough_points_for_a_conclusion():
    assert MIN_POINTS == 4
    assert ols_slope(X, Y).enough  # n = 4
    assert not ols_slope([0, 1, 2], [0, 1, 3]).enough  # n = 3: a slope, but too few to conclude
    assert Slope(4, 0, 0, 0, 1).enough and not Slope(3, 0, 0, 0, 1).enough


def test_log_linear_growth_uses_the_natural_log():
    # values e^(0.1 y): their natural logs are 0.1 * Y, so the log slope is 0.16 with
    # se 0.1 * SE; the growth rate is (e^b - 1) * 100 at the slope and at both ends of its interval
    values = [math.exp(0.1 * y) for y in Y]
    g = log_linear_growth(X, values)
    t95 = t_quantile_df2(0.95)
    b, se = 0.1 * SLOPE, 0.1 * SE
    assert g.n == 4
    assert close(g.slope, (math.exp(b) - 1) * 100)  # 17.35 % a year
    assert close(g.lo, (math.exp(b - t95 * se) - 1) * 100)  # 10.42 %
    assert close(g.hi, (math.exp(b + t95 * se) - 1) * 100)  # 24.71 %
    assert close(g.p, p_value_df2(SLOPE / SE))  # scaling y does not change the t statistic
    # with log10 the slope would be 0.16 / ln 10 = 0.0695 and the "growth" 17.35 % would read 7.2 %
    assert g.slope > 17


def test_log_linear_growth_of_a_constant_rate():
    # 100 * 1.1 ** t: 10 % a year exactly (the fit is perfect)
    g = log_linear_growth([2019, 2020, 2021, 2022], [100 * 1.1**t for t in range(4)])
    assert close(g.slope, 10.0)
    assert g.lo <= g.slope <= g.hi


def test_log_linear_growth_takes_fractions():
    values = [F(100), F(110), F(121), F("133.1")]
    assert close(log_linear_growth(X, values).slope, 10.0)


def test_slope_text():
    s = Slope(5, 1.23456, 1.0, 1.5, 0.01234)
    assert s.text() == "slope 1.235 (95 % CI 1.000 to 1.500, p = 0.012, n = 5)"
    assert s.text(1) == "slope 1.2 (95 % CI 1.0 to 1.5, p = 0.012, n = 5)"  # p keeps 3 decimals


# -- rises (intervals) and increasing (numbers): strictly, at every step ---------------------------------


def iv(lo, hi) -> Interval:
    return Interval(F(lo), F(hi))


def test_rises_needs_each_interval_wholly_above_the_previous():
    assert rises([iv(1, 2), iv(3, 4), iv(5, 6)])
    assert not rises([iv(1, 2), iv(2, 3)])  # touching: the values may be equal (2 and 2)
    assert not rises([iv(1, 3), iv(2, 4)])  # mids rise, but rounding allows 3 then 2
    assert not rises([iv(3, 4), iv(1, 2)])  # a fall
    assert not rises([iv(1, 2), iv(3, 4), iv(F(7, 2), 5)])  # the last step overlaps (3.5 < 4)
    assert not rises([iv(1, 2), iv(5, 6), iv(3, 4)])  # a fall at the last step only
    assert rises([iv(1, 2)]) and rises([])  # nothing to contradict


def test_increasing_is_strict():
    assert increasing([1, 2, 3])
    assert not increasing([1, 2, 2])  # a flat step is not growth "year by year"
    assert not increasing([3, 2])
    assert not increasing([1, 3, 2.5])  # the last step falls
    assert not increasing([1, 0, 2])  # the first step falls
    assert increasing([1.0]) and increasing([])
