"""The rule tying a ledger row's stated figure to its quote (dtbook.data.printed), at its edges."""

from __future__ import annotations

import pytest

from dtbook.data.printed import enumerations, is_printed, normalised


@pytest.mark.parametrize(
    ("stated", "quote", "unit"),
    [
        ("4.16", "a total import and export value of US\\$4.16 trillion", "trillion USD"),
        ("4.16", "US\\$4.16.", "trillion USD"),
        ("4.16", "ＵＳ＄４．１６ trillion", "trillion USD"),  # full-width digits
        ("1234", "reached 1,234 units", "count"),  # thousands separator
        ("1234567", "reached 1,234,567 units", "count"),
        ("1950", "came out in the 1950s", "year"),  # a decade prints its first year
        ("180", "180EFlops in 2022", "EFlops"),
        ("-0.7", "and imports decreased by 0.7%", "percent yoy"),  # the sign is the ledger's reading
        ("3", "an overall increase of three times", "times"),
        ("3", "the three-category classification method", "count"),
        ("5", "ranking fifth in the world", "rank"),
        ("2", "ranking second in the world", "rank"),
        ("1", "the world's number one position", "rank"),
        ("1", "the largest country in goods trade", "rank"),
        ("1", "is still the only exascale machine", "count"),
        ("2", "only China Mobile and Alibaba have entered the top ten", "count"),
        ("3", "index (adult literacy rate, secondary rate, higher rate)", "count"),
        ("4", "products Innovation, process innovation, organizational innovation and model innovation", "count"),
        ("3", "exports, imports, and re-exports", "count"),  # a comma before the final "and"
    ],
)
def test_printed(stated, quote, unit):
    assert is_printed(stated, quote, unit)


@pytest.mark.parametrize(
    ("stated", "quote", "unit"),
    [
        ("4.159", "US\\$4.16 trillion", "trillion USD"),  # more digits than printed
        ("4.", "US\\$4.16 trillion", "trillion USD"),
        ("4.1", "US\\$4.16 trillion", "trillion USD"),
        ("16", "US\\$4.16 trillion", "trillion USD"),  # part of a number is not a number
        ("4", "US\\$4.16 trillion", "trillion USD"),
        ("4.160", "US\\$4.16 trillion", "trillion USD"),
        ("123", "reached 1,234 units", "count"),
        ("195", "came out in the 1950s", "year"),
        ("0.8", "and imports decreased by 0.7%", "percent yoy"),
        ("4", "an overall increase of three times", "times"),
        ("6", "ranking fifth in the world", "rank"),
        ("1", "the largest share, 44.5%", "percent"),  # a superlative states a rank, not a share
        ("2", "the largest country", "rank"),
        ("3", "only China Mobile and Alibaba have entered", "count"),
        ("2", "only China Mobile and Alibaba have entered", "rank"),  # an enumeration states a count
        ("1", "someone said it", "rank"),  # "one" inside a word is not a number word
    ],
)
def test_not_printed(stated, quote, unit):
    assert not is_printed(stated, quote, unit)


def test_normalisation_and_enumerations():
    assert normalised("１,２３４，５６７") == "1234567"
    assert normalised("2019,2020") == "2019,2020", "a list of years is not a thousands separator"
    assert enumerations("A and B. C, D, E or F (x, y)") == {2, 4}
    assert enumerations("(67ZB)") == set()
