"""The gate: every ledger row checked exactly once, in the notebook the ledger names, with the
audited verdict, and no figure typed in the ledger's prose gone stale. Any problem stops the build
before Sphinx runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dtbook.chapter.audit import mismatches
from dtbook.data import ledger
from dtbook.site import typed


def gate(claims: dict[str, ledger.Claim], results_dir: Path) -> list[str]:
    """Cross-notebook pairing: every ledger row checked once, where the ledger says.

    Each notebook's results are compared with the ledger by :func:`dtbook.chapter.audit.mismatches`,
    the one comparison (the notebook's last cell uses it too); this adds what only the whole set
    shows: a claim checked in two notebooks, and the rows of a notebook that recorded nothing.
    ``results_dir`` is the run's results folder (the stage's, in the build).
    """
    problems: list[str] = []
    seen: dict[str, str] = {}
    recorded: dict[str, dict[str, Any]] = {}
    for path in sorted(results_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        notebook, results = data["notebook"], data["results"]
        for r in results:
            if r["id"] in seen:
                problems.append(f"{r['id']}: checked in both {seen[r['id']]} and {notebook}")
            seen[r["id"]] = notebook
            recorded[r["id"]] = r
        problems += mismatches(notebook, results, claims, unchecked=False)
    for cid in sorted(set(claims) - set(seen)):
        problems.append(f"{cid}: ledger row with no check (notebook {claims[cid].notebook})")
    problems += typed.check_ledger(claims, recorded)  # no figure typed in a reason or note goes stale
    return problems
