"""The project's locations, held by one object, :class:`Project`, that a process makes once.

A :class:`Project` is made from the project root and says where this process writes: the
*accepted* state (``_build/results``, ``_build/deps``, ``figures``: what the last build that
passed the gate computed, read by Sphinx and the book) or the *stage* (``_build/stage``: a build
run's own outputs, moved over the accepted state only when the whole run passes the gate). The
process's project, :data:`CHECKOUT`, is made once by :meth:`Project.from_environment`: in a
kernel the build started with ``DTBOOK_STAGED=1``, :attr:`Project.results`,
:attr:`Project.deps` and :attr:`Project.figures` are the stage's. Whatever writes outputs (a
notebook's :class:`~dtbook.chapter.audit.Auditor`, :func:`dtbook.chapter.figures.save`) or reads
the run's results (:func:`dtbook.chapter.report.results`) takes a project or a folder and
defaults to it; a unit test makes ``Project(tmp_path)`` and passes it.

The module constants below (``ROOT``, ``RAW``, ``LEDGER``, ...) are :data:`CHECKOUT`'s fixed
locations (the package's modules read their inputs there); they never re-point.
:func:`rel` names a staged file by the accepted path it will replace, so recorded dependencies stay
valid after the swap.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: the environment variable naming another project root
ROOT_ENV = "DTBOOK_ROOT"
#: the environment variable naming another ledger file (the tests that break it on purpose)
LEDGER_ENV = "DTBOOK_LEDGER"
#: the environment variable naming another stage folder: a kernel run outside the build (nbval in
#: ``make test``, see the project's root ``conftest.py``) writes into a scratch stage of its own, so it
#: never rewrites tracked figures or the accepted results
STAGE_ENV = "DTBOOK_STAGE"
#: the environment variable the build sets for its kernels: they write into the stage
STAGED_ENV = "DTBOOK_STAGED"
#: the kinds of output a run writes, each with its accepted and its staged folder
KINDS: tuple[str, ...] = ("results", "deps", "exec", "figures", "chapters")


def find_root(environ: Mapping[str, str] = os.environ, cwd: Path | None = None) -> Path:
    """The project root: ``DTBOOK_ROOT``, else the first folder up from ``cwd`` that holds
    ``_toc.yml`` and ``data/``, else the source checkout this package lives in (editable install)."""
    if environ.get(ROOT_ENV):
        return Path(environ[ROOT_ENV]).resolve()
    here = (cwd or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "_toc.yml").is_file() and (candidate / "data").is_dir():
            return candidate
    return Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Project:
    """Where a project's inputs are and where this process writes its outputs.

    ``root`` is the project root; ``stage`` the folder a build run writes into (``_build/stage``
    by default); ``staged`` says this process is a kernel of a build run, writing into the stage;
    ``ledger`` the audited ledger (``data/claims.csv`` by default).
    """

    root: Path
    stage: Path | None = None
    staged: bool = False
    ledger_file: Path | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ, cwd: Path | None = None) -> Project:
        """The project this process runs in, as the environment names it (``DTBOOK_ROOT``,
        ``DTBOOK_LEDGER``, ``DTBOOK_STAGE``, ``DTBOOK_STAGED``)."""
        return cls(
            root=find_root(environ, cwd),
            stage=Path(environ[STAGE_ENV]).resolve() if environ.get(STAGE_ENV) else None,
            staged=environ.get(STAGED_ENV) == "1",
            ledger_file=Path(environ[LEDGER_ENV]).resolve() if environ.get(LEDGER_ENV) else None,
        )

    @property
    def data(self) -> Path:
        """``data/``: the ledger, raw tables, upstream files."""
        return self.root / "data"

    @property
    def raw(self) -> Path:
        """``data/raw``: the raw tables and their descriptors."""
        return self.data / "raw"

    @property
    def upstream(self) -> Path:
        """``data/upstream``: producers' files, unchanged."""
        return self.data / "upstream"

    @property
    def ledger(self) -> Path:
        """The audited ledger, ``data/claims.csv`` unless another is named."""
        return self.ledger_file or self.data / "claims.csv"

    @property
    def readings(self) -> Path:
        """``data/readings.csv``: the readings of claims that have more than one."""
        return self.data / "readings.csv"

    @property
    def second_reading(self) -> Path:
        """``data/second_reading.csv``: the independent second reading."""
        return self.data / "second_reading.csv"

    @property
    def chapters(self) -> Path:
        """``chapters/``: the notebooks."""
        return self.root / "chapters"

    @property
    def build(self) -> Path:
        """``_build``: the build folder."""
        return self.root / "_build"

    @property
    def paper(self) -> Path:
        """``paper/paper.txt``: the paper's text."""
        return self.root / "paper" / "paper.txt"

    @property
    def stage_dir(self) -> Path:
        """The folder a build run writes into before the gate accepts it."""
        return self.stage or self.build / "stage"

    def accepted(self, kind: str) -> Path:
        """The accepted folder of one kind of output (one of :data:`KINDS`)."""
        return {
            "results": self.build / "results",
            "deps": self.build / "deps",
            "exec": self.build / "exec",
            "figures": self.root / "figures",
            "chapters": self.chapters,
        }[kind]

    def staged_dir(self, kind: str) -> Path:
        """The staging folder of one kind of output (one of :data:`KINDS`)."""
        return self.stage_dir / kind

    def output(self, kind: str) -> Path:
        """Where this process writes one kind of output: the stage's folder in a kernel of a build
        run, the accepted one otherwise."""
        return self.staged_dir(kind) if self.staged else self.accepted(kind)

    @property
    def results(self) -> Path:
        """Where this process writes recorded results (``<notebook>.json``)."""
        return self.output("results")

    @property
    def deps(self) -> Path:
        """Where this process writes the files each notebook read, with their digests."""
        return self.output("deps")

    @property
    def figures(self) -> Path:
        """Where this process writes figures."""
        return self.output("figures")

    def rel(self, path: Path) -> str:
        """A path relative to the project root, for messages (never an absolute machine path).

        A file in the stage is named by the accepted path it stands for.
        """
        p = Path(path).resolve()
        try:
            inside = p.relative_to(self.stage_dir.resolve())
        except ValueError:
            pass
        else:
            if inside.parts and inside.parts[0] in KINDS:
                p = self.accepted(inside.parts[0]).resolve().joinpath(*inside.parts[1:])
        try:
            return str(p.relative_to(self.root))
        except ValueError:
            return Path(path).name


#: the project this process runs in, read once from the environment it was started with: in a
#: kernel a build started (``DTBOOK_STAGED=1``) its results, deps and figures are the stage's. What
#: writes outputs takes a project and defaults to this one; a unit test passes its own.
CHECKOUT: Project = Project.from_environment()
ROOT: Path = CHECKOUT.root
DATA: Path = CHECKOUT.data
RAW: Path = CHECKOUT.raw
UPSTREAM: Path = CHECKOUT.upstream
LEDGER: Path = CHECKOUT.ledger
CHAPTERS: Path = CHECKOUT.chapters
BUILD: Path = CHECKOUT.build
PAPER: Path = CHECKOUT.paper
#: the readings of claims that have more than one, and the independent second reading
READINGS: Path = CHECKOUT.readings
SECOND_READING: Path = CHECKOUT.second_reading
#: where a build run writes before the gate accepts it
STAGE: Path = CHECKOUT.stage_dir
#: accepted location of each kind of output a run writes
ACCEPTED: dict[str, Path] = {kind: CHECKOUT.accepted(kind) for kind in KINDS}


def staged(kind: str) -> Path:
    """The staging folder for one kind of output (``results``, ``deps``, ``exec``, ``figures``, ``chapters``)."""
    return CHECKOUT.staged_dir(kind)


def rel(path: Path) -> str:
    """A path relative to the project root, for messages (see :meth:`Project.rel`)."""
    return CHECKOUT.rel(path)
