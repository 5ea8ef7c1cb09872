"""What changed since the accepted state: the keys that decide what a build must redo.

A notebook is executed again when its code, the helper package, the lock file, or **any file it
read last time** (recorded by :mod:`dtbook.data.reads`) changed. Its stamp
(``_build/exec/<notebook>.json``, written by :mod:`dtbook.site.execute`) records those digests and
the sha256 of the notebook file as written after execution: a notebook whose stored outputs were
edited since is executed again, so the book never renders outputs the build did not compute.

Sphinx is run again when anything it reads changed (:func:`site_key`), and starts afresh when
what a page reads besides its own source changed (:func:`data_key`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

import nbformat

from dtbook.data import ledger
from dtbook.data.paths import CHECKOUT, Project
from dtbook.data.reads import sha256_bytes
from dtbook.site.staging import in_run

PACKAGE = Path(__file__).resolve().parents[1]


def files_key(paths: Iterable[Path], *head: bytes, project: Project = CHECKOUT) -> str:
    """The sha256 of ``head`` then, for each path that is a file, its project path (in the checkout
    unless another project is given) and its bytes."""
    h = hashlib.sha256()
    for part in head:
        h.update(part)
    for path in paths:
        if path.is_file():
            h.update(project.rel(path).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _package_files(package: Path = PACKAGE) -> list[Path]:
    """Every path under the package but its byte code (``__pycache__``), sorted."""
    return sorted(p for p in package.rglob("*") if "__pycache__" not in p.parts)


def environment_key(project: Project = CHECKOUT) -> str:
    """Hash of what every notebook depends on besides its own code and data: the package's Python
    files and the project's lock file (:func:`files_key`)."""
    return files_key([*sorted(PACKAGE.rglob("*.py")), project.root / "requirements.lock"], project=project)


def code_key(nb_path: Path) -> str:
    """The sha256 of a notebook's cells (type and source), outputs excluded."""
    nb = nbformat.read(nb_path, as_version=4)
    h = hashlib.sha256()
    for cell in nb.cells:
        h.update(cell.cell_type.encode() + b"\0" + cell.source.encode() + b"\0")
    return h.hexdigest()


def dep_digest(dep: str, project: Project = CHECKOUT) -> str | None:
    """Current digest of a recorded dependency of the project (the checkout unless another is
    given), or None if it is gone."""
    if "#" in dep:
        file, part = dep.split("#", 1)
        if file == project.rel(project.ledger):
            if not project.ledger.is_file():
                return None
            if part == "statements":
                return ledger.statements_digest(project.ledger)
            return ledger.rows_digest(part, project.ledger)
    path = in_run(dep, project)
    return sha256_bytes(path.read_bytes()) if path.is_file() else None


def stale_reason(nb_path: Path, env: str, project: Project = CHECKOUT) -> str | None:
    """Why a notebook must run again, or None when its stored outputs are current (its stamp and
    results in the project's stage, the checkout's unless another project is given)."""
    stamp = project.staged_dir("exec") / f"{nb_path.stem}.json"
    if not stamp.is_file():
        return "never executed in this build folder"
    rec = json.loads(stamp.read_text(encoding="utf-8"))
    if rec.get("code") != code_key(nb_path):
        return "code changed"
    if rec.get("env") != env:
        return "helper package or lock file changed"
    if rec.get("notebook") != sha256_bytes(nb_path.read_bytes()):
        return "stored outputs differ from the ones its last execution wrote"
    if rec.get("results") and not (project.staged_dir("results") / f"{nb_path.stem}.json").is_file():
        return "results missing"
    for out, digest in rec.get("outputs", {}).items():
        if dep_digest(out, project) != digest:
            return f"its recorded output changed since its last execution: {out}"
    for dep, digest in rec.get("deps", {}).items():
        if dep_digest(dep, project) != digest:
            return f"input changed: {dep}"
    return None


def site_key(builder: str, project: Project = CHECKOUT) -> str:
    """Hash of everything Sphinx reads: pages, notebooks with their outputs, figures, config, the
    ledger and the accepted results (the claim cards are rendered from them), the package (its
    Sphinx extension, styles, scripts and templates), and the addresses and date the Pages build
    passes (repository, base URL, SOURCE_DATE_EPOCH)."""
    passed = [  # addresses and the date pages carry
        os.environ.get(name, "").encode() + b"\0"
        for name in ("DTBOOK_REPOSITORY_URL", "DTBOOK_BASE_URL", "SOURCE_DATE_EPOCH")
    ]
    root = project.root
    files = [p for pattern in ("*.md", "*.yml", "*.bib", "chapters/*", "figures/*") for p in sorted(root.glob(pattern))]
    files += [*sorted(project.accepted("results").glob("*.json")), project.ledger, *_package_files()]
    return files_key(files, builder.encode(), *passed, project=project)


def data_key(project: Project = CHECKOUT) -> str:
    """Hash of what a page can read at Sphinx time besides its own source: the accepted results,
    the ledger and the raw tables (the claim cards render from them, page rows' words included),
    and the package that renders them (a changed card must not keep its old doctree). The
    checkout's unless another project is given."""
    results = sorted(project.accepted("results").glob("*.json"))
    return files_key([*results, project.ledger, *sorted(project.raw.glob("*")), *_package_files()], project=project)
