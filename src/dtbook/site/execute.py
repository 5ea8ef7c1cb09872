"""Running the notebooks that need it, in stages, into the stage folder.

Why not Jupyter Book's own execution: its cache keys only on a notebook's code, so an edited data
table would be served with stale numbers, and it runs notebooks one after another. Here a notebook
runs when :func:`dtbook.site.changes.stale_reason` says why; the others keep their stored outputs.

Stages: chapter notebooks first (in parallel), then the notebooks that read their results
(``metadata.dtbook.stage``: 2 for the conclusions, which restate earlier verdicts; 3 for the
summary, data and status pages). An executed notebook, its stamp and what its kernel wrote go into
the stage (:mod:`dtbook.site.staging`); a failing one is written to ``_build/failed``.
"""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from dtbook.data.paths import BUILD, CHAPTERS, ROOT, STAGED_ENV, rel, staged
from dtbook.data.reads import sha256_bytes
from dtbook.site.changes import code_key, stale_reason
from dtbook.site.staging import glob_in_run

FAILED = BUILD / "failed"


@dataclass
class Outcome:
    """What happened to one notebook in a stage: executed or not, how long, and the error if any."""

    notebook: str
    executed: bool
    seconds: float
    error: str = ""


def notebooks() -> list[Path]:
    """Every chapter notebook, sorted."""
    return sorted(CHAPTERS.glob("*.ipynb"))


def stage(nb_path: Path) -> int:
    """The build stage a notebook runs in (``metadata.dtbook.stage``, 1 by default)."""
    nb = nbformat.read(nb_path, as_version=4)
    return int(nb.metadata.get("dtbook", {}).get("stage", 1))


def execute(nb_path: Path, env: str, timeout: int = 300) -> Outcome:
    """Execute one notebook with nbclient and write it, with its outputs, into the stage (a
    failing one into ``_build/failed``); the outcome carries the failing cell's error."""
    start = time.monotonic()
    nb = nbformat.read(nb_path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(nb_path.parent)}},
    )
    try:
        client.execute(env=dict(os.environ, DTBOOK_ROOT=str(ROOT), **{STAGED_ENV: "1"}))
    except CellExecutionError as exc:
        FAILED.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, FAILED / nb_path.name)
        err = f"{exc.ename}: {exc.evalue}" if getattr(exc, "ename", None) else str(exc).strip().splitlines()[-1]
        return Outcome(nb_path.stem, True, time.monotonic() - start, err)
    except Exception as exc:  # kernel died, timeout
        return Outcome(nb_path.stem, True, time.monotonic() - start, f"{type(exc).__name__}: {exc}")
    seconds = time.monotonic() - start
    normalise(nb)
    new = nbformat.writes(nb)
    new += "" if new.endswith("\n") else "\n"
    staged("chapters").mkdir(parents=True, exist_ok=True)
    (staged("chapters") / nb_path.name).write_text(new, encoding="utf-8")
    results = staged("results") / f"{nb_path.stem}.json"
    recorded = staged("deps") / f"{nb_path.stem}.json"
    deps: dict[str, str] = json.loads(recorded.read_text(encoding="utf-8")) if recorded.is_file() else _extra_deps(nb)
    staged("exec").mkdir(parents=True, exist_ok=True)
    (staged("exec") / f"{nb_path.stem}.json").write_text(
        json.dumps(
            {
                "code": code_key(nb_path),
                "env": env,
                "notebook": sha256_bytes(new.encode("utf-8")),
                "outputs": {rel(p): sha256_bytes(p.read_bytes()) for p in (results, recorded) if p.is_file()},
                "deps": deps,
                "seconds": round(seconds, 2),
                "results": results.is_file(),
            },
            indent=1,
            sort_keys=True,
        ),
        encoding="utf-8",
    )
    return Outcome(nb_path.stem, True, seconds)


def normalise(nb: nbformat.NotebookNode) -> None:
    """Stored outputs that do not depend on kernel timing: streams joined, execution counts
    numbered 1, 2, ... over the code cells."""
    merge_streams(nb)
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
            for out in cell.get("outputs", []):
                if "execution_count" in out:
                    out["execution_count"] = count


def merge_streams(nb: nbformat.NotebookNode) -> None:
    """Join consecutive stdout/stderr chunks, so stored outputs do not depend on kernel timing."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        merged: list = []
        for out in cell.get("outputs", []):
            prev = merged[-1] if merged else None
            if (
                out.output_type == "stream"
                and prev is not None
                and prev.output_type == "stream"
                and prev.name == out.name
            ):
                prev.text = "".join(prev.text) + "".join(out.text)
            else:
                merged.append(out)
        cell.outputs = merged


def _extra_deps(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Stage-2 notebooks declare what they read in metadata.dtbook.reads (globs)."""
    deps: dict[str, str] = {}
    for pattern in nb.metadata.get("dtbook", {}).get("reads", []):
        for path in sorted(glob_in_run(pattern)):
            if path.is_file():
                deps[rel(path)] = sha256_bytes(path.read_bytes())
    return deps


def run_stage(notebooks: list[Path], jobs: int, env: str, force: bool) -> list[Outcome]:
    """Execute the notebooks of one stage that need it (``jobs`` at a time), keeping the others'
    stored outputs; the outcomes in notebook order."""
    todo, outcomes = [], []
    for nb in notebooks:
        why = "forced" if force else stale_reason(nb, env)
        if why is None:
            rec = json.loads((staged("exec") / f"{nb.stem}.json").read_text(encoding="utf-8"))
            outcomes.append(Outcome(nb.stem, False, rec.get("seconds", 0.0)))
        else:
            print(f"execute {rel(nb)}: {why}", flush=True)
            todo.append(nb)
    # longest first (by the last run's time, else file size), so the cores finish together
    todo.sort(key=lambda p: (-_last_seconds(p), -p.stat().st_size))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        outcomes += list(pool.map(lambda p: execute(p, env), todo))
    return outcomes


def _last_seconds(nb_path: Path) -> float:
    stamp = staged("exec") / f"{nb_path.stem}.json"
    if stamp.is_file():
        return float(json.loads(stamp.read_text(encoding="utf-8")).get("seconds", 0.0))
    return 0.0


def write_summary(outcomes: list[Outcome]) -> None:
    """``_build/exec-summary.json``: how many notebooks ran, and each one's time."""
    (BUILD / "exec-summary.json").write_text(
        json.dumps(
            {
                "executed": sum(o.executed for o in outcomes),
                "total": len(outcomes),
                "notebooks": {o.notebook: {"executed": o.executed, "seconds": round(o.seconds, 2)} for o in outcomes},
            },
            indent=1,
            sort_keys=True,
        ),
        encoding="utf-8",
    )
