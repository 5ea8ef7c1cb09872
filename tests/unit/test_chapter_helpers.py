"""The chapters' shared helpers: the period conventions, exports + imports, a page row's value."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from dtbook.chapter import periods, values
from dtbook.core.interval import Interval
from dtbook.data.errors import DataError
from dtbook.data.tables import Table


@pytest.mark.parametrize(
    "fn, period, expected",
    [
        (periods.period_end, "2021", 2022.0),
        (periods.period_end, "2021-03", 2021 + 3 / 12),
        (periods.period_middle, "2021", 2021.5),
        (periods.period_middle, "2021-12", 2021 + 11.5 / 12),
        (periods.december_survey, "2021", 2021 + 11.5 / 12),
        (periods.december_survey, "2021-06", 2021 + 5.5 / 12),
        (periods.date_point, "2020-09-08", 2020 + 8 / 12 + 7 / 365),
        (periods.date_point, "2020-09", 2020 + 8 / 12 + 14 / 365),
        (periods.date_point, "2020", 2020 + 6 / 12 + 14 / 365),
    ],
)
def test_each_period_convention(fn, period, expected):
    assert fn(period) == expected


def test_the_conventions_differ_only_where_they_say():
    assert periods.period_middle("2021-04") == periods.december_survey("2021-04")
    assert periods.period_middle("2021") < periods.december_survey("2021") < periods.period_end("2021")


def test_date_point_refuses_a_non_date():
    with pytest.raises(ValueError, match="not a period"):
        periods.date_point("2020-01-02-03")


def _table(columns: dict[str, list[str]], key: list[str]) -> Table:
    desc = {"origin": {}, "units": {"fields": {}}}
    return Table(
        name="t",
        df=pd.DataFrame(columns, dtype=str),
        descriptor=desc,
        path=Path("t.csv"),
        key=key,
    )


def test_two_way_adds_the_exports_and_imports_columns_with_their_rounding():
    t = _table(
        {"geo": ["CHN"], "year": ["2020"], "dds_exports_usd_mn": ["1.5"], "dds_imports_usd_mn": ["2"]}, ["geo", "year"]
    )
    total = values.two_way(t, "CHN", 2020)
    assert (total.lo, total.hi) == (
        Interval.printed("1.5").lo + Interval.printed("2").lo,
        Interval.printed("1.5").hi + Interval.printed("2").hi,
    )
    assert total.refs == {"t#CHN/2020:dds_exports_usd_mn", "t#CHN/2020:dds_imports_usd_mn"}


def test_two_way_needs_one_column_of_each_flow():
    t = _table(
        {
            "geo": ["CHN"],
            "year": ["2020"],
            "exports_usd_mn": ["1"],
            "dds_exports_usd_mn": ["1"],
            "imports_usd_mn": ["1"],
        },
        [],
    )
    with pytest.raises(DataError, match="expected one column ending in 'exports_usd_mn'"):
        values.two_way(t, "CHN", 2020)


def test_world_share_carries_both_roundings():
    t = _table({"geo": ["CHN", "WLD"], "year": ["2022", "2022"], "x": ["25", "100"]}, ["geo", "year"])
    got = values.world_share(t, "x", 2022)
    assert (got.lo, got.hi) == (Fraction(245, 1005) * 100, Fraction(255, 995) * 100)


def test_centre_shows_the_middle_at_the_digits_asked():
    assert values.centre(Interval.printed("1371") / 100, 2) == "13.71"
    assert values.centre(Interval.printed("7.1"), 0) == "7"


def test_a_page_rows_figure_and_text():
    t = _table({"row_id": ["a", "b"], "value": ["8.4", "2020-08"], "date_published": ["", "2023-11-16"]}, ["row_id"])
    assert t.at("a").fmt() == "8.4" and t.at("a").refs == {"t#a:value"}
    assert t.text("b") == "2020-08" and t.text("b", "date_published") == "2023-11-16"
    with pytest.raises(DataError, match="expected exactly one row"):
        t.text("c")


def test_a_page_row_is_read_with_at_only_not_with_value():
    """One accessor per kind: ``at(row_id)`` for a page value, ``value(column, key=...)`` for a dataset value."""
    t = _table({"row_id": ["a"], "value": ["8.4"]}, ["row_id"])
    with pytest.raises(DataError, match=r"read with at\(row_id\)"):
        t.value(row_id="a")
    d = _table({"geo": ["CHN"], "year": ["2020"], "x": ["25"]}, ["geo", "year"])
    assert d.value("x", geo="CHN", year=2020).refs == {"t#CHN/2020:x"}
