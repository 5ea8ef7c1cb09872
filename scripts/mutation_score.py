"""Mutation score per module, from the last ``mutmut run`` (``make mutate`` and ``make mutate-all`` run both).

Reads ``mutmut results --all true`` and prints, per module, the mutants killed out of those tested
(mutmut's own score: killed and timed out over all but skipped), and out of those tested that are
not listed as equivalent. Every mutant that was not killed
must be explained as equivalent in ``tests/unit/EQUIVALENT_MUTANTS.md`` (by its id); exits 1
naming any that is not, and any listed there that now survives no longer (so the list stays true).

Arguments name the packages the run covered (``dtbook.core``: ``make mutate``); without any, every
mutated module is reported (``make mutate-all``). Mutants outside them, not run, are not counted.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

from dtbook.data.paths import ROOT, rel

EXPLAINED = ROOT / "tests" / "unit" / "EQUIVALENT_MUTANTS.md"
KILLED = {"killed", "timeout", "caught by type check"}


def statuses(mutmut: str) -> dict[str, str]:
    out = subprocess.run([mutmut, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True)
    found: dict[str, str] = {}
    for line in out.stdout.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name.startswith("dtbook."):
            found[name] = status
    return found


def module(mutant: str) -> str:
    """dtbook.core.interval.xǁIntervalǁpow__mutmut_12 -> dtbook.core.interval"""
    return ".".join(mutant.split(".")[:3])


def main(packages: list[str]) -> int:
    mutmut = str(Path(sys.executable).parent / "mutmut")
    found = {k: v for k, v in statuses(mutmut).items() if not packages or any(k.startswith(p + ".") for p in packages)}
    if not found:
        print("no mutation results: run `make mutate`", file=sys.stderr)
        return 1
    text = EXPLAINED.read_text(encoding="utf-8") if EXPLAINED.is_file() else ""
    explained = set(re.findall(r"`(dtbook\.[^`\s]+__mutmut_\d+)`", text))
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    unexplained: list[str] = []
    for name, status in sorted(found.items()):
        by_module[module(name)][status] += 1
        if status not in KILLED and name not in explained:
            unexplained.append(f"{name}: {status}")
    stale = [
        f"{name}: {found.get(name, 'no such mutant')}"
        for name in sorted(explained)
        if found.get(name) in KILLED | {None} and (not packages or any(name.startswith(p + ".") for p in packages))
    ]
    equivalent = Counter(module(name) for name in explained if name in found)
    for mod, n in sorted(by_module.items()):
        tested = sum(n.values()) - n["skipped"]
        killed = sum(n[s] for s in KILLED)
        left = ", ".join(f"{k} {v}" for k, v in sorted(n.items()) if k not in KILLED)
        real = tested - equivalent[mod]  # the mutants a test could kill
        print(
            f"{mod}: {killed}/{tested} killed ({100 * killed / tested:.1f} %), {killed}/{real} of those not "
            f"equivalent ({100 * killed / real if real else 100:.1f} %){'; ' + left if left else ''}"
        )
    where = rel(EXPLAINED)
    if unexplained:
        print(f"not killed and not explained in {where}:", *unexplained, sep="\n  ")
    if stale:
        print(f"listed as equivalent in {where} but not a survivor (renumbered or killed?):", *stale, sep="\n  ")
    return 1 if unexplained or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
