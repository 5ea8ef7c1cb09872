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
Facts (an ordering, "only", a trend test) are *reproduced* when they hold, *contradicted* when
data the sentence refers to show they do not, and *unverifiable* when nothing tests them.

Four rules of fairness sit beside the verdict rule, each stated once below and printed on the
book's first page: the reading rule (:data:`READING_RULE`, :func:`most_favourable`), the vintage
rule (:data:`VINTAGE_RULE`, :func:`at_paper_vintage`), the absence rule (:data:`ABSENCE_RULE`,
:data:`ABSENCE_TAGS`) and the judgement rule (:data:`JUDGEMENT_RULE`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from dtbook.core.interval import Interval, half_unit

#: every verdict word; ``judgement`` is not a rating: an opinion with no factual kernel, counted apart
VERDICTS: tuple[str, ...] = ("reproduced", "inconsistent", "contradicted", "unverifiable", "judgement")
#: the verdicts that rate a figure (every tally of ratings uses these; judgements are counted apart)
RATED: tuple[str, ...] = ("reproduced", "inconsistent", "contradicted", "unverifiable")
#: the order of charity, most favourable to the paper first: a reading that finds no data is kinder
#: than one the data refute, so *unverifiable* ranks above *contradicted*
CHARITY: tuple[str, ...] = ("reproduced", "inconsistent", "unverifiable", "contradicted")
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


def judge_fact(holds: bool | None) -> Judgement:
    """A statement: *reproduced* when it holds, *contradicted* when data show it does not, and
    *unverifiable* when nothing tests it (``None``: the absence rule, :data:`ABSENCE_RULE`)."""
    if holds is None:
        return Judgement("unverifiable", None, "absence: nothing tests it")
    return Judgement("reproduced" if holds else "contradicted", None, "fact")


#: the reading rule, stated once (the book's first page prints it)
READING_RULE = (
    "Every reasonable reading of a sentence is judged, including the likely sense of the Chinese original "
    "where the English is a translation, and the verdict follows the reading most favourable to the paper "
    "(the principle of charity): reproduced before inconsistent, inconsistent before unverifiable, "
    "unverifiable before contradicted. A claim is contradicted only when every reasonable reading fails. "
    "Where the readings disagree, the card shows each with its own result and the mark 'depends on reading'."
)


def most_favourable(verdicts: list[str]) -> str:
    """The verdict the reading rule gives: the most favourable of the readings' verdicts."""
    if not verdicts:
        raise ValueError("no reading to judge")
    unknown = [v for v in verdicts if v not in CHARITY]
    if unknown:
        raise ValueError(f"not a rating of a reading: {unknown[0]!r}")
    return min(verdicts, key=CHARITY.index)


#: the absence rule, stated once (the book's first page prints it)
ABSENCE_RULE = (
    "Absence of support is not contradiction. A clause the paper never argues, a citation whose article was "
    "not read, a series that is only a proxy for the paper's, a forecast: each is unverifiable with its "
    "reason, never contradicted, unless data that the sentence's own sense refers to say otherwise. A "
    "restatement in the conclusions is judged by the one rule its chapter states for restatements."
)
#: reason tags that describe an absence of support; a claim carrying one cannot be *contradicted*
ABSENCE_TAGS: tuple[str, ...] = (
    "data-not-found",
    "unsupported",
    "citation-not-read",
    "proxy-series",
    "forecast",
    "vintage",
)

#: the judgement rule, stated once (the book's first page prints it)
JUDGEMENT_RULE = (
    "An evaluative sentence is judged only on a factual kernel that data can test, and the card states "
    "that kernel. Where a sentence has none, it is classed as a judgement and not rated, as fact-checkers do "
    "with opinions, and every tally counts judgements apart from the ratings."
)


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
    "same method reproduces the neighbouring year's printed figure exactly. The flag is shown beside the "
    "verdict, with the gap (in the one measure the summary page states), and the vintage rule decides the "
    "verdict."
)

#: the vintage rule, stated once (the book's first page prints it)
VINTAGE_RULE = (
    "A figure is judged against the data as published when the paper was written, where that vintage exists. "
    "Where only a later vintage exists and the revised-data rule explains the gap, the figure is "
    "unverifiable at the paper's vintage, not contradicted: a later revision is not the author's error. A "
    "computation that has to mix vintages is likewise at most unverifiable."
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


def at_paper_vintage(j: Judgement, revised: bool, mixed: bool = False) -> Judgement:
    """The vintage rule (:data:`VINTAGE_RULE`): a verdict that is not *reproduced* and that a later
    revision explains (``revised``), or that rests on a computation mixing vintages (``mixed``),
    becomes *unverifiable* at the paper's vintage; any other judgement is returned unchanged."""
    if j.verdict in ("reproduced", "unverifiable") or not (revised or mixed):
        return j
    why = "a later revision explains the gap" if revised else "the computation mixes vintages"
    return Judgement("unverifiable", j.band, f"vintage: {why}")
