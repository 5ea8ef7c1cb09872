"""No figure of the paper is left out: every number in its body lies inside a ledger quote or is excluded with a reason.

The body runs from "Abstract:" to the reference list (excluded). A numeric token is a run of digits, with
inner "." or "," between digits ("4.16", "52929.7", "2.2.1"). A token is covered when its place in the text
lies inside an occurrence of some ledger quote, or inside the one occurrence of an exclusion's context
(``data/completeness_exclusions.csv``: token, context, reason, claim; a year that dates the figures after it
names its claim, whose ledger year must be that token).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "paper" / "paper.txt"
LEDGER = ROOT / "data" / "claims.csv"
EXCLUSIONS = ROOT / "data" / "completeness_exclusions.csv"
TOKEN = re.compile(r"\d+(?:[.,]\d+)*")
REASONS = ("section number", "citation marker", "name (", "ordinal", "part of an indicator name", "date of the figures")


def body(paper_text: str) -> str:
    start, end = paper_text.find("Abstract:"), paper_text.find("\nReferences\n")
    assert 0 <= start < end, "paper text: 'Abstract:' and a 'References' line are needed to find the body"
    return paper_text[start:end]


def sentence(text: str, start: int, end: int) -> str:
    """The sentence (or heading line) around text[start:end]."""
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    return text[left : min(stops) + 1 if stops else len(text)].strip()


def spans(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)]


def uncovered(paper_text: str, quotes: list[str], exclusions: pd.DataFrame) -> list[str]:
    """Every numeric token of the body that no ledger quote and no exclusion covers, with its sentence;
    and every exclusion that covers nothing (stale) or whose context is not once in the body."""
    text = body(paper_text)
    covered = [False] * len(text)
    for quote in set(quotes):
        for a, b in spans(text, quote):
            covered[a:b] = [True] * (b - a)
    places = {i: spans(text, row["context"]) for i, row in exclusions.iterrows()}
    once = {i: (row["token"], *places[i][0]) for i, row in exclusions.iterrows() if len(places[i]) == 1}
    problems, used = [], set()
    for m in TOKEN.finditer(text):
        if all(covered[m.start() : m.end()]):
            continue
        hit = next((i for i, (tok, a, b) in once.items() if tok == m.group() and a <= m.start() and m.end() <= b), None)
        if hit is None:
            problems.append(
                f"number {m.group()!r} is in no ledger quote and not excluded: {sentence(text, *m.span())!r}"
            )
        else:
            used.add(hit)
    for i, row in exclusions.iterrows():
        if i not in used:
            problems.append(
                f"completeness_exclusions.csv, row {int(i) + 2}: token {row['token']!r} in context "
                f"{row['context']!r} excludes nothing (context not once in the body, or the number is now quoted)"
            )
    return problems


def read_exclusions(path: Path = EXCLUSIONS) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def ledger_quotes(path: Path = LEDGER) -> list[str]:
    return list(pd.read_csv(path, dtype=str, keep_default_na=False)["quote"])


def test_every_number_of_the_paper_is_in_a_ledger_quote_or_excluded():
    problems = uncovered(PAPER.read_text(encoding="utf-8"), ledger_quotes(), read_exclusions())
    assert not problems, "\n".join(problems)


def test_exclusions_give_a_known_reason_and_years_name_their_claim():
    exclusions = read_exclusions()
    claims = pd.read_csv(LEDGER, dtype=str, keep_default_na=False).set_index("id")
    assert list(exclusions.columns) == ["token", "context", "reason", "claim"]
    for i, row in exclusions.iterrows():
        where = f"completeness_exclusions.csv, row {int(i) + 2}"
        assert row["reason"].startswith(REASONS), f"{where}: reason {row['reason']!r} is not one of {REASONS}"
        if row["reason"].startswith("date of the figures"):
            assert row["claim"] in claims.index, f"{where}: claim {row['claim']!r} is not in the ledger"
            assert claims.loc[row["claim"], "year"] == row["token"], (
                f"{where}: {row['claim']}'s ledger year is not {row['token']}"
            )
        else:
            assert row["claim"] == "", f"{where}: only a date names a claim"
    assert len(exclusions) <= 50, "the exclusions list is meant to stay small"


def copies(tmp_path: Path) -> tuple[Path, Path]:
    paper, ledger = tmp_path / "paper.txt", tmp_path / "claims.csv"
    shutil.copy(PAPER, paper)
    shutil.copy(LEDGER, ledger)
    return paper, ledger


def test_a_number_added_to_the_paper_fails_naming_it_and_its_sentence(tmp_path: Path):
    paper, ledger = copies(tmp_path)
    text = paper.read_text(encoding="utf-8")
    anchor = "\n5. Conclusions\n"
    added = "Exports of data services grew by 12.5% in 2023."
    paper.write_text(text.replace(anchor, f"\n{added}\n{anchor}", 1), encoding="utf-8")
    problems = uncovered(paper.read_text(encoding="utf-8"), ledger_quotes(ledger), read_exclusions())
    assert len(problems) == 2, problems
    assert all(added in p for p in problems), problems
    assert {"'12.5'", "'2023'"} == {p.split()[1] for p in problems}, problems


def test_a_deleted_ledger_row_fails_naming_its_numbers(tmp_path: Path):
    paper, ledger = copies(tmp_path)
    claims = pd.read_csv(ledger, dtype=str, keep_default_na=False)
    gone = claims[claims["id"] == "S23-06"].iloc[0]  # "the number of mobile base stations has reached 9.96 million"
    claims[claims["id"] != "S23-06"].to_csv(ledger, index=False, lineterminator="\n")
    problems = uncovered(paper.read_text(encoding="utf-8"), ledger_quotes(ledger), read_exclusions())
    numbers = TOKEN.findall(gone["quote"])
    assert numbers and len(problems) == len(numbers), problems
    assert all(gone["quote"] in p for p in problems), problems


def test_a_stale_exclusion_fails():
    exclusions = read_exclusions()
    stale = pd.DataFrame(
        [{"token": "7", "context": "no such words in the paper 7", "reason": "citation marker", "claim": ""}]
    )
    problems = uncovered(
        PAPER.read_text(encoding="utf-8"), ledger_quotes(), pd.concat([exclusions, stale], ignore_index=True)
    )
    assert len(problems) == 1 and "excludes nothing" in problems[0], problems
