"""Derived quantities on intervals: every function returns the range its inputs allow."""

from __future__ import annotations

import math

from dtbook.core.interval import Interval, Number


def _iv(x: Number) -> Interval:
    return Interval._coerce(x)


def ratio(numerator: Number, denominator: Number) -> Interval:
    """numerator / denominator, with both roundings."""
    return _iv(numerator) / _iv(denominator)


def share(part: Number, whole: Number) -> Interval:
    """Part as a percentage of whole."""
    return ratio(part, whole) * 100


def growth(new: Number, old: Number) -> Interval:
    """Growth from old to new, in percent (-0.7 means a fall of 0.7 %)."""
    return (ratio(new, old) - 1) * 100


def multiple(new: Number, old: Number) -> Interval:
    """How many times old the new value is (new / old)."""
    return ratio(new, old)


def difference(a: Number, b: Number) -> Interval:
    """a - b, with both roundings."""
    return _iv(a) - _iv(b)


def rank_of(values: dict[str, float], key: str) -> int:
    """Rank of ``key`` by value, 1 = largest; ties share the better rank. Missing values are skipped."""
    clean = {k: v for k, v in values.items() if v is not None and not math.isnan(v)}
    if key not in clean:
        raise KeyError(f"{key} has no value to rank")
    return 1 + sum(1 for v in clean.values() if v > clean[key])
