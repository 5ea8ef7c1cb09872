"""Two edges of the engine's rules left open: the absence rule's words, and the vintage rule on a
verdict that is already unverifiable (dtbook.core.judge)."""

from __future__ import annotations

from dtbook.core.judge import Judgement, at_paper_vintage, judge_fact


def test_a_fact_nothing_tests_says_so():
    assert judge_fact(None) == Judgement("unverifiable", None, "absence: nothing tests it")


def test_the_vintage_rule_leaves_an_unverifiable_verdict_as_it_is():
    j = Judgement("unverifiable", None, "no data")
    assert at_paper_vintage(j, revised=True) is j
    assert at_paper_vintage(j, revised=False, mixed=True) is j
