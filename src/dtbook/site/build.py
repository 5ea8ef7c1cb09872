"""Execute the notebooks that need it, in parallel; gate on the ledger; build the book.

Why not Jupyter Book's own execution: its cache keys only on a notebook's code, so an edited data
table would be served with stale numbers, and it runs notebooks one after another. Here a notebook
is re-executed when its code, the helper package, the lock file, or **any file it read last time**
(recorded by :mod:`dtbook.data.tables` and :mod:`dtbook.chapter.audit`) changed. Jupyter Book then renders the
stored outputs with execution off.

Stages: chapter notebooks first (in parallel), then the notebooks that read their results
(``metadata.dtbook.stage``: 2 for the conclusions, which restate earlier verdicts; 3 for the
summary, data and status pages).

The gate stops the build, naming claim ids, when a notebook raises (which includes a verdict that
differs from the ledger), a ledger row has no check, or a check has no ledger row.

Nothing a run computes lasts unless the whole run passes: the kernels write results, recorded
inputs and figures into ``_build/stage`` (see :mod:`dtbook.data.paths`), the executed notebooks and
their stamps go there too, and only after the gate passes are they moved over the accepted state
(stamps of the re-run notebooks removed first and written last, so an interrupted move re-runs
them). A failed run discards the stage: tracked notebooks and figures, accepted results and stamps
stay as they were, and the next build after a revert passes without cleaning.

A stamp records the sha256 of the notebook file as written after execution: a notebook whose
stored outputs were edited since is executed again, so the book never renders outputs the build
did not compute. The HTML is built aside, its internal links checked, and swapped into
``_build/html`` only on success (an atomic switch of a symlink); a failed build leaves the last good
book in place. Two builds of one folder never run at once: each holds ``_build/.lock``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from dtbook.data import ledger, readings
from dtbook.data.errors import DataError, GateError
from dtbook.data.paths import (
    ACCEPTED,
    BUILD,
    CHAPTERS,
    LEDGER,
    RAW,
    RESULTS,
    ROOT,
    STAGE,
    STAGED,
    STAGED_ENV,
    rel,
    staged,
)
from dtbook.site import drift, typed
from dtbook.site.lock import TIMEOUT, LockTimeout, build_lock
from dtbook.site.publish import publish

STAMPS = ACCEPTED["exec"]
FAILED = BUILD / "failed"
#: outputs the stage mirrors in full (a copy of the accepted ones at the start of a run)
MIRRORED = ("results", "deps", "exec")
PACKAGE = Path(__file__).resolve().parents[1]


@dataclass
class Outcome:
    """What happened to one notebook in a stage: executed or not, how long, and the error if any."""

    notebook: str
    executed: bool
    seconds: float
    error: str = ""


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def environment_key() -> str:
    """Hash of what every notebook depends on besides its own code and data."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        h.update(str(path.relative_to(PACKAGE)).encode() + path.read_bytes())
    lock = ROOT / "requirements.lock"
    if lock.is_file():
        h.update(lock.read_bytes())
    return h.hexdigest()


def code_key(nb_path: Path) -> str:
    """The sha256 of a notebook's cells (type and source), outputs excluded."""
    nb = nbformat.read(nb_path, as_version=4)
    h = hashlib.sha256()
    for cell in nb.cells:
        h.update(cell.cell_type.encode() + b"\0" + cell.source.encode() + b"\0")
    return h.hexdigest()


def stage(nb_path: Path) -> int:
    """The build stage a notebook runs in (``metadata.dtbook.stage``, 1 by default)."""
    nb = nbformat.read(nb_path, as_version=4)
    return int(nb.metadata.get("dtbook", {}).get("stage", 1))


def in_run(dep: str) -> Path:
    """The file a recorded dependency names, as this run sees it: results and recorded inputs
    from the stage, anything else from the working tree."""
    for kind in MIRRORED:
        prefix = rel(ACCEPTED[kind]) + "/"
        if dep.startswith(prefix):
            return staged(kind) / dep.removeprefix(prefix)
    return ROOT / dep


def dep_digest(dep: str) -> str | None:
    """Current digest of a recorded dependency, or None if it is gone."""
    if "#" in dep:
        file, part = dep.split("#", 1)
        if file == rel(LEDGER):
            if not LEDGER.is_file():
                return None
            return ledger.statements_digest() if part == "statements" else ledger.rows_digest(part)
    path = in_run(dep)
    return _sha(path.read_bytes()) if path.is_file() else None


def stale_reason(nb_path: Path, env: str) -> str | None:
    """Why a notebook must run again, or None when its stored outputs are current."""
    stamp = staged("exec") / f"{nb_path.stem}.json"
    if not stamp.is_file():
        return "never executed in this build folder"
    rec = json.loads(stamp.read_text(encoding="utf-8"))
    if rec.get("code") != code_key(nb_path):
        return "code changed"
    if rec.get("env") != env:
        return "helper package or lock file changed"
    if rec.get("notebook") != _sha(nb_path.read_bytes()):
        return "stored outputs differ from the ones its last execution wrote"
    if rec.get("results") and not (staged("results") / f"{nb_path.stem}.json").is_file():
        return "results missing"
    for out, digest in rec.get("outputs", {}).items():
        if dep_digest(out) != digest:
            return f"its recorded output changed since its last execution: {out}"
    for dep, digest in rec.get("deps", {}).items():
        if dep_digest(dep) != digest:
            return f"input changed: {dep}"
    return None


def execute(nb_path: Path, env: str, timeout: int = 300) -> Outcome:
    """Execute one notebook with nbclient and write it, with its outputs, into the stage (a
    failing one into ``_build/failed``); the outcome carries the failing cell's error."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

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
                "notebook": _sha(new.encode("utf-8")),
                "outputs": {rel(p): _sha(p.read_bytes()) for p in (results, recorded) if p.is_file()},
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
        for path in sorted(_glob_in_run(pattern)):
            if path.is_file():
                deps[rel(path)] = _sha(path.read_bytes())
    return deps


def _glob_in_run(pattern: str) -> list[Path]:
    for kind in MIRRORED:
        prefix = rel(ACCEPTED[kind]) + "/"
        if pattern.startswith(prefix):
            return list(staged(kind).glob(pattern.removeprefix(prefix)))
    return list(ROOT.glob(pattern))


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


def gate(claims: dict[str, ledger.Claim], results_dir: Path | None = None) -> list[str]:
    """Cross-notebook pairing: every ledger row checked once, where the ledger says.

    Each notebook's results are compared with the ledger by :func:`dtbook.chapter.audit.mismatches`,
    the one comparison (the notebook's last cell uses it too); this adds what only the whole set
    shows: a claim checked in two notebooks, and the rows of a notebook that recorded nothing.
    """
    from dtbook.chapter.audit import mismatches

    folder = RESULTS if results_dir is None else results_dir  # read at call time (tests point it elsewhere)
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        notebook = data["notebook"]
        for r in data.get("results", []):
            if r["id"] in seen:
                problems.append(f"{r['id']}: checked in both {seen[r['id']]} and {notebook}")
            seen[r["id"]] = notebook
        problems += mismatches(notebook, data.get("results", []), claims, unchecked=False)
    for cid in sorted(set(claims) - set(seen)):
        problems.append(f"{cid}: ledger row with no check (notebook {claims[cid].notebook})")
    recorded = {
        r["id"]: r for path in sorted(folder.glob("*.json")) for r in json.loads(path.read_text("utf-8"))["results"]
    }
    problems += typed.check_ledger(claims, recorded)  # no figure typed in a reason or note goes stale
    return problems


def notebooks() -> list[Path]:
    """Every chapter notebook, sorted."""
    return sorted(CHAPTERS.glob("*.ipynb"))


def _validate_one(name: str) -> str:
    from dtbook.data import tables

    tables.load(name)
    return name


def validate_all(jobs: int) -> None:
    """Validate every raw table once, in parallel, before any notebook runs.

    A bad table stops the build here with its file, row and field, instead of inside a notebook's
    traceback; and the notebooks then find each table already validated (memo keyed by content).
    """
    from concurrent.futures import ProcessPoolExecutor

    from dtbook.data import tables

    names = tables.available()
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(_validate_one, names))


def open_stage() -> None:
    """A fresh stage holding a copy of the accepted results, recorded inputs and stamps."""
    shutil.rmtree(STAGE, ignore_errors=True)
    for kind in MIRRORED:
        if ACCEPTED[kind].is_dir():
            shutil.copytree(ACCEPTED[kind], staged(kind))
        else:
            staged(kind).mkdir(parents=True)


def _write_if_changed(src: Path, dest: Path) -> None:
    data = src.read_bytes()
    if dest.is_file() and dest.read_bytes() == data:
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, dest)


def commit(executed: list[str]) -> None:
    """Move a run that passed the gate over the accepted state.

    The stamps of the re-run notebooks go first and come back last: a move cut short leaves those
    notebooks unstamped, so the next build runs them again rather than trusting a half-moved state.
    """
    for stem in executed:
        (STAMPS / f"{stem}.json").unlink(missing_ok=True)
    for kind in ("figures", "chapters"):
        for src in sorted(staged(kind).glob("*")) if staged(kind).is_dir() else []:
            _write_if_changed(src, ACCEPTED[kind] / src.name)
    for kind in MIRRORED:  # stamps ("exec") last
        dest = ACCEPTED[kind]
        dest.mkdir(parents=True, exist_ok=True)
        keep = {src.name for src in staged(kind).glob("*.json")}
        for old in dest.glob("*.json"):
            if old.name not in keep:
                old.unlink()
        for src in sorted(staged(kind).glob("*.json")):
            _write_if_changed(src, dest / src.name)
    shutil.rmtree(STAGE, ignore_errors=True)


def execute_all(jobs: int, force: bool = False) -> list[Outcome]:
    """The drift checks, the validation of every raw table, then every stage and the gate; the
    outcomes of all notebooks."""
    claims = ledger.load()
    readings.check_against(claims)  # readings and second readings name real claims, disagreements resolved
    drift.check_toc(claims)
    drift.check_upstream()
    drift.check_nbval()
    t_val = time.monotonic()
    validate_all(jobs)
    print(f"raw tables valid ({time.monotonic() - t_val:.1f} s)", flush=True)
    env = environment_key()
    nbs = notebooks()
    shutil.rmtree(FAILED, ignore_errors=True)
    open_stage()
    try:
        outcomes = _run_and_gate(claims, nbs, jobs, env, force)
    except BaseException:
        shutil.rmtree(STAGE, ignore_errors=True)  # nothing of a failed run lasts
        raise
    commit([o.notebook for o in outcomes if o.executed])
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
    return outcomes


def _run_and_gate(claims: dict[str, ledger.Claim], nbs: list[Path], jobs: int, env: str, force: bool) -> list[Outcome]:
    t0 = time.monotonic()
    outcomes: list[Outcome] = []
    for level in sorted({stage(p) for p in nbs}):
        t_stage = time.monotonic()
        outcomes += run_stage([p for p in nbs if stage(p) == level], jobs, env, force)
        print(f"stage {level} done ({time.monotonic() - t_stage:.1f} s)", flush=True)
        failed = [o for o in outcomes if o.error]
        if failed:
            raise GateError("notebooks failed:\n" + "\n".join(f"  {o.notebook}: {o.error}" for o in failed))
    # drop results and stamps of notebooks that no longer exist
    for kind in MIRRORED:
        for old in staged(kind).glob("*.json"):
            if not (CHAPTERS / f"{old.stem}.ipynb").is_file():
                old.unlink()
    problems = gate(claims, staged("results"))
    if problems:
        raise GateError("the gate refuses to build the book:\n  " + "\n  ".join(problems))
    ran = sum(o.executed for o in outcomes)
    print(
        f"executed {ran}/{len(outcomes)} notebooks in {time.monotonic() - t0:.1f} s; "
        f"{len(claims)} claims, all verdicts as audited",
        flush=True,
    )
    return outcomes


def site_key(builder: str) -> str:
    """Hash of everything Sphinx reads: pages, notebooks with their outputs, figures, config, the
    ledger and the accepted results (the claim cards are rendered from them), the package (its
    Sphinx extension, styles, scripts and templates), and the addresses and date the Pages build
    passes (repository, base URL, SOURCE_DATE_EPOCH)."""
    h = hashlib.sha256(builder.encode())
    for name in ("DTBOOK_REPOSITORY_URL", "DTBOOK_BASE_URL", "SOURCE_DATE_EPOCH"):  # addresses and the date pages carry
        h.update(os.environ.get(name, "").encode() + b"\0")
    files = [p for pattern in ("*.md", "*.yml", "*.bib", "chapters/*", "figures/*") for p in sorted(ROOT.glob(pattern))]
    files += (
        sorted(RESULTS.glob("*.json"))
        + [LEDGER]
        + sorted(p for p in PACKAGE.rglob("*") if "__pycache__" not in p.parts)
    )
    for path in files:
        if path.is_file():
            h.update(rel(path).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def data_key() -> str:
    """Hash of what a page can read at Sphinx time besides its own source: the accepted results,
    the ledger and the raw tables (the claim cards render from them, page rows' words included),
    and the package that renders them (a changed card must not keep its old doctree)."""
    h = hashlib.sha256()
    package = sorted(p for p in PACKAGE.rglob("*") if "__pycache__" not in p.parts)
    for path in [*sorted(RESULTS.glob("*.json")), LEDGER, *sorted(RAW.glob("*")), *package]:
        if path.is_file():
            h.update(rel(path).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def reset_if_data_changed(aside: Path, key: str) -> bool:
    """Drop Sphinx's kept environment when the results or the ledger changed: Sphinx re-reads only
    sources whose own files changed, so a page rendering results would keep its old doctree."""
    marker = aside / ".dtbook-data-key"
    if marker.is_file() and marker.read_text() == key:
        return False
    shutil.rmtree(aside, ignore_errors=True)
    aside.mkdir(parents=True)
    marker.write_text(key)
    return True


def sphinx(builder: str = "html") -> Path:
    """Build into _build/next (kept, so Sphinx can rebuild only what changed), then publish a copy
    to _build/<builder> only on success (:mod:`dtbook.site.publish`: a symlink switched atomically).
    Skipped when nothing Sphinx reads has changed.

    A failed build deletes _build/next: Sphinx would otherwise report "no targets are out of
    date" on the next run and pass a broken book. A book with a broken internal link is a failed
    build. The site key is kept beside the published folder (``_build/<builder>.site-key``), not in
    it, so the published files are only what Sphinx made.
    """
    from . import bib, status  # generated pages: the status page and the data-source entries

    status.write()
    bib.main([])
    final = BUILD / builder
    key = site_key(builder)
    stamp = BUILD / f"{builder}.site-key"
    if final.is_dir() and stamp.is_file() and stamp.read_text() == key:
        print(f"{rel(BUILD)}/{final.name} is up to date")
        return final
    aside = BUILD / "next"
    # Sphinx re-reads only the changed sources (the doctrees are kept) but writes every page:
    # pages it kept from a previous run would differ from a clean build's (a stylesheet that
    # myst-nb copies only at the end of a build gets a ?v= checksum in the kept pages, not in a
    # clean build's), and an incremental build is meant to equal a clean one byte for byte.
    shutil.rmtree(aside / "_build" / builder, ignore_errors=True)
    reset_if_data_changed(aside, data_key())
    cmd = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(ROOT),
        "--path-output",
        str(aside),
        "--builder",
        builder,
        "-W",
        "-n",
        "--keep-going",
        "-q",
    ]
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    proc = subprocess.run(cmd, cwd=ROOT, env=env)
    built = aside / "_build" / builder
    if proc.returncode != 0 or not built.is_dir():
        shutil.rmtree(aside, ignore_errors=True)
        raise GateError(f"jupyter-book build failed (exit {proc.returncode}); the last good book is kept")
    if builder == "html":
        try:
            drift.check_links(built)
        except GateError:
            shutil.rmtree(aside, ignore_errors=True)
            raise
    stamp.unlink(missing_ok=True)
    publish(built, final)  # a symlink switched by one rename: never a moment with no book
    stamp.write_text(key)
    return final


def main(argv: list[str] | None = None) -> int:
    """``python -m dtbook.site.build``: verify every claim, then build the book; the exit status."""
    ap = argparse.ArgumentParser(prog="python -m dtbook.site.build", description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--force", action="store_true", help="execute every notebook")
    ap.add_argument("--execute-only", action="store_true", help="run and gate, do not build HTML")
    ap.add_argument("--builder", default="html")
    ap.add_argument(
        "--lock-timeout",
        type=float,
        default=float(os.environ.get("DTBOOK_LOCK_TIMEOUT", TIMEOUT)),
        help="seconds to wait for another build holding _build/.lock",
    )
    args = ap.parse_args(argv)
    if STAGED:
        print(
            f"BUILD STOPPED: {STAGED_ENV} is set; it is for the kernels a build starts, not for the build",
            file=sys.stderr,
        )
        return 1
    try:
        with build_lock(timeout=args.lock_timeout):  # one build at a time in this build folder
            execute_all(args.jobs, args.force)
            if not args.execute_only:
                t_sphinx = time.monotonic()
                out = sphinx(args.builder)
                print(f"sphinx ({time.monotonic() - t_sphinx:.1f} s)")
                print(f"book built: {rel(BUILD)}/{out.name}/index.html")
    except (GateError, DataError, LockTimeout) as exc:
        print(f"BUILD STOPPED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
