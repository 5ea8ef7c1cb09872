"""Benchmark the build, side by side, on a scratch copy of the project (make bench).

Measures (medians of --reps repetitions, default 5):
  clean     verify every claim and build the book from nothing (environment installed)
  plain     the default way: jupyter-book build with execute_notebooks: force, same chapters
  floor     what the machine allows: kernel start + import pandas, matplotlib, statsmodels, once
            per notebook, divided over the cores, plus the Sphinx build with execution off
  nochange  make book again with nothing changed
  onetable  one raw table edited (a value no claim uses, so verdicts hold), then make book;
            also how many notebooks were re-executed
Prints the peak memory (largest process RSS) of the clean build, and last:
  bench: clean=<s> plain=<s> floor=<s> nochange=<s> onetable=<s> reexecuted=<n>/<total>
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dtbook.data.reads import sha256_file
from dtbook.site.scratch import copy_project

PY = sys.executable
JB = str(Path(PY).parent / "jupyter-book")
EDIT_TABLE = "top500_2021_11"  # read by the infrastructure chapter only for context
IMPORTS = "import pandas, matplotlib, matplotlib.pyplot, statsmodels.api"


def timed(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, subprocess.CompletedProcess[str]]:
    t0 = time.monotonic()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    dt = time.monotonic() - t0
    if proc.returncode != 0:
        raise SystemExit(f"bench: command failed: {' '.join(cmd)}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return dt, proc


def env_for(root: Path) -> dict[str, str]:
    env = dict(os.environ, DTBOOK_ROOT=str(root), PYTHONHASHSEED="0", MPLBACKEND="Agg")
    env.pop("DTBOOK_LEDGER", None)
    return env


def kernel_imports_seconds(root: Path) -> float:
    """Start a kernel and import the heavy libraries, as one notebook would."""
    code = (
        "import nbformat, time\n"
        "from nbclient import NotebookClient\n"
        f"nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell({IMPORTS!r})])\n"
        "t = time.monotonic(); NotebookClient(nb, kernel_name='python3').execute(); print(time.monotonic() - t)\n"
    )
    _, proc = timed([PY, "-c", code], root)
    return float(proc.stdout.strip().splitlines()[-1])


def edit_table(root: Path, flip: bool) -> None:
    """Change one printed value (rank 500's Rpeak) and re-record the table's hash."""
    raw = root / "data" / "raw"
    csv = raw / f"{EDIT_TABLE}.csv"
    lines = csv.read_text(encoding="utf-8").split("\n")
    last = next(i for i in range(len(lines) - 1, 0, -1) if lines[i].strip())
    cells = lines[last].split(",")
    cells[-1] = cells[-1] + ("1" if flip else "")
    if not flip:
        cells[-1] = cells[-1].rstrip("1") if cells[-1].endswith("1") and "." in cells[-1] else cells[-1]
    lines[last] = ",".join(cells)
    csv.write_text("\n".join(lines), encoding="utf-8")
    desc = raw / f"{EDIT_TABLE}.resource.yaml"
    text = desc.read_text(encoding="utf-8")
    start = text.index("hash: sha256:") + len("hash: sha256:")
    digest = sha256_file(csv)
    desc.write_text(text[:start] + digest + text[start + 64 :], encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    reps = max(1, args.reps)
    cores = os.cpu_count() or 1
    times: dict[str, list[float]] = {k: [] for k in ("clean", "plain", "floor", "nochange", "onetable")}
    reexec: list[int] = []
    total_nb = 0
    peak_kb = 0
    with tempfile.TemporaryDirectory(prefix="dtbook-bench-") as tmp:
        root = copy_project(Path(tmp) / "book")
        env = env_for(root)
        notebooks = sorted((root / "chapters").glob("*.ipynb"))
        total_nb = len(notebooks)
        for i in range(reps):
            # clean: from nothing (keep the environment)
            shutil.rmtree(root / "_build", ignore_errors=True)
            dt, _ = timed([PY, "-m", "dtbook.site.build"], root, env)
            times["clean"].append(dt)
            peak_kb = max(peak_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            # nochange
            dt, _ = timed([PY, "-m", "dtbook.site.build"], root, env)
            times["nochange"].append(dt)
            # onetable
            edit_table(root, flip=(i % 2 == 0))
            dt, proc = timed([PY, "-m", "dtbook.site.build"], root, env)
            times["onetable"].append(dt)
            summary = json.loads((root / "_build" / "exec-summary.json").read_text())
            reexec.append(int(summary["executed"]))
            # plain: Jupyter Book's own execution, forced, serial
            plain_out = Path(tmp) / "plain"
            shutil.rmtree(plain_out, ignore_errors=True)
            cfg = (root / "_config.yml").read_text().replace('execute_notebooks: "off"', 'execute_notebooks: "force"')
            (root / "_config_plain.yml").write_text(cfg)
            dt, _ = timed(
                [
                    JB,
                    "build",
                    str(root),
                    "--config",
                    str(root / "_config_plain.yml"),
                    "--path-output",
                    str(plain_out),
                    "-q",
                ],
                root,
                env,
            )
            times["plain"].append(dt)
            (root / "_config_plain.yml").unlink()
            # floor: kernel + imports per notebook over the cores, plus Sphinx with execution off
            k = kernel_imports_seconds(root)
            sphinx_out = Path(tmp) / "sphinx"
            shutil.rmtree(sphinx_out, ignore_errors=True)
            ds, _ = timed([JB, "build", str(root), "--path-output", str(sphinx_out), "-q"], root, env)
            times["floor"].append(k * total_nb / cores + ds)
            print(
                f"rep {i + 1}/{reps}: "
                + " ".join(f"{n}={v[-1]:.1f}" for n, v in times.items())
                + f" reexecuted={reexec[-1]}",
                flush=True,
            )
    med = {k: statistics.median(v) for k, v in times.items()}
    reex = int(statistics.median(reexec))
    print(f"cores={cores} notebooks={total_nb} peak memory (largest process RSS) = {peak_kb / 1024:.0f} MiB")
    print(
        f"targets: clean <= 1.5 x floor: {med['clean'] <= 1.5 * med['floor']}; clean < plain: "
        f"{med['clean'] < med['plain']}; nochange <= 0.1 x clean: {med['nochange'] <= 0.1 * med['clean']}"
    )
    print(
        f"bench: clean={med['clean']:.1f} plain={med['plain']:.1f} floor={med['floor']:.1f} "
        f"nochange={med['nochange']:.1f} onetable={med['onetable']:.1f} reexecuted={reex}/{total_nb}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
