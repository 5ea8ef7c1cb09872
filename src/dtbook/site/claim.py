"""Re-run one claim from a clean state and say whether its verdict is the audited one.

    make claim ID=S23-27          # or: python -m dtbook.site.claim S23-27

``make claim`` hands the id over in the environment (``ID``), never on a shell command line, and
only an id that is a row of the ledger is accepted: anything else is refused with exit 2.

The claim's chapter is executed afresh in a scratch copy of the project (the working tree, the
accepted results and the book are not touched). A claim of the conclusions, which judge earlier
results, re-runs the chapters of sections 1 to 4 first. Printed: the paper's sentence, the stated
figure, the recomputed value, the verdict, the evidence grade and every raw row read with its
origin. Exit 0 when the verdict is the audited one, 1 when it is not, 2 for an unknown id.
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from dtbook.data import ledger
from dtbook.data.paths import ROOT
from dtbook.site import record
from dtbook.site.scratch import copy_project


def _execute(scratch: Path, notebook: str) -> None:
    """Execute one chapter notebook inside the scratch copy (its results land in its _build)."""
    path = scratch / "chapters" / f"{notebook}.ipynb"
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()


def _stage(scratch: Path, notebook: str) -> int:
    nb = nbformat.read(scratch / "chapters" / f"{notebook}.ipynb", as_version=4)
    return int(nb.metadata.get("dtbook", {}).get("stage", 1))


def run(claim_id: str) -> dict[str, Any]:
    """Execute the claim's chapter in a scratch copy and return its recorded result."""
    claims = ledger.load()
    c = claims[claim_id]
    with tempfile.TemporaryDirectory(prefix="dtbook-claim-") as tmp:
        scratch = copy_project(Path(tmp))
        os.environ["DTBOOK_ROOT"] = str(scratch)  # the kernel inherits it: every path points into the copy
        order = [c.notebook]
        if _stage(scratch, c.notebook) > 1:
            order = sorted({x.notebook for x in claims.values() if _stage(scratch, x.notebook) == 1}) + order
        for nb in order:
            print(f"executing chapters/{nb}.ipynb ...", flush=True)
            try:
                _execute(scratch, nb)
            except CellExecutionError as exc:
                # the last cell refuses a verdict that is not the audited one after writing the
                # results; anything else that fails is reported as it is
                if nb != c.notebook or not (scratch / "_build" / "results" / f"{nb}.json").is_file():
                    raise RuntimeError(f"chapters/{nb}.ipynb: {exc.ename}: {exc.evalue}") from exc
        data = json.loads((scratch / "_build" / "results" / f"{c.notebook}.json").read_text(encoding="utf-8"))
    return next(r for r in data["results"] if r["id"] == claim_id)


def report(claim_id: str, r: dict[str, Any]) -> str:
    """What ``make claim`` prints, from the same pieces as the claim's record in the book."""
    c = ledger.load()[claim_id]
    gap = record.gap(r)
    lines = [
        f"{claim_id} ({c.notebook}, section {c.section}): {c.subject}",
        "the paper: " + record.display_quote(c.quote),
        f"stated:     {record.stated_text(c)}",
        f"recomputed: {r['shown']}",
    ]
    if gap.text:
        lines.append(f"gap:        {gap.text}")
    lines += [f"verdict:    {r['verdict']}", f"evidence:   {r['grade']}"]
    if c.reason:
        lines.append(f"reason:     {c.reason_tag}: {c.reason}")
    lines.append(f"finding:    {record.finding(c, r, gap)}")
    lines.append("rows read:")
    for s in record.sources_of(r.get("refs") or []):
        if s.kind == "page":
            lines.append(f"  {s.table}#{s.keys[0]}: {s.producer}, {s.title} ({s.date}, {s.status}) {s.url}")
            if s.official_url:
                lines.append(f"    producer's own release: {s.official_url}")
            if s.words:
                lines.append(textwrap.indent(textwrap.fill("page's words: " + s.words, 100), "    "))
        elif s.kind == "dataset":
            keys = ", ".join(k for k in s.keys if k != "*") or "the whole table"
            lines.append(f"  {s.table} ({keys}): {s.producer}; {s.where} ({s.status})")
        elif s.kind == "paper":
            lines.append(f"  the paper itself: {', '.join(s.keys)} (paper/paper.txt)")
        else:
            lines.append(f"  {'statements' if s.table == 'claims' else 'recorded verdicts'} of {', '.join(s.keys)}")
    values = [i for i in record.inputs_of(list(r.get("refs") or [])) if i.value]
    if values:
        lines.append("values read:")
        lines += [f"  {i.ref} = {i.value}{' ' + i.unit if i.unit else ''}" for i in values]
    if not r.get("refs"):
        lines.append("  none: no public data (the reason says what was searched)")
    agrees = r["verdict"] == c.verdict
    lines.append(
        f"as audited: the ledger's verdict is {c.verdict}"
        if agrees
        else f"NOT AS AUDITED: the ledger says {c.verdict}, the data now give {r['verdict']}"
    )
    return "\n".join(lines)


#: the environment variable ``make claim ID=...`` passes the id in (never on a shell command line)
ID_ENV = "ID"


def claim_id_from(args: list[str], environ: Mapping[str, str]) -> str:
    """The id asked for: the one argument, else ``$ID`` (how ``make claim`` passes it)."""
    if args:
        return args[0] if len(args) == 1 else ""
    return environ.get(ID_ENV, "")


def checked_id(asked: str, claims: dict[str, ledger.Claim]) -> str | None:
    """``asked`` as a ledger id (any case, surrounding spaces ignored), or None when it is not one.

    Only an id that is a row of the ledger is accepted: the text is compared with the ledger's ids,
    never interpreted."""
    wanted = asked.strip().upper()
    return wanted if wanted in claims else None


def main(argv: list[str] | None = None) -> int:
    """Re-run the claim asked for (argument or ``$ID``); exit 0 as audited, 1 not, 2 refused."""
    args = sys.argv[1:] if argv is None else argv
    asked = claim_id_from(args, os.environ)
    if not asked.strip():
        print("usage: make claim ID=S23-27   (a claim id from data/claims.csv)", file=sys.stderr)
        return 2
    claims = ledger.load()
    claim_id = checked_id(asked, claims)
    if claim_id is None:
        shown = asked.strip().upper()
        near = difflib.get_close_matches(shown, list(claims), n=3) if len(shown) < 20 else []
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        print(
            f"unknown claim id {shown[:80]!r}: no such row in data/claims.csv, refused{hint}",
            file=sys.stderr,
        )
        return 2
    try:
        r = run(claim_id)
    except (subprocess.SubprocessError, RuntimeError, KeyError) as exc:  # pragma: no cover - reported as is
        print(f"the chapter failed to run: {exc}", file=sys.stderr)
        return 1
    os.environ["DTBOOK_ROOT"] = str(ROOT)
    print(report(claim_id, r))
    return 0 if r["verdict"] == claims[claim_id].verdict else 1


if __name__ == "__main__":
    sys.exit(main())
