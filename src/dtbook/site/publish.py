"""Publish a built book with no moment without one.

``_build/<builder>`` is a symbolic link to a versioned folder beside it (``html.v7``). A new book is
copied into the next version, a new link to it is made under a temporary name, and ``os.replace``
renames that link over ``_build/<builder>``: one atomic rename, so a reader (a browser, ``make
test``) finds either the old book or the new one, never none. The previous version is kept (a
reader in the middle of it can finish); older ones are removed.

A build folder made before this layout holds a real folder at ``_build/<builder>``: it is moved to a
version once (the only moment without a book, at that first publish) and then linked like any other.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path


def versions(final: Path) -> list[Path]:
    """The versioned folders of ``final``, oldest first."""
    pattern = re.compile(re.escape(final.name) + r"\.v(\d+)$")
    found = []
    for p in final.parent.iterdir() if final.parent.is_dir() else []:
        m = pattern.match(p.name)
        if m and p.is_dir() and not p.is_symlink():
            found.append((int(m.group(1)), p))
    return [p for _, p in sorted(found)]


def publish(built: Path, final: Path) -> Path:
    """Make a copy of ``built`` the book at ``final``; return the versioned folder it lives in."""
    existing = versions(final)
    number = int(existing[-1].name.rsplit(".v", 1)[1]) + 1 if existing else 1
    version = final.with_name(f"{final.name}.v{number}")
    shutil.copytree(built, version)
    link = final.with_name(f".{final.name}.link")
    link.unlink(missing_ok=True)
    os.symlink(version.name, link)  # relative: a copy of the build folder stays valid
    if final.is_dir() and not final.is_symlink():  # the layout of earlier builds
        final.rename(final.with_name(f"{final.name}.v0"))
    os.replace(link, final)
    for old in versions(final)[:-2]:  # keep this version and the one before
        shutil.rmtree(old, ignore_errors=True)
    for leftover in ("new", "old"):  # folders of the earlier publish step
        shutil.rmtree(final.with_name(f"{final.name}.{leftover}"), ignore_errors=True)
    return version
