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
_EVER: set[str] = set()  # every raw value read by this process, in any cell
_DECLARED: dict[int, set[str]] = {}  # per cell, the inputs its checks declared
_CHECKS: dict[int, list[str]] = {}  # per cell, the claims it checked (to name the cell in messages)


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
    _EVER.add(ref)


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


def was_read(ref: str) -> bool:
    """Whether this process read the value (or the row, or some row of the table) ``ref`` names;
    a whole table (``t#*``) counts as read once its file was loaded."""
    table, _, key = ref.partition("#")
    if key == "*" and any(Path(f).name == f"{table}.csv" for f in _FILES):
        return True
    return any(_covers(ref, r) or _covers(r, ref) for r in _EVER)


def declare(claim_id: str, refs: frozenset[str]) -> None:
    """Record the inputs the check of ``claim_id`` in the current cell declares."""
    _DECLARED.setdefault(_cell(), set()).update(refs)
    _CHECKS.setdefault(_cell(), []).append(claim_id)


def undeclared() -> dict[str, list[str]]:
    """Per cell with a check (named by the claims it checks), the values it read that no check of
    that cell declares."""
    out: dict[str, list[str]] = {}
    for cell, declared in _DECLARED.items():
        # a check may print its own claim's stated figure (in its note or shown): not an input
        own = {f"claims#{cid}:stated" for cid in _CHECKS[cell]}
        missing = sorted(r for r in _ROWS.get(cell, set()) - own if not any(_covers(d, r) for d in declared))
        if missing:
            out[", ".join(_CHECKS[cell])] = missing
    return out


def rows_in_cell() -> frozenset[str]:
    """The raw values the current cell has read so far."""
    return frozenset(_ROWS.get(_cell(), set()))


def clear() -> None:
    """Forget every read (tests)."""
    _FILES.clear()
    _ROWS.clear()
    _EVER.clear()
    _DECLARED.clear()
    _CHECKS.clear()
