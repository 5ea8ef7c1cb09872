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


@dataclass(frozen=True)
class Gap:
    """How far a recomputation lies outside the band its printed figure allows (0 inside it)."""

    percent: Fraction  # of the printed figure; positive when the recomputation lies above it
    units: Fraction  # in units of the printed figure's last digit, same sign


def gap(stated: str, comparator: str, recomputed: Interval, exact: bool = False) -> Gap:
    """The distance from ``recomputed`` to the printed figure's band (a bound's threshold for
    ``>`` and ``<``; the distance is 0 when the bound holds), in percent and in last-digit units,
    negative when the recomputation lies below."""
    if comparator == ">":
        threshold = Interval.exact(stated)
        distance = min(Fraction(0), recomputed.hi - threshold.lo)
    elif comparator == "<":
        threshold = Interval.exact(stated)
        distance = max(Fraction(0), recomputed.lo - threshold.hi)
    else:
        band = stated_band(stated, comparator, exact)
        distance = recomputed.distance(band) * (-1 if recomputed.hi < band.lo else 1)
    centre = abs(Interval.printed(stated).mid)
    unit = 2 * half_unit(stated)
    return Gap(distance / centre * 100 if centre else Fraction(0), distance / unit)


#: the revised-data rule, stated once (the book's first page prints it)
REVISION_RULE = (
    "A figure that is not reproduced is flagged 'revised data' when the producer's later revision of the "
    "same series explains the gap: another vintage of that series reproduces the printed figure, or the "
    "same method reproduces the neighbouring year's printed figure exactly. The verdict stands (the "
    "figure printed is not the figure the data now give), and the flag is shown beside it, with the gap "
    "in percent and in units of the printed figure's last digit."
)


def revision_explains(
    j: Judgement,
    stated: str,
    comparator: str,
    other_vintage: Interval | None,
    neighbour_reproduced: bool,
    exact: bool = False,
) -> bool:
    """Whether the revised-data rule (:data:`REVISION_RULE`) flags this verdict."""
    if j.verdict == "reproduced" or j.band is None:
        return False
    if other_vintage is not None and judge(stated, comparator, other_vintage, exact).verdict == "reproduced":
        return True
    return neighbour_reproduced


def relative_gap(stated: str, recomputed: Interval) -> Fraction:
    """How far the recomputation lies from the printed figure, relative to it (for display)."""
    centre = Interval.printed(stated).mid
    if centre == 0:
        return Fraction(0)
    return recomputed.distance(Interval.printed(stated)) / abs(centre)
