"""The one policy for every CSV of the project (the ledger and the raw tables alike).

UTF-8 without a byte-order mark; ``\\n`` line ends (no carriage return anywhere); a header row;
every row exactly as many fields as the header; a line break only inside a double-quoted field;
no blank lines. A file that breaks the policy stops with its name, the row (the header is row 1,
as in Frictionless reports) and the field.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path

from dtbook.data.errors import DataError
from dtbook.data.paths import rel

POLICY = "project CSVs are UTF-8 without a byte-order mark, with \\n line ends (data/README.md)"


class _Malformed(Exception):
    def __init__(self, row: int, index: int | None, message: str):
        super().__init__(message)
        self.row, self.index, self.message = row, index, message


def _records(text: str) -> Iterator[tuple[int, str, list[str]]]:
    """(row number, raw text of the record, fields) for every record, header first."""
    lines = [line + "\n" for line in text.split("\n")]
    if text.endswith("\n"):
        lines.pop()
    reader = csv.reader(iter(lines), strict=True)
    consumed = 0
    row = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            loose = next(csv.reader(lines[consumed : max(reader.line_num, consumed + 1)]), [])
            index = next((i for i, v in enumerate(loose) if '"' in v), None)
            raise _Malformed(row + 1, index, str(exc)) from exc
        row += 1
        raw = "".join(lines[consumed : reader.line_num])
        consumed = reader.line_num
        yield row, raw, fields


def read_records(path: Path, error: type[DataError] = DataError) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of a project CSV, checked against the policy."""
    where = rel(path)
    data = path.read_bytes()
    if not data:
        raise error(where, "file is empty")
    if data.startswith(codecs.BOM_UTF8):
        first = data[3:].split(b",", 1)[0].split(b"\n", 1)[0].decode("utf-8", "replace").strip('"\r')
        raise error(where, f"starts with a byte-order mark; {POLICY}", row=1, field=first)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(where, f"encoding-error: the file is not UTF-8 ({exc.reason}); {POLICY}", row=line) from exc
    header: list[str] = []
    rows: list[list[str]] = []
    try:
        for row, raw, fields in _records(text):
            if row == 1:
                header = fields
                _check_header(where, header, error)
            _check_record(where, header, row, raw, fields, error)
            if row > 1:
                rows.append(fields)
    except _Malformed as exc:
        name = header[exc.index] if header and exc.index is not None and exc.index < len(header) else None
        raise error(
            where,
            f"not valid CSV ({exc.message}): a double quote inside a value must be doubled",
            row=exc.row,
            field=name,
        ) from None
    return header, rows


def _check_header(where: str, header: list[str], error: type[DataError]) -> None:
    for i, name in enumerate(header):
        if not name.strip():
            raise error(where, f"header column {i + 1} has no name", row=1, field=f"column {i + 1}")
        if header.index(name) != i:
            raise error(where, "column named twice in the header", row=1, field=name)


def _check_record(where: str, header: list[str], row: int, raw: str, fields: list[str], error: type[DataError]) -> None:
    if "\r" in raw:
        inside = next((header[i] for i, v in enumerate(fields) if "\r" in v and i < len(header)), None)
        name = inside or header[min(len(fields), len(header)) - 1]
        what = "a carriage return inside the field" if inside else "the line ends in CR LF"
        raise error(where, f"{what}; {POLICY}", row=row, field=name)
    if not fields:
        raise error(where, "blank line", row=row)
    if len(fields) > len(header):
        raise error(
            where,
            f"{len(fields)} fields where the header has {len(header)}: an extra column after '{header[-1]}' "
            "(or a comma in a value that is not enclosed in double quotes)",
            row=row,
            field=f"column {len(header) + 1}",
        )
    if len(fields) < len(header):
        cut = header[len(fields) - 1]
        raise error(
            where,
            f"{len(fields)} of {len(header)} fields: the row ends inside field '{cut}' (a line break in a value "
            "that is not enclosed in double quotes, or missing columns)",
            row=row,
            field=cut,
        )
