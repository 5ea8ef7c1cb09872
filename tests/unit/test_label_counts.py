"""report.label_counts: the provenance page's counts of sources by label."""

from __future__ import annotations

import csv
import shutil
import sys

from dtbook.chapter.report import label_counts
from dtbook.data.paths import ROOT  # the checkout, also when mutmut runs this test from mutants/
from dtbook.data.provenance import SOURCE_LABELS

sys.path.insert(0, str(ROOT / "scripts"))
import page_table


def test_sources_are_counted_by_label(tmp_path):
    """Tables by their origin's status; a compilation's rows by their page's label."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(ROOT / "data" / "raw" / page_table.SCHEMA, raw)
    with (ROOT / "data" / "raw" / "pages_tech_market.csv").open(encoding="utf-8", newline="") as fh:
        picked = list(csv.DictReader(fh))[:6]
    with (raw / "pages_demo.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(picked[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(picked)
    page_table.main(["pages_demo", "--title", "Demo", "--raw", str(raw)])
    (raw / "copied.resource.yaml").write_text("name: copied\npath: copied.csv\norigin:\n  status: copy\n", "utf-8")
    counts = label_counts(raw)
    assert counts["tables"] == {**dict.fromkeys(SOURCE_LABELS, 0), "copy": 1, "compilation": 1}
    expected = {label: sum(r["page_status"] == label for r in picked) for label in SOURCE_LABELS}
    assert counts["pages"] == expected and sum(expected.values()) == len(picked)
