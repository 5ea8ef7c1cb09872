"""nbval on the chapter notebooks (``make test``) writes nothing that lasts.

A chapter's last cells write its results, recorded inputs and figures. Run by the build, its kernel
writes them into the build's stage; run by nbval, it would rewrite the tracked ``figures/`` and the
accepted ``_build/results`` and ``_build/deps``. So every nbval kernel is started as a staged
kernel (``DTBOOK_STAGED=1``) whose stage is a scratch folder of this test session
(``DTBOOK_STAGE``), holding a copy of the accepted results and inputs (the conclusions and the
summary read the chapters' results). The variables are set only while a notebook's kernel starts,
never for the rest of the session (a build started by a test refuses ``DTBOOK_STAGED``).

The seed is the test session's one clean build of a scratch copy (``tests/builds.py``), which the
first process that asks makes while the others wait; the working tree's own ``_build`` is neither
read nor written.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from dtbook.data.paths import STAGE_ENV, STAGED_ENV

_STAGE: list[Path] = []


def nbval_stage(config: pytest.Config) -> Path:
    """This session's scratch stage (made on first use, removed at the end of the session), seeded
    with the results and recorded inputs of the session's clean build."""
    if not _STAGE:
        sys.path.insert(0, str(Path(__file__).resolve().parent / "tests"))
        import builds  # local: tests/ is a folder of test modules, not a package on the path

        book = builds.clean_book(builds.shared_folder(config))
        if book.returncode != 0:
            raise RuntimeError(f"the session's clean build failed before nbval could start:\n{book.stderr[-3000:]}")
        stage = Path(tempfile.mkdtemp(prefix="dtbook-nbval-"))
        for kind in ("results", "deps"):
            shutil.copytree(book.root / "_build" / kind, stage / kind)
        _STAGE.append(stage)
    return _STAGE[0]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    if item.path.suffix != ".ipynb":
        yield
        return
    saved = {k: os.environ.get(k) for k in (STAGED_ENV, STAGE_ENV)}
    os.environ[STAGED_ENV], os.environ[STAGE_ENV] = "1", str(nbval_stage(item.config))
    try:
        yield  # nbval starts the notebook's kernel here, with this environment
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def pytest_unconfigure(config: pytest.Config) -> None:
    for stage in _STAGE:
        shutil.rmtree(stage, ignore_errors=True)
