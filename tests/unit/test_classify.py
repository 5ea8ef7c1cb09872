"""The rule that classes the whole paper (``dtbook.chapter.report.classify``), at every boundary.

The rule, as the summary page prints it (``CLASS_RULE``): with d = reproduced + inconsistent +
contradicted (the claims with data; unverifiable ones do not count), *full* when every claim with
data is reproduced; *minor issues* when none is contradicted and at least one is inconsistent;
*partial* when some are contradicted but no more than a quarter of d (4 c <= d); *not reproduced*
when more than a quarter are contradicted, or when no claim has data at all.
"""

import pytest

from dtbook.chapter.report import CLASS_RULE, CLASSES, classify
from dtbook.core.judge import VERDICTS


def counts(r: int = 0, i: int = 0, c: int = 0, u: int = 0) -> dict[str, int]:
    return dict(zip(VERDICTS, (r, i, c, u)))


def test_counts_helper_follows_the_verdict_order():
    assert counts(1, 2, 3, 4) == {"reproduced": 1, "inconsistent": 2, "contradicted": 3, "unverifiable": 4}


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (counts(r=1), "full"),
        (counts(r=10, u=90), "full"),  # unverifiable claims do not enter the classification
        (counts(r=9, i=1), "minor issues"),  # one inconsistent is enough
        (counts(i=1), "minor issues"),
        (counts(i=5, u=5), "minor issues"),
        (counts(r=3, c=1), "partial"),  # c = 1, d = 4: 4 * 1 = 4 <= 4, exactly a quarter
        (counts(r=2, c=1), "not reproduced"),  # c = 1, d = 3: 4 > 3, more than a quarter
        (counts(r=6, c=2), "partial"),  # 8 <= 8
        (counts(r=5, c=2), "not reproduced"),  # 8 > 7
        (counts(i=3, c=1), "partial"),  # inconsistent claims count in d: 4 <= 4
        (counts(r=2, c=1, u=1), "not reproduced"),  # unverifiable ones do not: d = 3, 4 > 3
        (counts(r=97, i=2, c=28, u=30), "partial"),  # 4 * 28 = 112 <= 127
        (counts(r=99, i=0, c=1), "partial"),  # one contradicted claim is never "minor issues"
        (counts(c=1), "not reproduced"),
        (counts(u=5), "not reproduced"),  # no claim with data: nothing is reproduced
        (counts(), "not reproduced"),
    ],
)
def test_classify_at_every_boundary(n, expected):
    assert classify(n) == expected
    assert expected in CLASSES


def test_the_printed_rule_names_every_class():
    for name in CLASSES:
        assert f"{name}:" in CLASS_RULE
    assert "no more than a quarter" in CLASS_RULE and "more than a quarter" in CLASS_RULE
