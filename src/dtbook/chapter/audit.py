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
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from myst_nb import glue

from dtbook.chapter import evidence
from dtbook.core.interval import Interval, half_unit
from dtbook.core.judge import (
    Judgement,
    at_paper_vintage,
    gap,
    judge,
    judge_fact,
    most_favourable,
    revision_explains,
)
from dtbook.data.errors import GateError
from dtbook.data.ledger import Claim, for_notebook, rows_digest, statements
from dtbook.data.paths import CHECKOUT, Project
from dtbook.data.readings import Reading, readings
from dtbook.data.reads import ReadLog, kernel_log
from dtbook.data.tables import Table

#: what a check may name as its inputs besides the interval it judges
Uses = Table | Interval | str | Iterable["Table | Interval | str"] | None

#: the line a check prints (:meth:`Result.line`): the notebook's reproducible output; the rendered
#: chapter leaves it out (its card says the verdict once, :mod:`dtbook.site.chapter_view`)
LINE = re.compile(r"^S\d+-\d+ \| stated .* \| recomputed .* \| verdict \S+")

#: the one measure of a gap, stated once: every view (card, claim page, summary table and its sort,
#: the landing page's findings, the downloads) shows the gap recorded by :func:`measured_gap`
GAP_RULE = (
    "The gap is how far the recomputation lies outside the printed figure's rounding band (zero inside it, "
    "and zero when a bound holds), with a sign (+ above the figure, - below it). It is measured in percentage "
    "points for a percentage, in years for a date, in places for a rank, as the difference for a count, "
    "and in percent of the printed figure for every other level (a value, a multiple, a ratio). Sorting by "
    "gap, and the findings that matter most, rank gaps by their size."
)
#: the measure of a gap by the claim's unit (:data:`GAP_RULE`); any other unit is a level
GAP_MEASURES: dict[str, str] = {"percent": "percentage points", "year": "years", "rank": "places", "count": "count"}


def gap_measure(unit: str) -> str:
    """The measure of a gap for a claim in ``unit`` (:data:`GAP_RULE`): ``percentage points`` for a
    percentage (``percent``, ``percent yoy``), ``years``, ``places``, ``count``, else ``percent``
    (of the printed figure)."""
    head = "percent" if unit.startswith("percent ") else unit  # "percent" itself is its own head
    return GAP_MEASURES.get(head, "percent")


def measured_gap(stated: str, comparator: str, recomputed: Interval, unit: str, exact: bool = False) -> float:
    """The gap of :data:`GAP_RULE`, in the measure :func:`gap_measure` gives for ``unit``: the signed
    distance from ``recomputed`` to the printed figure's band, in the figure's own unit (percentage
    points, years, places, a count), or in percent of the printed figure for any other level."""
    g = gap(stated, comparator, recomputed, exact=exact)
    if gap_measure(unit) == "percent":
        return float(g.percent)
    return float(g.units * 2 * half_unit(stated))  # last-digit units times the last digit's size


def _refs(uses: Uses) -> frozenset[str]:
    """The raw-value references of what a check names as used (a whole table counts as ``name#*``)."""
    if uses is None:
        return frozenset()
    if isinstance(uses, Table):
        return frozenset([f"{uses.name}#*"])
    if isinstance(uses, Interval):
        return uses.refs
    if isinstance(uses, str):
        return frozenset([uses])
    out: frozenset[str] = frozenset()
    for u in uses:
        out |= _refs(u)
    return out


@dataclass
class Result:
    """One claim's recorded result: the ledger's statement, the recomputed value or interval, the
    verdict, its evidence grade and the raw values it was computed from, as written to
    ``_build/results``."""

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
    grade: str = "none"
    refs: list[str] = field(default_factory=list)
    gap: float | None = None  # the one gap (GAP_RULE), in gap_unit
    gap_unit: str = ""  # its measure (gap_measure): percentage points, percent, years, places, count
    revised_data: bool = False
    revision_neighbour: str = ""  # the neighbouring-year claim the revised-data rule was tested on
    note: str = ""
    rebuilt: str = ""  # the producer's own printed figure a rebuilt total was checked against (a ref)
    readings: list[dict[str, str]] = field(default_factory=list)  # each reading with its own result
    context: list[str] = field(default_factory=list)  # rows read to print beside the result, not graded

    @property
    def depends_on_reading(self) -> bool:
        """The readings disagree: the verdict is the most favourable one (the reading rule)."""
        return len({r["verdict"] for r in self.readings}) > 1

    @property
    def agrees(self) -> bool:
        """True when the computed verdict is the ledger's."""
        return self.verdict == self.ledger_verdict

    def line(self) -> str:
        """The one line a check prints (what nbval compares; :data:`LINE` recognises it)."""
        stated = f"{self.comparator} {self.stated}".strip() if self.comparator != "fact" else "fact"
        mark = "as audited" if self.agrees else f"MISMATCH: ledger says {self.ledger_verdict}"
        flag = " (gap explained by revised data)" if self.revised_data else ""
        flag += " (depends on reading)" if self.depends_on_reading else ""
        return (
            f"{self.id} | stated {stated} {self.unit} | recomputed {self.shown} | "
            f"verdict {self.verdict}{flag} | evidence {self.grade} | {mark}"
        )


def mismatches(
    notebook: str, results: list[dict[str, Any]], claims: dict[str, Claim], unchecked: bool = True
) -> list[str]:
    """The one comparison of recorded results with the audited ledger, and its one message.

    ``results`` are one notebook's recorded results; ``claims`` the ledger rows. Used by
    :meth:`Auditor.finish` (the notebook's last cell) and by the build's gate, which lists the
    unchecked rows of all notebooks itself (``unchecked=False``).
    """
    problems: list[str] = []
    seen: set[str] = set()
    for r in results:
        cid = r["id"]
        seen.add(cid)
        c = claims.get(cid)
        if c is None:
            problems.append(f"{cid}: a check with no ledger row (in {notebook})")
        elif c.notebook != notebook:
            problems.append(f"{cid}: checked in {notebook} but the ledger puts it in {c.notebook}")
        elif r["verdict"] != c.verdict:
            problems.append(
                f"{cid}: stated {c.comparator} {c.stated} {c.unit}; recomputed {r['shown']}; "
                f"ledger verdict {c.verdict}, computed verdict {r['verdict']}"
            )
    for cid in sorted(set(claims) - seen) if unchecked else []:
        if claims[cid].notebook == notebook:
            problems.append(f"{cid}: ledger row with no check (notebook {notebook})")
    return problems


def _glue(key: str, value: str) -> None:
    glue(key, str(value), display=False)


class Auditor:
    """One notebook's recorder: one result per ledger row of the notebook, judged, graded, printed
    and glued, then written and compared with the ledger by :meth:`finish`.

    It holds what it reads and writes: ``project`` (where the ledger, the readings and the raw
    tables are, and where the results go: :data:`dtbook.data.paths.CHECKOUT`, the stage's in a
    kernel of a build run, unless another is given) and ``log``, the read log its declarations are
    tested against (the kernel's, :func:`dtbook.data.reads.kernel_log`, which the loaders a
    notebook calls write to, unless another is given). ``ledger`` gives the ledger's rows instead
    of reading ``project.ledger`` (a unit test's own rows).
    """

    def __init__(
        self,
        notebook: str,
        project: Project | None = None,
        log: ReadLog | None = None,
        ledger: Mapping[str, Claim] | None = None,
    ):
        self.notebook = notebook
        self.project = project or CHECKOUT
        self.log = log or kernel_log()
        self._ledger = ledger
        self.claims: dict[str, Claim] = (
            {k: c for k, c in ledger.items() if c.notebook == notebook}
            if ledger is not None
            else for_notebook(notebook, self.project.ledger)
        )
        self.results: dict[str, Result] = {}
        self._context: dict[str, frozenset[str]] = {}  # rows each check prints beside, checked at finish

    @property
    def _ledger_name(self) -> str:
        return self.project.rel(self.project.ledger)

    def _every_claim(self) -> Mapping[str, Claim]:
        """Every ledger row (a read of the statements of the whole ledger, recorded)."""
        if self._ledger is not None:
            return self._ledger
        return statements(self.project.ledger, self.log)

    def claim(self, claim_id: str) -> Claim:
        """The notebook's ledger row ``claim_id``; a :class:`GateError` for an id it does not own."""
        if claim_id not in self.claims:
            raise GateError(
                f"{claim_id}: a check with no ledger row in notebook {self.notebook} "
                f"(add it to {self._ledger_name} or fix the id)"
            )
        return self.claims[claim_id]

    def stated(self, claim_id: str) -> Interval:
        """The paper's own printed figure of a claim, as the interval it stands for; the one way a
        chapter reads a stated figure (``.fmt()`` gives it as printed).

        A bound ("more than 20") and a count, rank or year are exact; any other figure is its
        rounding interval ("8.4" is [8.35, 8.45]). A claim of another notebook is read from the
        whole ledger (:func:`dtbook.data.ledger.statements` records that dependency). Only for
        checks of the paper against itself; never as data. The interval carries the reference
        ``claims#<id>:stated``, recorded as read, so a check that uses it is graded ``paper``.
        """
        c = self.claims.get(claim_id) or self._every_claim().get(claim_id)
        if c is None:
            raise GateError(f"{claim_id}: no such claim in {self._ledger_name}")
        ref = f"claims#{claim_id}:stated"
        self.log.record_row(ref)
        if c.exact or c.comparator in (">", "<"):
            return replace(Interval.exact(c.stated, ref=ref), text=c.stated)
        return Interval.printed(c.stated, ref=ref)

    def _record(
        self,
        c: Claim,
        j: Judgement,
        shown: str,
        iv: Interval | None,
        note: str,
        uses: Uses = None,
        revised: bool = False,
        neighbour: str = "",
        printed: str = "",
        judged: list[dict[str, str]] | None = None,
        context: Uses = None,
        reading: tuple[str, str] | None = None,
    ) -> Result:
        if c.id in self.results:
            raise GateError(f"{c.id}: checked twice in {self.notebook}; one check per ledger row")
        sources = (iv.refs if iv else frozenset()) | _refs(uses) | (frozenset([printed]) if printed else frozenset())
        if not sources and j.verdict not in ("unverifiable", "judgement"):
            raise GateError(
                f"{c.id}: no declared input (pass the intervals it judges, uses= for the tables or rows it read, "
                "or printed= for the producer's own total)"
            )
        shown_beside = _refs(context)
        self._declare(c.id, sources, shown_beside)
        distance, measure = None, ""
        comparator, stated = reading or (c.comparator, c.stated)  # the gap of the reading the verdict follows
        if iv is not None and comparator in ("=", "~", ">", "<") and stated:
            distance, measure = measured_gap(stated, comparator, iv, c.unit, exact=c.exact), gap_measure(c.unit)
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
            grade=evidence.grade(c.id, j.verdict, sources, rebuilt=bool(printed), raw=self.project.raw),
            refs=sorted(sources),
            gap=distance,
            gap_unit=measure,
            revised_data=revised,
            revision_neighbour=neighbour,
            note=note,
            rebuilt=printed,
            readings=judged or [],
            context=sorted(shown_beside - sources),
        )
        self.results[c.id] = r
        _glue(c.id, shown)
        _glue(f"{c.id}-verdict", r.verdict)
        _glue(f"{c.id}-stated", c.stated if c.stated else "(no figure)")
        print(r.line())
        return r

    def _declare(self, claim_id: str, sources: frozenset[str], context: frozenset[str] = frozenset()) -> None:
        """Declared inputs against the read log: a declared row must have been read in this process
        (a reference is a fact, not a string), and every row this cell reads must be declared by a
        check of the cell (tested at :meth:`finish`)."""
        forged = sorted(s for s in sources if not self.log.was_read(s))
        if forged:
            raise GateError(f"{claim_id}: declares inputs this process never read: {', '.join(forged)}")
        self.log.declare(claim_id, sources | context)
        self._context[claim_id] = context

    def readings_of(self, c: Claim) -> tuple[Reading, ...]:
        """The claim's readings (``data/readings.csv``), or its one reading: the ledger's own."""
        return readings(self.project.readings).get(c.id) or (
            Reading(c.id, "as printed", "as printed", c.comparator, c.stated),
        )

    def check(
        self,
        claim_id: str,
        recomputed: Interval | Mapping[str, Interval],
        unit: str,
        digits: int = 2,
        note: str = "",
        shown: str | None = None,
        uses: Uses = None,
        other_vintage: Interval | None = None,
        neighbour: str = "",
        printed: str = "",
        context: Uses = None,
    ) -> None:
        """Judge a recomputed number against the printed figure, under every reading of the sentence.

        ``recomputed`` is one interval, or one per reading (keyed by the reading's name in
        ``data/readings.csv``) where the readings differ in what they measure. The verdict is the
        most favourable reading's (:func:`dtbook.core.judge.most_favourable`).

        ``other_vintage`` (another release of the same series) and ``neighbour`` (the id of the
        neighbouring year's claim, already checked in this notebook by the same method) feed the
        revised-data rule; the vintage rule then decides (:func:`dtbook.core.judge.at_paper_vintage`).
        ``printed`` names the producer's own printed figure (a ref) when the check rebuilds a total
        the producer prints beside its parts; the grade is then *quoted* (see :mod:`evidence`).
        ``context`` declares rows the cell reads only to print beside the result (another vintage,
        a neighbouring figure): listed on the card, not graded.
        """
        c = self.claim(claim_id)
        if unit != c.unit:
            raise GateError(f"{c.id}: recomputed in {unit!r} but the ledger states {c.unit!r}")
        if neighbour and neighbour not in self.results:
            raise GateError(f"{c.id}: neighbouring-year claim {neighbour} must be checked first, in {self.notebook}")
        rs = self.readings_of(c)
        values = dict(recomputed) if isinstance(recomputed, Mapping) else {r.reading: recomputed for r in rs}
        unknown = sorted(set(values) - {r.reading for r in rs}) or sorted({r.reading for r in rs} - set(values))
        if unknown:
            raise GateError(f"{c.id}: readings {unknown} do not match data/readings.csv")
        neighbour_ok = bool(neighbour) and self.results[neighbour].verdict == "reproduced"
        judged: list[tuple[Reading, Judgement, Interval, bool]] = []
        for r in rs:
            iv = values[r.reading]
            raw = judge(r.stated, r.comparator, iv, exact=c.exact)
            revised = revision_explains(raw, r.stated, r.comparator, other_vintage, neighbour_ok, exact=c.exact)
            judged.append((r, at_paper_vintage(raw, revised), iv, revised))
        verdict = most_favourable([j.verdict for _, j, _, _ in judged])
        r0, j0, iv0, revised0 = next(x for x in judged if x[1].verdict == verdict)
        table = (
            [
                {
                    "reading": r.reading,
                    "text": r.text,
                    "stated": f"{r.comparator} {r.stated}",
                    "shown": iv.fmt(digits),
                    "verdict": j.verdict,
                }
                for r, j, iv, _ in judged
            ]
            if len(rs) > 1
            else []
        )
        rule = j0.rule if len(rs) == 1 else f"reading '{r0.reading}': {j0.rule}"
        every_reading = [iv for iv in values.values() if iv is not iv0]  # the other readings' inputs too
        self._record(
            c,
            Judgement(verdict, j0.band, rule),
            shown or iv0.fmt(digits),
            iv0,
            note,
            _refs(uses) | frozenset().union(*(iv.refs for iv in every_reading)),
            revised0,
            neighbour,
            printed,
            table,
            context,
            (r0.comparator, r0.stated),
        )

    def fact(
        self,
        claim_id: str,
        holds: bool | None | Mapping[str, bool | None],
        shown: str,
        note: str = "",
        evidence: Interval | None = None,
        uses: Uses = None,
        context: Uses = None,
    ) -> None:
        """Judge a statement with no figure to compare (an ordering, "only", a trend test).

        ``holds`` is True, False, or None when nothing tests it (the absence rule), or one of those
        per reading (keyed as in ``data/readings.csv``). Its inputs are ``evidence``'s raw values and
        ``uses``, declared.
        """
        c = self.claim(claim_id)
        rs = self.readings_of(c)
        per = dict(holds) if isinstance(holds, Mapping) else {r.reading: holds for r in rs}
        if set(per) != {r.reading for r in rs}:
            raise GateError(f"{c.id}: readings {sorted(per)} do not match data/readings.csv")
        judged = [(r, judge_fact(per[r.reading])) for r in rs]
        verdict = most_favourable([j.verdict for _, j in judged])
        r0, j0 = next(x for x in judged if x[1].verdict == verdict)
        table = (
            [
                {
                    "reading": r.reading,
                    "text": r.text,
                    "stated": "fact",
                    "shown": {True: "holds", False: "fails", None: "untested"}[per[r.reading]],
                    "verdict": j.verdict,
                }
                for r, j in judged
            ]
            if len(rs) > 1
            else []
        )
        rule = j0.rule if len(rs) == 1 else f"reading '{r0.reading}': {j0.rule}"
        self._record(c, Judgement(verdict, None, rule), shown, evidence, note, uses, judged=table, context=context)

    def unverifiable(self, claim_id: str, searched: str, context: Uses = None) -> None:
        """No public data: say what was looked for (``context``: rows read and found wanting)."""
        c = self.claim(claim_id)
        j = Judgement("unverifiable", None, "no data")
        self._record(c, j, "no public data", None, searched, context=context)

    def judgement(self, claim_id: str, why: str, context: Uses = None) -> None:
        """An evaluative sentence with no factual kernel that data can test: classed, not rated
        (:data:`dtbook.core.judge.JUDGEMENT_RULE`). ``why`` says why no kernel can be tested;
        ``context`` declares rows read to print beside it."""
        c = self.claim(claim_id)
        j = Judgement("judgement", None, "judgement: not rated")
        self._record(c, j, "not rated (a judgement)", None, why, context=context)

    def summary(self) -> dict[str, Any]:
        """The notebook's results, sorted by id, as written to ``_build/results/<notebook>.json``."""
        return {
            "notebook": self.notebook,
            "results": [
                asdict(r) | {"depends_on_reading": r.depends_on_reading}
                for r in sorted(self.results.values(), key=lambda r: r.id)
            ],
        }

    def deps(self) -> dict[str, str]:
        """Every file this notebook read (and its own ledger rows), with their digests."""
        return self.log.files() | {
            f"{self._ledger_name}#{self.notebook}": rows_digest(self.notebook, self.project.ledger)
        }

    def finish(self) -> None:
        """Write the results and what they were computed from; raise naming every claim whose
        verdict or pairing is wrong.

        Results and inputs go to separate files, so a notebook that only reads results (the
        summary, the conclusions) re-runs when a result changes, not when an unused input does.
        """
        results, deps = self.project.results, self.project.deps
        results.mkdir(parents=True, exist_ok=True)
        deps.mkdir(parents=True, exist_ok=True)
        out = results / f"{self.notebook}.json"
        out.write_text(json.dumps(self.summary(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        (deps / f"{self.notebook}.json").write_text(
            json.dumps(self.deps(), indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        problems = mismatches(self.notebook, [asdict(r) for r in self.results.values()], self.claims)
        problems += [
            f"{cid}: context names rows this process never read: {', '.join(sorted(bad))}"
            for cid, refs in sorted(self._context.items())
            if (bad := {r for r in refs if not self.log.was_read(r)})
        ]
        problems += [
            f"the cell checking {checks} read {', '.join(refs)}, which none of its checks declares "
            "(pass it as uses= if the check rests on it, context= if it is only printed beside)"
            for checks, refs in self.log.undeclared().items()
        ]
        if problems:
            raise GateError("verdicts differ from the audited ledger:\n  " + "\n  ".join(problems))
        n = len(self.results)
        print(f"{self.notebook}: {n} claims checked, all verdicts as audited")
