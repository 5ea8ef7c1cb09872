"""Load a raw table only after it proves itself: schema, content hash, provenance and units.

Every table read is recorded (path and sha256) so the build knows which notebooks read which
data and re-executes exactly those when a table changes.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, SupportsInt, cast

import pandas as pd

from dtbook.core.interval import Interval, NotANumber
from dtbook.data.csvfile import POLICY, read_records
from dtbook.data.errors import DataError
from dtbook.data.paths import BUILD, RAW, ROOT, rel
from dtbook.data.provenance import check_labels, check_origin, descriptor_path, read_descriptor
from dtbook.data.reads import ReadLog, kernel_log, sha256_bytes, sha256_file
from dtbook.data.tokens import TokenError
from dtbook.data.tokens import check as check_token


def schema_path(desc_path: Path, desc: dict[str, Any]) -> Path | None:
    """The shared schema file a descriptor names (``schema: <file>`` beside it), or None if inline."""
    ref = desc.get("schema")
    if not isinstance(ref, str):
        return None
    path = desc_path.parent / ref
    if Path(ref).is_absolute() or ".." in Path(ref).parts or not path.is_file():
        raise DataError(rel(desc_path), f"schema file not found beside the descriptor: {ref!r}", field="schema")
    return path


def schema_of(desc_path: Path, desc: dict[str, Any]) -> dict[str, Any]:
    """The table schema of a descriptor, inline or read from the shared schema file it names."""
    path = schema_path(desc_path, desc)
    if path is None:
        return dict(desc.get("schema") or {})
    schema = read_descriptor(path)
    if not isinstance(schema.get("fields"), list):
        raise DataError(rel(path), "schema file has no 'fields' list", field="fields")
    return schema


def _validate(desc_path: Path, desc: dict[str, Any]) -> None:
    """Frictionless validation: types, constraints, primary key, encoding, hash."""
    from frictionless import Resource  # local: slow to import; a table validated before is not validated again

    data_path = desc_path.parent / str(desc.get("path", ""))
    where = rel(data_path)
    if not data_path.is_file():
        raise DataError(where, "table file missing")
    if data_path.stat().st_size == 0:
        raise DataError(where, "table file is empty")
    if str(desc.get("encoding", "utf-8")).lower() not in ("utf-8", "utf8"):
        raise DataError(rel(desc_path), f"encoding must be utf-8: {POLICY}", field="encoding")
    header, _ = read_records(data_path)  # one policy for every CSV: encoding, line ends, row shape
    declared = [f["name"] for f in schema_of(desc_path, desc).get("fields", [])]
    for name in declared:
        if name not in header:
            raise DataError(where, "missing column declared in the schema", row=1, field=name)
    for name in header:
        if name not in declared:
            raise DataError(where, "column not declared in the schema", row=1, field=name)
    resource = Resource(desc_path.name, basepath=str(desc_path.parent))
    report = resource.validate()
    if report.valid:
        return
    errors = report.flatten(["rowNumber", "fieldName", "type", "note", "message"])
    row, fieldname, kind, note, message = errors[0]
    if kind == "hash-count":
        raise DataError(
            where,
            "content hash does not match the bytes (the table changed since its provenance was recorded): " + message,
            field="hash",
        )
    extra = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    raise DataError(where, f"{kind}: {note or message}{extra}", row=row, field=fieldname)


def _line(label: Hashable) -> int:
    """The file line of a row by its index label (the header is line 1, the first row line 2)."""
    return int(cast(SupportsInt, label)) + 2


@dataclass
class Table:
    """A validated raw table: values as printed (strings), with its provenance; every value read
    is recorded in ``log``."""

    name: str
    df: pd.DataFrame
    descriptor: dict[str, Any]
    path: Path
    key: list[str] = field(default_factory=list)
    log: ReadLog = field(default_factory=kernel_log, repr=False, compare=False)

    @property
    def origin(self) -> dict[str, Any]:
        """The descriptor's ``origin`` block (producer, title, URL or repository, licence, status)."""
        return dict(self.descriptor["origin"])

    @property
    def file(self) -> str:
        """The table's CSV, relative to the project root (for messages)."""
        return rel(self.path)

    def unit(self, column: str = "value", series: str | None = None) -> str:
        """The unit of a value column, or of one series of a tidy table."""
        units = self.descriptor["units"]
        if series is not None:
            return str(units["series"][series])
        return str(units["fields"][column])

    def select(self, **filters: Any) -> pd.DataFrame:
        """The rows whose columns equal ``filters`` (values compared as text), recorded as read."""
        out = self.df
        for col, want in filters.items():
            if col not in out.columns:
                raise DataError(self.file, f"no column {col!r} to select on", field=col)
            out = out[out[col] == str(want)]
        for _, hit in out.iterrows():
            self.log.record_row(self._key_ref(hit))
        return out

    def row(self, **filters: Any) -> pd.Series:
        """The one row matching ``filters``; a :class:`DataError` when none or several match."""
        hit = self.select(**filters)
        if len(hit) != 1:
            raise DataError(self.file, f"expected exactly one row for {filters}, found {len(hit)}")
        return hit.iloc[0]

    def _key_ref(self, row: pd.Series) -> str:
        keyval = "/".join(str(row[k]) for k in self.key) if self.key else str(row.name)
        return f"{self.name}#{keyval}"

    def _ref(self, row: pd.Series, column: str) -> str:
        return f"{self._key_ref(row)}:{column}"

    def value(self, column: str = "value", **filters: Any) -> Interval:
        """A dataset value: the printed number in ``column`` of the one row matching ``filters`` (its
        key columns, e.g. ``geo=..., year=...``), as an interval. A page row is read with :meth:`at`."""
        if "row_id" in filters:
            raise DataError(
                self.file, "a page row's figure is read with at(row_id), not value(row_id=...)", field="row_id"
            )
        return self._printed(column, filters)

    def _printed(self, column: str, filters: dict[str, Any]) -> Interval:
        row = self.row(**filters)
        text = str(row[column])
        try:
            return Interval.printed(text, ref=self._ref(row, column))
        except NotANumber as exc:
            raise DataError(self.file, str(exc), row=_line(row.name), field=column) from exc

    def exact(self, column: str = "value", **filters: Any) -> Interval:
        """A count, rank or ordinal printed in ``column``, as an exact number (no rounding)."""
        row = self.row(**filters)
        try:
            return Interval.exact(str(row[column]), ref=self._ref(row, column))
        except NotANumber as exc:
            raise DataError(self.file, str(exc), row=_line(row.name), field=column) from exc

    def year(self, column: str = "value", **filters: Any) -> Interval:
        """The year of an ISO date in ``column`` (``2020-09-08`` -> 2020), as an exact interval."""
        row = self.row(**filters)
        text = str(row[column])
        if not re.match(r"^\d{4}(-\d{2}){0,2}$", text):
            raise DataError(self.file, f"not an ISO date: {text!r}", row=_line(row.name), field=column)
        return Interval.exact(int(text[:4]), ref=self._ref(row, column))

    def at(self, row_id: str, column: str = "value") -> Interval:
        """A page value: the printed figure of one page row (a table keyed by ``row_id``), as an interval."""
        return self._printed(column, {"row_id": row_id})

    def text(self, row_id: str, column: str = "value") -> str:
        """The text of one page row as printed (a date, a label), recorded as read."""
        return str(self.row(row_id=row_id)[column])

    def numbers(self, column: str) -> pd.Series:
        """A column as floats (for ranking and plotting; verdicts use :meth:`value`)."""
        self.log.record_row(f"{self.name}#*:{column}")
        try:
            return pd.to_numeric(self.df[column].replace("", None), errors="raise").astype(float)
        except (ValueError, TypeError) as exc:
            raise DataError(self.file, f"non-numeric text in numeric column: {exc}", field=column) from exc


def _check_units(table: Table) -> None:
    units = table.descriptor["units"]
    if not isinstance(units, dict) or not ("fields" in units or "series" in units):
        raise DataError(
            table.file, "units must declare 'fields' (may be empty for a table of labels) or 'series'", field="units"
        )
    for col in units.get("fields") or {}:
        if col not in table.df.columns:
            raise DataError(table.file, f"units name a column the table lacks: {col}", field=col)
    series_units = units.get("series")
    if series_units:
        if "unit" not in table.df.columns or "series" not in table.df.columns:
            raise DataError(table.file, "series units need 'series' and 'unit' columns", field="unit")
        for i, rec in table.df.iterrows():
            declared = series_units.get(rec["series"])
            if declared is None:
                raise DataError(
                    table.file, f"series {rec['series']!r} has no declared unit", row=_line(i), field="series"
                )
            if rec["unit"] != str(declared):
                raise DataError(
                    table.file,
                    f"unit {rec['unit']!r} does not match the provenance ({declared!r} for series {rec['series']!r})",
                    row=_line(i),
                    field="unit",
                )


def _check_printed(table: Table) -> None:
    """A page table's figures tied to the words that print them (:mod:`dtbook.data.tokens`): every
    row's ``printed`` is in its ``quote`` and its ``value`` is the number ``printed`` denotes."""
    if "printed" not in table.df.columns:
        return
    for i, rec in table.df.iterrows():
        try:
            check_token(rec["value"], rec["unit"], rec["printed"], rec["quote"])
        except TokenError as exc:
            raise DataError(table.file, f"{rec['row_id']}: {exc}", row=_line(i), field=exc.field) from exc


_CACHE: dict[tuple[str, str], Table] = {}


def _memo_path(data_sha: str, desc_sha: str) -> Path:
    """A marker that these exact bytes (table and descriptor) passed validation before.

    Keyed by both contents, so an edited table or descriptor is always validated again.
    """
    return BUILD / "validated" / f"{data_sha[:32]}-{desc_sha[:32]}"


def load(name: str, raw: Path = RAW, log: ReadLog | None = None) -> Table:
    """Load and validate ``data/raw/<name>.csv``; raise :class:`DataError` naming what is wrong.

    The table's files, and every value read from it, are recorded in ``log`` (the kernel's,
    :func:`dtbook.data.reads.kernel_log`, unless another is given).
    """
    log = log or kernel_log()
    desc_path = descriptor_path(name, raw)
    desc = read_descriptor(desc_path)
    check_origin(desc, desc_path)
    data_path = desc_path.parent / str(desc.get("path", f"{name}.csv"))
    if not data_path.is_file():
        raise DataError(rel(data_path), "table file missing")
    digest = sha256_file(data_path)
    shared = schema_path(desc_path, desc)
    inputs = [data_path, desc_path] + ([shared] if shared else [])
    desc_sha = sha256_bytes("".join(sha256_file(p) for p in inputs[1:]).encode())
    cache_key = (str(data_path), digest + desc_sha)
    if cache_key in _CACHE:
        for p in inputs:
            log.record_file(p)
        cached = _CACHE[cache_key]
        return cached if cached.log is log else replace(cached, log=log)
    memo = _memo_path(digest, desc_sha)
    if not memo.is_file():
        _validate(desc_path, desc)
        memo.parent.mkdir(parents=True, exist_ok=True)
        memo.write_text(rel(data_path) + "\n", encoding="utf-8")
    df = pd.read_csv(data_path, dtype=str, keep_default_na=False, encoding="utf-8")
    key = list(schema_of(desc_path, desc).get("primaryKey") or [])
    table = Table(name=name, df=df, descriptor=desc, path=data_path, key=key, log=log)
    _check_units(table)
    _check_printed(table)
    if "page_status" in df.columns:
        check_labels(df.to_dict("records"), data_path)
    for p in inputs:
        log.record_file(p)
    _CACHE[cache_key] = table
    return table


def cite_loaded() -> Any:
    """A Markdown line citing every table loaded so far (its entry in data_sources.bib)."""
    from IPython.display import Markdown  # local: IPython is slow to import; only a notebook cites

    names = sorted({t.name for t in _CACHE.values()})
    return Markdown("Data used in this chapter: {cite:p}`" + ",".join(names) + "`.")


def available(raw: Path = RAW) -> list[str]:
    """The names of every raw table (one per descriptor in ``raw``), sorted."""
    return sorted(p.name.removesuffix(".resource.yaml") for p in raw.glob("*.resource.yaml"))


__all__ = ["Table", "load", "available", "ROOT"]
