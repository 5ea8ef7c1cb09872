"""The audited ledger, ``data/claims.csv``: one row per claim of the paper.

Validated by a Frictionless schema (``data/claims.resource.yaml``: unique id, known verdict and
comparator, non-empty quote) and by rules a schema cannot say: the quote is verbatim text of the
paper (whose bytes are checked against their pinned sha256, :mod:`dtbook.data.paper`),
``stated`` is a number unless the claim is a fact and is printed in the quote (digit for digit, or
by the explicit rule of :mod:`dtbook.data.printed`), every verdict but *reproduced* has a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from dtbook.core.interval import NotANumber, decimals
from dtbook.core.judge import ABSENCE_TAGS, COMPARATORS, VERDICTS
from dtbook.data.csvfile import read_records
from dtbook.data.errors import LedgerError
from dtbook.data.paper import verified_text
from dtbook.data.paths import LEDGER, PAPER, rel
from dtbook.data.printed import is_printed
from dtbook.data.reads import ReadLog, kernel_log, sha256_bytes, sha256_file
from dtbook.data.tables import _memo_path

COLUMNS = (
    "id",
    "section",
    "notebook",
    "kind",
    "subject",
    "quote",
    "stated",
    "comparator",
    "unit",
    "year",
    "verdict",
    "reason_tag",
    "reason",
    "restates",
    "against",
    "notes",
)
#: columns that list other claims' ids (space-separated), checked to name existing rows
ID_LISTS = ("restates", "against")
EXACT_UNITS = ("rank", "count", "year")


@dataclass(frozen=True)
class Claim:
    """One row of the audited ledger (``data/claims.csv``): what the paper states, where, and the
    audited verdict with its reason."""

    id: str
    section: str
    notebook: str
    kind: str
    subject: str
    quote: str
    stated: str
    comparator: str
    unit: str
    year: str
    verdict: str
    reason_tag: str
    reason: str
    restates: str = ""  # a conclusion's claims it rests on (ids, space-separated)
    against: str = ""  # claims that speak against it
    notes: str = ""  # the auditor's notes: sources read, definitions, caveats

    @property
    def exact(self) -> bool:
        """Whether the stated figure is exact (a rank, a count or a year), so it has no rounding band."""
        return self.unit in EXACT_UNITS

    def listed(self, field: str) -> list[str]:
        """The claim ids in ``restates`` or ``against``, in the order the ledger lists them."""
        if field not in ID_LISTS:
            raise ValueError(f"{field!r} is not a column of claim ids (one of {ID_LISTS})")
        return str(getattr(self, field)).split()


def _frictionless_check(path: Path) -> None:
    desc = path.with_name("claims.resource.yaml")
    if not desc.is_file():
        raise LedgerError(rel(desc), "ledger schema missing")
    memo = _memo_path(sha256_file(path), sha256_file(desc))
    if memo.is_file():
        return
    from frictionless import Resource  # local: slow to import, needed only when the ledger changed

    descriptor = yaml.safe_load(desc.read_text(encoding="utf-8"))
    descriptor["path"] = path.name  # the schema applies to whichever ledger file is checked
    report = Resource(descriptor, basepath=str(path.parent)).validate()
    if not report.valid:
        row, fieldname, kind, note, message = report.flatten(["rowNumber", "fieldName", "type", "note", "message"])[0]
        raise LedgerError(rel(path), f"{kind}: {note or message}", row=row, field=fieldname)
    memo.parent.mkdir(parents=True, exist_ok=True)
    memo.write_text(rel(path) + "\n", encoding="utf-8")


def check_figure(where: str, line: int, claim_id: str, comparator: str, stated: str) -> None:
    """A known comparator, and a number for ``stated`` unless the claim is a fact (the ledger's rows
    and the readings of ``data/readings.csv`` alike); :class:`LedgerError` naming file, row, field."""
    if comparator not in COMPARATORS:
        raise LedgerError(where, f"{claim_id}: unknown comparator {comparator!r}", row=line, field="comparator")
    if comparator != "fact":
        try:
            decimals(stated)
        except NotANumber:
            raise LedgerError(
                where, f"{claim_id}: stated {stated!r} is not a number", row=line, field="stated"
            ) from None


def load(path: Path = LEDGER, paper: Path = PAPER, schema: bool = True) -> dict[str, Claim]:
    """Read and check the ledger; raise :class:`LedgerError` naming file, row and field."""
    where = rel(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise LedgerError(where, "ledger missing or empty")
    header, rows = read_records(path, LedgerError)  # the CSV policy: encoding, line ends, row shape
    df = pd.DataFrame(rows, columns=header, dtype=str)
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise LedgerError(where, f"missing columns {missing}", field=missing[0])
    text = verified_text(paper)  # the pinned text, or an error naming the file
    claims: dict[str, Claim] = {}
    for i, (_, rec) in enumerate(df.iterrows()):
        line = i + 2  # the header is line 1
        c = Claim(**{k: rec[k].strip() if k != "quote" else rec[k] for k in COLUMNS})
        if not c.id:
            raise LedgerError(where, "empty id", row=line, field="id")
        if c.id in claims:
            raise LedgerError(where, f"duplicated id {c.id}", row=line, field="id")
        if not c.quote.strip():
            raise LedgerError(where, f"{c.id}: empty quote", row=line, field="quote")
        if c.quote not in text:
            raise LedgerError(where, f"{c.id}: quote is not verbatim paper text", row=line, field="quote")
        if c.verdict not in VERDICTS:
            raise LedgerError(where, f"{c.id}: unknown verdict {c.verdict!r}", row=line, field="verdict")
        check_figure(where, line, c.id, c.comparator, c.stated)
        if c.stated and not is_printed(c.stated, c.quote, c.unit):
            raise LedgerError(
                where,
                f"{c.id}: stated {c.stated!r} is not printed in its quote (digit for digit, or by a rule "
                "of dtbook.data.printed: number word, superlative for rank 1, enumeration for a count)",
                row=line,
                field="stated",
            )
        if c.verdict != "reproduced" and not (c.reason_tag and c.reason):
            raise LedgerError(
                where, f"{c.id}: verdict {c.verdict} needs a reason_tag and a reason", row=line, field="reason"
            )
        if c.verdict == "contradicted" and c.reason_tag in ABSENCE_TAGS:
            raise LedgerError(
                where,
                f"{c.id}: reason tag {c.reason_tag!r} says support is absent, and absence is not contradiction "
                "(the absence rule): the verdict is unverifiable",
                row=line,
                field="verdict",
            )
        if (c.verdict == "judgement") != (c.kind == "judgement"):
            raise LedgerError(
                where,
                f"{c.id}: a judgement (kind) and only a judgement takes the verdict judgement",
                row=line,
                field="verdict",
            )
        if not c.notebook:
            raise LedgerError(where, f"{c.id}: no notebook", row=line, field="notebook")
        claims[c.id] = c
    for i, c in enumerate(claims.values()):
        for field in ID_LISTS:
            unknown = [x for x in c.listed(field) if x not in claims]
            if unknown:
                raise LedgerError(
                    where, f"{c.id}: {field} names no such claim: {', '.join(unknown)}", row=i + 2, field=field
                )
    if schema:  # what the row rules above do not cover: patterns, enums, types
        _frictionless_check(path)
    return claims


def for_notebook(notebook: str, path: Path = LEDGER) -> dict[str, Claim]:
    """The ledger rows one notebook checks, by id."""
    return {k: v for k, v in load(path).items() if v.notebook == notebook}


def rows_digest(notebook: str, path: Path = LEDGER) -> str:
    """sha256 of a notebook's own ledger rows: the part of the ledger that notebook reads."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    mine = df[df["notebook"] == notebook] if "notebook" in df.columns else df
    return sha256_bytes(mine.to_csv(index=False).encode("utf-8"))


STATEMENT_COLUMNS = ["id", "section", "quote", "stated", "comparator", "unit", "year", "notes"]


def statements_digest(path: Path = LEDGER) -> str:
    """sha256 of what the paper says in every row (not the verdicts)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    cols = [c for c in STATEMENT_COLUMNS if c in df.columns]
    return sha256_bytes(df[cols].to_csv(index=False).encode("utf-8"))


def statements(path: Path = LEDGER, log: ReadLog | None = None) -> dict[str, Claim]:
    """Every claim, for checks of the paper against itself across sections.

    Records a dependency on the statement columns of the whole ledger, so a notebook that compares
    its claims with other sections' re-runs when any of those statements is edited (an edited
    verdict elsewhere does not re-run it). Recorded in ``log`` (the kernel's unless another is given).
    """
    claims = load(path)
    (log or kernel_log()).record_digest(f"{rel(path)}#statements", statements_digest(path))
    return claims
