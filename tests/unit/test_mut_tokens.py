"""The printed-token rule (dtbook.data.tokens) and the stated-figure rule (dtbook.data.printed) at the
edges the table-driven tests leave open: Chinese numerals, the figure's flags, each error's field and words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dtbook.data.printed import enumerations
from dtbook.data.tokens import Figure, TokenError, check, date_parts, denoted, is_percent_unit, parse


@pytest.mark.parametrize(
    ("unit", "percent"),
    [
        ("percent", True),
        ("percent yoy", True),
        ("percent of GDP", True),  # the first word, not all but the last
        ("percentage points", False),
        (" percent", False),  # a unit starts with its word
        ("per cent", False),
    ],
)
def test_a_percent_unit_is_one_whose_first_word_is_percent(unit, percent):
    assert is_percent_unit(unit) is percent


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("二", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("九十九", 99),
        ("百", 100),
        ("三百", 300),
        ("一百零五", 105),
        ("三百十", 310),
        ("三百四十五", 345),
        ("二〇二〇", 2020),  # digits in a row are positional
        ("两百", 200),
    ],
)
def test_chinese_numerals(numeral, value):
    assert parse(numeral) == Figure(Decimal(value), False, False, False)
    assert parse("第" + numeral).amount == value


def test_a_number_word_and_a_superlative_carry_no_flags_but_percent():
    assert parse("three") == Figure(Decimal(3), False, False, False)
    assert parse("Three percent") == Figure(Decimal(3), False, True, False)
    assert parse("largest") == Figure(Decimal(1), False, False, False)


def test_a_sign_then_a_space():
    assert parse("- 5") == Figure(Decimal(-5), False, False, True)
    assert parse("+5") == Figure(Decimal(5), False, False, True)


@pytest.mark.parametrize("token", ["X5", "", "5X", "- ", "%", "1万 2"])
def test_not_a_figure(token):
    with pytest.raises(TokenError) as err:
        parse(token)
    assert (err.value.field, str(err.value)) == ("printed", f"not a printed figure: {token!r}")


def test_a_value_that_is_not_a_number():
    with pytest.raises(TokenError) as err:
        check("8,4", "percent", "8.4%", "up 8.4%")
    assert (err.value.field, str(err.value)) == ("value", "not a number: '8,4'")


def test_a_percentage_in_another_unit_says_so():
    with pytest.raises(TokenError) as err:
        denoted("8.4%", "count")
    assert (err.value.field, str(err.value)) == ("printed", "'8.4%' prints a percentage, but the row's unit is 'count'")


def test_a_value_slip_says_what_the_token_prints():
    with pytest.raises(TokenError) as err:
        check("4", "USD 100 million", "5千万", "达5千万元")
    assert str(err.value) == "value 4 is not the 0.5 that '5千万' prints in 'USD 100 million'"


def test_not_a_date():
    with pytest.raises(TokenError) as err:
        date_parts("Monday")
    assert (err.value.field, str(err.value)) == ("printed", "not a printed date: 'Monday'")


@pytest.mark.parametrize(
    ("value", "printed", "message"),
    [
        ("2020", "June 2020", "'June 2020' prints a month the value '2020' lacks"),
        ("2020-06", "June 5, 2020", "'June 5, 2020' prints a day the value '2020-06' lacks"),
        ("2020-07-05", "June 5, 2020", "value '2020-07-05' is not the date 'June 5, 2020' prints"),
    ],
)
def test_a_date_the_value_does_not_hold(value, printed, message):
    with pytest.raises(TokenError) as err:
        check(value, "date", printed, f"on {printed}")
    assert (err.value.field, str(err.value)) == ("value", message)


@pytest.mark.parametrize(
    ("quote", "counts"),
    [
        ("(A, B)", {2}),  # two items are a list
        ("(A)", set()),
        ("(A and B or C)", {2, 3}),  # inside parentheses "and" and "or" separate items too
        ("A, B. C and D", {2}),  # a sentence ends a list
        ("A, B; C and D", {2}),
        ("A, B,  and C", {3}),  # an Oxford comma, spaces before "and"
    ],
)
def test_enumerations(quote, counts):
    assert enumerations(quote) == counts


@pytest.mark.parametrize(
    ("value", "unit", "printed", "quote", "message"),
    [
        ("8.4", "percent", "8.4%", "up 8.5%", "'8.4%' is not in the row's quote"),
        ("", "text", "x", "x", "a text row prints no figure: printed must be empty"),
        ("8.4", "percent", "", "up 8.4%", "empty: the figure as the page prints it is required"),
        (
            "1",
            "percent",
            "largest",
            "the largest",
            "'largest' states a rank or count of 1, but the row's unit is 'percent'",
        ),
    ],
)
def test_each_printed_error_says_what_is_wrong(value, unit, printed, quote, message):
    with pytest.raises(TokenError) as err:
        check(value, unit, printed, quote)
    assert (err.value.field, str(err.value)) == ("printed", message)


def test_an_ordinal_prefix_on_arabic_digits():
    assert parse("第3") == Figure(Decimal(3), False, False, False)
    for token in ("-第3", "第3%"):  # only an unsigned count or rank takes the ordinal prefix
        with pytest.raises(TokenError):
            parse(token)


def test_a_stated_figure_with_a_plus_sign():
    from dtbook.data.printed import is_printed

    assert is_printed("+5", "grew by 5 percent", "percent")
    assert is_printed("-5", "fell by 5 percent", "percent")
