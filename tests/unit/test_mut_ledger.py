"""The ledger's row rules (dtbook.data.ledger.load) on tiny ledgers, each error naming row and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from ascii_locale import ascii_locale

from dtbook.data import ledger
from dtbook.data.errors import LedgerError
from dtbook.data.ledger import COLUMNS, Claim, check_figure, for_notebook, load, rows_digest, statements_digest
from dtbook.data.paths import DATA

PAPER = "China's exports grew by 8.4% in 2020. It ranks second. It is the largest. A, B and C agree."
SCHEMA = DATA / "claims.resource.yaml"


@pytest.fixture(autouse=True)
def plain_paper(monkeypatch):
    """The paper is the file given (its pinned sha256 is tested in test_paper_text)."""
    monkeypatch.setattr(ledger, "verified_text", lambda path: Path(path).read_text(encoding="utf-8"))


def row(cid="S1-01", **over: str) -> dict[str, str]:
    base = dict.fromkeys(COLUMNS, "")
    base.update(
        id=cid,
        section="1",
        notebook="s1_intro",
        kind="growth",
        subject="exports",
        quote="exports grew by 8.4%",
        stated="8.4",
        comparator="=",
        unit="percent",
        year="2020",
        verdict="reproduced",
    )
    base.update(over)
    return base


def write(tmp_path, *rows: dict[str, str], columns=COLUMNS) -> tuple[Path, Path]:
    import csv

    path = tmp_path / "claims.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    text = tmp_path / "paper.txt"
    text.write_text(PAPER, encoding="utf-8")
    return path, text


def fails(tmp_path, *rows, columns=COLUMNS) -> LedgerError:
    path, text = write(tmp_path, *rows, columns=columns)
    with pytest.raises(LedgerError) as err:
        load(path, text, schema=False)
    assert err.value.file == "claims.csv"
    return err.value


def test_rows_load_as_claims_stripped_but_the_quote(tmp_path):
    rows = (
        row(subject=" exports ", quote=" exports grew by 8.4%", restates="S1-02"),
        row("S1-02", stated="2", unit="rank", kind="rank", quote="ranks second", comparator=" = "),
    )
    got = load(*write(tmp_path, *rows), schema=False)
    assert list(got) == ["S1-01", "S1-02"]
    assert got["S1-01"] == Claim(**{**rows[0], "subject": "exports"})
    assert got["S1-01"].quote == " exports grew by 8.4%"
    assert got["S1-02"].comparator == "=" and got["S1-02"].exact and not got["S1-01"].exact
    assert got["S1-01"].listed("restates") == ["S1-02"] and got["S1-01"].listed("against") == []


def test_listed_takes_only_the_id_columns():
    with pytest.raises(
        ValueError, match=r"^'notes' is not a column of claim ids \(one of \('restates', 'against'\)\)$"
    ):
        Claim(**row()).listed("notes")


@pytest.mark.parametrize("unit", ["rank", "count", "year"])
def test_exact_units(unit):
    assert Claim(**row(unit=unit)).exact


def test_a_missing_or_empty_ledger(tmp_path):
    with pytest.raises(LedgerError) as err:
        load(tmp_path / "claims.csv", tmp_path / "p.txt", schema=False)
    assert (err.value.file, err.value.message) == ("claims.csv", "ledger missing or empty")
    (tmp_path / "claims.csv").write_bytes(b"")
    with pytest.raises(LedgerError) as err:
        load(tmp_path / "claims.csv", tmp_path / "p.txt", schema=False)
    assert err.value.message == "ledger missing or empty"


def test_missing_columns(tmp_path):
    cols = [c for c in COLUMNS if c not in ("notes", "kind")]
    err = fails(tmp_path, row(), columns=cols)
    assert (err.message, err.field) == ("missing columns ['kind', 'notes']", "kind")


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"id": " "}, "id", "empty id"),
        ({"id": "S1-01"}, "id", "duplicated id S1-01"),
        ({"quote": "  "}, "quote", "S1-02: empty quote"),
        ({"quote": "exports fell"}, "quote", "S1-02: quote is not verbatim paper text"),
        ({"verdict": "true"}, "verdict", "S1-02: unknown verdict 'true'"),
        ({"comparator": "=="}, "comparator", "S1-02: unknown comparator '=='"),
        ({"stated": "many"}, "stated", "S1-02: stated 'many' is not a number"),
        (
            {"verdict": "inconsistent", "reason_tag": "slip"},
            "reason",
            "S1-02: verdict inconsistent needs a reason_tag and a reason",
        ),
        (
            {"verdict": "inconsistent", "reason": "why"},
            "reason",
            "S1-02: verdict inconsistent needs a reason_tag and a reason",
        ),
        (
            {"kind": "judgement"},
            "verdict",
            "S1-02: a judgement (kind) and only a judgement takes the verdict judgement",
        ),
        (
            {"verdict": "judgement", "reason_tag": "t", "reason": "r"},
            "verdict",
            "S1-02: a judgement (kind) and only a judgement takes the verdict judgement",
        ),
        ({"notebook": " "}, "notebook", "S1-02: no notebook"),
    ],
)
def test_a_bad_row_names_its_line_and_field(tmp_path, over, field, message):
    err = fails(tmp_path, row(), row("S1-02", **over))
    assert (err.row, err.field, err.message) == (3, field, message)


def test_a_fact_needs_no_number(tmp_path):
    got = load(*write(tmp_path, row(comparator="fact", stated="")), schema=False)
    assert got["S1-01"].comparator == "fact"


def test_a_judgement_with_its_verdict(tmp_path):
    rows = (row(kind="judgement", verdict="judgement", reason_tag="t", reason="r"),)
    assert load(*write(tmp_path, *rows), schema=False)["S1-01"].verdict == "judgement"


def test_a_stated_figure_not_in_the_quote(tmp_path):
    err = fails(tmp_path, row(), row("S1-02", stated="8.5"))
    assert (err.row, err.field) == (3, "stated")
    assert err.message == (
        "S1-02: stated '8.5' is not printed in its quote (digit for digit, or by a rule of dtbook.data.printed: "
        "number word, superlative for rank 1, enumeration for a count)"
    )


def test_absence_is_not_contradiction(tmp_path):
    from dtbook.core.judge import ABSENCE_TAGS

    tag = sorted(ABSENCE_TAGS)[0]
    err = fails(tmp_path, row(), row("S1-02", verdict="contradicted", reason_tag=tag, reason="r"))
    assert (err.row, err.field) == (3, "verdict")
    assert err.message == (
        f"S1-02: reason tag {tag!r} says support is absent, and absence is not contradiction "
        "(the absence rule): the verdict is unverifiable"
    )
    assert load(*write(tmp_path, row(verdict="unverifiable", reason_tag=tag, reason="r")), schema=False)


def test_a_contradiction_with_another_reason(tmp_path):
    got = load(*write(tmp_path, row(verdict="contradicted", reason_tag="other", reason="r")), schema=False)
    assert got["S1-01"].verdict == "contradicted"


@pytest.mark.parametrize("field", ["restates", "against"])
def test_an_id_list_names_existing_claims(tmp_path, field):
    err = fails(tmp_path, row(), row("S1-02", **{field: "S1-01 S9-01 S9-02"}))
    assert (err.row, err.field, err.message) == (3, field, f"S1-02: {field} names no such claim: S9-01, S9-02")


def test_check_figure():
    check_figure("w", 1, "A", "fact", "anything")
    check_figure("w", 1, "A", "<", "8.4")
    with pytest.raises(LedgerError) as err:
        check_figure("w", 7, "A", "~", "")
    assert (str(err.value), err.value.__cause__) == ("w, row 7, field 'stated': A: stated '' is not a number", None)


def test_the_schema_is_checked_once_per_content(tmp_path, monkeypatch):
    memos = tmp_path / "memo"
    monkeypatch.setattr(ledger, "_memo_path", lambda a, b: memos / f"{a[:8]}-{b[:8]}")
    shutil.copy(SCHEMA, tmp_path / "claims.resource.yaml")
    path, text = write(tmp_path, row())
    assert list(load(path, text)) == ["S1-01"]
    assert [p.read_text(encoding="utf-8") for p in memos.iterdir()] == ["claims.csv\n"]
    path, text = write(tmp_path, row(id="X1"))
    with pytest.raises(LedgerError) as err:
        load(path, text)
    assert (err.value.row, err.value.field) == (2, "id")
    assert err.value.message.startswith("constraint-error: ")
    assert len(list(memos.iterdir())) == 1  # a failed check leaves no memo


def test_the_schema_is_read_as_utf8_whatever_the_locale(tmp_path, monkeypatch):
    monkeypatch.setattr(ledger, "_memo_path", lambda a, b: tmp_path / "memo" / f"{a[:8]}-{b[:8]}")
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    schema["description"] = "台账：论文的每个数字一行（于雅）"
    (tmp_path / "claims.resource.yaml").write_text(yaml.safe_dump(schema, allow_unicode=True), encoding="utf-8")
    path, text = write(tmp_path, row(subject="出口"))
    with ascii_locale():
        got = load(path, text)
    assert got["S1-01"].subject == "出口"
    assert len(list((tmp_path / "memo").iterdir())) == 1  # the schema was checked, not skipped


def test_a_memo_skips_the_schema(tmp_path, monkeypatch):
    memo = tmp_path / "memo"
    memo.write_text("x", encoding="utf-8")
    monkeypatch.setattr(ledger, "_memo_path", lambda a, b: memo)
    (tmp_path / "claims.resource.yaml").write_text("not: a schema\n", encoding="utf-8")
    assert list(load(*write(tmp_path, row(id="X1")))) == ["X1"]


def test_no_schema(tmp_path):
    path, text = write(tmp_path, row())
    with pytest.raises(LedgerError) as err:
        load(path, text)
    assert (err.value.file, err.value.message) == ("claims.resource.yaml", "ledger schema missing")


def test_digests(tmp_path):
    import hashlib

    path, _ = write(tmp_path, row(), row("S1-02", notebook="s2", notes="n"), row("S1-03", notebook="s2"))
    rows = path.read_text(encoding="utf-8").splitlines()
    mine = "\n".join([rows[0], rows[2], rows[3]]) + "\n"
    assert rows_digest("s2", path) == hashlib.sha256(mine.encode()).hexdigest()
    assert rows_digest("s3", path) == hashlib.sha256((rows[0] + "\n").encode()).hexdigest()
    cols = ledger.STATEMENT_COLUMNS
    want = "\n".join(
        ",".join(r[c] for c in cols)
        for r in (dict(zip(cols, cols)), row(), row("S1-02", notebook="s2", notes="n"), row("S1-03", notebook="s2"))
    )
    assert statements_digest(path) == hashlib.sha256((want + "\n").encode()).hexdigest()


def test_for_notebook(tmp_path, monkeypatch):
    path, text = write(tmp_path, row(), row("S1-02", notebook="s2"))
    monkeypatch.setattr(ledger, "load", lambda p: load(p, text, schema=False))
    assert list(for_notebook("s2", path)) == ["S1-02"]


def test_statements_records_the_statement_digest(tmp_path, monkeypatch):
    from dtbook.data.reads import ReadLog

    path, text = write(tmp_path, row())
    monkeypatch.setattr(ledger, "load", lambda p: load(p, text, schema=False))
    log = ReadLog()
    assert list(ledger.statements(path, log)) == ["S1-01"]
    assert log.files() == {"claims.csv#statements": statements_digest(path)}


def test_digests_read_every_cell_as_its_text(tmp_path):
    import hashlib

    path, _ = write(tmp_path, row(stated="8.40", notes="NA", year="2020"), row("S1-02", notebook="s2"))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert ",8.40," in lines[1] and lines[1].endswith(",NA")
    assert rows_digest("s1_intro", path) == hashlib.sha256(f"{lines[0]}\n{lines[1]}\n".encode()).hexdigest()
    cols = ledger.STATEMENT_COLUMNS
    first = row(stated="8.40", notes="NA")
    want = ",".join(cols) + "\n" + ",".join(first[c] for c in cols) + "\n" + ",".join(row("S1-02")[c] for c in cols)
    assert statements_digest(path) == hashlib.sha256((want + "\n").encode()).hexdigest()


def test_a_ledger_without_a_notebook_column_is_digested_whole(tmp_path):
    import hashlib

    path = tmp_path / "claims.csv"
    path.write_text("id,stated\nA,1\n", encoding="utf-8")
    assert rows_digest("s1", path) == hashlib.sha256(b"id,stated\nA,1\n").hexdigest()


def test_a_csv_policy_breach_is_a_ledger_error(tmp_path):
    path = tmp_path / "claims.csv"
    path.write_bytes(b"id,quote\r\nA,q\r\n")
    with pytest.raises(LedgerError) as err:
        load(path, tmp_path / "p.txt", schema=False)
    assert (type(err.value), err.value.row) == (LedgerError, 1)


def test_the_schema_applies_to_the_file_checked_and_names_the_constraint(tmp_path, monkeypatch):
    memos = tmp_path / "memo" / "deep"
    monkeypatch.setattr(ledger, "_memo_path", lambda a, b: memos / f"{a[:8]}-{b[:8]}")
    shutil.copy(SCHEMA, tmp_path / "claims.resource.yaml")
    path, text = write(tmp_path, row())
    other = path.rename(tmp_path / "other.csv")  # no claims.csv beside the schema: the file checked is this one
    assert list(load(other, text)) == ["S1-01"]
    path, text = write(tmp_path, row(section="1.2"))
    assert list(load(path, text)) == ["S1-01"]  # a second memo in the same folder
    assert len(list(memos.iterdir())) == 2
    path, text = write(tmp_path, row(id="X1"))
    with pytest.raises(LedgerError) as err:
        load(path, text)
    assert err.value.message == 'constraint-error: constraint "pattern" is "S[0-9]+-[0-9]{2}"'


def test_a_superlative_states_rank_one(tmp_path):
    rows = (row(kind="rank", stated="1", unit="rank", quote="It is the largest"),)
    assert load(*write(tmp_path, *rows), schema=False)["S1-01"].stated == "1"
