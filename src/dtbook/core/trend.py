"""Trend tests with statsmodels: growth paths and slowdowns are tested, not eyeballed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import SupportsFloat

import numpy as np
import statsmodels.api as sm

from dtbook.core.interval import Interval

#: fewer points than this and a slope test has too few degrees of freedom to conclude
MIN_POINTS = 4


@dataclass(frozen=True)
class Slope:
    """A fitted trend: the slope with its 95 % confidence interval, the p-value and the number of
    points."""

    n: int
    slope: float
    lo: float  # 95 % confidence interval
    hi: float
    p: float

    @property
    def enough(self) -> bool:
        """Whether there are enough points (``MIN_POINTS``) to test a trend at all."""
        return self.n >= MIN_POINTS

    def text(self, digits: int = 3) -> str:
        """The fit in one line: slope, 95 % CI, p and n."""
        return (
            f"slope {self.slope:.{digits}f} (95 % CI {self.lo:.{digits}f} to {self.hi:.{digits}f}, "
            f"p = {self.p:.3f}, n = {self.n})"
        )


def ols_slope(x: Sequence[SupportsFloat], y: Sequence[SupportsFloat]) -> Slope:
    """OLS slope of y on x with a 95 % confidence interval."""
    xa, ya = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(xa) < 3:
        raise ValueError("a slope needs at least 3 points")
    fit = sm.OLS(ya, sm.add_constant(xa)).fit()
    lo, hi = fit.conf_int(0.05)[1]
    return Slope(len(xa), float(fit.params[1]), float(lo), float(hi), float(fit.pvalues[1]))


def log_linear_growth(years: Sequence[SupportsFloat], values: Sequence[SupportsFloat]) -> Slope:
    """Average annual growth (percent) of a log-linear trend, with its 95 % interval."""
    s = ols_slope(years, np.log(np.asarray(values, dtype=float)))
    f = lambda b: float((np.exp(b) - 1) * 100)  # noqa: E731
    return Slope(s.n, f(s.slope), f(s.lo), f(s.hi), s.p)


def rises(levels: Sequence[Interval]) -> bool:
    """Every level above the previous one, whatever the rounding of the printed figures
    (each interval lies wholly above the one before)."""
    v = list(levels)
    return all(b.lo > a.hi for a, b in zip(v, v[1:]))


def increasing(values: Sequence[float]) -> bool:
    """Strictly increasing at every step ("grows year by year")."""
    v = list(values)
    return all(b > a for a, b in zip(v, v[1:]))
