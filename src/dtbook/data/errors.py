"""Errors that name what to fix: the file, the row and the field (or the claim)."""

from __future__ import annotations


class DataError(Exception):
    """A raw table or its provenance is wrong. The message names file, row and field."""

    def __init__(self, file: str, message: str, row: int | None = None, field: str | None = None):
        self.file, self.message, self.row, self.field = file, message, row, field
        where = file
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type[DataError], tuple[str, str, int | None, str | None]]:
        # survive the trip from a worker process
        return (type(self), (self.file, self.message, self.row, self.field))


class LedgerError(DataError):
    """The claims ledger is malformed."""


class GateError(Exception):
    """A verdict is not the audited one, or a claim and its check do not pair up."""
