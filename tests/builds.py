"""Builds the tests run: a program run on a scratch copy of the project with the copy's own package,
and the one clean build of a scratch copy that a test session shares.

The session's clean build (:func:`clean_book`) is made once, by whichever process asks first (a
pytest-xdist worker, or an nbval kernel's setup seeding its stage), while the others wait on a lock
file in a folder the session shares. It is the one book every test that only reads a built book
reads (cards, claim pages, downloads, the browser and accessibility tests, nbval's seed), and the
copy every test that breaks a build starts from. So ``make test`` builds the book from nothing
once, in a scratch copy, and never builds or writes the working tree's own ``_build/html``.

Imported by ``tests/conftest.py`` and by the project's root ``conftest.py`` (nbval).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from dtbook.data.paths import ROOT
from dtbook.site.scratch import copy_project
from dtbook.site.settings import source_epoch

#: a build with no network at all needs root, ``unshare`` and ``ip`` (CI runs as root)
OFFLINE = bool(shutil.which("unshare") and shutil.which("ip") and os.geteuid() == 0)
#: a test that starts another pytest (nbval on the working tree) names its session's shared folder
#: here, so that the inner session reads the same clean build instead of making its own
SHARED_ENV = "DTBOOK_TEST_SHARED"


def copy_env(root: Path) -> dict[str, str]:
    """The environment of a program run on the project at ``root``: its own paths, ledger and stage,
    its own package (``src`` ahead of the installed one), and the sources' date of the working tree
    (``SOURCE_DATE_EPOCH``, as ``make`` exports it from the last commit: a scratch copy has no git
    history to date its pages from)."""
    env = dict(os.environ, DTBOOK_ROOT=str(root), PYTHONPATH=str(root / "src"))
    dated = source_epoch(ROOT)
    if dated is not None:
        env.setdefault("SOURCE_DATE_EPOCH", str(dated[0]))
    for name in ("DTBOOK_LEDGER", "DTBOOK_STAGE", "DTBOOK_STAGED"):
        env.pop(name, None)
    return env


def run_build(root: Path, *args: str, timeout: int = 900, offline: bool = False) -> subprocess.CompletedProcess[str]:
    """``python -m dtbook.site.build ARGS`` on the project at ``root``, with its own package (its
    ``src`` first on ``PYTHONPATH``, so an edit to a copy's package is what the copy's build runs);
    with ``offline``, in a new network namespace with only loopback up (``unshare -n``)."""
    env = copy_env(root)
    cmd = [sys.executable, "-m", "dtbook.site.build", *args]
    if offline:
        cmd = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *cmd]
    return subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=timeout)


@dataclass(frozen=True)
class CleanBook:
    """A scratch copy of the project built from nothing (``--force``), and what the build said.
    Shared: a test that changes it copies it first (``shutil.copytree(book.root, ..., symlinks=True)``)."""

    root: Path
    returncode: int
    stdout: str
    stderr: str
    offline: bool

    @property
    def html(self) -> Path:
        """The published book (``_build/html``, resolved), after checking that the build passed."""
        assert self.returncode == 0, (self.stdout[-2000:], self.stderr[-3000:])
        return (self.root / "_build" / "html").resolve()

    @property
    def results(self) -> Path:
        """The results the build accepted (``_build/results``)."""
        return self.root / "_build" / "results"


def shared_folder(config: pytest.Config) -> Path:
    """The folder this test session's processes share: :data:`SHARED_ENV` when a test names one,
    else pytest's temporary folder for the session (the parent of a pytest-xdist worker's own)."""
    if os.environ.get(SHARED_ENV):
        return Path(os.environ[SHARED_ENV])
    # pytest's own temporary-folder factory, the one the ``tmp_path_factory`` fixture returns; the
    # nbval setup hook that also needs the shared build has no fixtures to ask
    base = config._tmp_path_factory.getbasetemp()  # type: ignore[attr-defined]
    return base.parent if hasattr(config, "workerinput") else base


def clean_book(shared: Path) -> CleanBook:
    """The session's one clean build of a scratch copy in ``shared``, with no network where the
    machine allows it (root with ``unshare`` and ``ip``), built by the first process that asks."""
    root, said = shared / "clean-book", shared / "clean-book.json"
    with open(shared / "clean-book.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not said.exists():
            shutil.rmtree(root, ignore_errors=True)
            copy_project(root)
            out = run_build(root, "--force", timeout=1200, offline=OFFLINE)
            said.write_text(json.dumps([out.returncode, out.stdout, out.stderr]), encoding="utf-8")
    code, stdout, stderr = json.loads(said.read_text(encoding="utf-8"))
    return CleanBook(root, code, stdout, stderr, OFFLINE)
