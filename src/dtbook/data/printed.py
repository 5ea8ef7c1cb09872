"""Is a ledger row's ``stated`` figure printed in its ``quote``? The rule, in one place.

A stated figure is the paper's figure, so the paper's own words must show it. The ledger's check
(:func:`dtbook.data.ledger.load`) accepts a non-empty ``stated`` only when one of these holds:

1. **Digits.** The figure appears digit for digit as a number of the quote: ``US\\$4.16`` prints
   ``4.16`` (so ``4.159``, ``4.1``, ``16`` and ``4.`` do not match). Before comparing, full-width
   digits and signs are made ASCII (NFKC) and thousands separators dropped (``1,234`` -> ``1234``).
   A number is a whole run of digits with its decimals, so a decade ``1950s`` prints ``1950`` and
   ``180EFlops`` prints ``180``. A minus sign is not printed: it is the ledger's reading of a word
   such as "decreased" (``-0.7`` for "decreased by 0.7%"); the digits still must be.
2. **Number words** (:data:`WORDS`): a cardinal or ordinal written out, as a whole word ("three
   times" -> 3, "ranking fifth" -> 5, "number one" -> 1, "three-category" -> 3).
3. **Superlatives** (:data:`SUPERLATIVES`), for a rank or count of 1 only: "the largest", "the most
   important", "the only" state rank (or count) 1.
4. **Enumerations**, for a count only: the number of items of a list the quote prints, items
   separated by commas and a final "and"/"or" ("China Mobile and Alibaba" -> 2; "A, B, C and D"
   -> 4), or by commas inside parentheses ("(A, B, C)" -> 3).

Nothing is exempted by claim id: a row that fits none of these is a slip in the ledger.
"""

from __future__ import annotations

import re
import unicodedata

_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_ORDINALS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
)
#: number words -> the figure they state
WORDS: dict[str, int] = {w: i + 1 for words in (_ONES, _ORDINALS) for i, w in enumerate(words)}
#: words that state rank 1 (or, for "only", count 1)
SUPERLATIVES = ("largest", "biggest", "highest", "greatest", "most", "only")
#: units for which a superlative states 1, and the unit an enumeration states
RANK_UNITS = ("rank", "count")
COUNT_UNIT = "count"

_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?!\d)")
_WORD = re.compile(r"[a-z]+")


def normalised(text: str) -> str:
    """Full-width characters made ASCII, thousands separators dropped."""
    return _THOUSANDS.sub("", unicodedata.normalize("NFKC", text))


def numbers(quote: str) -> set[str]:
    """The numbers the quote prints, as written (after :func:`normalised`)."""
    return set(_NUMBER.findall(normalised(quote)))


def number_words(quote: str) -> set[int]:
    """The figures the quote writes out in words."""
    return {WORDS[w] for w in _WORD.findall(quote.lower()) if w in WORDS}


def enumerations(quote: str) -> set[int]:
    """The lengths of the lists the quote prints (two items or more)."""
    counts: set[int] = set()
    for group in re.findall(r"\(([^()]*)\)", quote):
        items = [x for x in re.split(r",|\s(?:and|or)\s", group) if x.strip()]
        if len(items) >= 2:
            counts.add(len(items))
    for clause in re.split(r"[.;:()]", quote):
        for m in re.finditer(r"\s(?:and|or)\s", clause):
            before = clause[: m.start()].rstrip()
            oxford = 1 if before.endswith(",") else 0  # "A, B, and C": the last comma is not a new item
            counts.add(before.count(",") + 2 - oxford)
    return counts


def is_printed(stated: str, quote: str, unit: str) -> bool:
    """Whether ``stated`` is printed in ``quote`` by the rule of this module."""
    figure = normalised(stated.strip()).removeprefix("-").removeprefix("+")
    if figure in numbers(quote):
        return True
    if not figure.isdigit():
        return False
    value = int(figure)
    if value in number_words(quote):
        return True
    words = set(_WORD.findall(quote.lower()))
    if value == 1 and unit in RANK_UNITS and words & set(SUPERLATIVES):
        return True
    return unit == COUNT_UNIT and value in enumerations(quote)
