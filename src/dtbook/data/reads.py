"""What this process read, in one place: files (for data-aware rebuilds) and rows (for evidence).

Two records, both written only through the functions below:

- **files**: project-relative path (or ``path#part`` for a slice of the ledger) -> sha256 digest.
  The build re-executes a notebook when any of them changes.
- **rows**: ``table#key:column`` references read in the current notebook cell. A check that has
  no interval to carry its inputs (a fact tested on a pandas frame, a date) takes its evidence
  from the rows its own cell read.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from dtbook.data.paths import rel

_FILES: dict[str, str] = {}
_ROWS: dict[int, set[str]] = {}


def sha256_bytes(data: bytes) -> str:
    """The sha256 of ``data``, in hex."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The sha256 of the bytes of the file at ``path``, in hex."""
    return sha256_bytes(Path(path).read_bytes())


def record_file(path: Path) -> None:
    """Record that ``path`` was read, with the digest of its bytes now."""
    _FILES[rel(path)] = sha256_file(path)


def record_digest(key: str, digest: str) -> None:
    """Record a read of part of a file (``data/claims.csv#statements``) by its own digest."""
    _FILES[key] = digest


def files() -> dict[str, str]:
    """Every file read so far, sorted by path."""
    return dict(sorted(_FILES.items()))


_RUN: list[int] = [0]  # cells started in this kernel, counted by IPython's pre_run_cell event
_COUNTED: set[int] = set()  # the shells whose cells are counted


def _next_cell(*_: object) -> None:
    _RUN[0] += 1


def _cell() -> int:
    """The running cell's number in this kernel (0 outside IPython).

    Counted by IPython's ``pre_run_cell`` event rather than read from ``execution_count``: a
    client that executes without storing history (nbval) leaves the execution count unchanged,
    which would pool the rows of every cell into one.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of the kernel
        return 0
    shell = get_ipython()
    if shell is None:
        return 0
    if id(shell) not in _COUNTED:
        _COUNTED.add(id(shell))
        shell.events.register("pre_run_cell", _next_cell)
        _next_cell()  # the cell running now started before the event was registered
    return _RUN[0]


def record_row(ref: str) -> None:
    """Record that the current cell read the raw value ``ref`` (``table#key:column``)."""
    _ROWS.setdefault(_cell(), set()).add(ref)


def rows_in_cell() -> frozenset[str]:
    """The raw values the current cell has read so far."""
    return frozenset(_ROWS.get(_cell(), set()))


def clear() -> None:
    """Forget every read (tests)."""
    _FILES.clear()
    _ROWS.clear()
