"""The book's status page (chapters/status.md), written by the build before Sphinx runs.

It is generated, not tracked: execution times change with every run, and a tracked notebook
would leave the working tree dirty after each build.
"""

from __future__ import annotations

import importlib.metadata as md
import json
import platform

from dtbook.data.paths import BUILD, CHAPTERS

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


def render() -> str:
    rows = []
    for stamp in sorted((BUILD / "exec").glob("*.json")):
        rec = json.loads(stamp.read_text(encoding="utf-8"))
        rows.append(f"| `{stamp.stem}` | {rec.get('seconds', 0):.1f} |")
    versions = "\n".join(f"| {name} | {md.version(name)} |" for name in PACKAGES)
    return f"""# How this book was built

The chapter notebooks are executed by `python -m dtbook.site.build` (`make book`): in parallel across
the machine's cores, and only when their code, the helper package, the lock file, or a data file
they read has changed since their last run. The gate then compares every verdict with the audited
ledger, and Jupyter Book renders the stored outputs with execution off. This page is written by
the build; the times are each notebook's last execution.

## Execution time per notebook

| notebook | seconds |
|---|---|
{chr(10).join(rows)}

## Package versions

Installed from `requirements.lock` (hash-locked); Python {platform.python_version()}.

| package | version |
|---|---|
{versions}
"""


def write() -> None:
    text = render()
    if not TARGET.is_file() or TARGET.read_text(encoding="utf-8") != text:
        TARGET.write_text(text, encoding="utf-8")
