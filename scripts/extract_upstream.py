#!/usr/bin/env python3
"""Extract the tidy tables in data/raw/ from the verbatim upstream files in data/upstream/.

Run from the repository root:

    python scripts/extract_upstream.py [--out DIR]      (default: data/raw)

Deterministic and offline: the same upstream bytes always give the same CSV bytes.
Only columns are selected and renamed and rows filtered or reshaped (wide -> long);
values are never recomputed. Number text rule:

* CSV sources: the cell text exactly as in the file (read as strings, never parsed).
* JSON sources: the JSON number literal exactly as in the file (parsed with
  parse_float=str / parse_int=str, so no float round trip happens).
* XLSX sources: integer cells (stored without a decimal part) as the integer; other
  numeric cells as Python repr() of the stored IEEE double, i.e. the shortest decimal
  that reads back to the same double (Excel stores e.g. 1.2569999999999999 for the
  number it displays as 1.257; repr gives 1.257).
* A missing value is an empty cell.

Output: UTF-8, comma-separated, '\n' line ends, header row, no index column.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

import openpyxl
import pandas as pd

from dtbook.data.paths import RAW, UPSTREAM


# ---------------------------------------------------------------- helpers
def num_text(v) -> str:
    """Text of a numeric xlsx cell value (see module docstring)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        raise TypeError(f"unexpected boolean cell {v!r}")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    raise TypeError(f"unexpected non-numeric cell {v!r}")


def text(v) -> str:
    if v is None:
        return ""
    return str(v)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def read_csv_text(path: Path, **kw) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, **kw)


# ---------------------------------------------------------------- TOP500
TOP500 = {
    "top500_2021_11": "TOP500_202111.xlsx",
    "top500_2022_06": "TOP500_202206.xlsx",
    "top500_2023_06": "TOP500_202306.xlsx",
}
TOP500_COLS = [
    ("Rank", "rank"),
    ("Name", "name"),
    ("Site", "site"),
    ("Country", "country"),
    ("Year", "year"),
    ("Rmax [TFlop/s]", "rmax_tflops"),
    ("Rpeak [TFlop/s]", "rpeak_tflops"),
]


def extract_top500(src: Path) -> tuple[list[str], list[list[str]]]:
    wb = openpyxl.load_workbook(src, read_only=True, data_only=True)
    if len(wb.sheetnames) != 1:
        raise ValueError(f"{src.name}: expected one sheet, got {wb.sheetnames}")
    ws = wb[wb.sheetnames[0]]
    rows = list(ws.iter_rows(values_only=True))
    wb.close()
    head = list(rows[0])
    idx = [head.index(c) for c, _ in TOP500_COLS]
    out = []
    for r in rows[1:]:
        if all(v is None for v in r):
            continue
        rec = []
        for (_col, new), i in zip(TOP500_COLS, idx):
            v = r[i]
            if new in ("rank", "year", "rmax_tflops", "rpeak_tflops"):
                rec.append(num_text(v))
            else:
                rec.append(text(v))
        out.append(rec)
    out.sort(key=lambda rec: int(rec[0]))
    if len(out) != 500 or [int(x[0]) for x in out] != list(range(1, 501)):
        raise ValueError(f"{src.name}: expected ranks 1..500")
    return [new for _, new in TOP500_COLS], out


# ---------------------------------------------------------------- UNCTAD json
UNCTAD = {
    "unctad_merchandise_total": ("unctad_merchandise_total.json", "EXPORTS", "IMPORTS"),
    "unctad_services_total": ("unctad_services_total_bpm6.json", "SERVICES_EXPORTS", "SERVICES_IMPORTS"),
}
# The files' only non-economy entry is G001 (name "World", UNCTAD code 0000).
UNCTAD_AGGREGATE_CODES = {"0000"}


def extract_unctad(src: Path, exp_key: str, imp_key: str) -> tuple[list[str], list[list[str]]]:
    data = json.loads(src.read_text(encoding="utf-8"), parse_float=str, parse_int=str)
    out = []
    for geo in sorted(data["economies"]):
        e = data["economies"][geo]
        ser = e["series"]
        for key in (exp_key, imp_key):
            if ser[key]["scale"] != "Millions" or ser[key]["unit"] != "US dollar":
                raise ValueError(f"{src.name} {geo} {key}: unexpected unit")
        ex = ser[exp_key]["values"]
        im = ser[imp_key]["values"]
        is_agg = "true" if e["sourceCode"] in UNCTAD_AGGREGATE_CODES else "false"
        for year in sorted(set(ex) | set(im), key=int):
            xv, iv = ex.get(year), im.get(year)
            out.append([geo, e["name"], year, "" if xv is None else xv, "" if iv is None else iv, is_agg])
    return ["geo", "geo_name", "year", "exports_usd_mn", "imports_usd_mn", "is_aggregate"], out


# ---------------------------------------------------------------- UNCTAD DDS panel
DDS_AGGREGATES = {"WLD", "SSF"}  # World, Sub-Saharan Africa: the panel's only non-economy codes


def extract_dds(src: Path) -> tuple[list[str], list[list[str]]]:
    df = read_csv_text(src)
    expect = ["country", "iso3", "year", "dig_services_exports_usd_millions", "dig_services_imports_usd_millions"]
    if list(df.columns) != expect:
        raise ValueError(f"{src.name}: unexpected columns {list(df.columns)}")
    df = df.sort_values(["iso3", "year"], key=lambda s: s.astype(int) if s.name == "year" else s, kind="mergesort")
    out = [
        [
            r.iso3,
            r.country,
            r.year,
            r.dig_services_exports_usd_millions,
            r.dig_services_imports_usd_millions,
            "true" if r.iso3 in DDS_AGGREGATES else "false",
        ]
        for r in df.itertuples(index=False)
    ]
    return ["geo", "geo_name", "year", "dds_exports_usd_mn", "dds_imports_usd_mn", "is_aggregate"], out


# ---------------------------------------------------------------- WDI
WDI_LONG = {
    "wdi_merch_exports": "wdi_tx.val.mrch.cd.wt.csv",
    "wdi_merch_imports": "wdi_tm.val.mrch.cd.wt.csv",
    "wdi_ip_receipts": "wdi_bx.gsr.royl.cd.csv",
}
WDI_WIDE = {"wdi_ict_service_exports": "wdi_API_BX.GSR.CCIS.CD_DS2_en_csv_v2_920.csv"}
WDI_HEADER = ["geo", "geo_name", "year", "value_usd"]


def extract_wdi_long(src: Path) -> tuple[list[str], list[list[str]]]:
    df = read_csv_text(src)
    if list(df.columns) != ["Country Name", "Country Code", "Year", "Value"]:
        raise ValueError(f"{src.name}: unexpected columns {list(df.columns)}")
    df = df[df["Value"] != ""]
    rows = sorted(
        ([r[1], r[0], r[2], r[3]] for r in df.itertuples(index=False)),
        key=lambda x: (x[0], int(x[2])),
    )
    return WDI_HEADER, rows


def extract_wdi_wide(src: Path) -> tuple[list[str], list[list[str]]]:
    # World Bank bulk download: UTF-8 with BOM, 4 preamble lines, one column per year,
    # a trailing empty column.
    df = read_csv_text(src, skiprows=4, encoding="utf-8-sig")
    years = [c for c in df.columns if c.isdigit()]
    if df.columns[:4].tolist() != ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]:
        raise ValueError(f"{src.name}: unexpected columns")
    if set(df["Indicator Code"]) != {"BX.GSR.CCIS.CD"}:
        raise ValueError(f"{src.name}: unexpected indicator")
    rows = []
    for r in df.itertuples(index=False):
        rec = dict(zip(df.columns, r))
        for y in years:
            if rec[y] != "":
                rows.append([rec["Country Code"], rec["Country Name"], y, rec[y]])
    rows.sort(key=lambda x: (x[0], int(x[2])))
    return WDI_HEADER, rows


# ---------------------------------------------------------------- WTO shares (argendata)
WTO_SRC = "wto_services_export_shares_ebops_grouped_argendata.csv"
WTO_GROUPS = {
    # Spanish label in the file -> (EBOPS 2010 code of the group, English label)
    "Servicios de telecomunicaciones, informática e información": (
        "SI",
        "Telecommunications, computer and information services",
    ),
    "Transportes": ("SC", "Transport"),
    "Viajes": ("SD", "Travel"),
    "Otros servicios empresariales": ("SJ", "Other business services"),
    "Resto": ("REST", "All other services (rest)"),
}


def extract_wto(src: Path) -> tuple[list[str], list[list[str]]]:
    df = read_csv_text(src)
    expect = [
        "geocodigoFundar",
        "geonombreFundar",
        "year",
        "reportingeconomy",
        "productsector_agregado",
        "export_value_pc",
    ]
    if list(df.columns) != expect:
        raise ValueError(f"{src.name}: unexpected columns {list(df.columns)}")
    rows = []
    for r in df.itertuples(index=False):
        code, en = WTO_GROUPS[r.productsector_agregado]
        rows.append(
            [
                r.geocodigoFundar,
                r.geonombreFundar,
                r.reportingeconomy,
                r.year,
                code,
                r.productsector_agregado,
                en,
                r.export_value_pc,
            ]
        )
    rows.sort(key=lambda x: (x[0], int(x[3]), x[4]))
    return ["geo", "geo_name", "reporting_economy", "year", "group_code", "group", "group_en", "share_pct"], rows


# ---------------------------------------------------------------- OWID / ITU
OWID_SRC = "owid_itu_share_individuals_using_internet.csv"


def extract_owid(src: Path) -> tuple[list[str], list[list[str]]]:
    df = read_csv_text(src, sep=";")
    expect = ["Entity", "Code", "Year", "Individuals using the Internet (% of population)"]
    if list(df.columns) != expect:
        raise ValueError(f"{src.name}: unexpected columns {list(df.columns)}")
    rows = [[r[1], r[0], r[2], r[3]] for r in df.itertuples(index=False)]
    rows.sort(key=lambda x: (x[1], int(x[2])))
    return ["geo", "geo_name", "year", "share_pct"], rows


# ---------------------------------------------------------------- SAFE BoP (xlsx)
SAFE_SRC = "safe_china_bop_time_series_bpm6.xlsx"
SAFE_SHEET = "年度BOP（美元） "  # the sheet name ends with a space in the file
SAFE_FIRST, SAFE_LAST = "1.A", "1.A.b.12"
SAFE_YEARS = range(2005, 2024)
SAFE_FLOWS = {"贷方": "credit", "借方": "debit"}


def extract_safe(src: Path) -> tuple[list[str], list[list[str]]]:
    wb = openpyxl.load_workbook(src, read_only=True, data_only=True)
    ws = wb[SAFE_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    wb.close()
    if rows[2][0] != "单位:亿美元":
        raise ValueError(f"{src.name}: unexpected unit line {rows[2][0]!r}")
    header = rows[3]
    ycol = {y: header.index(y) for y in SAFE_YEARS}
    out = []
    item_code = item_label = None
    started = done = False
    for r in rows[4:]:
        label = r[0]
        if label is None:
            continue
        label = str(label).strip()
        if label in SAFE_FLOWS:
            if item_code is None or not started:
                continue
            flow = SAFE_FLOWS[label]
        else:
            code, _, name = label.partition(" ")
            if code == SAFE_FIRST:
                started = True
            elif started and item_code == SAFE_LAST:
                done = True
            if done:
                break
            item_code, item_label, flow = code, name.strip(), "balance"
            if not started:
                continue
        for y in SAFE_YEARS:
            out.append([item_code, item_label, flow, str(y), num_text(r[ycol[y]])])
    codes = sorted({x[0] for x in out})
    if len(codes) != 15 or SAFE_LAST not in codes:
        raise ValueError(f"{src.name}: expected items {SAFE_FIRST}..{SAFE_LAST}, got {codes}")
    return ["item_code", "item_label", "flow", "year", "value_usd_100m"], out


# ---------------------------------------------------------------- UN M49 developed / developing
M49_SRC = "research_country-codes_m49_2020-10-15.csv"


def extract_m49(src: Path) -> tuple[list[str], list[list[str]]]:
    """UN M49 'Developed / Developing Countries' by ISO3; rows without ISO3 or class dropped."""
    df = read_csv_text(src)
    col = "Developed / Developing Countries"
    df = df[(df["ISO3166-1-Alpha-3"] != "") & (df[col] != "")]
    rows = [
        [r["ISO3166-1-Alpha-3"], r["official_name_en"], r["M49"], r[col], "true" if r[col] == "Developed" else "false"]
        for _, r in df.iterrows()
    ]
    rows.sort(key=lambda x: x[0])
    return ["geo", "geo_name", "m49", "developed_developing", "developed"], rows


# ---------------------------------------------------------------- main
def build() -> dict[str, tuple[list[str], list[list[str]]]]:
    tables: dict[str, tuple[list[str], list[list[str]]]] = {}
    for name, f in TOP500.items():
        tables[name] = extract_top500(UPSTREAM / f)
    for name, (f, ek, ik) in UNCTAD.items():
        tables[name] = extract_unctad(UPSTREAM / f, ek, ik)
    tables["unctad_dds_panel"] = extract_dds(UPSTREAM / "unctad_digitally_deliverable_services_panel.csv")
    for name, f in WDI_LONG.items():
        tables[name] = extract_wdi_long(UPSTREAM / f)
    for name, f in WDI_WIDE.items():
        tables[name] = extract_wdi_wide(UPSTREAM / f)
    tables["wto_services_export_shares"] = extract_wto(UPSTREAM / WTO_SRC)
    tables["owid_internet_users_share"] = extract_owid(UPSTREAM / OWID_SRC)
    tables["safe_bop_services"] = extract_safe(UPSTREAM / SAFE_SRC)
    tables["unsd_m49_developed"] = extract_m49(UPSTREAM / M49_SRC)
    return tables


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(RAW), help="output folder (default: data/raw)")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, (header, rows) in build().items():
        write_csv(out / f"{name}.csv", header, rows)
        print(f"{name}.csv: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
