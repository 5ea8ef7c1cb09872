"""Quantities the chapters compute the same way in many places, defined once."""

from __future__ import annotations

from dtbook.core.derive import share
from dtbook.core.interval import Interval
from dtbook.data.errors import DataError
from dtbook.data.tables import Table


def _flow_column(table: Table, flow: str) -> str:
    hits = [c for c in table.df.columns if c.endswith(f"{flow}_usd_mn")]
    if len(hits) != 1:
        raise DataError(table.file, f"expected one column ending in '{flow}_usd_mn', found {hits}", field=flow)
    return hits[0]


def two_way(table: Table, geo: str, year: int) -> Interval:
    """Exports + imports of one economy in one year, in the table's unit (US$ million).

    ``table`` has one column ending in ``exports_usd_mn`` and one ending in ``imports_usd_mn``
    (UNCTAD goods, services, or digitally deliverable services); both are recorded as read.
    """
    exports, imports = _flow_column(table, "exports"), _flow_column(table, "imports")
    return table.value(exports, geo=geo, year=year) + table.value(imports, geo=geo, year=year)


def world_share(table: Table, column: str, year: int, world: str = "WLD", geo: str = "CHN") -> Interval:
    """``geo``'s share of the ``world`` aggregate in ``column`` in one year, percent."""
    return share(table.value(column, geo=geo, year=year), table.value(column, geo=world, year=year))


def centre(iv: Interval, digits: int) -> str:
    """The centre of an interval at ``digits`` decimals (a printed figure shows as printed)."""
    return f"{float(iv.mid):.{digits}f}"


__all__ = ["two_way", "world_share", "centre"]
