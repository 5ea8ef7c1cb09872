"""The paper under audit as data, for checks of its own citations (never for its figures).

The text is pinned: the sha256 of ``paper/paper.txt`` is recorded with the paper's provenance, its
entry in ``references.bib`` (field ``sha256``), and every read of the paper here and in the
ledger's verbatim-quote check goes through :func:`verified_text`, which refuses a file whose bytes
differ, naming it. An edited paper would silently change what the quotes are checked against.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from dtbook.data.errors import DataError
from dtbook.data.paths import PAPER, ROOT, rel
from dtbook.data.reads import ReadLog, kernel_log, sha256_bytes

#: the paper's provenance record (its bibliography entry), which carries the sha256 of its text
PROVENANCE: Path = ROOT / "references.bib"
ENTRY = "yuya"


class PaperError(DataError):
    """The paper's text is missing or is not the pinned one."""


def pinned_sha256(bib: Path = PROVENANCE, entry: str = ENTRY) -> str:
    """The ``sha256`` field of the paper's entry in the bibliography."""
    text = bib.read_text(encoding="utf-8") if bib.is_file() else ""
    start = re.search(r"@\w+\{\s*" + re.escape(entry) + r"\s*,", text)
    body = text[start.end() :].split("\n}", 1)[0] if start else ""
    pin = re.search(r"^\s*sha256\s*=\s*\{([0-9a-f]{64})\}", body, re.MULTILINE)
    if pin is None:
        raise PaperError(rel(bib), f"entry {entry!r} records no sha256 of the paper's text", field="sha256")
    return pin.group(1)


def bibliographic(bib: Path = PROVENANCE, entry: str = ENTRY) -> dict[str, str]:
    """The fields of the paper's entry in the bibliography, their braces removed
    (``author``, ``title``, ``year``, ``note``, ``sha256``)."""
    text = bib.read_text(encoding="utf-8") if bib.is_file() else ""
    start = re.search(r"@\w+\{\s*" + re.escape(entry) + r"\s*,", text)
    if start is None:
        raise PaperError(rel(bib), f"no entry {entry!r}")
    body = text[start.end() :].split("\n}", 1)[0]
    fields = re.findall(r"^\s*(\w+)\s*=\s*\{(.*)\},?\s*$", body, re.MULTILINE)
    return {name: value.replace("{", "").replace("}", "") for name, value in fields}


def verified_text(path: Path = PAPER, bib: Path = PROVENANCE) -> str:
    """The paper's text, after checking its bytes against the sha256 its provenance records."""
    if not path.is_file():
        raise PaperError(rel(path), "the paper under audit is missing")
    data = path.read_bytes()
    pinned, actual = pinned_sha256(bib), sha256_bytes(data)
    if actual != pinned:
        raise PaperError(
            rel(path),
            f"sha256 {actual} is not the {pinned} recorded with its provenance in {rel(bib)} "
            f"(entry {ENTRY}): the paper under audit has been edited",
        )
    return data.decode("utf-8")


_REF = re.compile(r"^\[(\d+)\] (.*)$")


def references(log: ReadLog | None = None) -> dict[int, str]:
    """The reference list: number -> the entry as printed ("Shen Y. L., ... (2022). ...").

    Recorded in ``log`` (the kernel's unless another is given) as a read of ``paper#references``
    (a check that uses it is graded ``paper``)."""
    (log or kernel_log()).record_row("paper#references")
    return _references()


@lru_cache(maxsize=1)
def _references() -> dict[int, str]:
    lines = verified_text().splitlines()
    return {int(m.group(1)): m.group(2) for m in map(_REF.match, lines) if m}


def reference_year_issue(number: int, log: ReadLog | None = None) -> tuple[int, int | None]:
    """Year and issue number of a reference ("(2020). ... (01), 46-53" -> (2020, 1))."""
    entry = references(log)[number]
    year = int(re.search(r"\((\d{4})\)", entry).group(1))  # type: ignore[union-attr]
    issue = re.search(r"\((\d{1,2})\),", entry)
    return year, int(issue.group(1)) if issue else None


def text(log: ReadLog | None = None) -> str:
    """The paper's full text (for locating a quote or a citation marker); a read of ``paper#text``
    recorded in ``log`` (the kernel's unless another is given)."""
    (log or kernel_log()).record_row("paper#text")
    return _text()


@lru_cache(maxsize=1)
def _text() -> str:
    return verified_text()
