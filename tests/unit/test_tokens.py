"""A page row's value tied to the token its quote prints (dtbook.data.tokens), at its edges."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dtbook.data.tokens import TokenError, check, date_parts, denoted, parse, unit_scale


@pytest.mark.parametrize(
    ("value", "unit", "printed", "quote"),
    [
        ("41600", "USD 100 million", "4兆1600億", "同年の貨物貿易額は4兆1600億ドル(約421兆円)に達し"),  # 兆 + 億 groups
        ("59801.9", "CNY 100 million", "5兆9801億9000万", "総額は5兆9801億9000万元(約115兆円)"),  # three groups
        ("2947", "USD 100 million", "2947亿", "服务贸易规模达到2947亿美元"),  # 亿
        ("9.6", "100 million ports", "9.6億", "端口達到9.6億個"),  # traditional 億
        ("54.88", "10,000 km", "54.88万", "总长度达54.88万公里"),  # 万
        ("5488", "10,000 km", "5488 万", "总长度达 5488 万公里"),  # 万, a space before it
        ("319", "10,000 km", "319萬", "新建光纜線路長度319萬千米"),  # 萬 (千米 is km, not part of the token)
        ("7.8", "USD trillion", "7.8万亿", "高达7.8万亿美元"),  # 万亿 = 10^12
        ("2.51", "CNY trillion", "2.51萬億", "規模達2.51萬億元"),
        ("0.5", "CNY 100 million", "5千万", "达5千万元"),  # 千万 = 10^7, into a unit of 10^8
        ("32.16", "CNY trillion", "32.16 trillion", "reached RMB32.16 trillion, up by 1.9%"),  # trillion
        ("527.8", "CNY billion", "527.8 billion", "imports were 527.8 billion yuan"),  # billion
        ("1.43", "persons million", "1.43 million", "403.5 1.43 million"),  # million
        ("4", "10,000 enterprises", "4萬", "規模以上企業超4萬家"),
        ("12", "thousand jobs", "12 thousand", "some 12 thousand jobs"),  # thousand
        ("2033.1", "CNY billion", "2,033.1 billion", "to reach 2,033.1 billion-yuan"),  # thousands separator
        ("1899792.0", "Mbps", "1,899,792.0", "带宽达到1,899,792.0Mbps"),
        ("8.4", "percent yoy", "8.4%", "同比增长8.4%"),
        ("8.4", "percent yoy", "8.4 percent", "up by 8.4 percent year on year"),
        ("8.4", "percent", "８．４％", "増長８．４％"),  # full-width digits and percent sign
        ("8.4", "percent", "8.4%", "増長８．４％"),  # NFKC on both sides
        ("-0.7", "percent yoy", "0.7%", "imports declined by 0.7%"),  # the sign is said in words
        ("-0.5", "per 100 inhabitants", "-0.5", "change: -0.5"),  # a printed sign matches
        ("932", "Tbit/s", "932", "a worldwide total of 932 Tbit/s"),  # no multiplier: read in the unit
        ("2", "rank", "第二", "位居世界第二"),
        ("49", "report number", "第四十九", "发布了第四十九次报告"),
        ("3", "count", "three", "It includes three proxy indicators"),
        ("2", "rank", "second", "to take second place"),
        ("1", "rank", "largest", "the world's largest database vendor"),
        ("1946-02-14", "date", "February 14, 1946", "On February 14, 1946, officials"),
        ("2020-11-09", "date", "Nov 9", "issued a circular on Nov 9 to"),  # no year printed
        ("2021-09-16", "date", "Sept. 16", "BEIJING, Sept. 16 (Xinhua)"),
        ("2019-01-25", "date", "25th January 2019", "On 25th January 2019, following"),
        ("2020-09-15", "date", "9月15日", "在9月15日之后无法制造"),
        ("2017-11-29", "date", "29.11.2017", "<Date>29.11.2017</Date>"),
        ("2018-06", "date", "June 2018", "adopted in June 2018"),
        ("2024", "date", "2024", "concluding in early 2024"),
        ("2020-11-09", "date", "", "on Monday unveiled guidelines"),  # the quote prints no date
        ("", "text", "", "党的二十大报告提出"),
    ],
)
def test_a_value_its_words_print_passes(value, unit, printed, quote):
    check(value, unit, printed, quote)


@pytest.mark.parametrize(
    ("value", "unit", "printed", "quote", "field"),
    [
        ("8.5", "percent yoy", "8.4%", "同比增长8.4%", "value"),  # a slip of one digit
        ("41601", "USD 100 million", "4兆1600億", "4兆1600億ドル", "value"),
        ("4160", "USD 100 million", "4兆1600億", "4兆1600億ドル", "value"),  # a wrong scale
        ("4.16", "USD 100 million", "4兆1600億", "4兆1600億ドル", "value"),
        ("2947", "USD billion", "2947亿", "2947亿美元", "value"),  # unit of the wrong scale
        ("5488", "100 million km", "5488万", "5488万公里", "value"),
        ("32.16", "CNY billion", "32.16 trillion", "RMB32.16 trillion", "value"),
        ("0.5", "per 100 inhabitants", "-0.5", "change: -0.5", "value"),  # a printed sign must match
        ("8.4", "percent", "8.4%", "growth of 8.5%", "printed"),  # not in the quote
        ("8.4", "count", "8.4%", "growth of 8.4%", "printed"),  # a percentage in a unit that is not one
        ("8.4", "percent", "", "growth of 8.4%", "printed"),  # a figure must be printed
        ("8.4", "percent", "about 8.4", "about 8.4", "printed"),  # not a figure token
        ("3", "rank", "second", "to take second place", "value"),
        ("2", "count", "only", "the only", "value"),  # a superlative states 1
        ("1", "percent", "largest", "the largest", "printed"),  # a superlative states only a rank or count
        ("1946-02-15", "date", "February 14, 1946", "On February 14, 1946", "value"),
        ("1947-02-14", "date", "February 14, 1946", "On February 14, 1946", "value"),
        ("2020-08", "date", "August 14", "China News Service, August 14", "value"),  # a day the value lacks
        ("", "text", "党", "党的二十大报告提出", "printed"),  # a text row prints no figure
    ],
)
def test_a_value_its_words_do_not_print_fails_naming_the_field(value, unit, printed, quote, field):
    with pytest.raises(TokenError) as err:
        check(value, unit, printed, quote)
    assert err.value.field == field, str(err.value)


def test_each_multiplier_is_exact():
    assert parse("1万").amount == Decimal(10**4)
    assert parse("1亿").amount == Decimal(10**8)
    assert parse("1兆").amount == Decimal(10**12)
    assert parse("1千").amount == Decimal(10**3)
    assert parse("1 thousand").amount == Decimal(10**3)
    assert parse("1 million").amount == Decimal(10**6)
    assert parse("1 billion").amount == Decimal(10**9)
    assert parse("1 Trillion").amount == Decimal(10**12)
    assert parse("0.1万亿").amount == Decimal(10**11)  # exact: no binary float anywhere
    assert denoted("1.1万", "100 million users") == Decimal("0.00011")


def test_full_width_digits_parse_like_ascii():
    assert parse("２９４７亿") == parse("2947亿")
    assert parse("１，２３４") == parse("1234")


def test_percent_and_sign_are_recorded():
    fig = parse("8.4 per cent")
    assert fig.percent and not fig.scaled and not fig.signed
    assert parse("-0.7%").signed and parse("-0.7%").amount == Decimal("-0.7")


@pytest.mark.parametrize(
    ("unit", "scale"),
    [
        ("USD 100 million", 10**8),
        ("100 million persons", 10**8),
        ("10,000 km", 10**4),
        ("CNY billion", 10**9),
        ("USD trillion", 10**12),
        ("percent", 1),
        ("Tbit/s", 1),
        ("bit/s per person", 1),
    ],
)
def test_unit_scale(unit, scale):
    assert unit_scale(unit) == scale


def test_date_parts():
    assert date_parts("2020年9月8日") == {"y": 2020, "m": 9, "d": 8}
    assert date_parts("December 16 2015") == {"y": 2015, "m": 12, "d": 16}
    assert date_parts("12 December 2017") == {"y": 2017, "m": 12, "d": 12}
    with pytest.raises(TokenError):
        date_parts("Monday")
