"""The verdict rules of ``dtbook.core.judge``, each pinned at both edges of its band.

Every expected value is derived in the comment beside it from the rule in the module docstring:
a figure printed with d decimals stands for [x - u/2, x + u/2], u = 10**-d; *reproduced* when the
recomputed interval touches that band, *inconsistent* when it touches the band widened by one
further unit u each side, *contradicted* beyond. "About" (``~``) widens the band by u/2 each side.
"""

import re
from fractions import Fraction as F

import pytest

from dtbook.core.interval import Interval
from dtbook.core.judge import (
    ABSENCE_TAGS,
    CHARITY,
    Gap,
    Judgement,
    at_paper_vintage,
    gap,
    judge,
    judge_fact,
    most_favourable,
    revision_explains,
    stated_band,
)


def exactly(message: str) -> str:
    """A ``pytest.raises`` pattern for this whole message and nothing more (so a reworded one fails)."""
    return "^" + re.escape(message) + "$"


#: a hair: far smaller than any printed unit used below, so "edge - HAIR" is just outside
HAIR = F(1, 10**9)


def point(x: str | F) -> Interval:
    return Interval.exact(x)


def verdict(stated: str, comparator: str, recomputed: Interval, exact: bool = False) -> str:
    return judge(stated, comparator, recomputed, exact=exact).verdict


# -- "=" : "8.4" -> band [8.35, 8.45] (u = 0.1), slip band [8.25, 8.55] ---------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (F("8.4"), "reproduced"),  # the centre
        (F("8.35"), "reproduced"),  # exactly on the lower edge (closed band)
        (F("8.35") + HAIR, "reproduced"),  # just inside, low side
        (F("8.35") - HAIR, "inconsistent"),  # just outside, low side
        (F("8.45"), "reproduced"),  # exactly on the upper edge
        (F("8.45") - HAIR, "reproduced"),  # just inside, high side
        (F("8.45") + HAIR, "inconsistent"),  # just outside, high side
        (F("8.25"), "inconsistent"),  # 8.35 - 0.1: on the lower edge of the slip band
        (F("8.25") + HAIR, "inconsistent"),
        (F("8.25") - HAIR, "contradicted"),  # beyond one unit
        (F("8.55"), "inconsistent"),  # 8.45 + 0.1: on the upper edge of the slip band
        (F("8.55") - HAIR, "inconsistent"),
        (F("8.55") + HAIR, "contradicted"),
    ],
)
def test_equals_ladder_at_every_edge(value, expected):
    assert verdict("8.4", "=", point(value)) == expected


def test_equals_compares_intervals_by_overlap_not_by_centre():
    # [8.0, 8.35] touches the band [8.35, 8.45] at its lower edge, though its centre 8.175 is far
    assert verdict("8.4", "=", Interval(F("8.0"), F("8.35"))) == "reproduced"
    # [8.45, 9.0] touches at the upper edge
    assert verdict("8.4", "=", Interval(F("8.45"), F("9.0"))) == "reproduced"
    # [8.55, 9.0] touches only the slip band's upper edge 8.55
    assert verdict("8.4", "=", Interval(F("8.55"), F("9.0"))) == "inconsistent"
    # a wide interval that contains the whole band is reproduced too
    assert verdict("8.4", "=", Interval(F(0), F(100))) == "reproduced"


def test_equals_unit_follows_the_printed_decimals():
    # "1205" has u = 1: band [1204.5, 1205.5], slip band [1203.5, 1206.5]
    assert verdict("1205", "=", point("1205.5")) == "reproduced"
    assert verdict("1205", "=", point("1206.5")) == "inconsistent"
    assert verdict("1205", "=", point("1206.5") + HAIR) == "contradicted"
    assert verdict("1205", "=", point("1203.5")) == "inconsistent"
    assert verdict("1205", "=", point("1203.5") - HAIR) == "contradicted"
    # "32.160" has u = 0.001 (a trailing zero carries precision): band [32.1595, 32.1605]
    assert verdict("32.160", "=", point("32.1605")) == "reproduced"
    assert verdict("32.160", "=", point("32.1615")) == "inconsistent"
    assert verdict("32.160", "=", point("32.1615") + HAIR) == "contradicted"


def test_equals_with_negative_figures():
    # "-0.7": band [-0.75, -0.65], slip band [-0.85, -0.55]
    assert verdict("-0.7", "=", point("-0.75")) == "reproduced"
    assert verdict("-0.7", "=", point("-0.65")) == "reproduced"
    assert verdict("-0.7", "=", point("-0.55")) == "inconsistent"
    assert verdict("-0.7", "=", point("-0.55") + HAIR) == "contradicted"
    assert verdict("-0.7", "=", point("-0.85")) == "inconsistent"
    assert verdict("-0.7", "=", point("-0.85") - HAIR) == "contradicted"


def test_equals_rules_and_bands_are_recorded():
    j = judge("8.4", "=", point("8.4"))
    assert j == Judgement("reproduced", Interval(F("8.35"), F("8.45")), "overlap")
    assert judge("8.4", "=", point("8.3")).rule == "within one unit of the last printed digit"
    assert judge("8.4", "=", point("8.3")).band == Interval(F("8.35"), F("8.45"))  # the band, not the slip band
    assert judge("8.4", "=", point("9")).rule == "beyond one unit of the last printed digit"
    assert judge("8.4", "=", point("9")).band == Interval(F("8.35"), F("8.45"))


# -- "~" ("about 10"): band [9.5, 10.5] widened by u/2 = 0.5 each side -> [9, 11]; slip [8, 12] ----


def test_about_band_is_widened_by_half_a_unit_on_both_sides():
    assert stated_band("10", "~") == Interval(F(9), F(11))  # 9.5 - 0.5, 10.5 + 0.5
    assert stated_band("8.4", "~") == Interval(F("8.30"), F("8.50"))  # 8.35 - 0.05, 8.45 + 0.05
    assert stated_band("8.4", "~").text is None  # not the printed figure itself


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (F(9), "reproduced"),  # lower edge of the widened band
        (F(9) - HAIR, "inconsistent"),
        (F(11), "reproduced"),  # upper edge of the widened band
        (F(11) + HAIR, "inconsistent"),
        (F(8), "inconsistent"),  # 9 - 1
        (F(8) - HAIR, "contradicted"),
        (F(12), "inconsistent"),  # 11 + 1
        (F(12) + HAIR, "contradicted"),
    ],
)
def test_about_ladder_at_every_edge(value, expected):
    assert verdict("10", "~", point(value)) == expected


def test_about_is_wider_than_equals_on_both_sides():
    # 9.2 and 10.8 lie outside "= 10" ([9.5, 10.5]) but inside "~ 10" ([9, 11])
    assert verdict("10", "=", point("9.2")) == "inconsistent"
    assert verdict("10", "~", point("9.2")) == "reproduced"
    assert verdict("10", "=", point("10.8")) == "inconsistent"
    assert verdict("10", "~", point("10.8")) == "reproduced"


# -- ">" and "<": a bound; the data get the benefit of their own rounding, there is no slip -------


@pytest.mark.parametrize(
    ("recomputed", "expected"),
    [
        (Interval.exact(40001), "reproduced"),
        (Interval.exact(F(40000) + HAIR), "reproduced"),  # just above the bound
        (Interval.exact(40000), "contradicted"),  # equal is not "more than"
        (Interval.exact(39999), "contradicted"),  # no "inconsistent" for a bound, even one unit off
        (Interval(F(39990), F(40000) + HAIR), "reproduced"),  # some value the data allow exceeds it
        (Interval(F(39990), F(40000)), "contradicted"),  # the largest allowed value only equals it
    ],
)
def test_more_than_at_its_edge(recomputed, expected):
    assert verdict("40000", ">", recomputed) == expected


def test_more_than_gives_the_benefit_of_rounding():
    # a recomputed "2.0" stands for [1.95, 2.05]; 2.05 > 2, so "more than 2" is reproduced
    assert verdict("2", ">", Interval.printed("2.0")) == "reproduced"
    # the bound itself is the exact printed number, not a rounding band: "more than 80" with 80.04
    assert verdict("80", ">", point("80.04")) == "reproduced"
    assert verdict("80", ">", point("79.96")) == "contradicted"  # would be inside a band [79.5, 80.5]


@pytest.mark.parametrize(
    ("recomputed", "expected"),
    [
        (Interval.exact(59), "reproduced"),
        (Interval.exact(F(60) - HAIR), "reproduced"),  # just below the bound
        (Interval.exact(60), "contradicted"),  # equal is not "less than"
        (Interval.exact(61), "contradicted"),  # no "inconsistent" for a bound
        (Interval(F(60) - HAIR, F(70)), "reproduced"),  # some value the data allow is below it
        (Interval(F(60), F(70)), "contradicted"),  # the smallest allowed value only equals it
    ],
)
def test_less_than_at_its_edge(recomputed, expected):
    assert verdict("60", "<", recomputed) == expected


def test_less_than_gives_the_benefit_of_rounding():
    # a recomputed "60.0" stands for [59.95, 60.05]; 59.95 < 60, so "less than 60" is reproduced
    # (judged on the high end 60.05 it would not be: this is the mirror image of ">")
    assert verdict("60", "<", Interval.printed("60.0")) == "reproduced"
    assert verdict("60", "<", point("59.96")) == "reproduced"
    assert verdict("60", "<", point("60.04")) == "contradicted"


def test_bounds_record_the_exact_threshold_and_rule():
    assert judge("40000", ">", point("40001")) == Judgement("reproduced", Interval.exact(40000), "bound >")
    assert judge("40000", ">", point("1")) == Judgement("contradicted", Interval.exact(40000), "bound >")
    assert judge("60", "<", point("59")) == Judgement("reproduced", Interval.exact(60), "bound <")
    assert judge("60", "<", point("61")) == Judgement("contradicted", Interval.exact(60), "bound <")


def test_bounds_ignore_the_exact_flag():
    # a bound is already exact: the flag changes nothing
    assert verdict("5", ">", point("6"), exact=True) == "reproduced"
    assert verdict("5", "<", point("4"), exact=True) == "reproduced"


# -- exact quantities (ranks, counts): equal or contradicted ---------------------------------------


def test_exact_quantities_have_no_rounding_and_no_slip():
    assert stated_band("5", "=", exact=True) == Interval(F(5), F(5))
    assert judge("5", "=", point("5"), exact=True) == Judgement("reproduced", Interval.exact(5), "overlap")
    # 6 is one unit off: "inconsistent" for a rounded figure, "contradicted" for a rank
    assert judge("5", "=", point("6"), exact=True) == Judgement("contradicted", Interval.exact(5), "exact mismatch")
    assert verdict("5", "=", point("6")) == "inconsistent"  # the default is not exact
    assert verdict("5", "=", point("4"), exact=True) == "contradicted"
    assert verdict("5", "=", point("5.5"), exact=True) == "contradicted"  # 5.5 would round to 5 or 6
    assert verdict("5", "=", point("5.5")) == "reproduced"


def test_default_band_is_the_printed_one():
    assert stated_band("8.4", "=") == Interval(F("8.35"), F("8.45"))
    assert stated_band("8.4", "=").text == "8.4"


# -- facts and refusals -----------------------------------------------------------------------------


def test_facts():
    assert judge_fact(True) == Judgement("reproduced", None, "fact")
    assert judge_fact(False) == Judgement("contradicted", None, "fact")


@pytest.mark.parametrize("comparator", ["fact", "", "==", "about"])
def test_a_comparator_without_a_number_rule_is_refused(comparator):
    with pytest.raises(ValueError, match=exactly(f"comparator {comparator!r} needs a fact check, not a number")):
        judge("1", comparator, point("1"))


# -- gap: signed distance to the band, in percent of the printed figure and in last-digit units ------


def test_gap_in_percent_and_units_on_both_sides():
    # "8.4": band [8.35, 8.45], unit 0.1. 8.6 lies 0.15 above: 0.15 / 8.4 * 100 = 25/14 %, 1.5 units
    assert gap("8.4", "=", point("8.6")) == Gap(F(25, 14), F(3, 2))
    # 8.2 lies 0.15 below: the same, negative
    assert gap("8.4", "=", point("8.2")) == Gap(F(-25, 14), F(-3, 2))
    # an interval [8.0, 8.3] lies 8.35 - 8.3 = 0.05 below: half a unit
    assert gap("8.4", "=", Interval(F("8.0"), F("8.3"))).units == F(-1, 2)
    assert gap("8.4", "=", point("8.45")) == Gap(F(0), F(0))  # on the band's edge


def test_gap_follows_the_comparator_and_the_exact_flag():
    # "about 10": band [9, 11]; 12 lies 1 above: 10 % and 1 unit (not 1.5 as for "= 10")
    assert gap("10", "~", point("12")) == Gap(F(10), F(1))
    assert gap("10", "=", point("12")) == Gap(F(15), F(3, 2))
    # a rank: band [5, 5]; 7 lies 2 above: 40 %, 2 units (a rounded "5" would be [4.5, 5.5]: 1.5)
    assert gap("5", "=", point("7"), exact=True) == Gap(F(40), F(2))
    assert gap("5", "=", point("7")) == Gap(F(30), F(3, 2))


def test_gap_of_a_bound_uses_the_end_that_could_satisfy_it():
    # "more than 40000": the highest allowed value 39500 falls 500 short: -1.25 %, -500 units
    assert gap("40000", ">", Interval(F(39000), F(39500))) == Gap(F(-5, 4), F(-500))
    # "less than 60": the lowest allowed value 62 is 2 over: 10/3 %, 2 units
    assert gap("60", "<", Interval(F(62), F(66))) == Gap(F(10, 3), F(2))
    # a bound met only at its limit (39999 < v <= 40000 has no member above 40000): the distance to
    # the values that would satisfy it is still 0, though the verdict is contradicted
    assert gap("40000", ">", point("40000")) == Gap(F(0), F(0))
    assert judge("40000", ">", point("40000")).verdict == "contradicted"


def test_gap_of_a_negative_or_zero_figure():
    # "-10": band [-10.5, -9.5], centre size 10; -12 lies 1.5 below: -15 %, -1.5 units
    assert gap("-10", "=", point("-12")) == Gap(F(-15), F(-3, 2))
    # "0": band [-0.5, 0.5]; 1 lies 0.5 above; no percentage of zero (0 by convention), 0.5 units
    assert gap("0", "=", point("1")) == Gap(F(0), F(1, 2))


# -- the revised-data rule: a flag beside a verdict that is not reproduced --------------------------


def test_revision_rule_passes_the_exact_flag_and_defaults_to_rounded():
    # "5" with 6 recomputed: inconsistent as a rounded figure; another vintage gives 5.4, which a
    # rounded "5" ([4.5, 5.5]) reproduces, so the revision explains the gap
    rounded = judge("5", "=", point("6"))
    assert rounded.verdict == "inconsistent"
    assert revision_explains(rounded, "5", "=", point("5.4"), False)
    # as a rank (exact), 5.4 is not 5: the other vintage explains nothing
    as_rank = judge("5", "=", point("6"), exact=True)
    assert as_rank.verdict == "contradicted"
    assert not revision_explains(as_rank, "5", "=", point("5.4"), False, exact=True)


def test_revision_rule_passes_the_comparator():
    # "about 10" with 12: inconsistent; a vintage at 10.8 lies inside [9, 11]
    off = judge("10", "~", point("12"))
    assert off.verdict == "inconsistent"
    assert revision_explains(off, "10", "~", point("10.8"), False)
    assert not revision_explains(judge("10", "=", point("12")), "10", "=", point("10.8"), False)


def test_revision_rule_never_flags_a_fact_or_a_reproduced_figure():
    assert not revision_explains(judge_fact(False), "", "fact", None, True)  # a fact has no band
    assert not revision_explains(judge("8.4", "=", point("8.4")), "8.4", "=", point("8.4"), True)


# -- the reading rule: the most favourable reading's verdict --------------------------------------


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        (["contradicted", "reproduced"], "reproduced"),  # one reading holds: the claim holds
        (["contradicted", "inconsistent"], "inconsistent"),  # a slip is kinder than a refutation
        (["contradicted", "unverifiable"], "unverifiable"),  # untested is kinder than refuted
        (["unverifiable", "inconsistent"], "inconsistent"),  # a near miss outranks no data
        (["contradicted", "contradicted"], "contradicted"),  # contradicted only when every reading fails
        (["contradicted"], "contradicted"),
    ],
)
def test_most_favourable_follows_the_order_of_charity(verdicts, expected):
    assert most_favourable(verdicts) == expected
    assert most_favourable(list(reversed(verdicts))) == expected  # order of the readings is irrelevant


def test_most_favourable_refuses_nothing_and_non_ratings():
    assert CHARITY == ("reproduced", "inconsistent", "unverifiable", "contradicted")
    with pytest.raises(ValueError, match=exactly("no reading to judge")):
        most_favourable([])
    with pytest.raises(ValueError, match=exactly("not a rating of a reading: 'judgement'")):
        most_favourable(["reproduced", "judgement"])


# -- the vintage rule --------------------------------------------------------------------------------


def test_vintage_rule_turns_an_explained_miss_into_unverifiable_and_nothing_else():
    off = judge("10", "=", point("12"))  # contradicted
    slip = judge("10", "=", point("10.6"))  # inconsistent: one unit beyond [9.5, 10.5]
    ok = judge("10", "=", point("10"))
    assert at_paper_vintage(off, revised=True).verdict == "unverifiable"
    assert at_paper_vintage(off, revised=True).rule == "vintage: a later revision explains the gap"
    assert at_paper_vintage(slip, revised=True).verdict == "unverifiable"
    assert at_paper_vintage(off, revised=False, mixed=True).rule == "vintage: the computation mixes vintages"
    assert at_paper_vintage(off, revised=False) == off  # unexplained: the verdict stands
    assert at_paper_vintage(ok, revised=True) == ok  # nothing to explain
    assert at_paper_vintage(off, revised=True).band == off.band


# -- the absence rule --------------------------------------------------------------------------------


def test_absence_rule_a_fact_nothing_tests_is_unverifiable():
    assert judge_fact(None).verdict == "unverifiable"
    assert judge_fact(True).verdict == "reproduced"
    assert judge_fact(False).verdict == "contradicted"
    assert {"data-not-found", "unsupported", "citation-not-read", "proxy-series", "vintage"} <= set(ABSENCE_TAGS)
