"""``dtbook.site.typed``: a figure typed in a reason or note must be held by the claim's record."""

from dataclasses import replace

from ledger_rows import claim

from dtbook.site.typed import numbers, typed_figures

C = replace(claim("T-01", "s9_unit_test", "contradicted", "82.729", "="), quote="to US$82.729 billion")


def test_a_gap_typed_in_a_reason_is_refused_unless_the_record_holds_it():
    typed = replace(C, reason="0.23 % above the printed figure")
    assert typed_figures(typed, {"shown": "82.923"}, []) == [
        "T-01: reason types 0.23, which its recorded result and rows do not hold "
        "(say it in words, or print it from the data in the check)"
    ]
    assert typed_figures(typed, {"shown": "82.923", "note": "gap 0.23 %"}, []) == []


def test_figures_from_the_rows_read_and_the_quote_are_held():
    noted = replace(C, notes="UNCTAD gives 424,056.4 (US$ mn); the paper prints 82.729")
    assert typed_figures(noted, {"shown": "82.923"}, ["CHN 2022 424056.4 USD million"]) == []
    assert typed_figures(noted, {"shown": "82.923"}, []) != []  # without the row, 424056.4 is typed


def test_labels_are_not_figures():
    text = (
        "S21-06 and [9]; 2020 and 2021-09-03; 16 May 2019; section 2.2.2 and 4.3; pages 16-30, issue (07); "
        "Art. 19.4, ch. 12; COM(2015) 192; section 1"
    )
    assert numbers(text) == set()
    assert {str(x) for x in numbers("2.2 trillion, 4.3 %, 1,000 and 7.10")} == {"2.2", "4.3", "1E+3", "7.1"}
