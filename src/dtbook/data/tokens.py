"""Is a page row's ``value`` the figure its ``printed`` token shows? Exact arithmetic, one rule.

A page table row (``data/raw/pages_*.csv``) carries three things about one figure: ``value`` (the
digits the book reads, in the row's ``unit``), ``quote`` (the page's own words around the figure,
verbatim) and ``printed`` (the figure exactly as the page prints it, a substring of ``quote``).
:func:`check` ties them together so that a transcription slip in ``value`` (8.5 typed where the
quote prints 8.4) stops the build instead of being published:

1. ``printed`` appears verbatim in ``quote`` after Unicode NFKC normalisation of both (so
   full-width digits and ``％`` match their ASCII forms).
2. ``value`` equals the number ``printed`` denotes, computed with :class:`decimal.Decimal`:

   - the number: ASCII or full-width digits, thousands separators dropped (the normalisation of
     :func:`dtbook.data.printed.normalised`), decimals kept; or a number word ("three",
     "fifth": :data:`dtbook.data.printed.WORDS`), or small Chinese numerals (``第二``, ``四十九``),
     or, for a rank or count of 1, a superlative ("largest": :data:`dtbook.data.printed.SUPERLATIVES`);
   - the multiplier words it carries (:data:`SCALES`: 万 10^4, 亿 10^8, 兆 10^12, 千 10^3,
     thousand, million, billion, trillion; several in a row multiply, ``万亿`` = 10^12; several
     groups add, ``4兆1600億`` = 4*10^12 + 1600*10^8);
   - a percent sign or word (``%``, ``percent``, ``per cent``), allowed only for a unit whose
     first word is ``percent``.

   A token with multiplier words denotes an absolute amount, which is divided by the scale of the
   row's unit (:func:`unit_scale`: ``USD 100 million`` 10^8, ``10,000 km`` 10^4, ``CNY trillion``
   10^12): ``4兆1600億`` under ``USD 100 million`` is 41600. A token without multiplier words is
   read in the row's unit as it stands (``932`` under ``Tbit/s`` is 932).
   A minus sign is usually not printed but said in words ("declined by 0.7%"), so an unsigned
   token matches a value of either sign; a token that prints its sign must match it.
3. Rows of unit ``date`` hold the date as the page prints it (``February 14, 1946``, ``Nov 9``,
   ``2020年9月8日``, ``29.11.2017``, ``2024``), or nothing when the quote does not print the date
   (the date is then the page's dateline); every part the token prints (year, month, day) must
   equal that part of the ISO ``value``, and it may not print a part the value lacks. Rows of unit
   ``text`` have no figure: ``printed`` is empty.

Every other row must print its figure. A failure raises :class:`TokenError` naming the field to
fix (``printed`` or ``value``); the loader (:mod:`dtbook.data.tables`) adds file and row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from dtbook.data.printed import RANK_UNITS, SUPERLATIVES, WORDS, normalised

#: multiplier words -> their factor (after NFKC; both Chinese scripts and Japanese)
SCALES: dict[str, int] = {
    "万": 10**4,
    "萬": 10**4,
    "亿": 10**8,
    "億": 10**8,
    "兆": 10**12,
    "千": 10**3,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
#: units that hold no figure, and the unit whose figure is a date
TEXT_UNIT = "text"
DATE_UNIT = "date"

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_NUMERAL = "[〇零一二两兩三四五六七八九十百]+"
_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
_ARABIC = r"\d+(?:\.\d+)?"
_GROUP = re.compile(rf"({_ARABIC})((?:\s*(?:{_SCALE}))*)", re.I)
_PERCENT = re.compile(r"\s*(?:%|percent|per cent)$", re.I)
_UNIT_SCALES = (
    (re.compile(r"^10,000\b|\b10,000$"), 10**4),
    (re.compile(r"\b100 million\b"), 10**8),
    (re.compile(r"\bthousand\b"), 10**3),
    (re.compile(r"\bmillion\b"), 10**6),
    (re.compile(r"\bbillion\b"), 10**9),
    (re.compile(r"\btrillion\b"), 10**12),
)
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        )
    )
    for m in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
#: the date forms a page prints (after NFKC), each with named parts y, m (number or name), d
DATE_FORMS = (
    re.compile(
        rf"(?:(?P<d>\d{{1,2}}){_ORD}\s+)?(?P<mn>{_MONTH})\.?(?:\s+(?P<d2>\d{{1,2}})(?!\d){_ORD})?(?:,?\s+(?P<y>\d{{4}}))?",
        re.I,
    ),
    re.compile(r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号號])?"),
    re.compile(r"(?P<y>\d{4})\s*年"),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?"),
    re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"),
    re.compile(r"(?P<y>\d{4})"),
)


class TokenError(ValueError):
    """A row's ``printed`` token or its ``value`` is wrong; ``field`` names which."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class Figure:
    """What a printed token denotes: ``amount`` (exact), whether multiplier words scaled it,
    whether it carries a percent sign, and whether it prints its sign."""

    amount: Decimal
    scaled: bool
    percent: bool
    signed: bool


def nfkc(text: str) -> str:
    """Unicode NFKC: full-width digits, letters and signs made ASCII."""
    return unicodedata.normalize("NFKC", text)


def unit_scale(unit: str) -> int:
    """The factor of a unit's own multiplier: ``USD 100 million`` -> 10^8, ``10,000 km`` -> 10^4,
    ``CNY trillion`` -> 10^12; 1 for a unit without one (``percent``, ``Tbit/s``, ``count``)."""
    for pattern, factor in _UNIT_SCALES:
        if pattern.search(unit):
            return factor
    return 1


def is_percent_unit(unit: str) -> bool:
    """Whether a unit is a percentage (its first word is ``percent``: ``percent yoy``, not
    ``percentage points``)."""
    return unit.split(" ", 1)[0] == "percent"


def _chinese(text: str) -> int:
    """A small Chinese numeral (up to 999): ``四十九`` -> 49, ``十二`` -> 12, ``二`` -> 2."""
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + _CN_DIGITS[ch]
    return total + current


def parse(printed: str) -> Figure:
    """The figure a printed token denotes; :class:`TokenError` (field ``printed``) if it is not one."""
    text = normalised(printed).strip()
    signed = text[:1] in "-+"
    sign = -1 if text[:1] == "-" else 1
    body = text[1:].lstrip() if signed else text
    percent = _PERCENT.search(body)
    if percent:
        body = body[: percent.start()]
    lowered = body.lower()
    if lowered in WORDS:
        return Figure(Decimal(WORDS[lowered]), False, bool(percent), False)
    if lowered in SUPERLATIVES and not percent and not signed:
        return Figure(Decimal(1), False, False, False)
    chinese = re.fullmatch(f"第?({_CN_NUMERAL})", body)
    if chinese and not percent and not signed:
        return Figure(Decimal(_chinese(chinese.group(1))), False, False, False)
    body = body.removeprefix("第") if not signed and not percent else body
    amount, scaled, pos = Decimal(0), False, 0
    while pos < len(body):
        group = _GROUP.match(body, pos)
        if group is None or (pos and not scaled):  # a second group only after a multiplied one
            raise TokenError("printed", f"not a printed figure: {printed!r}")
        factor = 1
        for word in re.findall(_SCALE, group.group(2), re.I):
            factor *= SCALES[word.lower()]
        scaled = scaled or factor != 1
        amount += Decimal(group.group(1)) * factor
        pos = group.end()
    if not body:
        raise TokenError("printed", f"not a printed figure: {printed!r}")
    return Figure(sign * amount, scaled, bool(percent), signed)


def _decimal(value: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation:
        raise TokenError("value", f"not a number: {value!r}") from None


def denoted(printed: str, unit: str) -> Decimal:
    """The value ``printed`` denotes in ``unit`` (exact): scaled tokens divided by the unit's scale."""
    figure = parse(printed)
    if figure.percent and not is_percent_unit(unit):
        raise TokenError("printed", f"{printed!r} prints a percentage, but the row's unit is {unit!r}")
    if figure.scaled:
        return figure.amount / Decimal(unit_scale(unit))
    return figure.amount


def date_parts(printed: str) -> dict[str, int]:
    """The parts (``y``, ``m``, ``d``) a printed date shows; :class:`TokenError` if it is not a date."""
    text = nfkc(printed).strip()
    for form in DATE_FORMS:
        hit = form.fullmatch(text)
        if hit is None:
            continue
        got = {k: v for k, v in hit.groupdict().items() if v}
        parts: dict[str, int] = {}
        if "y" in got:
            parts["y"] = int(got["y"])
        if "mn" in got:
            parts["m"] = _MONTHS[got["mn"].lower()]
        if "m" in got:
            parts["m"] = int(got["m"])
        if "d" in got or "d2" in got:
            parts["d"] = int(got.get("d") or got["d2"])
        return parts
    raise TokenError("printed", f"not a printed date: {printed!r}")


def _check_date(value: str, printed: str) -> None:
    if not printed:
        return
    iso = dict(zip(("y", "m", "d"), (int(p) for p in value.split("-")), strict=False))
    for part, shown in date_parts(printed).items():
        if part not in iso:
            raise TokenError(
                "value", f"{printed!r} prints a {'day' if part == 'd' else 'month'} the value {value!r} lacks"
            )
        if iso[part] != shown:
            raise TokenError("value", f"value {value!r} is not the date {printed!r} prints")


def check(value: str, unit: str, printed: str, quote: str) -> None:
    """Raise :class:`TokenError` unless ``printed`` is in ``quote`` and ``value`` is what it denotes."""
    if printed and nfkc(printed) not in nfkc(quote):
        raise TokenError("printed", f"{printed!r} is not in the row's quote")
    if unit == TEXT_UNIT:
        if printed:
            raise TokenError("printed", "a text row prints no figure: printed must be empty")
        return
    if unit == DATE_UNIT:
        _check_date(value, printed)
        return
    if not printed:
        raise TokenError("printed", "empty: the figure as the page prints it is required")
    figure = parse(printed)
    if unit not in RANK_UNITS and normalised(printed).strip().lower() in SUPERLATIVES:
        raise TokenError("printed", f"{printed!r} states a rank or count of 1, but the row's unit is {unit!r}")
    want = denoted(printed, unit)
    got = _decimal(value)
    if got != want and not (not figure.signed and got == -want):
        raise TokenError("value", f"value {value} is not the {want.normalize():f} that {printed!r} prints in {unit!r}")


__all__ = ["SCALES", "Figure", "TokenError", "check", "date_parts", "denoted", "parse", "unit_scale"]
