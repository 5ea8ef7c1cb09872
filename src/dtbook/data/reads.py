"""What a process read, in one object, :class:`ReadLog`: files (for data-aware rebuilds) and rows
(for evidence).

Two records, both written only through its methods:

- **files**: project-relative path (or ``path#part`` for a slice of the ledger) -> sha256 digest.
  The build re-executes a notebook when any of them changes.
- **rows**: ``table#key:column`` references read in the current notebook cell. A check that has
  no interval to carry its inputs (a fact tested on a pandas frame, a date) takes its evidence
  from the rows its own cell read.

A notebook's :class:`~dtbook.chapter.audit.Auditor` holds the log of its kernel,
:func:`kernel_log`, made on first use, which the loaders the notebook calls (:mod:`dtbook.data.tables`,
:mod:`dtbook.data.paper`, :func:`dtbook.data.ledger.statements`, :func:`dtbook.chapter.report.results`)
write to unless they are given another; a unit test makes its own ``ReadLog()`` and passes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from dtbook.data.paths import CHECKOUT, Project


def sha256_bytes(data: bytes) -> str:
    """The sha256 of ``data``, in hex."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The sha256 of the bytes of the file at ``path``, in hex."""
    return sha256_bytes(Path(path).read_bytes())


def _row(ref: str) -> str:
    """``table#key:column`` -> ``table#key`` (a row, whichever of its columns was read)."""
    table, _, rest = ref.partition("#")
    return f"{table}#{rest.rsplit(':', 1)[0]}" if ":" in rest else ref


def _covers(declared: str, ref: str) -> bool:
    """A declared input covers a read of the same row (any column), or of any row of a whole table
    declared as ``t#*``."""
    table, _, key = _row(declared).partition("#")
    if key == "*":
        return ref.split("#", 1)[0] == table
    return _row(declared) == _row(ref)


@dataclass
class ReadLog:
    """What one process read (files and rows per cell) and what each cell's checks declared.

    ``project`` names files by their project path (:meth:`dtbook.data.paths.Project.rel`).
    """

    project: Project = CHECKOUT
    _files: dict[str, str] = field(default_factory=dict, init=False)
    _rows: dict[int, set[str]] = field(default_factory=dict, init=False)
    _ever: set[str] = field(default_factory=set, init=False)  # every raw value read, in any cell
    _declared: dict[int, set[str]] = field(default_factory=dict, init=False)  # per cell, the inputs its checks declared
    _checks: dict[int, list[str]] = field(default_factory=dict, init=False)  # per cell, the claims it checked
    _run: int = field(default=0, init=False)  # cells started in this kernel, counted by IPython's pre_run_cell event
    _counted: set[int] = field(default_factory=set, init=False)  # the shells whose cells are counted

    def record_file(self, path: Path) -> None:
        """Record that ``path`` was read, with the digest of its bytes now."""
        self._files[self.project.rel(path)] = sha256_file(path)

    def record_digest(self, key: str, digest: str) -> None:
        """Record a read of part of a file (``data/claims.csv#statements``) by its own digest."""
        self._files[key] = digest

    def files(self) -> dict[str, str]:
        """Every file read so far, sorted by path."""
        return dict(sorted(self._files.items()))

    def _next_cell(self, *_: object) -> None:
        self._run += 1

    def _cell(self) -> int:
        """The running cell's number in this kernel (0 outside IPython).

        Counted by IPython's ``pre_run_cell`` event rather than read from ``execution_count``: a
        client that executes without storing history (nbval) leaves the execution count unchanged,
        which would pool the rows of every cell into one.
        """
        from IPython import get_ipython  # local: only a kernel has a shell; IPython is slow to import elsewhere

        shell = get_ipython()
        if shell is None:
            return 0
        if id(shell) not in self._counted:
            self._counted.add(id(shell))
            shell.events.register("pre_run_cell", self._next_cell)
            self._next_cell()  # the cell running now started before the event was registered
        return self._run

    def record_row(self, ref: str) -> None:
        """Record that the current cell read the raw value ``ref`` (``table#key:column``)."""
        self._rows.setdefault(self._cell(), set()).add(ref)
        self._ever.add(ref)

    def was_read(self, ref: str) -> bool:
        """Whether this process read the value (or the row, or some row of the table) ``ref`` names;
        a whole table (``t#*``) counts as read once its file was loaded."""
        table, _, key = ref.partition("#")
        if key == "*" and any(Path(f).name == f"{table}.csv" for f in self._files):
            return True
        return any(_covers(ref, r) or _covers(r, ref) for r in self._ever)

    def declare(self, claim_id: str, refs: frozenset[str]) -> None:
        """Record the inputs the check of ``claim_id`` in the current cell declares."""
        self._declared.setdefault(self._cell(), set()).update(refs)
        self._checks.setdefault(self._cell(), []).append(claim_id)

    def undeclared(self) -> dict[str, list[str]]:
        """Per cell with a check (named by the claims it checks), the values it read that no check of
        that cell declares."""
        out: dict[str, list[str]] = {}
        for cell, declared in self._declared.items():
            # a check may print its own claim's stated figure (in its note or shown): not an input
            own = {f"claims#{cid}:stated" for cid in self._checks[cell]}
            missing = sorted(r for r in self._rows.get(cell, set()) - own if not any(_covers(d, r) for d in declared))
            if missing:
                out[", ".join(self._checks[cell])] = missing
        return out

    def rows_in_cell(self) -> frozenset[str]:
        """The raw values the current cell has read so far."""
        return frozenset(self._rows.get(self._cell(), set()))


_KERNEL: list[ReadLog] = []


def kernel_log() -> ReadLog:
    """The read log of this kernel (this process), made on first use: the one a notebook's auditor
    holds and its loaders write to."""
    if not _KERNEL:
        _KERNEL.append(ReadLog())
    return _KERNEL[0]
