"""Sphinx: jupyter-book renders the stored outputs (execution off) into a side folder kept between
runs, its internal links are checked, and the result is published into ``_build/<builder>`` only
on success (an atomic switch of a symlink, :mod:`dtbook.site.publish`); a failed build leaves the
last good book in place."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from dtbook.data.errors import GateError
from dtbook.data.paths import BUILD, ROOT, rel
from dtbook.site import bib, drift, status
from dtbook.site.changes import data_key, site_key
from dtbook.site.publish import publish


def reset_if_data_changed(aside: Path, key: str) -> bool:
    """Drop Sphinx's kept environment when the results or the ledger changed: Sphinx re-reads only
    sources whose own files changed, so a page rendering results would keep its old doctree."""
    marker = aside / ".dtbook-data-key"
    if marker.is_file() and marker.read_text() == key:
        return False
    shutil.rmtree(aside, ignore_errors=True)
    aside.mkdir(parents=True)
    marker.write_text(key)
    return True


def sphinx(builder: str = "html") -> Path:
    """Build into _build/next (kept, so Sphinx can rebuild only what changed), then publish a copy
    to _build/<builder> only on success (:mod:`dtbook.site.publish`: a symlink switched atomically).
    Skipped when nothing Sphinx reads has changed.

    A failed build deletes _build/next: Sphinx would otherwise report "no targets are out of
    date" on the next run and pass a broken book. A book with a broken internal link is a failed
    build. The site key is kept beside the published folder (``_build/<builder>.site-key``), not in
    it, so the published files are only what Sphinx made.
    """
    status.write()  # generated pages: the status page and the data-source entries
    bib.main([])
    final = BUILD / builder
    key = site_key(builder)
    stamp = BUILD / f"{builder}.site-key"
    if final.is_dir() and stamp.is_file() and stamp.read_text() == key:
        print(f"{rel(BUILD)}/{final.name} is up to date")
        return final
    aside = BUILD / "next"
    # Sphinx re-reads only the changed sources (the doctrees are kept) but writes every page:
    # pages it kept from a previous run would differ from a clean build's (a stylesheet that
    # myst-nb copies only at the end of a build gets a ?v= checksum in the kept pages, not in a
    # clean build's), and an incremental build is meant to equal a clean one byte for byte.
    shutil.rmtree(aside / "_build" / builder, ignore_errors=True)
    reset_if_data_changed(aside, data_key())
    cmd = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(ROOT),
        "--path-output",
        str(aside),
        "--builder",
        builder,
        "-W",
        "-n",
        "--keep-going",
        "-q",
    ]
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    proc = subprocess.run(cmd, cwd=ROOT, env=env)
    built = aside / "_build" / builder
    if proc.returncode != 0 or not built.is_dir():
        shutil.rmtree(aside, ignore_errors=True)
        raise GateError(f"jupyter-book build failed (exit {proc.returncode}); the last good book is kept")
    if builder == "html":
        try:
            drift.check_links(built)
        except GateError:
            shutil.rmtree(aside, ignore_errors=True)
            raise
    stamp.unlink(missing_ok=True)
    publish(built, final)  # a symlink switched by one rename: never a moment with no book
    stamp.write_text(key)
    return final
