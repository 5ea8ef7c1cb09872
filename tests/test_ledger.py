"""The audited ledger: well formed, verbatim, and one-to-one with the notebooks' checks."""

import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from dtbook.data import ledger
from dtbook.data.errors import LedgerError
from dtbook.data.reads import ReadLog

pytestmark = pytest.mark.static  # no build: part of `make check`

ROOT = Path(__file__).resolve().parents[1]
CHECK_LINE = re.compile(r"^(S\d+-\d{2}) \| stated ", re.M)


def test_ledger_loads_and_every_quote_is_verbatim():
    claims = ledger.load()
    paper = (ROOT / "paper" / "paper.txt").read_text(encoding="utf-8")
    assert len(claims) >= 60
    assert all(c.quote in paper for c in claims.values())


def test_no_pending_audit():
    assert not [c.id for c in ledger.load().values() if c.reason_tag == "pending"]


def checks_in_notebooks() -> dict[str, list[str]]:
    """Claim ids checked in each chapter, read from the one line every check prints in the
    stored outputs (which nbval proves are what a fresh run prints)."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "chapters").glob("s[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                if out.get("output_type") == "stream":
                    for cid in CHECK_LINE.findall("".join(out.get("text", ""))):
                        found.setdefault(cid, []).append(path.stem)
    return found


def test_ledger_and_notebooks_are_one_to_one():
    claims = ledger.load()
    found = checks_in_notebooks()
    assert sorted(set(found) - set(claims)) == [], "checks with no ledger row"
    assert sorted(set(claims) - set(found)) == [], "ledger rows with no check"
    twice = {k: v for k, v in found.items() if len(v) > 1}
    assert twice == {}, "claims checked more than once"
    wrong = {k: (v[0], claims[k].notebook) for k, v in found.items() if v[0] != claims[k].notebook}
    assert wrong == {}, "claims checked in another notebook than the ledger says"


@pytest.fixture
def ledger_copy(tmp_path):
    for name in ("claims.csv", "claims.resource.yaml"):
        shutil.copy(ROOT / "data" / name, tmp_path / name)
    return tmp_path / "claims.csv"


def _edit(path: Path, row: int, field: str, value: str) -> None:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[row, field] = value
    df.to_csv(path, index=False)


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("id", "__dup__", "duplicated id"),
        ("stated", "4,16", "not a number"),
        ("verdict", "verified", "verdict"),
        ("quote", "", "quote"),
        ("quote", "a sentence the paper never wrote", "not verbatim"),
        ("comparator", "approx", "comparator"),
    ],
)
def test_bad_ledger_stops_with_file_row_and_field(ledger_copy, field, value, words):
    df = pd.read_csv(ledger_copy, dtype=str, keep_default_na=False)
    row = int(df.index[(df["comparator"] == "=") & (df["verdict"] == "reproduced")][1])
    if value == "__dup__":
        value = df.loc[row - 1, "id"]
    _edit(ledger_copy, row, field, value)
    with pytest.raises(LedgerError) as err:
        ledger.load(ledger_copy)
    msg = str(err.value)
    assert "claims.csv" in msg and f"row {row + 2}" in msg and words in msg, msg
    assert f"'{field}'" in msg or field in msg


@pytest.mark.parametrize("claim, slip", [("S21-02", "4.159"), ("S21-02", "4.1"), ("S21-08", "-0.8"), ("S222-05", "4")])
def test_a_stated_figure_not_printed_in_its_quote_stops_with_file_row_and_field(ledger_copy, claim, slip):
    df = pd.read_csv(ledger_copy, dtype=str, keep_default_na=False)
    row = int(df.index[df["id"] == claim][0])
    _edit(ledger_copy, row, "stated", slip)
    with pytest.raises(LedgerError) as err:
        ledger.load(ledger_copy)
    msg = str(err.value)
    assert f"claims.csv, row {row + 2}, field 'stated': {claim}: stated {slip!r} is not printed in its quote" in msg


def test_missing_reason_for_a_non_reproduced_verdict(ledger_copy):
    df = pd.read_csv(ledger_copy, dtype=str, keep_default_na=False)
    row = int(df.index[df["verdict"] != "reproduced"][0])
    _edit(ledger_copy, row, "reason", "")
    with pytest.raises(LedgerError, match=rf"row {row + 2}, field 'reason'"):
        ledger.load(ledger_copy)


def test_summary_chapter_counts_equal_the_ledger():
    """The summary's stored first line (nbval-free: it is a stage-3 page) matches the ledger."""
    from collections import Counter

    from dtbook.core.judge import VERDICTS

    nb = nbformat.read(ROOT / "chapters" / "summary.ipynb", as_version=4)
    line = next("".join(o["text"]) for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "stream")
    n = Counter(c.verdict for c in ledger.load().values())
    expected = f"{sum(n.values())} claims: " + ", ".join(f"{v} {n.get(v, 0)}" for v in VERDICTS)
    assert line.startswith(expected), (line, expected)


def test_reading_other_sections_statements_is_a_recorded_input():
    """A notebook comparing the paper with itself re-runs when any statement changes."""

    log = ReadLog()
    claims = ledger.statements(log=log)
    assert claims and "data/claims.csv#statements" in log.files()
    assert log.files()["data/claims.csv#statements"] == ledger.statements_digest()


def _rewrite(path: Path, fn) -> None:
    path.write_bytes(fn(path.read_bytes()))


def _data_line(path: Path, row: int) -> tuple[list[bytes], int]:
    """The file's lines and the index of the line holding ``row`` (no quoted line breaks in the ledger)."""
    lines = path.read_bytes().split(b"\n")
    assert len(lines) > row and b"\r" not in b"".join(lines)
    return lines, row - 1


def test_an_extra_column_in_one_row_names_file_row_and_field(ledger_copy):
    lines, i = _data_line(ledger_copy, 7)
    lines[i] += b",surplus"
    ledger_copy.write_bytes(b"\n".join(lines))
    with pytest.raises(LedgerError) as err:
        ledger.load(ledger_copy)
    msg = str(err.value)
    header = lines[0].decode("utf-8").split(",")
    assert msg.startswith(f"claims.csv, row 7, field 'column {len(header) + 1}'"), msg
    assert f"extra column after '{header[-1]}'" in msg, msg


def test_an_unquoted_line_break_inside_a_quote_names_the_quote_field(ledger_copy):
    df = pd.read_csv(ledger_copy, dtype=str, keep_default_na=False)
    row = int(df.index[df["quote"].str.contains(" ") & ~df["quote"].str.contains('[",]')][0])
    quote = df.loc[row, "quote"]
    lines, i = _data_line(ledger_copy, row + 2)
    text = lines[i].decode("utf-8")
    assert f",{quote}," in text, "the chosen quote is stored unquoted"
    broken = quote.replace(" ", "\n", 1)
    lines[i] = text.replace(f",{quote},", f",{broken},").encode("utf-8")
    ledger_copy.write_bytes(b"\n".join(lines))
    with pytest.raises(LedgerError) as err:
        ledger.load(ledger_copy)
    msg = str(err.value)
    assert msg.startswith(f"claims.csv, row {row + 2}, field 'quote'") and "line break" in msg, msg


@pytest.mark.parametrize(
    "fault, field, words",
    [
        (lambda b: b"\xef\xbb\xbf" + b, "id", "byte-order mark"),
        (lambda b: b.replace(b"\n", b"\r\n"), "(last)", "CR LF"),
    ],
    ids=["bom", "crlf"],
)
def test_one_csv_policy_a_bom_or_crlf_in_the_ledger_is_refused(ledger_copy, fault, field, words):
    if field == "(last)":
        field = ledger_copy.read_text(encoding="utf-8").split("\n")[0].split(",")[-1]
    _rewrite(ledger_copy, fault)
    with pytest.raises(LedgerError) as err:
        ledger.load(ledger_copy)
    msg = str(err.value)
    assert msg.startswith(f"claims.csv, row 1, field '{field}'") and words in msg and "data/README.md" in msg, msg


def test_restates_and_against_name_existing_claims(ledger_copy):
    """A conclusion's `restates`/`against` ids are real ledger columns, checked like the others."""
    claims = ledger.load(ledger_copy)
    conclusions = [c for c in claims.values() if c.listed("restates")]
    assert conclusions, "no conclusion lists the claims it restates"
    assert all(x in claims for c in conclusions for x in c.listed("restates") + c.listed("against"))
    df = pd.read_csv(ledger_copy, dtype=str, keep_default_na=False)
    row = int(df.index[df["id"] == conclusions[0].id][0])
    _edit(ledger_copy, row, "restates", conclusions[0].restates + " S99-99")
    with pytest.raises(LedgerError, match=rf"row {row + 2}, field 'restates'.*S99-99"):
        ledger.load(ledger_copy)


def test_every_claim_not_reproduced_or_with_readings_was_read_twice_and_disagreements_are_resolved():
    """The independent second reading: every non-reproduced claim and every claim with more than one
    reading has the reviewer's verdict; where it or the book's verdict then differs from the ledger,
    a written resolution (checked by ``readings.check_against``)."""
    from dtbook.data import readings

    claims = ledger.load()
    second = readings.second_readings()
    need = {cid for cid, c in claims.items() if c.verdict != "reproduced"} | set(readings.readings())
    assert sorted(need - set(second)) == []
    readings.check_against(claims)
    assert all(s.sentence for s in second.values())


def test_a_missing_second_reading_or_an_unresolved_disagreement_fails(tmp_path):
    import csv

    from dtbook.data import readings

    claims = ledger.load()
    with (ROOT / "data" / "second_reading.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        if r["id"] == "S23-14":  # a disagreement the ledger resolved in writing
            r["resolution"] = ""
    unresolved = tmp_path / "second_reading.csv"
    with unresolved.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(LedgerError, match="S23-14: the second reading"):
        readings.check_against(claims, second=unresolved)
