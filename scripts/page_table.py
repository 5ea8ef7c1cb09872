#!/usr/bin/env python3
"""Write or complete a page table's descriptor from its CSV, then rehash it (maintainer tool).

    python scripts/page_table.py NAME [--title "What the table holds" --producer "Who published it"]

A page table (``data/raw/pages_<subject>.csv``: one row per figure printed on a public page, with
the page's own words) shares one schema, ``page_table.schema.yaml``; what its descriptor adds is its
title, the origin of a transcription and the unit of each series. So a contributor writes the CSV
by hand and this command writes the rest:

* no descriptor yet: ``data/raw/NAME.resource.yaml`` is written (``--title`` required), with the
  origin of a transcription (each row names its own page, date and label) and, under
  ``units: series:``, each series of the CSV with its unit;
* a descriptor: each series of the CSV it does not declare yet is added with the CSV's unit; a
  series it declares is never changed (the loader then checks the rows against it).

A series given two units in the CSV stops the command, naming it. Then the ``hash:`` line is set
(``scripts/rehash_data.py``). Run from the repository root; ``make check`` then validates the table.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import yaml

from dtbook.data.paths import RAW, rel

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rehash_data import do_raw

SCHEMA = "page_table.schema.yaml"
SERIES_BLOCK = re.compile(r"^units:\n  series:\n((?:    .+\n)*)", re.M)


def series_units(csv_path: Path) -> dict[str, str]:
    """Each series of a page table's CSV with its unit; a series with two units is an error."""
    found: dict[str, str] = {}
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            series, unit = row["series"], row["unit"]
            if found.setdefault(series, unit) != unit:
                raise SystemExit(f"{rel(csv_path)}, row {line}, field 'unit': series {series} is {found[series]} above")
    return dict(sorted(found.items()))


def new_descriptor(name: str, title: str, units: dict[str, str], producer: str = "") -> str:
    """The descriptor of a new page table: the shared schema, a transcription's origin, its units."""
    desc = {
        "name": name,
        "title": title,
        "path": f"{name}.csv",
        "format": "csv",
        "encoding": "utf-8",
        "schema": SCHEMA,
        "units": {"series": units},
        "origin": {
            "producer": producer or "various, as quoted on the page named in each row",
            "title": "Transcribed page figures, one row per printed figure",
            "url_main": "see the url column (one page per row)",
            "date_published": "see the date_published column",
            "date_accessed": datetime.now(UTC).date().isoformat(),
            "license": {"name": "not stated", "note": "facts quoted from public pages; quotes are short excerpts"},
            "status": "compilation",
            "description_from_producer": "none (the page text is quoted in the quote column)",
            "description_processing": (
                "Transcribed by hand from the page named in each row's url; value = the number the row's printed "
                "token denotes in its unit; page_status labels each page (official, press, reprint, copy)."
            ),
        },
    }
    return yaml.safe_dump(desc, allow_unicode=True, sort_keys=False, width=120)


def add_series(text: str, units: dict[str, str]) -> tuple[str, list[str]]:
    """``text`` (a descriptor) with every series of ``units`` it lacks added to its block, sorted."""
    m = SERIES_BLOCK.search(text)
    if m is None:
        raise SystemExit("the descriptor has no 'units: series:' block (is it a page table?)")
    declared = yaml.safe_load(text)["units"]["series"] or {}
    added = [s for s in units if s not in declared]
    lines = m.group(1).splitlines(keepends=True) + [f"    {s}: {units[s]}\n" for s in added]
    block = "".join(sorted(lines))
    return text[: m.start(1)] + block + text[m.end(1) :], added


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write or complete a page table's descriptor from its CSV.")
    ap.add_argument("name", help="the table's name, e.g. pages_patents (data/raw/<name>.csv must exist)")
    ap.add_argument("--title", default="", help="what the table holds (needed for a new table)")
    ap.add_argument(
        "--producer",
        default="",
        help="who published the figures (for a new table; the README and bibliography name it)",
    )
    ap.add_argument("--raw", type=Path, default=RAW, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    csv_path, desc = args.raw / f"{args.name}.csv", args.raw / f"{args.name}.resource.yaml"
    if not csv_path.is_file():
        raise SystemExit(f"{rel(csv_path)}: no such table (write the CSV first)")
    units = series_units(csv_path)
    if desc.is_file():
        text, added = add_series(desc.read_text(encoding="utf-8"), units)
        desc.write_text(text, encoding="utf-8")
        print(f"{rel(desc)}: {len(added)} series added" + (f" ({', '.join(added)})" if added else ""))
    else:
        if not args.title:
            raise SystemExit(f"{rel(desc)} does not exist yet: give --title (what the table holds)")
        desc.write_text(new_descriptor(args.name, args.title, units, args.producer), encoding="utf-8")
        print(f"{rel(desc)}: written")
    do_raw(desc, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
