"""The book's status page (chapters/status.md), written by the build before Sphinx runs.

It is generated, not tracked: execution times change with every run, and a tracked notebook
would leave the working tree dirty after each build. Everything on it but the execution times is
a function of the sources: the commit, the build date (``SOURCE_DATE_EPOCH``, else the commit's
date), the gate's result and each notebook's claims, from the accepted results. The times are
wrapped in the ``dtbook-timing`` role (:mod:`dtbook.site.timing`): shown, not indexed for search,
and the one declared difference between two builds of the same sources.
"""

from __future__ import annotations

import importlib.metadata as md
import json
import os
import platform
import subprocess
from collections import Counter
from datetime import UTC, datetime

from dtbook.core.judge import VERDICTS
from dtbook.data import ledger
from dtbook.data.paths import ACCEPTED, BUILD, CHAPTERS, ROOT
from dtbook.site import settings

PACKAGES = (
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "pandas",
    "numpy",
    "matplotlib",
    "statsmodels",
    "frictionless",
    "nbclient",
    "ipykernel",
    "nbval",
    "sphinxcontrib-bibtex",
)
TARGET = CHAPTERS / "status.md"

#: the accepted results (the status page reports the last build that passed the gate)
RESULTS = ACCEPTED["results"]


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def commit() -> str:
    """The commit the sources are at, and whether tracked files differ from it."""
    top = _git("rev-parse", "--show-toplevel")
    if top is None or os.path.realpath(top) != os.path.realpath(ROOT):
        return "not a git checkout"
    head = _git("rev-parse", "HEAD")
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    return commit_link(head) + (" with uncommitted changes to tracked files" if dirty else "")


def commit_link(head: str | None) -> str:
    """A commit as Markdown: a link to it in the repository when ``repository.url`` is set
    (:func:`dtbook.site.settings.repository_url`), else its hash alone (no dead link)."""
    if not head:
        return "no commit yet"
    repo = settings.repository_url()
    return f"[`{head}`]({repo}/commit/{head})" if repo else f"`{head}`"


def build_date() -> str:
    """From ``SOURCE_DATE_EPOCH`` (reproducible builds), else the commit's date: never the clock
    (:func:`dtbook.site.settings.source_epoch`, the date every page of the book carries)."""
    in_git = commit() != "not a git checkout"
    found = settings.source_epoch(ROOT) if os.environ.get("SOURCE_DATE_EPOCH") or in_git else None
    if found is None:
        return "unknown (no SOURCE_DATE_EPOCH and no commit)"
    epoch, source = found
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S UTC") + f" ({source})"


def addresses() -> str:
    """The settings rows: where the book is published and the repository (``_config.yml``)."""
    base = settings.base_url() or "not set (`html.baseurl` in `_config.yml`)"
    url = settings.repository_url()
    repo = f"<{url}> (issues: <{settings.issues_url()}>)" if url else "not set (`repository.url` in `_config.yml`)"
    return f"| published at | {base} |\n| repository | {repo} |"


def notebook_rows() -> tuple[list[str], str]:
    """One row per notebook (claims in the ledger, checked, agreeing, gate), and the gate's line."""
    claims = ledger.load()
    expected = Counter(c.notebook for c in claims.values())
    rows: list[str] = []
    verdicts: Counter[str] = Counter()
    failing = 0
    for nb in sorted(CHAPTERS.glob("*.ipynb")):
        path = RESULTS / f"{nb.stem}.json"
        results = json.loads(path.read_text(encoding="utf-8")).get("results", []) if path.is_file() else []
        agree = [r for r in results if r["id"] in claims and r["verdict"] == claims[r["id"]].verdict]
        verdicts.update(r["verdict"] for r in agree)
        ok = len(agree) == len(results) == expected.get(nb.stem, 0)
        failing += not ok
        stamp = BUILD / "exec" / f"{nb.stem}.json"
        seconds = json.loads(stamp.read_text(encoding="utf-8")).get("seconds", 0) if stamp.is_file() else 0
        rows.append(
            f"| `{nb.stem}` | {expected.get(nb.stem, 0)} | {len(results)} | {len(agree)} | "
            f"{'pass' if ok else 'FAIL'} | {{dtbook-timing}}`{seconds:.1f}` |"
        )
    counted = ", ".join(f"{verdicts[v]} {v}" for v in VERDICTS)
    if failing or sum(verdicts.values()) != len(claims):
        gate = f"**failed** for {failing} notebooks"
    else:
        gate = f"passed: {len(claims)} claims, every computed verdict as audited ({counted})"
    return rows, gate


def render() -> str:
    """The status page (how the book was built: notebooks, timings, gate, package versions) as Markdown."""
    rows, gate = notebook_rows()
    versions = "\n".join(f"| {name} | {md.version(name)} |" for name in PACKAGES)
    return f"""# How this book was built

The chapter notebooks are executed by `python -m dtbook.site.build` (`make book`): in parallel across
the machine's cores, and only when their code, the helper package, the lock file, or a data file
they read has changed since their last run. The gate then compares every verdict with the audited
ledger, and Jupyter Book renders the stored outputs with execution off. This page is written by
the build.

## This build

| | |
|---|---|
| sources at commit | {commit()} |
| build date | {build_date()} |
{addresses()}
| gate | {gate} |

## Notebooks

Claims the ledger assigns to each notebook, checks its last accepted run recorded, how many of
those agree with the audited verdict, and the notebook's gate result. The seconds are the
notebook's last execution (the one part of this page that differs between two builds).

| notebook | ledger claims | checked | as audited | gate | seconds |
|---|---|---|---|---|---|
{chr(10).join(rows)}

## Package versions

Installed from `requirements.lock` (hash-locked); Python {platform.python_version()}.

| package | version |
|---|---|
{versions}
"""


def write() -> None:
    """Write the status page, only when its text changed."""
    text = render()
    if not TARGET.is_file() or TARGET.read_text(encoding="utf-8") != text:
        TARGET.write_text(text, encoding="utf-8")
