"""The build reacts to what changed, on scratch copies of one built and published project:

- Sphinx failing stops the build with a message and publishes nothing (the last good book stays);
- a broken internal link in a page is caught by the build's own link check, and nothing is published;
- a module changed in each package subfolder (``core``, ``data``, ``chapter``, ``site``) makes
  the build redo what :mod:`dtbook.site.changes` says it must: every notebook executed again (the
  environment key covers the package's Python modules) and Sphinx run afresh; a site template only
  re-renders the book, executing nothing;
- an edited table descriptor invalidates the validation memo: a bad edit stops the build, naming
  the file, though the same table bytes were validated before.

Cost: the session's one clean build of a scratch copy (``clean_book``, tests/conftest.py) is shared
with ``tests/test_build.py`` and the offline test; each test works on its own copy of it. Every
build here runs the copy's own package (``run_build`` puts its ``src`` first on ``PYTHONPATH``), so an
edit to the copy's ``src/dtbook`` is what the copy's build runs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CleanBook, copy_env, run_build, snapshot


def build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m dtbook.site.build`` on the copy, with the copy's own package (``run_build``)."""
    return run_build(root, *args)


@pytest.fixture(scope="module")
def published(clean_book: CleanBook) -> Path:
    """The session's clean build: executed, built and published."""
    assert clean_book.returncode == 0, clean_book.stderr[-3000:]
    assert (clean_book.root / "_build" / "html").is_symlink()
    return clean_book.root


@pytest.fixture
def book(published: Path, tmp_path: Path) -> Path:
    """This test's own copy of the published project."""
    dest = tmp_path / "book"
    shutil.copytree(published, dest, symlinks=True)
    return dest


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# ---- Sphinx and the link check ------------------------------------------------------------------


def test_sphinx_failing_stops_the_build_with_a_message_and_keeps_the_last_good_book(book):
    before = snapshot(book)
    append(book / "intro.md", "\n```{no-such-directive}\n```\n")
    out = build(book)
    assert out.returncode == 1, out.stdout[-2000:]
    assert "BUILD STOPPED: jupyter-book build failed" in out.stderr, out.stderr[-3000:]
    assert "the last good book is kept" in out.stderr
    assert "intro.md" in out.stderr and "no-such-directive" in out.stderr, "Sphinx names the page and the directive"
    assert "executed 0/" in out.stdout, "a page's text re-executes no notebook"
    assert snapshot(book) == before, "a failed Sphinx run publishes nothing"
    assert not (book / "_build" / "next").exists(), "the failed side folder is dropped, so the next run rebuilds"


def test_a_broken_internal_link_is_caught_and_nothing_is_published(book):
    """A raw HTML link Sphinx does not resolve: the build's own link check (drift.check_links) reads
    the built pages and stops the build, naming the page and the link."""
    before = snapshot(book)
    append(book / "intro.md", '\n<p><a href="chapters/no_such_page.html">a page that is not there</a></p>\n')
    out = build(book)
    assert out.returncode == 1, out.stdout[-2000:]
    assert "BUILD STOPPED: broken internal links in the built book" in out.stderr, out.stderr[-3000:]
    assert "intro.html: link to missing chapters/no_such_page.html" in out.stderr, out.stderr[-3000:]
    assert snapshot(book) == before, "a book with a broken link is not published"


# ---- a change in the package --------------------------------------------------------------------

PROBE = """
import json
from dtbook.data.paths import BUILD
from dtbook.site import changes, execute, staging

staging.open_stage()  # as a build run sees the accepted state
try:
    env = changes.environment_key()
    stamp, marker = BUILD / "html.site-key", BUILD / "next" / ".dtbook-data-key"
    print(json.dumps({
        "package": str(changes.PACKAGE),
        "stale": {p.stem: changes.stale_reason(p, env) for p in execute.notebooks()},
        "sphinx runs": stamp.read_text() != changes.site_key("html"),
        "sphinx afresh": not marker.is_file() or marker.read_text() != changes.data_key(),
    }))
finally:
    staging.discard()
"""


def decisions(root: Path) -> dict:
    """What the copy's build would redo, as its own functions decide (the ones build.main calls:
    :func:`dtbook.site.changes.stale_reason` per notebook, the site key against the published
    book's, the data key against Sphinx's kept environment)."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=root, env=copy_env(root), capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-3000:]
    found = json.loads(out.stdout)
    assert Path(found["package"]) == root / "src" / "dtbook", "the copy's build runs the copy's package"
    return found


MODULES = {
    "core": "src/dtbook/core/interval.py",
    "data": "src/dtbook/data/ledger.py",
    "chapter": "src/dtbook/chapter/audit.py",
    "site": "src/dtbook/site/record.py",
}


@pytest.mark.parametrize("layer", list(MODULES))
def test_a_changed_module_in_each_package_layer_makes_the_build_redo_everything(book, layer):
    """Notebooks import core, data and chapter; the build's own site modules shape what a run stores
    (the executor normalises the outputs): the environment key covers every Python module of the
    package, so every notebook runs again, and Sphinx starts afresh (the cards render from the package)."""
    unchanged = decisions(book)
    assert unchanged["stale"] and set(unchanged["stale"].values()) == {None}, unchanged
    assert not unchanged["sphinx runs"] and not unchanged["sphinx afresh"], unchanged
    append(book / MODULES[layer], "\n# an edit the build must notice\n")
    changed = decisions(book)
    assert changed["stale"] == {nb: "helper package or lock file changed" for nb in unchanged["stale"]}, changed
    assert changed["sphinx runs"] and changed["sphinx afresh"], changed


def test_a_changed_site_template_re_renders_the_book_and_executes_nothing(book):
    """A template is not code a notebook runs: the build keeps every notebook's outputs and Sphinx
    renders the cards again from scratch, so the published cards carry the change."""
    template = book / "src" / "dtbook" / "site" / "templates" / "card.html"
    text = template.read_text(encoding="utf-8")
    old = "<dt>Recomputed</dt>"
    assert old in text
    template.write_text(text.replace(old, "<dt>Recomputed (edited template)</dt>"), encoding="utf-8")
    assert set(decisions(book)["stale"].values()) == {None}
    before = snapshot(book)
    out = build(book)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "executed 0/" in out.stdout and "execute chapters" not in out.stdout, out.stdout[-2000:]
    assert snapshot(book) != before
    page = (book / "_build" / "html" / "chapters" / "s2_1_trade_pattern.html").read_text(encoding="utf-8")
    assert page.count("Recomputed (edited template)") == page.count('class="claim-facts"') > 0


# ---- a table descriptor -------------------------------------------------------------------------

TABLE = "unsd_m49_developed"


def test_an_edited_descriptor_is_validated_again_and_a_bad_edit_stops_naming_the_file(book):
    """The validation memo is keyed by the table's bytes and its descriptor's: the same CSV bytes,
    validated before, are validated again under the edited descriptor, which refuses them."""
    from dtbook.data.reads import sha256_file

    csv_sha = sha256_file(book / "data" / "raw" / f"{TABLE}.csv")
    memos = {p.name for p in (book / "_build" / "validated").iterdir()}
    assert any(m.startswith(csv_sha[:32] + "-") for m in memos), "the table's bytes passed validation before"
    desc = book / "data" / "raw" / f"{TABLE}.resource.yaml"
    text = desc.read_text(encoding="utf-8")
    enum = "      enum:\n      - Developed\n      - Developing\n"
    assert enum in text
    desc.write_text(text.replace(enum, "      enum:\n      - Developed\n"), encoding="utf-8")
    before = snapshot(book)
    out = build(book)
    assert out.returncode == 1, out.stdout[-2000:]
    assert f"data/raw/{TABLE}.csv, row" in out.stderr and "field 'developed_developing'" in out.stderr, out.stderr[
        -3000:
    ]
    assert "execute chapters" not in out.stdout, "a bad table stops the build before any notebook runs"
    assert snapshot(book) == before, "a failed build publishes nothing"
    assert {p.name for p in (book / "_build" / "validated").iterdir()} == memos, "nothing invalid is remembered"


def test_a_harmless_descriptor_edit_is_validated_again_and_its_readers_run_again(book):
    """A comment added to the descriptor: new bytes, so the build's validation step validates the
    table again (a new memo), and the notebooks that read the table (their stamps record the
    descriptor) must run again, the others not."""
    desc = book / "data" / "raw" / f"{TABLE}.resource.yaml"
    memos = {p.name for p in (book / "_build" / "validated").iterdir()}
    append(desc, "# reviewed\n")
    validate = subprocess.run(
        [sys.executable, "-c", "from dtbook.site.validate import validate_all; validate_all(1)"],
        cwd=book,
        env=copy_env(book),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert validate.returncode == 0, validate.stderr[-3000:]
    new = {p.name for p in (book / "_build" / "validated").iterdir()} - memos
    assert len(new) == 1, new
    readers = {
        p.stem
        for p in (book / "_build" / "exec").glob("*.json")
        if f"data/raw/{TABLE}.resource.yaml" in json.loads(p.read_text())["deps"]
    }
    assert readers
    stale = decisions(book)["stale"]
    assert stale == {nb: f"input changed: data/raw/{TABLE}.resource.yaml" if nb in readers else None for nb in stale}, (
        stale
    )
