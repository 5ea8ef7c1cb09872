"""The verdict rules. Every rule is a function of the printed figure; there is no free tolerance.

``=``  The printed figure stands for the closed interval of half a unit in its last place either
       side ("8.4" -> [8.35, 8.45]). *reproduced* when the recomputed interval overlaps it.
       Not overlapping but within one further unit of the last printed digit -> *inconsistent*
       (a last-digit or rounding slip: the sentence's meaning stands). Further away ->
       *contradicted*.
``~``  "about", "nearly": the same ladder with the band widened by one half-unit each side
       ("about 10" -> [9, 11] reproduced, [8, 12] inconsistent).
``>``  "exceeds", "more than": *reproduced* when some value the data allow exceeds the printed
       threshold; otherwise *contradicted* (a bound has no rounding slip).
``<``  the mirror image.
Exact quantities (ranks, counts; ``exact=True``) have no rounding: equal or *contradicted*.
Facts (an ordering, "only", a trend test) are *reproduced* when they hold, else *contradicted*.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from dtbook.core.interval import Interval, half_unit

VERDICTS: tuple[str, ...] = ("reproduced", "inconsistent", "contradicted", "unverifiable")
COMPARATORS: tuple[str, ...] = ("=", "~", ">", "<", "fact")


@dataclass(frozen=True)
class Judgement:
    verdict: str
    band: Interval | None  # the interval the printed figure allows (None for facts)
    rule: str


def stated_band(stated: str, comparator: str, exact: bool = False) -> Interval:
    """The interval a printed figure stands for under its comparator."""
    if exact:
        return Interval.exact(stated)
    if comparator == "~":
        c = Interval.printed(stated)
        h = half_unit(stated)
        return Interval(c.lo - h, c.hi + h)
    return Interval.printed(stated)


def judge(stated: str, comparator: str, recomputed: Interval, exact: bool = False) -> Judgement:
    """Judge a recomputed interval against a printed figure."""
    if comparator not in ("=", "~", ">", "<"):
        raise ValueError(f"comparator {comparator!r} needs a fact check, not a number")
    if comparator == ">":
        threshold = Interval.exact(stated)
        ok = recomputed.hi > threshold.lo
        return Judgement("reproduced" if ok else "contradicted", threshold, "bound >")
    if comparator == "<":
        threshold = Interval.exact(stated)
        ok = recomputed.lo < threshold.hi
        return Judgement("reproduced" if ok else "contradicted", threshold, "bound <")
    band = stated_band(stated, comparator, exact)
    if recomputed.overlaps(band):
        return Judgement("reproduced", band, "overlap")
    if exact:
        return Judgement("contradicted", band, "exact mismatch")
    unit = 2 * half_unit(stated)
    slip = Interval(band.lo - unit, band.hi + unit)
    if recomputed.overlaps(slip):
        return Judgement("inconsistent", band, "within one unit of the last printed digit")
    return Judgement("contradicted", band, "beyond one unit of the last printed digit")


def judge_fact(holds: bool) -> Judgement:
    return Judgement("reproduced" if holds else "contradicted", None, "fact")


def relative_gap(stated: str, recomputed: Interval) -> Fraction:
    """How far the recomputation lies from the printed figure, relative to it (for display)."""
    centre = Interval.printed(stated).mid
    if centre == 0:
        return Fraction(0)
    return recomputed.distance(Interval.printed(stated)) / abs(centre)
