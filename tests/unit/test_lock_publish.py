"""One build at a time per build folder, and a publish step with no moment without a book."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dtbook.site.lock import LockTimeout, build_lock
from dtbook.site.publish import publish, versions

WAITER = """
import sys, time
from pathlib import Path
from dtbook.site.lock import build_lock, LockTimeout
try:
    with build_lock(Path(sys.argv[1]), timeout=float(sys.argv[2]), poll=0.05):
        print("got the lock", flush=True)
except LockTimeout as exc:
    print(f"BUILD STOPPED: {exc}", file=sys.stderr)
    sys.exit(1)
"""


def waiter(lock: Path, timeout: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WAITER, str(lock), str(timeout)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_second_build_waits_naming_the_holder_then_runs(tmp_path):
    lock = tmp_path / "_build" / ".lock"
    with build_lock(lock):
        assert lock.read_text().strip() == str(os.getpid())
        proc = waiter(lock, 60)
        time.sleep(1.5)
        assert proc.poll() is None, "the second build waits while the first holds the lock"
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "got the lock" in out
    assert f"waiting for the build of pid {os.getpid()}" in err, err


def test_a_second_build_stops_after_the_timeout(tmp_path):
    lock = tmp_path / "_build" / ".lock"
    with build_lock(lock):
        proc = waiter(lock, 0.5)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "got the lock" not in out
    assert f"BUILD STOPPED: another build (pid {os.getpid()}) holds" in err and "gave up waiting" in err, err
    with pytest.raises(LockTimeout):  # and in-process, the same
        with build_lock(lock), build_lock(lock, timeout=0.2):
            pass


def make_book(folder: Path, word: str) -> Path:
    (folder / "chapters").mkdir(parents=True)
    for i in range(50):
        (folder / "chapters" / f"p{i}.html").write_text(word)
    (folder / "index.html").write_text(word)
    return folder


def test_publishing_never_leaves_a_moment_without_a_book(tmp_path):
    final = tmp_path / "_build" / "html"
    make_book(final, "a build of the earlier layout")  # a real folder, as earlier builds left it
    publish(make_book(tmp_path / "b0", "b0"), final)
    assert (final / "index.html").read_text() == "b0"
    missing, reads, stop = [], [0], threading.Event()

    def reader() -> None:
        while not stop.is_set():
            reads[0] += 1
            try:
                (final / "index.html").read_text()
            except OSError as exc:
                missing.append(repr(exc))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(1, 30):
            publish(make_book(tmp_path / f"b{i}", f"b{i}"), final)
            assert (final / "index.html").read_text() == f"b{i}"
    finally:
        stop.set()
        thread.join()
    assert reads[0] > 100 and not missing, f"{len(missing)} of {reads[0]} reads found no book: {missing[:3]}"
    assert len(versions(final)) == 2, "the current version and the one before are kept"
    assert os.readlink(final) == versions(final)[-1].name, "a relative link, valid in a copy of the folder"
