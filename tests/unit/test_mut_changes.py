"""What makes the build redo work (dtbook.site.changes): the keys of files, of the environment, of a
notebook's code, of what Sphinx reads, and why a notebook must run again. Each test makes a project of
its own in a temporary folder (its stage, stamps, results, ledger and raw tables) and changes one
thing at a time."""

from __future__ import annotations

import hashlib
import json

import nbformat
import pytest
from ascii_locale import ascii_locale
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from dtbook.data import ledger
from dtbook.data.paths import ROOT, Project
from dtbook.data.reads import sha256_bytes
from dtbook.site import changes

ENV = "the environment key"


def sha(*parts: bytes) -> str:
    return hashlib.sha256(b"".join(parts)).hexdigest()


def test_a_files_key_hashes_the_head_then_each_files_project_path_and_bytes(tmp_path):
    p = Project(tmp_path)
    a = tmp_path / "a.txt"
    a.write_bytes(b"one")
    (tmp_path / "d").mkdir()
    b = tmp_path / "d" / "b.txt"
    b.write_bytes(b"two")
    paths = [a, tmp_path / "d", tmp_path / "missing", b]  # a folder and a missing file add nothing
    assert changes.files_key(paths, b"h1", b"h2", project=p) == sha(b"h1", b"h2", b"a.txt\0one", b"d/b.txt\0two")
    assert changes.files_key([b, a], project=p) == sha(b"d/b.txt\0two", b"a.txt\0one")
    assert changes.files_key([], project=p) == sha()
    assert changes.files_key([b]) == sha(b"b.txt\0two")  # outside the checkout: named by its file name


def test_the_package_files_are_every_file_of_the_package_but_byte_code(tmp_path):
    for name in ("b.py", "a/t.html", "a/__pycache__/x.pyc", "__pycache__/b.pyc"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    assert changes._package_files(tmp_path) == [tmp_path / "a", tmp_path / "a" / "t.html", tmp_path / "b.py"]
    names = {f.relative_to(changes.PACKAGE).as_posix() for f in changes._package_files()}
    assert {"site/changes.py", "site/templates/card.html"} <= names


def test_the_environment_key_is_the_packages_python_files_and_the_projects_lock_file(tmp_path):
    p = Project(tmp_path)
    python = sorted(changes.PACKAGE.rglob("*.py"))
    without = changes.environment_key(p)
    assert without == changes.files_key(python, project=p)
    (tmp_path / "requirements.lock").write_text("a==1\n", encoding="utf-8")
    locked = changes.environment_key(p)
    assert locked != without and locked == changes.files_key([*python, tmp_path / "requirements.lock"], project=p)
    assert changes.environment_key() == changes.files_key([*python, ROOT / "requirements.lock"])


def notebook(path, *sources: str, outputs: tuple = ()) -> None:
    cells = [new_markdown_cell("# Title"), *(new_code_cell(s) for s in sources)]
    if outputs:
        cells[-1].outputs = list(outputs)
    nbformat.write(new_notebook(cells=cells), path)


def test_the_code_key_is_the_cells_type_and_source_not_their_outputs(tmp_path):
    path = tmp_path / "n.ipynb"
    notebook(path, "x = 1")
    key = changes.code_key(path)
    assert key == sha(b"markdown\0# Title\0", b"code\0x = 1\0")
    notebook(path, "x = 1", outputs=(new_output("stream", text="1\n"),))
    assert changes.code_key(path) == key
    notebook(path, "x = 2")
    assert changes.code_key(path) != key


@pytest.fixture
def project(tmp_path):
    """A project with a two-row ledger, a raw table, a stage with its exec and results folders."""
    p = Project(tmp_path)
    p.raw.mkdir(parents=True)
    p.ledger.write_text("id,section,notebook,quote,verdict\nA,1,nb,q,reproduced\nB,2,other,r,reproduced\n")
    (p.raw / "t.csv").write_text("k,v\n1,2\n", encoding="utf-8")
    for kind in ("exec", "results", "deps"):
        p.staged_dir(kind).mkdir(parents=True)
    return p


def test_a_dependencys_digest_as_the_run_sees_it(project):
    p = project
    assert changes.dep_digest("data/raw/t.csv", p) == sha256_bytes(b"k,v\n1,2\n")
    assert changes.dep_digest("data/raw/gone.csv", p) is None
    assert changes.dep_digest("data/raw/t.csv#1:v", p) is None  # a row of a table: not a file
    (p.staged_dir("results") / "nb.json").write_text("{}", encoding="utf-8")
    assert changes.dep_digest("_build/results/nb.json", p) == sha256_bytes(b"{}")  # the stage's copy
    assert changes.dep_digest("data/claims.csv#statements", p) == ledger.statements_digest(p.ledger)
    assert changes.dep_digest("data/claims.csv#nb", p) == ledger.rows_digest("nb", p.ledger)
    assert changes.dep_digest("data/claims.csv#nb", p) != changes.dep_digest("data/claims.csv#other", p)
    assert changes.dep_digest("data/claims.csv#a#b", p) == ledger.rows_digest("a#b", p.ledger)
    assert changes.dep_digest("data/claims.csv", p) == sha256_bytes(p.ledger.read_bytes())
    p.ledger.unlink()
    assert changes.dep_digest("data/claims.csv#statements", p) is None
    assert changes.dep_digest("data/claims.csv#nb", p) is None


def stamp(p: Project, nb, **over) -> None:
    rec = {
        "code": changes.code_key(nb),
        "env": ENV,
        "notebook": sha256_bytes(nb.read_bytes()),
        "results": False,
        "outputs": {},
        "deps": {},
    } | over
    (p.staged_dir("exec") / f"{nb.stem}.json").write_text(json.dumps(rec), encoding="utf-8")


def test_why_a_notebook_must_run_again(project):
    p = project
    p.chapters.mkdir()
    nb = p.chapters / "nb.ipynb"
    notebook(nb, "x = 1")
    assert changes.stale_reason(nb, ENV, p) == "never executed in this build folder"
    stamp(p, nb)
    assert changes.stale_reason(nb, ENV, p) is None
    assert changes.stale_reason(nb, "another", p) == "helper package or lock file changed"
    rec = json.loads((p.staged_dir("exec") / "nb.json").read_text(encoding="utf-8"))
    bare = {k: v for k, v in rec.items() if k not in ("outputs", "deps", "results")}
    (p.staged_dir("exec") / "nb.json").write_text(json.dumps(bare), encoding="utf-8")
    assert changes.stale_reason(nb, ENV, p) is None  # a stamp that records no outputs and no inputs
    stamp(p, nb, code="old")
    assert changes.stale_reason(nb, ENV, p) == "code changed"
    stamp(p, nb, notebook="old")
    assert changes.stale_reason(nb, ENV, p) == "stored outputs differ from the ones its last execution wrote"
    stamp(p, nb, results=True)
    assert changes.stale_reason(nb, ENV, p) == "results missing"
    (p.staged_dir("results") / "nb.json").write_text("{}", encoding="utf-8")
    assert changes.stale_reason(nb, ENV, p) is None
    digest = sha256_bytes(b"{}")
    stamp(p, nb, outputs={"_build/results/nb.json": digest}, deps={"data/raw/t.csv": sha256_bytes(b"k,v\n1,2\n")})
    assert changes.stale_reason(nb, ENV, p) is None
    stamp(p, nb, outputs={"_build/results/nb.json": "old"})
    assert changes.stale_reason(nb, ENV, p) == (
        "its recorded output changed since its last execution: _build/results/nb.json"
    )
    stamp(p, nb, deps={"data/raw/t.csv": "old", "data/raw/gone.csv": None})
    assert changes.stale_reason(nb, ENV, p) == "input changed: data/raw/t.csv"
    stamp(p, nb, deps={"data/raw/gone.csv": None, "data/claims.csv#nb": ledger.rows_digest("nb", p.ledger)})
    assert changes.stale_reason(nb, ENV, p) is None  # a dependency still gone, a ledger part unchanged
    nb.write_text(nb.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert changes.stale_reason(nb, ENV, p) == "stored outputs differ from the ones its last execution wrote"


def test_a_stamp_is_read_as_utf8_whatever_the_locale(project):
    p = project
    p.chapters.mkdir()
    nb = p.chapters / "nb.ipynb"
    notebook(nb, "x = 1")
    (p.raw / "貿易統計.csv").write_text("k,v\n1,2\n", encoding="utf-8")
    rec = {"code": changes.code_key(nb), "env": ENV, "notebook": sha256_bytes(nb.read_bytes())}
    rec["deps"] = {"data/raw/貿易統計.csv": sha256_bytes(b"k,v\n1,2\n")}  # JSON is UTF-8: a stamp may hold it unescaped
    (p.staged_dir("exec") / "nb.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    with ascii_locale():
        assert changes.stale_reason(nb, ENV, p) is None
        (p.raw / "貿易統計.csv").write_text("k,v\n1,3\n", encoding="utf-8")
        assert changes.stale_reason(nb, ENV, p) == "input changed: data/raw/貿易統計.csv"


def site(p: Project) -> None:
    for name in ("intro.md", "_config.yml", "refs.bib", "chapters/nb.ipynb", "figures/f.svg"):
        (p.root / name).parent.mkdir(parents=True, exist_ok=True)
        (p.root / name).write_text(name, encoding="utf-8")
    p.accepted("results").mkdir(parents=True)
    (p.accepted("results") / "nb.json").write_text("{}", encoding="utf-8")


@pytest.mark.parametrize(
    "changed",
    ["intro.md", "_config.yml", "refs.bib", "chapters/nb.ipynb", "figures/f.svg", "_build/results/nb.json",
     "data/claims.csv"],
)  # fmt: skip
def test_sphinx_runs_again_when_a_file_it_reads_changes(project, changed, monkeypatch):
    for name in ("DTBOOK_REPOSITORY_URL", "DTBOOK_BASE_URL", "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(name, raising=False)
    site(project)
    before = changes.site_key("html", project)
    (project.root / changed).write_text("changed", encoding="utf-8")
    assert changes.site_key("html", project) != before


def test_the_site_key_is_the_builder_the_addresses_and_date_passed_and_the_files(project, monkeypatch):
    names = ("DTBOOK_REPOSITORY_URL", "DTBOOK_BASE_URL", "SOURCE_DATE_EPOCH")
    for name in names:
        monkeypatch.delenv(name, raising=False)
    site(project)
    files = [project.root / n for n in ("intro.md", "_config.yml", "refs.bib", "chapters/nb.ipynb", "figures/f.svg")]
    files += [project.accepted("results") / "nb.json", project.ledger, *changes._package_files()]
    key = changes.site_key("html", project)
    assert key == changes.files_key(files, b"html", b"\0", b"\0", b"\0", project=project)
    (project.root / "notes.txt").write_text("not read by Sphinx", encoding="utf-8")
    (project.accepted("results") / "nb.txt").write_text("not a result", encoding="utf-8")
    assert changes.site_key("html", project) == key
    assert changes.site_key("dirhtml", project) != key
    for i, name in enumerate(names):
        monkeypatch.setenv(name, "x")
        passed = [b"x\0" if j <= i else b"\0" for j in range(3)]
        assert changes.site_key("html", project) == changes.files_key(files, b"html", *passed, project=project)


def test_the_data_key_is_the_results_ledger_raw_tables_and_package(project):
    p = project
    p.accepted("results").mkdir(parents=True)
    (p.accepted("results") / "nb.json").write_text("{}", encoding="utf-8")
    (p.accepted("results") / "nb.txt").write_text("not a result", encoding="utf-8")
    files = [p.accepted("results") / "nb.json", p.ledger, p.raw / "t.csv", *changes._package_files()]
    key = changes.data_key(p)
    assert key == changes.files_key(files, project=p)
    (p.raw / "t.resource.yaml").write_text("name: t\n", encoding="utf-8")
    assert changes.data_key(p) == changes.files_key(
        [*files[:2], p.raw / "t.csv", p.raw / "t.resource.yaml", *files[3:]], project=p
    )
    assert changes.data_key(p) != key
