"""Dates and periods as points on a time axis (decimal years), for plots and trend tests.

A printed period is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``. Where a period is placed depends on
what the figure measures, so there is one function per convention, each named by what it does:

- :func:`period_end`: a stock at the end of the period (``2021`` -> 2022.0, ``2021-03`` -> end of March);
- :func:`period_middle`: a count over the period, at its middle (``2021`` -> 2021.5, a month at mid-month);
- :func:`december_survey`: a survey figure at mid-month of its reference month; a bare year is the
  December survey (CNNIC's year figures are end-December);
- :func:`date_point`: a dated event (a bare month at its 15th, a bare year at 15 July).

Verdicts never depend on these: they place points on a plot or an ordinary least-squares axis.
"""

from __future__ import annotations


def _parts(period: str) -> list[int]:
    parts = [int(p) for p in str(period).split("-")]
    if not 1 <= len(parts) <= 3:
        raise ValueError(f"not a period (YYYY, YYYY-MM or YYYY-MM-DD): {period!r}")
    return parts


def period_end(period: str) -> float:
    """The end of a year or month: ``2021`` -> 2022.0, ``2021-03`` -> 2021.25."""
    year, _, month = period.partition("-")
    return int(year) + (int(month) if month else 12) / 12


def period_middle(period: str) -> float:
    """The middle of a year or month: ``2021`` -> 2021.5, ``2021-12`` -> 2021 + 11.5/12."""
    year, _, month = period.partition("-")
    return int(year) + ((int(month) - 0.5) / 12 if month else 0.5)


def december_survey(period: str) -> float:
    """A survey's reference month at mid-month; a bare year is its December survey (2021 -> 2021 + 11.5/12)."""
    year, _, month = period.partition("-")
    return int(year) + ((int(month) - 0.5) / 12 if month else 11.5 / 12)


def date_point(iso: str) -> float:
    """A date on the year axis: ``2020-09-08`` -> 2020 + 8/12 + 7/365; a bare month at its 15th,
    a bare year at 15 July."""
    parts = _parts(iso)
    month = parts[1] if len(parts) > 1 else 7
    day = parts[2] if len(parts) > 2 else 15
    return parts[0] + (month - 1) / 12 + (day - 1) / 365


__all__ = ["period_end", "period_middle", "december_survey", "date_point"]
