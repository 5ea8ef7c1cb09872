"""One build at a time per build folder: an exclusive ``flock`` on ``_build/.lock``.

A second build (another terminal, ``make test`` beside ``make book``) waits, saying which process
holds the lock, and stops after a timeout rather than waiting for ever. The holder's pid is written
in the lock file; the lock itself is the kernel's, released when the holder exits, even if it is
killed, so a stale file never blocks a build.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dtbook.data.paths import BUILD, rel

LOCK: Path = BUILD / ".lock"
#: seconds a build waits for another one before it stops (``--lock-timeout`` overrides it)
TIMEOUT = 1800.0


class LockTimeout(Exception):
    """Another build held the build folder for longer than the timeout."""


def holder(path: Path = LOCK) -> str:
    """The pid written by the process holding the lock (``unknown`` while it has not written it)."""
    try:
        return path.read_text(encoding="ascii").strip() or "unknown"
    except OSError:
        return "unknown"


@contextmanager
def build_lock(path: Path = LOCK, timeout: float = TIMEOUT, poll: float = 0.2) -> Iterator[None]:
    """Hold the build folder's lock for the duration of the block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        start, told = time.monotonic(), False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - start
                pid = holder(path)
                if not told and (pid != "unknown" or waited > 1):
                    print(
                        f"waiting for the build of pid {pid}, which holds {rel(path)} (at most {timeout:.0f} s)",
                        file=sys.stderr,
                        flush=True,
                    )
                    told = True
                if waited >= timeout:
                    raise LockTimeout(
                        f"another build (pid {pid}) holds {rel(path)}; gave up waiting after {timeout:.0f} s"
                    ) from None
                time.sleep(poll)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock
