"""What the summary, data-sources and status pages show, computed from the ledger, the recorded
results and the provenance records (never typed)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from dtbook.core.judge import VERDICTS
from dtbook.data import ledger, tables
from dtbook.data.paths import CHECKOUT, RAW, UPSTREAM, rel
from dtbook.data.provenance import SOURCE_LABELS, locator, read_descriptor
from dtbook.data.readings import second_readings
from dtbook.data.reads import ReadLog, kernel_log

CLASSES = ("full", "minor issues", "partial", "not reproduced")
#: the overall rule, stated once (the summary page prints it)
CLASS_RULE = (
    "full: every claim with data is reproduced; "
    "minor issues: none contradicted, at least one inconsistent; "
    "partial: some contradicted, but no more than a quarter of the claims with data; "
    "not reproduced: more than a quarter of the claims with data contradicted. "
    "Unverifiable claims are reported but do not enter the classification."
)


def results(
    results_dir: Path | None = None, pattern: str = "*.json", log: ReadLog | None = None
) -> dict[str, dict[str, Any]]:
    """Every recorded result by claim id; each results file read is recorded as a dependency in
    ``log`` (the kernel's unless another is given).

    ``results_dir`` is this process's results folder (:attr:`dtbook.data.paths.Project.results`:
    the stage's in a kernel of a build run) unless another is given.
    """
    log = log or kernel_log()
    out: dict[str, dict[str, Any]] = {}
    for path in sorted((results_dir or CHECKOUT.results).glob(pattern)):
        log.record_file(path)
        for r in json.loads(path.read_text(encoding="utf-8")).get("results", []):
            out[r["id"]] = r
    return out


def claims_frame(results_dir: Path | None = None) -> pd.DataFrame:
    """One row per ledger claim with its recomputed value and computed verdict."""
    res = results(results_dir)
    rows = []
    for c in ledger.load().values():
        r = res.get(c.id, {})
        rows.append(
            {
                "id": c.id,
                "section": c.section,
                "notebook": c.notebook,
                "kind": c.kind,
                "quote": c.quote,
                "stated": c.stated,
                "comparator": c.comparator,
                "unit": c.unit,
                "recomputed": r.get("shown", ""),
                "verdict": r.get("verdict", "(not checked)"),
                "ledger_verdict": c.verdict,
                "reason_tag": c.reason_tag,
                "reason": c.reason,
                "inputs": "; ".join(sorted({ref.split("#")[0] for ref in r.get("refs", [])})),
            }
        )
    return pd.DataFrame(rows)


def section_key(section: str) -> tuple[int, ...]:
    """A section number as a sort key (``2.10`` after ``2.9``)."""
    return tuple(int(p) for p in section.split("."))


def counts(df: pd.DataFrame) -> dict[str, int]:
    """The number of claims of each verdict in a results frame, every verdict present."""
    c = Counter(df["verdict"])
    return {v: int(c.get(v, 0)) for v in VERDICTS}


def by_section(df: pd.DataFrame) -> pd.DataFrame:
    """Claims by top-level section (rows, in section order) and verdict (columns), with a total."""
    top = df.assign(part=df["section"].str.split(".").str[:2].str.join("."))
    table = pd.crosstab(top["part"], top["verdict"]).reindex(columns=list(VERDICTS), fill_value=0)
    table = table.loc[sorted(table.index, key=section_key)]
    table["total"] = table.sum(axis=1)
    # one header row, "section" in its corner (an index name would add a second row of empty headers)
    table.index.name = None
    table.columns.name = "section"
    return table


def classify(n: dict[str, int]) -> str:
    """The class of the whole paper from its verdict counts: *full* with no slip and no
    contradiction, *minor issues* with slips only, *partial* when at most a quarter of the claims
    with data are contradicted, else *not reproduced* (also when no claim has data)."""
    with_data = n["reproduced"] + n["inconsistent"] + n["contradicted"]
    if with_data == 0:
        return "not reproduced"
    if n["contradicted"] == 0:
        return "full" if n["inconsistent"] == 0 else "minor issues"
    return "partial" if 4 * n["contradicted"] <= with_data else "not reproduced"


def label_counts(raw: Path = RAW) -> dict[str, dict[str, int]]:
    """Sources by label (:data:`dtbook.data.provenance.SOURCE_LABELS`): ``tables`` counts the raw
    tables by ``origin.status`` (with ``compilation``), ``pages`` the rows of the compilations by
    ``page_status``, each over every label (zero when none)."""

    by_table: Counter[str] = Counter()
    by_page: Counter[str] = Counter()
    for desc_path in sorted(raw.glob("*.resource.yaml")):
        status = str((read_descriptor(desc_path).get("origin") or {}).get("status", ""))
        by_table[status] += 1
        if status == "compilation":
            by_page.update(tables.load(desc_path.name.removesuffix(".resource.yaml"), raw).df["page_status"])
    return {
        "tables": {k: by_table[k] for k in (*SOURCE_LABELS, "compilation")},
        "pages": {k: by_page[k] for k in SOURCE_LABELS},
    }


def provenance_frame(raw: Path = RAW, pattern: str = "s[1-4]*.json") -> pd.DataFrame:
    """Every raw table with its origin and the claims that use it.

    Only the chapters of sections 1-4 read raw tables (the conclusions judge from their results),
    so this page can be built beside the conclusions rather than after them.
    """
    users: dict[str, set[str]] = {}
    for cid, r in results(pattern=pattern).items():
        for ref in r.get("refs", []):
            users.setdefault(ref.split("#")[0], set()).add(cid)
    rows = []
    for desc_path in sorted(raw.glob("*.resource.yaml")):
        d = read_descriptor(desc_path)
        o = d.get("origin", {})
        where = locator(o)
        if o.get("repository") and o.get("url_main"):
            where += f" (data: {o['url_main']})"
        rows.append(
            {
                "table": d.get("name", desc_path.stem),
                "title": d.get("title", ""),
                "producer": o.get("producer", ""),
                "origin": where,
                "status": o.get("status", ""),
                "licence": (o.get("license") or {}).get("name", ""),
                "accessed": str(o.get("date_accessed", "")),
                "claims": ", ".join(sorted(users.get(d.get("name", ""), set()))),
            }
        )
    return pd.DataFrame(rows)


def upstream_frame(upstream: Path = UPSTREAM) -> pd.DataFrame:
    """One row per upstream file (its ``.origin.yaml`` sidecar): file, producer, repository,
    commit, licence, for the data-sources page."""
    rows = []
    for side in sorted(upstream.glob("*.origin.yaml")):
        o = yaml.safe_load(side.read_text(encoding="utf-8")) or {}
        rows.append(
            {
                "file": side.name.removesuffix(".origin.yaml"),
                "producer": o.get("producer", ""),
                "repository": o.get("repository", ""),
                "path": o.get("repository_path", ""),
                "commit": str(o.get("commit", ""))[:12],
                "licence": (o.get("license") or {}).get("name", ""),
            }
        )
    return pd.DataFrame(rows)


__all__ = [
    "claims_frame",
    "counts",
    "by_section",
    "classify",
    "CLASS_RULE",
    "provenance_frame",
    "upstream_frame",
    "rel",
]


def agreement(second: dict[str, Any] | None = None) -> dict[str, Any]:
    """The independent second reading against the book's verdict before any resolution: how many
    claims were read twice, on how many the two verdicts agreed, and Cohen's kappa (statsmodels)
    over the verdict words."""
    from statsmodels.stats.inter_rater import cohens_kappa  # local: statsmodels is slow to import; one page needs it

    rows = list((second if second is not None else second_readings()).values())
    words = [v for v in VERDICTS if any(v in (s.book_verdict, s.verdict) for s in rows)]
    table = np.zeros((len(words), len(words)))
    for s in rows:
        table[words.index(s.book_verdict), words.index(s.verdict)] += 1
    agreed = sum(1 for s in rows if s.agreed)
    kappa = float(cohens_kappa(table).kappa) if rows else float("nan")
    return {"read": len(rows), "agreed": agreed, "kappa": kappa, "disagreed": [s for s in rows if not s.agreed]}
