"""One record per claim: everything any view of a claim shows, built in one place.

:func:`claim_records` joins, for each ledger row (the ledger's order), the recorded result (from
``_build/results``), every input the check read with its value, the page's own words, producer,
page status and address, the gap, a plain one-line finding, and where the claim lives in the book.
The views (the chapter's compact card, the claim's own page, the claims tables, the downloads, the
landing page's overview, the README's counts, the errata page and ``make claim``) read these
records; none of them goes back to the ledger or the results for a claim's facts.

Defined here once: the anchor of a claim (:func:`anchor`), its place in a chapter
(:func:`locator`), its own page (:func:`page`), the gap (:func:`gap`) and the tallies by verdict and
grade (:func:`tallies`, over :data:`dtbook.core.judge.VERDICTS`, so a new verdict word is counted
without a change here).

It also carries what the rules of fairness record: every reading of the sentence with its own
result (``readings``, from the check) and whether the verdict depends on the reading, the
independent second reading and its resolution (``second_reading``, from
``data/second_reading.csv``), the producer's printed total a rebuilt figure was checked against
(``rebuilt``), and the rows printed beside the result but not graded (``context``); and the claim's
changes of verdict, grade or value between releases (``history``, :mod:`dtbook.site.changelog`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import cache, lru_cache
from typing import Any

from dtbook.chapter import evidence
from dtbook.chapter.report import results as recorded_results
from dtbook.core.judge import VERDICTS
from dtbook.data import ledger, tables
from dtbook.data.ledger import Claim
from dtbook.data.paths import CHECKOUT, Project
from dtbook.data.provenance import SOURCE_LABELS, descriptor_path, read_descriptor, repository_url
from dtbook.data.provenance import locator as table_locator
from dtbook.data.readings import second_readings
from dtbook.site import changelog, settings

PAPER_TITLE = "Research on the current status, problems and countermeasures of China's digital trade development"
PAPER_AUTHOR = "Yu Ya"
PAPER_PUBLISHER = "School of Economics and Management, Guangxi Normal University"


def display_quote(quote: str) -> str:
    """The paper's sentence as a reader should see it: the source text's ``\\$`` escapes and
    ``^[n]`` citation markers removed (the ledger keeps the verbatim quote)."""
    text = quote.replace("\\$", "$")
    text = re.sub(r"\s?\^\[\d+(?:[,-]\d+)*\]", "", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def anchor(claim_id: str) -> str:
    """The claim's anchor, on its chapter and on its own page: ``claim-s21-02``."""
    return f"claim-{claim_id.lower()}"


def page(claim_id: str) -> str:
    """The claim's own page, relative to the book's root: ``claims/S21-02.html``."""
    return f"claims/{claim_id}.html"


def locator(claim: Claim) -> str:
    """The claim's section in its chapter, relative to the book's root."""
    return f"chapters/{claim.notebook}.html#{anchor(claim.id)}"


def stated_text(c: Claim) -> str:
    """The stated figure in words, with its comparator and unit ("about 8.3 percent")."""
    if c.comparator == "fact" or not c.stated:
        return "a statement (no figure to compare)"
    comp = {"=": "", "~": "about ", ">": "more than ", "<": "less than "}[c.comparator]
    return f"{comp}{c.stated} {c.unit}".strip()


@dataclass(frozen=True)
class Gap:
    """The claim's one gap (:data:`dtbook.chapter.audit.GAP_RULE`): its signed ``value`` in its
    measure ``unit`` (percentage points, percent of the printed figure, years, places, count), in
    words (``text``) and for a table cell (``short``); all empty for a statement."""

    value: float | None = None
    unit: str = ""
    text: str = ""
    short: str = ""

    @property
    def magnitude(self) -> float | None:
        """The gap's size, what sorting and the findings rank by (None when there is no gap)."""
        return None if self.value is None else abs(self.value)


#: how a gap's measure is written in words and in a table cell, with its number format
_GAP_WORDS: dict[str, tuple[str, str, str]] = {
    "percentage points": ("percentage points", "pp", "{:+.2f}"),
    "percent": ("% of the printed figure", "%", "{:+.2f}"),
    "years": ("years", "years", "{:+.0f}"),
    "places": ("places", "places", "{:+.0f}"),
    "count": ("in the count", "", "{:+.0f}"),
}


def gap(r: dict[str, Any]) -> Gap:
    """The recorded gap in its measure, in words and for a table cell; 0 inside the band or when a
    bound holds."""
    value, unit = r.get("gap"), str(r.get("gap_unit") or "")
    if value is None or not unit:
        return Gap()
    if value == 0:
        if r.get("comparator") in (">", "<"):
            return Gap(0.0, unit, "none: the bound holds", "0")
        return Gap(0.0, unit, "none: the recomputation lies within the printed figure's rounding band", "0")
    words, short, fmt = _GAP_WORDS.get(unit, (unit, unit, "{:+.2f}"))
    number = fmt.format(value)
    if abs(value) == 1 and short in ("years", "places"):  # one year, one place
        words = short = short.removesuffix("s")
    where = "above" if value > 0 else "below"
    band = "the threshold" if r.get("comparator") in (">", "<") else "the printed figure's band"
    if r.get("unit") in ledger.EXACT_UNITS:  # a year, rank or count has no rounding band
        band = "the printed figure"
    return Gap(float(value), unit, f"{number} {words} ({where} {band})", f"{number} {short}".strip())


@dataclass(frozen=True)
class Input:
    """One value a check read (``table#key:column``), with what a reader needs to find it."""

    ref: str
    kind: str  # "page" (a row transcribed from a public page), "dataset", "paper", "claim"
    table: str
    key: str  # "*" for a whole table read as a series or a frame
    column: str
    value: str  # the cell as stored ("" for a whole table, the paper or another claim)
    unit: str = ""
    producer: str = ""
    title: str = ""
    url: str = ""  # the page, or the file at its commit, or the producer's page
    date: str = ""
    status: str = ""  # a source label (dtbook.data.provenance.SOURCE_LABELS) or compilation
    words: str = ""  # the page's own words around the figure
    official_url: str = ""
    official_title: str = ""
    where: str = ""  # a dataset's locator: owner/repo path @ commit, or the producer's URL


@dataclass(frozen=True)
class Source:
    """What a card lists: one page row, one dataset table (with the rows read), the paper, or a
    list of other claims."""

    kind: str  # "page", "dataset", "paper", "claim"
    table: str
    keys: tuple[str, ...]
    producer: str = ""
    title: str = ""
    url: str = ""
    date: str = ""
    status: str = ""
    words: str = ""
    official_url: str = ""
    official_title: str = ""
    where: str = ""
    url_main: str = ""


@dataclass(frozen=True)
class ClaimRecord:
    """Everything the views show of one claim."""

    id: str
    claim: Claim
    result: dict[str, Any]
    sentence: str  # the paper's sentence as shown (display_quote)
    stated: str  # the stated figure in words
    recomputed: str
    verdict: str
    grade: str
    grade_meaning: str
    gap: Gap
    finding: str
    inputs: tuple[Input, ...]
    sources: tuple[Source, ...]
    anchor: str
    locator: str  # the claim's section in its chapter, from the book's root
    page: str  # the claim's own page, from the book's root
    url: str  # the claim's own page, absolute ("" when html.baseurl is not set)
    revision_neighbour: str = ""  # the neighbouring year's claim the revised-data rule compared with
    revision_neighbour_verdict: str = ""
    revision_users: tuple[str, ...] = ()
    #: every reading of the sentence with its own result (empty when it has one reading)
    readings: list[dict[str, Any]] = field(default_factory=list)
    #: the independent second reading: book_verdict, verdict, readings, sentence, resolution
    second_reading: dict[str, Any] = field(default_factory=dict)
    #: the producer's own printed figure that a rebuilt total was checked against
    rebuilt: tuple[Source, ...] = ()
    #: rows read only to print beside the result (another vintage, a published rate): not graded
    context: tuple[Source, ...] = ()
    #: the claim's changes of verdict, grade or recomputed value between releases, oldest first
    history: tuple[changelog.Change, ...] = ()
    #: the release the history starts from: version and date ("" when none is recorded)
    history_from: tuple[str, str] = ("", "")

    @property
    def grade_label(self) -> str:
        """The grade as its badge says it (:func:`grade_label`): ``dataset (copy)`` when it rests on a copy."""
        return grade_label(self.grade, self.sources)

    @property
    def source_labels(self) -> tuple[str, ...]:
        """The labels of the sources the verdict rests on (official, press, reprint, copy), each
        once, in the order of :data:`dtbook.data.provenance.SOURCE_LABELS`."""
        found = {s.status for s in self.sources}
        return tuple(label for label in SOURCE_LABELS if label in found)

    @property
    def depends_on_reading(self) -> bool:
        """The readings give different verdicts; the verdict is the most favourable one."""
        return len({r["verdict"] for r in self.readings}) > 1

    @property
    def revised_data(self) -> bool:
        """Whether the gap is explained by the producer's later revision of the series."""
        return bool(self.result.get("revised_data"))


@lru_cache(maxsize=1)
def claims(project: Project = CHECKOUT) -> dict[str, Claim]:
    """The project's ledger (the checkout's unless another project is given), loaded once."""
    return ledger.load(project.ledger)


@lru_cache(maxsize=1)
def results(project: Project = CHECKOUT) -> dict[str, dict[str, Any]]:
    """Every result by claim id in the project's results folder (the checkout's unless another
    project is given), read once."""
    return recorded_results(project.results)


def result(claim_id: str, project: Project = CHECKOUT) -> dict[str, Any]:
    """The recorded result of one claim (KeyError naming it when its chapter has not run)."""
    r = results(project).get(claim_id)
    if r is None:
        raise KeyError(f"{claim_id}: no recorded result (run the build so its chapter executes first)")
    return r


@cache
def table_descriptor(table: str) -> dict[str, Any]:
    """The resource descriptor of a raw table."""
    return read_descriptor(descriptor_path(table))


@cache
def table_rows(table: str) -> dict[str, dict[str, str]]:
    """A table's rows by their key as results name it (``a/b`` for a compound key)."""
    t = tables.load(table)
    out: dict[str, dict[str, str]] = {}
    for i, rec in t.df.iterrows():
        key = "/".join(str(rec[k]) for k in t.key) if t.key else str(i)
        out[key] = {str(k): str(v) for k, v in rec.items()}
    return out


def _kind(table: str) -> str:
    if table == "paper":
        return "paper"
    if table in ("claims", "results"):
        return "claim"
    return "page" if evidence.is_page_table(table) else "dataset"


def page_row(table: str, key: str) -> Source:
    """One row of a table transcribed from public pages: its page, producer, status and words."""
    return page_source(table, key, table_rows(table).get(key, {}))


def page_source(table: str, key: str, row: Mapping[str, str]) -> Source:
    """The source a page row names, from its columns (empty where a column is missing): the page's
    title (its publisher's name, else its address, when it has none) and the producer's own page
    only when it is another address."""
    return Source(
        "page",
        table,
        (key,),
        producer=row.get("publisher", ""),
        title=row.get("page_title") or row.get("publisher") or row.get("url", ""),
        url=row.get("url", ""),
        date=row.get("date_published", ""),
        status=row.get("page_status", ""),
        words=row.get("quote", ""),
        official_url=row.get("official_url", "") if row.get("official_url") != row.get("url") else "",
        official_title=row.get("official_title", ""),
    )


def dataset(table: str, keys: tuple[str, ...]) -> Source:
    """A table read as a whole or by rows: its producer, title, date, status and addresses."""
    return dataset_source(table, keys, table_descriptor(table))


def dataset_source(table: str, keys: tuple[str, ...], desc: Mapping[str, Any]) -> Source:
    """The source a table's descriptor names (empty where a field is missing; the descriptor's title
    when its origin has none)."""
    o = desc.get("origin") or {}
    return Source(
        "dataset",
        table,
        keys,
        producer=str(o.get("producer", "")),
        title=str(o.get("title", desc.get("title", ""))),
        url=repository_url(o) or "",
        date=str(o.get("date_published", "")),
        status=str(o.get("status", "")),
        where=table_locator(o),
        url_main=str(o.get("url_main") or ""),
    )


def _unit(desc: Mapping[str, Any], column: str, row: Mapping[str, str]) -> str:
    """The unit of one read value: the row's own (a tidy table) or the descriptor's for its column."""
    if column == "value" and row.get("unit"):
        return row["unit"]
    fields = (desc.get("units") or {}).get("fields") or {}
    unit = fields.get(column)
    return unit if isinstance(unit, str) else ""


#: what an input from the paper or another claim names of its source: nothing
_NO_SOURCE = Source("", "", ())


def inputs_of(refs: list[str]) -> tuple[Input, ...]:
    """Each recorded reference with its value and its source's particulars, in the recorded order."""
    out = []
    for ref in refs:
        table, _, rest = ref.partition("#")
        key, _, column = rest.rpartition(":") if ":" in rest else (rest, "", "")
        kind = _kind(table)
        value = unit = ""
        if kind in ("page", "dataset") and key != "*":
            row = table_rows(table).get(key, {})
            value = row.get(column or "value", "")
            unit = _unit(table_descriptor(table), column or "value", row)
        if kind == "page" and key != "*":
            s = page_row(table, key)
        elif kind in ("page", "dataset"):
            s = dataset(table, (key,))
        else:  # the paper, another claim: no page or producer to name
            s = _NO_SOURCE
        out.append(
            Input(
                ref=ref,
                kind=kind,
                table=table,
                key=key,
                column=column,
                value=value,
                unit=unit,
                producer=s.producer,
                title=s.title,
                url=s.url or s.url_main,
                date=s.date,
                status=s.status,
                words=s.words,
                official_url=s.official_url,
                official_title=s.official_title,
                where=s.where,
            )
        )
    return tuple(out)


def sources_of(refs: list[str]) -> tuple[Source, ...]:
    """What a card lists, grouped by table in a stable order: each page row on its own, a dataset
    once with the rows read, the paper once, the other claims as one list."""
    by_table: dict[str, set[str]] = {}
    for ref in refs:
        table, _, rest = ref.partition("#")
        by_table.setdefault(table, set()).add(rest.rsplit(":", 1)[0])
    out: list[Source] = []
    for table in sorted(by_table):
        keys = tuple(sorted(by_table[table]))
        kind = _kind(table)
        if kind == "page":
            out += [page_row(table, k) for k in keys if k != "*"]
            if "*" in keys:  # a whole page table read as a frame
                out.append(dataset(table, ("*",)))
        elif kind == "dataset":
            out.append(dataset(table, keys))
        else:
            out.append(Source(kind, table, keys))
    return tuple(out)


def finding(c: Claim, r: dict[str, Any], g: Gap) -> str:
    """What the check found, in one plain sentence. It does not name the verdict: every view shows
    the verdict once, by its badge or its own column, beside this sentence."""
    verdict = r["verdict"]
    if verdict in ("unverifiable", "judgement"):
        return _sentence(c.reason or "no public data was found")
    lead = ""
    if len({x["verdict"] for x in r.get("readings", [])}) > 1:
        best = next(x for x in r["readings"] if x["verdict"] == verdict)
        lead = f"on the reading most favourable to the paper ({best['text']}), "
    if c.comparator == "fact" or not c.stated:
        holds = "the statement holds" if verdict == "reproduced" else "the statement does not hold as printed"
        return _sentence(f"{lead}{holds}; the sources show {r['shown']}.")
    off = f" (off by {g.short})" if g.short and g.short != "0" else ""
    shown = str(r["shown"])
    if c.unit and not any(ch.isalpha() for ch in shown):  # a bare figure or interval: say its unit
        shown = f"{shown} {c.unit}"
    return _sentence(f"{lead}the paper prints {stated_text(c)}; the data give {shown}{off}.")


def _sentence(text: str) -> str:
    """``text`` with its first letter a capital."""
    return text[:1].upper() + text[1:]


def grade_label(grade: str, sources: tuple[Source, ...]) -> str:
    """The grade as its badge says it: a *dataset* grade that rests on a table held as a copy (a
    repository copy of the producer's file, not the producer's own) says so, ``dataset (copy)``."""
    if grade == "dataset" and any(s.kind == "dataset" and s.status == "copy" for s in sources):
        return "dataset (copy)"
    return grade


def build(claim_id: str, project: Project = CHECKOUT) -> ClaimRecord:
    """The record of one claim in a project, the checkout unless another is given (use
    :func:`claim_records` for all of them)."""
    c = claims(project)[claim_id]
    r = result(claim_id, project)
    g = gap(r)
    refs = list(r.get("refs") or [])
    second = second_readings(project.second_reading).get(c.id)
    rebuilt = str(r.get("rebuilt") or "")
    sources = sources_of(refs)
    try:
        url = settings.absolute(page(c.id))
    except ValueError:
        url = ""
    return ClaimRecord(
        id=c.id,
        claim=c,
        result=r,
        sentence=display_quote(c.quote),
        stated=stated_text(c),
        recomputed=r["shown"],
        verdict=r["verdict"],
        grade=r["grade"],
        grade_meaning=evidence.MEANING.get(r["grade"], ""),
        gap=g,
        finding=finding(c, r, g),
        inputs=inputs_of(refs),
        sources=sources,
        anchor=anchor(c.id),
        locator=locator(c),
        page=page(c.id),
        url=url,
        revision_neighbour=str(r.get("revision_neighbour") or ""),
        revision_neighbour_verdict=str(results(project)[r["revision_neighbour"]]["verdict"])
        if r.get("revision_neighbour")
        else "",
        revision_users=tuple(
            sorted(cid for cid, other in results(project).items() if other.get("revision_neighbour") == claim_id)
        ),
        readings=list(r.get("readings") or []),
        second_reading=asdict(second) if second else {},
        rebuilt=sources_of([rebuilt]) if rebuilt else (),
        context=sources_of(list(r.get("context") or [])),
        history=changelog.history(c.id),
        history_from=_history_from(changelog.first_release()),
    )


def _history_from(first: changelog.Release | None) -> tuple[str, str]:
    return (first.version, first.date) if first else ("", "")


@lru_cache(maxsize=1)
def claim_records(project: Project = CHECKOUT) -> dict[str, ClaimRecord]:
    """Every claim's record by id, in the ledger's order (the checkout's unless another project is
    given)."""
    return {cid: build(cid, project) for cid in claims(project)}


@dataclass(frozen=True)
class Tallies:
    """Claims by verdict, and by verdict and evidence grade."""

    counts: dict[str, int]
    by_grade: dict[str, dict[str, int]]

    @property
    def total(self) -> int:
        """Every claim counted."""
        return sum(self.counts.values())


def tallies(records: dict[str, ClaimRecord] | None = None, project: Project = CHECKOUT) -> Tallies:
    """Counted over :data:`VERDICTS` and the evidence grades; a verdict outside them is an error.
    Without ``records``, every claim's record in the project (the checkout unless another is given)."""
    recs = claim_records(project) if records is None else records
    counts = {v: 0 for v in VERDICTS}
    by_grade = {v: {g: 0 for g in evidence.GRADES} for v in VERDICTS}
    for rec in recs.values():
        counts[rec.verdict] += 1
        by_grade[rec.verdict][rec.grade] += 1
    return Tallies(counts, by_grade)
