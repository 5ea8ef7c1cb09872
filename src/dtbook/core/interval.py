"""Exact closed intervals for numbers that were rounded when printed.

A figure printed with d decimals stands for every value that rounds to it: the closed interval
``[x - u/2, x + u/2]`` with ``u = 10**-d``. Endpoints are :class:`fractions.Fraction`, so an exact
half-unit is decided exactly, never by floating-point luck. Arithmetic is interval arithmetic: the
result contains every value the rounded inputs could have produced.

Each interval carries ``refs``: the raw-table cells it was computed from (``table#row_id:field``),
so a verdict can name its inputs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Union

Number = Union[int, float, Fraction, "Interval"]

_NUMERIC = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class NotANumber(ValueError):
    """A printed string that is not a plain decimal number."""


def decimals(printed: str) -> int:
    """Number of printed decimals of a decimal string ("8.40" -> 2, "1205" -> 0, "1e3" -> 0)."""
    text = printed.strip()
    if not _NUMERIC.match(text):
        raise NotANumber(f"not a number: {printed!r}")
    exponent = Decimal(text).as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def _fraction(printed: str) -> Fraction:
    text = printed.strip()
    if not _NUMERIC.match(text):
        raise NotANumber(f"not a number: {printed!r}")
    return Fraction(Decimal(text))  # every string the pattern admits is a valid Decimal


def half_unit(printed: str) -> Fraction:
    """Half a unit in the last printed place ("8.4" -> 1/20)."""
    exponent = Decimal(printed.strip()).as_tuple().exponent
    assert isinstance(exponent, int)
    return Fraction(1, 2) * Fraction(10) ** exponent


def _as_fraction(x: int | float | Fraction) -> Fraction:
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"not a finite number: {x!r}")
        return Fraction(x)
    raise TypeError(f"cannot use {type(x).__name__} as a number")


@dataclass(frozen=True)
class Interval:
    """A closed interval ``[lo, hi]`` of exact rationals, with the raw cells it came from."""

    lo: Fraction
    hi: Fraction
    refs: frozenset[str] = field(default_factory=frozenset, compare=False)
    text: str | None = field(default=None, compare=False)  # the printed figure, if taken as printed

    def __post_init__(self) -> None:
        if self.lo > self.hi:
            raise ValueError(f"empty interval [{self.lo}, {self.hi}]")

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def printed(cls, text: str, ref: str | None = None) -> Interval:
        """The interval a printed figure stands for: +/- half a unit in its last place."""
        centre = _fraction(text)
        h = half_unit(text)
        return cls(centre - h, centre + h, frozenset([ref]) if ref else frozenset(), text.strip())

    @classmethod
    def exact(cls, x: int | float | Fraction | str, ref: str | None = None) -> Interval:
        """A degenerate interval: a count, a rank, or a value taken as exact."""
        value = _fraction(x) if isinstance(x, str) else _as_fraction(x)
        return cls(value, value, frozenset([ref]) if ref else frozenset())

    @classmethod
    def hull(cls, items: Iterable[Interval]) -> Interval:
        """The smallest interval holding every one of ``items``, with all their refs."""
        items = list(items)
        if not items:
            raise ValueError("hull of nothing")
        return cls(
            min(i.lo for i in items),
            max(i.hi for i in items),
            frozenset().union(*(i.refs for i in items)),
        )

    # -- properties ---------------------------------------------------------------------------
    @property
    def mid(self) -> Fraction:
        """The centre of the interval."""
        return (self.lo + self.hi) / 2

    def contains(self, x: int | float | Fraction) -> bool:
        """Whether ``x`` lies in the interval (ends included)."""
        v = _as_fraction(x)
        return self.lo <= v <= self.hi

    def overlaps(self, other: Interval) -> bool:
        """Whether the two intervals share at least one point."""
        return self.lo <= other.hi and other.lo <= self.hi

    def distance(self, other: Interval) -> Fraction:
        """Gap between two intervals (0 when they overlap): at most one of the two differences is positive."""
        return max(other.lo - self.hi, self.lo - other.hi, Fraction(0))

    def with_refs(self, *refs: str) -> Interval:
        """The same interval, also naming the raw cells ``refs`` as its inputs."""
        return Interval(self.lo, self.hi, self.refs | frozenset(refs))

    # -- arithmetic ---------------------------------------------------------------------------
    @staticmethod
    def _coerce(x: Number) -> Interval:
        if isinstance(x, Interval):
            return x
        return Interval.exact(_as_fraction(x))

    def __add__(self, other: Number) -> Interval:
        o = self._coerce(other)
        return Interval(self.lo + o.lo, self.hi + o.hi, self.refs | o.refs)

    __radd__ = __add__

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo, self.refs)

    def __sub__(self, other: Number) -> Interval:
        return self + (-self._coerce(other))

    def __rsub__(self, other: Number) -> Interval:
        return self._coerce(other) - self

    def __mul__(self, other: Number) -> Interval:
        o = self._coerce(other)
        products = (self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi)
        return Interval(min(products), max(products), self.refs | o.refs)

    __rmul__ = __mul__

    def __truediv__(self, other: Number) -> Interval:
        o = self._coerce(other)
        if o.lo <= 0 <= o.hi:
            raise ZeroDivisionError(f"division by an interval containing zero: [{o.lo}, {o.hi}]")
        return self * Interval(1 / o.hi, 1 / o.lo, o.refs)

    def __rtruediv__(self, other: Number) -> Interval:
        return self._coerce(other) / self

    def monotone(self, fn: Callable[[float], float], increasing: bool = True) -> Interval:
        """Apply a monotone float function; endpoints widened outward by one ulp."""
        a, b = fn(float(self.lo)), fn(float(self.hi))
        lo, hi = (a, b) if increasing else (b, a)
        return Interval(Fraction(math.nextafter(lo, -math.inf)), Fraction(math.nextafter(hi, math.inf)), self.refs)

    def pow(self, exponent: float) -> Interval:
        """x**e for a positive interval (monotone increasing for e > 0)."""
        if self.lo <= 0:
            raise ValueError("pow needs a positive interval")
        return self.monotone(lambda v: v**exponent, increasing=exponent >= 0)

    # -- display ------------------------------------------------------------------------------
    def fmt(self, digits: int = 2) -> str:
        """A figure taken as printed shows as printed ("7.1"); otherwise ``8.35`` for an exact value
        or one too narrow to show at ``digits``, and ``8.25 to 8.44`` for a range."""
        if self.text is not None:
            return self.text
        lo, hi = float(self.lo), float(self.hi)
        a, b = f"{lo:.{digits}f}", f"{hi:.{digits}f}"
        return a if a == b else f"{a} to {b}"

    def __repr__(self) -> str:
        return f"Interval[{float(self.lo):.6g}, {float(self.hi):.6g}]"
