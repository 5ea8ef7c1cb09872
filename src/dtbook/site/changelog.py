"""The corrections log: every change of a claim's verdict, evidence grade or recomputed value
between releases, in ``CHANGELOG.md``, on the book's *Corrections log* page and on each claim's page.

A release's results are kept in ``data/releases/``: ``index.csv`` (``version, commit, date``) and,
per release, ``<version>.csv`` (``id, verdict, grade, recomputed``), recovered once from the stored
notebook outputs of the release's commit (each chapter prints one line per claim, ``S21-02 | stated
... | recomputed ... | verdict ... | evidence ... | as audited``), with the ledger's verdict at that
commit for a claim that printed no line. The state after the last release is the current build's
results (the next minor version, *unreleased*, dated by ``SOURCE_DATE_EPOCH`` or the last commit).
Each change carries one reason: for a verdict, the written resolution of the second reading when
there is one, else the ledger's reason; for a grade or a value, the ledger's reason, else the first
sentence of its notes.

python -m dtbook.site.changelog                    # rewrite CHANGELOG.md (make regenerate)
python -m dtbook.site.changelog --check            # exit 1 when CHANGELOG.md is out of step
python -m dtbook.site.changelog --snapshot v0.1.0  # record a tagged release's results from git
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from dtbook.data.csvfile import read_records
from dtbook.data.paths import DATA, ROOT, rel
from dtbook.data.readings import second_readings
from dtbook.site import settings
from dtbook.site.generated import sync

RELEASES: Path = DATA / "releases"
INDEX: Path = RELEASES / "index.csv"
CHANGELOG: Path = ROOT / "CHANGELOG.md"
INDEX_COLUMNS = ("version", "commit", "date")
STATE_COLUMNS = ("id", "verdict", "grade", "recomputed")
#: the line a check prints under its cell (dtbook.chapter.audit.Result.line)
LINE = re.compile(r"^(S\d+-\d{2}) \| stated .*? \| recomputed (.*) \| verdict (\w+)[^|]* \| evidence (\w+) \| ")
#: what a change can be about, in the order a claim's changes are listed
FIELDS = ("verdict", "grade", "recomputed")


@dataclass(frozen=True)
class Release:
    """One state of the results: a tagged release, or the unreleased state of the current build."""

    version: str
    date: str
    commit: str = ""  # "" for the unreleased state
    states: tuple[tuple[str, str, str, str], ...] = ()  # (id, verdict, grade, recomputed)

    @property
    def released(self) -> bool:
        """Whether this state was released (tagged) or is the current, unreleased one."""
        return bool(self.commit)

    def by_id(self) -> dict[str, tuple[str, str, str]]:
        """Verdict, grade and recomputed value by claim id."""
        return {s[0]: s[1:] for s in self.states}


@dataclass(frozen=True)
class Change:
    """One change of one claim between two states: which field, from what, to what, and why."""

    version: str
    date: str
    id: str
    field: str  # "verdict", "grade" or "recomputed"
    old: str
    new: str
    reason: str


def _git(*args: str) -> str:
    out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, encoding="utf-8", timeout=120)
    if out.returncode != 0:
        raise SystemExit(f"git {' '.join(args)}: {out.stderr.strip()}")
    return out.stdout


def printed_lines(notebook: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    """(verdict, grade, recomputed) by claim id, from the lines a notebook's stored outputs print."""
    found: dict[str, tuple[str, str, str]] = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            if output.get("output_type") != "stream":
                continue
            text = output.get("text", "")
            for line in ("".join(text) if isinstance(text, list) else text).splitlines():
                m = LINE.match(line)
                if m:
                    found[m.group(1)] = (m.group(3), m.group(4), m.group(2))
    return found


def snapshot(version: str, ref: str = "") -> Path:
    """Record a release's results from git (the tag ``version`` unless ``ref`` is given): its
    notebooks' printed lines, the ledger's verdicts for claims with no line, and its date."""
    ref = ref or version
    commit = _git("rev-parse", f"{ref}^{{commit}}").strip()
    date = _git("log", "-1", "--format=%cs", commit).strip()
    ledger = {r["id"]: r["verdict"] for r in csv.DictReader(io.StringIO(_git("show", f"{commit}:data/claims.csv")))}
    printed: dict[str, tuple[str, str, str]] = {}
    for name in _git("ls-tree", "--name-only", commit, "chapters/").split():
        if name.endswith(".ipynb"):
            printed.update(printed_lines(json.loads(_git("show", f"{commit}:{name}"))))
    rows = [(cid, *printed.get(cid, (verdict, "", ""))) for cid, verdict in ledger.items()]
    RELEASES.mkdir(parents=True, exist_ok=True)
    target = RELEASES / f"{version}.csv"
    _write(target, STATE_COLUMNS, rows)
    index = [r for r in _index() if r[0] != version] + [(version, commit, date)]
    _write(INDEX, INDEX_COLUMNS, sorted(index, key=lambda r: r[2]))
    return target


def _write(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _index() -> list[tuple[str, ...]]:
    if not INDEX.is_file():
        return []
    header, rows = read_records(INDEX)
    if tuple(header) != INDEX_COLUMNS:
        raise SystemExit(f"{rel(INDEX)}: header must be {','.join(INDEX_COLUMNS)}")
    return [tuple(r) for r in rows]


def releases() -> list[Release]:
    """Every recorded release, oldest first, with its results."""
    out = []
    for version, commit, date in _index():
        header, rows = read_records(RELEASES / f"{version}.csv")
        if tuple(header) != STATE_COLUMNS:
            raise SystemExit(f"{rel(RELEASES / version)}.csv: header must be {','.join(STATE_COLUMNS)}")
        out.append(Release(version, date, commit, tuple((r[0], r[1], r[2], r[3]) for r in rows)))
    return out


def next_version(last: str) -> str:
    """The next minor version after ``last`` ("v0.1.0" -> "v0.2.0")."""
    m = re.fullmatch(r"v?(\d+)\.(\d+)\.(\d+)", last)
    if m is None:
        return "next"
    return f"v{m.group(1)}.{int(m.group(2)) + 1}.0"


def current(date: str = "") -> Release:
    """The unreleased state: the current build's results, dated by the sources' date."""
    from dtbook.site import record  # local: a cycle (record imports changelog)

    done = releases()
    version = next_version(done[-1].version) if done else "v0.1.0"
    states = tuple((cid, r["verdict"], r["grade"], str(r["shown"])) for cid, r in record.results().items())
    return Release(version, date or settings.published(), "", states)


def reason(claim_id: str, field: str) -> str:
    """The one-line reason of a change: a verdict's resolution (second reading) or ledger reason; a
    grade's or value's ledger reason, else the first sentence of the ledger's notes."""
    from dtbook.site import record  # local: a cycle (record imports changelog)

    c = record.claims()[claim_id]
    second = second_readings().get(claim_id)
    if field == "verdict" and second and second.resolution:
        text = second.resolution
    else:
        text = c.reason or first_sentence(c.notes)
    return " ".join(text.split())


#: a full stop that ends a sentence: not after a capital (``U.S.``, ``S.``) nor in ``e.g.``, ``i.e.``,
#: ``No.``, ``vs.``, ``cf.``, and followed by a space and what can start a sentence
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!e\.g)(?<!i\.e)(?<!\bNo)(?<!\bvs)(?<!\bcf)\.\s+(?=[A-Z0-9\"'(\[])")


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (all of it when no full stop ends a sentence before its end)."""
    parts = _SENTENCE_END.split(text.strip(), maxsplit=1)
    return parts[0] + "." if len(parts) == 2 else parts[0]


def changes_between(before: Release, after: Release) -> list[Change]:
    """Every change of a verdict, grade or recomputed value from ``before`` to ``after``, by claim."""
    old, new = before.by_id(), after.by_id()
    out = []
    for cid in new:
        if cid not in old:
            out.append(Change(after.version, after.date, cid, "verdict", "", new[cid][0], reason(cid, "verdict")))
            continue
        for field, was, now in zip(FIELDS, old[cid], new[cid], strict=True):
            if was and was != now:
                out.append(Change(after.version, after.date, cid, field, was, now, reason(cid, field)))
    return out


@lru_cache(maxsize=4)
def log(date: str = "") -> tuple[tuple[Release, tuple[Change, ...]], ...]:
    """Every state after the first, newest first, with the changes that led to it."""
    states = [*releases(), current(date)]
    return tuple(
        (after, tuple(changes_between(before, after))) for before, after in reversed(list(zip(states, states[1:])))
    )


def history(claim_id: str) -> tuple[Change, ...]:
    """One claim's changes across releases, oldest first (empty when nothing changed)."""
    return tuple(ch for _, changes in reversed(log()) for ch in changes if ch.id == claim_id)


def first_release() -> Release | None:
    """The oldest recorded release (the starting point of the log), if any."""
    done = releases()
    return done[0] if done else None


def markdown(date: str = "") -> str:
    """``CHANGELOG.md`` as text (``templates/CHANGELOG.md``)."""
    from dtbook.site import cards  # local: a cycle (cards imports record, which imports changelog)

    return cards.render("CHANGELOG.md", log=log(date), first=first_release()).rstrip("\n") + "\n"


def html(base: str) -> str:
    """The corrections log as the book shows it (``templates/changelog.html``)."""
    from dtbook.site import cards  # local: a cycle (cards imports record, which imports changelog)

    return cards.render("changelog.html", log=log(), first=first_release(), base=base)


UNRELEASED = re.compile(r"^## (v\S+) \(unreleased, (\d{4}-\d{2}-\d{2})\)$", re.MULTILINE)


def main(argv: list[str] | None = None) -> int:
    """Rewrite ``CHANGELOG.md``; ``--check`` compares (ignoring the unreleased date, which moves with
    every commit); ``--snapshot VERSION`` records a tagged release's results first."""
    args = sys.argv[1:] if argv is None else argv
    if "--snapshot" in args:
        version = args[args.index("--snapshot") + 1]
        print(f"recorded {rel(snapshot(version))}")
    date = ""
    if "--check" in args and CHANGELOG.is_file():
        found = UNRELEASED.search(CHANGELOG.read_text(encoding="utf-8"))
        date = found.group(2) if found else ""
    try:
        text = markdown(date)
    except KeyError as exc:
        raise SystemExit(f"CHANGELOG: {exc.args[0]}; run make book first") from exc
    return sync(CHANGELOG, text, "make regenerate (python -m dtbook.site.changelog)", args)


if __name__ == "__main__":
    sys.exit(main())
