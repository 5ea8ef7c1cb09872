"""Two clean builds of the whole book (``--force``) compared file by file: the session's clean build
of a scratch copy, with no network at all where the machine allows (the ``clean_book`` fixture,
shared with the build tests), and a clean build of a second scratch copy; and an incremental build
of a copy of the first against it.

What is compared, exactly:

- every file under ``_build/html`` of the two builds, byte for byte: the same set of
  paths and the same bytes, with one declared exception: the status page's execution-time cells
  (``<span class="dtbook-timing">`` in ``chapters/status.html`` and the ``{dtbook-timing}`` roles in
  its source copy ``_sources/chapters/status.md``) are masked before comparing. Nothing else is
  masked; the search index (``searchindex.js``) is compared unmasked, so a timing that reached it
  would fail the test;
- an incremental build against a clean one: a copy of the clean build gets a page edited and
  rebuilt (Sphinx re-reads only that page), then the edit reverted and rebuilt again; its
  ``_build/html`` must then equal the clean build's, with the same single exception;
- the figures (``figures/*``) and the recomputed results (``_build/results/*.json``, their
  ``results`` lists) of the two builds, and the figures against the committed ones.

The offline build runs in a new network namespace with only loopback up (`unshare -n`, as root,
which is how CI runs). That a failed build leaves the last good book in place is tested on copies
of the same clean build in tests/test_build.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, CleanBook, copy_project, run_build
from dtbook.data.reads import sha256_file

TIMING = {
    "chapters/status.html": re.compile(rb'(<span class="dtbook-timing">)[0-9.]+(</span>)'),
    "_sources/chapters/status.md": re.compile(rb"(\{dtbook-timing\}`)[0-9.]+(`)"),
}


def digest_tree(folder: Path, pattern: str) -> dict[str, str]:
    return {p.name: sha256_file(p) for p in sorted(folder.glob(pattern))}


def site(root: Path) -> dict[str, bytes]:
    """Every file of the published book, the declared timing cells masked."""
    html = root / "_build" / "html"
    out = {}
    for path in sorted(p for p in html.rglob("*") if p.is_file()):
        name = path.relative_to(html).as_posix()
        data = path.read_bytes()
        if name in TIMING:
            data, n = TIMING[name].subn(rb"\1(time)\2", data)
            assert n >= 10, f"{name}: expected a timing cell per notebook, masked {n}"
        out[name] = data
    return out


def differing(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


@pytest.fixture(scope="module")
def two_builds(clean_book: CleanBook, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The session's clean build of a scratch copy (offline where the machine allows) and a second
    clean build of another scratch copy, with the network (both copies, so that both builds see the
    same files: the project's own folder has its git history, which the claim pages show)."""
    assert clean_book.returncode == 0, (clean_book.stdout[-2000:], clean_book.stderr[-3000:])
    b = copy_project(tmp_path_factory.mktemp("online") / "book")
    rb = run_build(b, "--force", timeout=1200)
    assert rb.returncode == 0, (rb.stdout[-2000:], rb.stderr[-3000:])
    return clean_book.root, b


def test_whole_build_runs_with_no_network(clean_book: CleanBook):
    if not clean_book.offline:
        if os.environ.get("DTBOOK_REQUIRE_OFFLINE"):
            pytest.fail("the offline test needs root, unshare and ip (CI runs as root)")
        pytest.skip("needs root with unshare and ip to cut the network")
    assert clean_book.returncode == 0, (clean_book.stdout[-2000:], clean_book.stderr[-3000:])
    assert (clean_book.root / "_build" / "html" / "chapters" / "summary.html").is_file()


def test_two_clean_builds_give_identical_figures_and_results(two_builds):
    a, b = two_builds
    figs_a, figs_b = digest_tree(a / "figures", "*.*"), digest_tree(b / "figures", "*.*")
    assert figs_a and figs_a == figs_b
    res_a = {p.name: json.loads(p.read_text())["results"] for p in (a / "_build" / "results").glob("*.json")}
    res_b = {p.name: json.loads(p.read_text())["results"] for p in (b / "_build" / "results").glob("*.json")}
    assert res_a and res_a == res_b
    # and the committed figures are the ones the data make
    assert figs_a == digest_tree(ROOT / "figures", "*.*")


def test_two_clean_builds_give_byte_identical_books_but_for_the_timing_cells(two_builds):
    a, b = two_builds
    site_a, site_b = site(a), site(b)
    assert len(site_a) > 50 and "searchindex.js" in site_a and "chapters/status.html" in site_a
    assert differing(site_a, site_b) == []
    raw_a = (a / "_build" / "html" / "chapters" / "status.html").read_bytes()
    assert TIMING["chapters/status.html"].search(raw_a), "the exception is the timing cells only"


def test_an_incremental_build_equals_a_clean_one(two_builds, tmp_path):
    a = shutil.copytree(two_builds[0], tmp_path / "book", symlinks=True)
    clean = site(a)
    intro = a / "intro.md"
    text = intro.read_text(encoding="utf-8")
    intro.write_text(text + "\nA sentence added for an incremental build.\n", encoding="utf-8")
    edited = run_build(a)
    assert edited.returncode == 0, edited.stderr[-3000:]
    assert b"incremental build" in (a / "_build" / "html" / "intro.html").read_bytes()
    intro.write_text(text, encoding="utf-8")
    reverted = run_build(a)
    assert reverted.returncode == 0, reverted.stderr[-3000:]
    assert "executed 0/" in reverted.stdout, "only Sphinx had work to do"
    assert differing(site(a), clean) == []
