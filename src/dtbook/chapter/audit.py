"""The per-notebook recorder: one check per ledger row, one ledger row per check.

In a chapter notebook::

    audit = Auditor("s2_1_trade_pattern")
    audit.check("S21-03", growth(total_2020, total_2019), unit="percent")
    ...
    audit.finish()   # last cell: raises if a verdict differs from the ledger or a claim is unchecked

Each check returns None (so a cell shows no repr: nbval runs kernels without history, where a
trailing ``;`` does not hide one), prints one stable line (what nbval compares), glues ``<id>`` (the recomputed figure),
``<id>-verdict`` and ``<id>-stated`` for the prose, and is written to ``_build/results``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from dtbook.core.interval import Interval
from dtbook.core.judge import Judgement, judge, judge_fact
from dtbook.data.errors import GateError
from dtbook.data.ledger import Claim, for_notebook, rows_digest
from dtbook.data.paths import DEPS, LEDGER, RESULTS, rel
from dtbook.data.tables import READ


@dataclass
class Result:
    id: str
    notebook: str
    stated: str
    comparator: str
    unit: str
    shown: str
    lo: float | None
    hi: float | None
    verdict: str
    ledger_verdict: str
    rule: str
    refs: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def agrees(self) -> bool:
        return self.verdict == self.ledger_verdict

    def line(self) -> str:
        stated = f"{self.comparator} {self.stated}".strip() if self.comparator != "fact" else "fact"
        mark = "ok" if self.agrees else f"MISMATCH: ledger says {self.ledger_verdict}"
        return f"{self.id} | stated {stated} {self.unit} | recomputed {self.shown} | verdict {self.verdict} | {mark}"


def _glue(key: str, value: str) -> None:
    try:
        from myst_nb import glue
    except ImportError:  # pragma: no cover - myst-nb is a hard dependency of the book
        return
    glue(key, str(value), display=False)


class Auditor:
    def __init__(self, notebook: str):
        self.notebook = notebook
        self.claims: dict[str, Claim] = for_notebook(notebook)
        self.results: dict[str, Result] = {}

    def claim(self, claim_id: str) -> Claim:
        if claim_id not in self.claims:
            raise GateError(
                f"{claim_id}: a check with no ledger row in notebook {self.notebook} "
                f"(add it to {rel(LEDGER)} or fix the id)"
            )
        return self.claims[claim_id]

    def stated(self, claim_id: str) -> Interval:
        """The paper's own printed figure of a claim, as the interval it stands for.

        Only for checks of the paper against itself (two statements of one quantity); never as data.
        """
        return Interval.printed(self.claim(claim_id).stated)

    def threshold(self, claim_id: str) -> Interval:
        """The bound a claim states ("more than 20"), as the exact number printed."""
        return Interval.exact(self.claim(claim_id).stated)

    def _record(self, c: Claim, j: Judgement, shown: str, iv: Interval | None, note: str) -> Result:
        if c.id in self.results:
            raise GateError(f"{c.id}: checked twice in {self.notebook}; one check per ledger row")
        r = Result(
            id=c.id,
            notebook=self.notebook,
            stated=c.stated,
            comparator=c.comparator,
            unit=c.unit,
            shown=shown,
            lo=float(iv.lo) if iv else None,
            hi=float(iv.hi) if iv else None,
            verdict=j.verdict,
            ledger_verdict=c.verdict,
            rule=j.rule,
            refs=sorted(iv.refs) if iv else [],
            note=note,
        )
        self.results[c.id] = r
        _glue(c.id, shown)
        _glue(f"{c.id}-verdict", r.verdict)
        _glue(f"{c.id}-stated", c.stated if c.stated else "(no figure)")
        _glue(f"{c.id}-quote", c.quote)
        print(r.line())
        return r

    def check(
        self, claim_id: str, recomputed: Interval, unit: str, digits: int = 2, note: str = "", shown: str | None = None
    ) -> None:
        """Judge a recomputed number against the ledger's printed figure."""
        c = self.claim(claim_id)
        if unit != c.unit:
            raise GateError(f"{c.id}: recomputed in {unit!r} but the ledger states {c.unit!r}")
        j = judge(c.stated, c.comparator, recomputed, exact=c.exact)
        self._record(c, j, shown or recomputed.fmt(digits), recomputed, note)

    def fact(self, claim_id: str, holds: bool, shown: str, note: str = "", evidence: Interval | None = None) -> None:
        """Judge a statement with no figure to compare (an ordering, "only", a trend test)."""
        c = self.claim(claim_id)
        self._record(c, judge_fact(bool(holds)), shown, evidence, note)

    def unverifiable(self, claim_id: str, searched: str) -> None:
        """No public raw data: say what was looked for."""
        c = self.claim(claim_id)
        j = Judgement("unverifiable", None, "no data")
        self._record(c, j, "no public data", None, searched)

    def summary(self) -> dict[str, Any]:
        return {
            "notebook": self.notebook,
            "results": [asdict(r) for r in sorted(self.results.values(), key=lambda r: r.id)],
        }

    def deps(self) -> dict[str, str]:
        """Every file this notebook read (and its own ledger rows), with their digests."""
        return dict(sorted(READ.items())) | {f"{rel(LEDGER)}#{self.notebook}": rows_digest(self.notebook)}

    def finish(self) -> None:
        """Write the results and what they were computed from; raise naming every claim whose
        verdict or pairing is wrong.

        Results and inputs go to separate files, so a notebook that only reads results (the
        summary, the conclusions) re-runs when a result changes, not when an unused input does.
        """
        RESULTS.mkdir(parents=True, exist_ok=True)
        DEPS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"{self.notebook}.json"
        out.write_text(json.dumps(self.summary(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        (DEPS / f"{self.notebook}.json").write_text(
            json.dumps(self.deps(), indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        problems = []
        for r in self.results.values():
            if not r.agrees:
                problems.append(
                    f"{r.id}: stated {r.comparator} {r.stated} {r.unit}; recomputed {r.shown}; "
                    f"ledger verdict {r.ledger_verdict}, computed verdict {r.verdict}"
                )
        for cid in sorted(set(self.claims) - set(self.results)):
            problems.append(f"{cid}: ledger row with no check in notebook {self.notebook}")
        if problems:
            raise GateError("verdicts differ from the audited ledger:\n  " + "\n  ".join(problems))
        n = len(self.results)
        print(f"{self.notebook}: {n} claims checked, all verdicts as audited")
