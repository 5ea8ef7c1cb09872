"""Root-anchored paths, so code runs from any working directory.

``RESULTS``, ``DEPS`` and ``FIGURES`` are the *accepted* state: what the last build that passed
the gate computed (Sphinx and the book read them). A build run writes into a staging folder
(``STAGE``) and the build moves it over the accepted state only when the whole run passes the
gate. The kernels a build run starts get ``DTBOOK_STAGED=1`` in their environment: there the same
names point into the stage (the run's own results, on top of a copy of the accepted ones), so the
notebooks and :mod:`dtbook.chapter` need not know. :func:`rel` names a staged file by the accepted
path it will replace, so recorded dependencies stay valid after the swap.
"""

from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    env = os.environ.get("DTBOOK_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "_toc.yml").is_file() and (candidate / "data").is_dir():
            return candidate
    # fall back to the source checkout this package lives in (editable install)
    return Path(__file__).resolve().parents[3]


ROOT: Path = _find_root()
DATA: Path = ROOT / "data"
RAW: Path = DATA / "raw"
UPSTREAM: Path = DATA / "upstream"
LEDGER: Path = Path(os.environ["DTBOOK_LEDGER"]).resolve() if os.environ.get("DTBOOK_LEDGER") else DATA / "claims.csv"
CHAPTERS: Path = ROOT / "chapters"
BUILD: Path = ROOT / "_build"
PAPER: Path = ROOT / "paper" / "paper.txt"
#: the readings of claims that have more than one, and the independent second reading
READINGS: Path = DATA / "readings.csv"
SECOND_READING: Path = DATA / "second_reading.csv"

#: the environment variable naming another stage folder: a kernel run outside the build (nbval in
#: ``make test``, see the project's root ``conftest.py``) writes into a scratch stage of its own, so it
#: never rewrites tracked figures or the accepted results
STAGE_ENV = "DTBOOK_STAGE"
#: where a build run writes before the gate accepts it
STAGE: Path = Path(os.environ[STAGE_ENV]).resolve() if os.environ.get(STAGE_ENV) else BUILD / "stage"
#: accepted location -> staged location, for everything a run writes
ACCEPTED: dict[str, Path] = {
    "results": BUILD / "results",
    "deps": BUILD / "deps",
    "exec": BUILD / "exec",
    "figures": ROOT / "figures",
    "chapters": CHAPTERS,
}
#: the environment variable the build sets for its kernels
STAGED_ENV = "DTBOOK_STAGED"
STAGED: bool = os.environ.get(STAGED_ENV) == "1"


def staged(kind: str) -> Path:
    """The staging folder for one kind of output (``results``, ``deps``, ``exec``, ``figures``, ``chapters``)."""
    return STAGE / kind


def _current(kind: str) -> Path:
    return staged(kind) if STAGED else ACCEPTED[kind]


RESULTS: Path = _current("results")
DEPS: Path = _current("deps")
FIGURES: Path = _current("figures")


def rel(path: Path) -> str:
    """A path relative to the project root, for messages (never an absolute machine path).

    A file in the stage is named by the accepted path it stands for.
    """
    p = Path(path).resolve()
    try:
        inside = p.relative_to(STAGE.resolve())
    except ValueError:
        pass
    else:
        if inside.parts and inside.parts[0] in ACCEPTED:
            p = ACCEPTED[inside.parts[0]].resolve().joinpath(*inside.parts[1:])
    try:
        return str(p.relative_to(ROOT))
    except ValueError:
        return Path(path).name
