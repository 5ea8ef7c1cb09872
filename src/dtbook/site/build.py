"""Execute the notebooks that need it, in parallel; gate on the ledger; build the book.

The steps, each in its own module:

1. the drift checks (:mod:`dtbook.site.drift`) and the validation of every raw table
   (:mod:`dtbook.site.validate`);
2. a fresh stage (:mod:`dtbook.site.staging`), then, stage after stage, the notebooks whose code,
   package, lock file or read data changed (:mod:`dtbook.site.changes`) executed into it
   (:mod:`dtbook.site.execute`);
3. the gate (:mod:`dtbook.site.gate`): it stops the build, naming claim ids, when a notebook raises
   (which includes a verdict that differs from the ledger), a ledger row has no check, or a check
   has no ledger row;
4. the stage moved over the accepted state, only when the whole run passed (a failed run discards
   it: tracked notebooks and figures, accepted results and stamps stay as they were, and the next
   build after a revert passes without cleaning);
5. Sphinx on the stored outputs into a side folder, published into ``_build/html`` only on success
   (:mod:`dtbook.site.sphinx_run`).

Two builds of one folder never run at once: each holds ``_build/.lock``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from dtbook.data import ledger, readings
from dtbook.data.errors import DataError, GateError
from dtbook.data.paths import BUILD, CHECKOUT, STAGED_ENV, rel, staged
from dtbook.site import changes, drift, execute, staging
from dtbook.site.execute import Outcome
from dtbook.site.gate import gate
from dtbook.site.lock import TIMEOUT, LockTimeout, build_lock
from dtbook.site.sphinx_run import sphinx
from dtbook.site.validate import validate_all


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
    env = changes.environment_key()
    nbs = execute.notebooks()
    shutil.rmtree(execute.FAILED, ignore_errors=True)
    staging.open_stage()
    try:
        outcomes = _run_and_gate(claims, nbs, jobs, env, force)
    except BaseException:
        staging.discard()  # nothing of a failed run lasts
        raise
    staging.commit([o.notebook for o in outcomes if o.executed])
    execute.write_summary(outcomes)
    return outcomes


def _run_and_gate(claims: dict[str, ledger.Claim], nbs: list[Path], jobs: int, env: str, force: bool) -> list[Outcome]:
    t0 = time.monotonic()
    outcomes: list[Outcome] = []
    for level in sorted({execute.stage(p) for p in nbs}):
        t_stage = time.monotonic()
        outcomes += execute.run_stage([p for p in nbs if execute.stage(p) == level], jobs, env, force)
        print(f"stage {level} done ({time.monotonic() - t_stage:.1f} s)", flush=True)
        failed = [o for o in outcomes if o.error]
        if failed:
            raise GateError("notebooks failed:\n" + "\n".join(f"  {o.notebook}: {o.error}" for o in failed))
    staging.drop_removed()
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
    if CHECKOUT.staged:
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
