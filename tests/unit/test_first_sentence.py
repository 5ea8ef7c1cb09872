"""The corrections log's one-line reason: the first sentence of a ledger note, not cut at an
abbreviation."""

import pytest

from dtbook.site.changelog import first_sentence


@pytest.mark.parametrize(
    ("notes", "first"),
    [
        ("Read on GACC's page. Then checked.", "Read on GACC's page."),
        (
            "Samsung is ranked by IFI among recipients of U.S. patents. Apple too.",
            "Samsung is ranked by IFI among recipients of U.S. patents.",
        ),
        ("Ranked No. 2 by IFI, e.g. in 2020. Next.", "Ranked No. 2 by IFI, e.g. in 2020."),
        ("One sentence without a stop", "One sentence without a stop"),
        ("  Ends with a stop.  ", "Ends with a stop."),
        ("A value of 8.4 percent. Then more.", "A value of 8.4 percent."),
    ],
)
def test_first_sentence_is_not_cut_at_an_abbreviation(notes, first):
    assert first_sentence(notes) == first
