"""The build's drift checks (dtbook.site.drift) on tiny projects: the table of contents against the
ledger, upstream files against their origin records, nbval's reach, the built pages' own links."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import quote

import nbformat
import pytest
import yaml
from ascii_locale import ascii_locale
from ledger_rows import claim

from dtbook.data.errors import DataError, GateError
from dtbook.site import drift

# ---------------------------------------------------------------- table of contents


def toc(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "_toc.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_toc_files_lists_the_root_then_every_file_without_its_suffix(tmp_path):
    path = toc(
        tmp_path,
        "format: jb-book\nroot: intro\nparts:\n"
        "  - caption: One\n    chapters:\n      - file: chapters/a.ipynb\n        sections:\n"
        "          - file: chapters/b.md\n      - file: chapters/c\n"
        "  - caption: Two\n    chapters:\n      - file: ünï\n",
    )
    assert drift.toc_files(path) == ["intro", "chapters/a", "chapters/b", "chapters/c", "ünï"]


def test_toc_files_without_a_root(tmp_path):
    assert drift.toc_files(toc(tmp_path, "chapters:\n  - file: a\n")) == ["a"]
    assert drift.toc_files(toc(tmp_path, "root: ''\nchapters:\n  - file: a\n")) == ["a"]


@pytest.mark.parametrize("text", ["- file: a\n", "just words\n", ""], ids=["list", "words", "empty"])
def test_a_toc_that_is_not_a_mapping_is_refused(tmp_path, text):
    with pytest.raises(DataError) as err:
        drift.toc_files(toc(tmp_path, text))
    assert str(err.value) == "_toc.yml: table of contents missing or not a mapping"


def test_a_missing_toc_is_refused(tmp_path):
    with pytest.raises(DataError) as err:
        drift.toc_files(tmp_path / "_toc.yml")
    assert str(err.value) == "_toc.yml: table of contents missing or not a mapping"


def test_a_toc_that_is_not_yaml_is_refused(tmp_path):
    with pytest.raises(DataError, match=r"^_toc\.yml: not valid YAML: ") as err:
        drift.toc_files(toc(tmp_path, "root: [unclosed\n"))
    assert isinstance(err.value.__cause__, yaml.YAMLError)


def chapters_with(tmp_path: Path, *stems: str) -> Path:
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    for stem in stems:
        nbformat.write(nbformat.v4.new_notebook(), chapters / f"{stem}.ipynb")
    return chapters


def test_check_toc_names_every_notebook_the_toc_leaves_out(tmp_path):
    # a path outside the checkout is named by its file name alone (paths.rel)
    chapters = chapters_with(tmp_path, "listed", "d_orphan", "with_claims", "c_orphan")
    path = toc(tmp_path, "root: intro\nchapters:\n  - file: chapters/listed\n")
    claims = {
        c.id: c for c in [claim("S9-03", "zz_gone"), claim("S9-01", "with_claims"), claim("S9-02", "with_claims")]
    }
    claims["S9-04"] = claim("S9-04", "listed")
    with pytest.raises(GateError) as err:
        drift.check_toc(claims, toc=path, chapters=chapters)
    assert str(err.value) == (
        "the table of contents and the ledger disagree:\n"
        "  chapters/with_claims.ipynb has 2 ledger claims but is not in _toc.yml\n"
        "  chapters/zz_gone.ipynb has 1 ledger claims but is not in _toc.yml\n"
        "  c_orphan.ipynb is not in _toc.yml (it would be executed but never published)\n"
        "  d_orphan.ipynb is not in _toc.yml (it would be executed but never published)"
    )


def test_check_toc_passes_when_every_notebook_is_listed(tmp_path):
    chapters = chapters_with(tmp_path, "a", "b")
    path = toc(tmp_path, "root: intro\nchapters:\n  - file: chapters/a\n  - file: chapters/b.ipynb\n")
    drift.check_toc({"S9-01": claim("S9-01", "a")}, toc=path, chapters=chapters)


# ---------------------------------------------------------------- upstream files


def upstream_file(folder: Path, name: str, data: bytes, **origin: object) -> Path:
    """Write an upstream file and its record; ``origin`` overrides or (as None) drops a field."""
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    record: dict[str, object] = {
        "file": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size_bytes": len(data),
    }
    record.update(origin)
    record = {k: v for k, v in record.items() if v is not None}
    side = folder / f"{name}.origin.yaml"
    side.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    return side


def refused(upstream: Path) -> str:
    with pytest.raises(DataError) as err:
        drift.check_upstream(upstream)
    return str(err.value)


def test_upstream_files_matching_their_records_pass(tmp_path):
    upstream = tmp_path / "upstream"
    upstream_file(upstream, "a.csv", b"x,y\n1,2\n")
    upstream_file(upstream, "b.csv", b"\xff", sha256="sha256:" + hashlib.sha256(b"\xff").hexdigest())
    upstream_file(upstream, "c.csv", b"no size", size_bytes=None)
    (upstream / "notes").mkdir()  # a folder is not an upstream file
    drift.check_upstream(upstream)


def test_no_upstream_folder_no_files_to_check(tmp_path):
    drift.check_upstream(tmp_path / "upstream")


def test_an_upstream_record_that_is_not_yaml_is_refused(tmp_path):
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    (upstream / "a.csv.origin.yaml").write_text("file: [a\n", encoding="utf-8")
    assert refused(upstream).startswith("a.csv.origin.yaml: not valid YAML: ")


@pytest.mark.parametrize("text", ["", "- a.csv\n"], ids=["empty", "list"])
def test_an_upstream_record_that_is_not_a_mapping_is_refused(tmp_path, text):
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    (upstream / "a.csv.origin.yaml").write_text(text, encoding="utf-8")
    assert refused(upstream) == "a.csv.origin.yaml: origin record empty or not a mapping"


def test_an_upstream_record_names_the_file_it_sits_beside(tmp_path):
    upstream = tmp_path / "upstream"
    upstream_file(upstream, "a.csv", b"1\n", file="b.csv")
    assert refused(upstream) == (
        "a.csv.origin.yaml, field 'file': names file 'b.csv', expected the file it sits beside"
    )
    upstream_file(upstream, "a.csv", b"1\n", file=None)
    assert refused(upstream) == "a.csv.origin.yaml, field 'file': names file '', expected the file it sits beside"


@pytest.mark.parametrize("digest", [None, "", "sha256:", "ab" * 31 + "a"], ids=["none", "empty", "prefix", "short"])
def test_an_upstream_record_without_a_full_sha256_is_refused(tmp_path, digest):
    upstream = tmp_path / "upstream"
    upstream_file(upstream, "a.csv", b"1\n", sha256=digest)
    assert refused(upstream) == "a.csv.origin.yaml, field 'sha256': sha256 of the upstream file missing"


def test_a_missing_upstream_file_is_refused_naming_its_record(tmp_path):
    upstream = tmp_path / "upstream"
    upstream_file(upstream, "a.csv", b"1\n")
    (upstream / "a.csv").unlink()
    assert refused(upstream) == "a.csv: upstream file missing (named by a.csv.origin.yaml)"


def test_an_edited_upstream_file_is_refused(tmp_path):
    upstream = tmp_path / "upstream"
    upstream_file(upstream, "a.csv", b"1\n")
    (upstream / "a.csv").write_bytes(b"2\n")
    assert refused(upstream) == "a.csv, field 'sha256': bytes do not match the sha256 recorded in a.csv.origin.yaml"


def test_an_upstream_file_of_another_size_is_refused(tmp_path):
    upstream = tmp_path / "upstream"
    upstream_file(upstream, "a.csv", b"1\n", size_bytes="3")
    assert refused(upstream) == "a.csv, field 'size_bytes': size 2 differs from size_bytes in a.csv.origin.yaml"


def test_the_first_bad_record_in_name_order_is_named(tmp_path):
    upstream = tmp_path / "upstream"
    for name in ("c.csv", "a.csv", "b.csv"):
        upstream_file(upstream, name, b"1\n", sha256="0" * 64)
    assert refused(upstream).startswith("a.csv, field 'sha256'")


def test_an_upstream_file_without_a_record_is_refused(tmp_path):
    upstream = tmp_path / "upstream"
    upstream_file(upstream, "a.csv", b"1\n")
    (upstream / "stray.csv").write_bytes(b"1\n")
    (upstream / "more.csv.origin").write_bytes(b"1\n")
    assert refused(upstream) == "more.csv.origin: upstream file without an .origin.yaml record"
    (upstream / "more.csv.origin").unlink()
    assert refused(upstream) == "stray.csv: upstream file without an .origin.yaml record"


# ---------------------------------------------------------------- nbval's reach


def nbval_project(tmp_path: Path, pyproject: str | None, **notebooks: bool) -> Path:
    """A project whose notebooks have (True) or have not (False) stored outputs; the root is
    reached through a detour, so paths compare only when resolved."""
    root = tmp_path / "proj"
    (root / "chapters").mkdir(parents=True)
    (tmp_path / "side").mkdir()
    if pyproject is not None:
        (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    for stem, outputs in notebooks.items():
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("text"), nbformat.v4.new_code_cell("1")]
        if outputs:
            nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="1\n")]
        nbformat.write(nb, root / "chapters" / f"{stem}.ipynb")
    return tmp_path / "side" / ".." / "proj"


NBVAL = '[tool.pytest.ini_options]\naddopts = "-q --nbval"\ntestpaths = ["tests", "chapters/s*.ipynb"]\n'


def test_notebooks_with_outputs_under_nbval_pass(tmp_path):
    drift.check_nbval(nbval_project(tmp_path, NBVAL, s1=True, s2=True, other=False))


def test_a_notebook_with_outputs_outside_nbval_is_refused(tmp_path):
    root = nbval_project(tmp_path, NBVAL, s1=True, other=True, plain=False)
    with pytest.raises(DataError) as err:
        drift.check_nbval(root)
    assert str(err.value) == (
        "other.ipynb, field 'tool.pytest.ini_options.testpaths': has stored outputs but is not under nbval"
    )


@pytest.mark.parametrize(
    "pyproject",
    [None, "[tool.other]\n", "[tool.pytest]\nx = 1\n", "not = toml = at all\n"],
    ids=["no-file", "no-pytest", "no-ini-options", "not-toml"],
)
def test_no_pytest_configuration_is_refused(tmp_path, pyproject):
    with pytest.raises(
        DataError, match=r"^pyproject\.toml, field 'tool\.pytest': no pytest configuration to run nbval"
    ):
        drift.check_nbval(nbval_project(tmp_path, pyproject, s1=True))


@pytest.mark.parametrize("addopts", ["", 'addopts = "-q"\n'], ids=["none", "without-nbval"])
def test_pytest_without_nbval_is_refused(tmp_path, addopts):
    pyproject = f'[tool.pytest.ini_options]\n{addopts}testpaths = ["chapters/*.ipynb"]\n'
    with pytest.raises(DataError) as err:
        drift.check_nbval(nbval_project(tmp_path, pyproject))
    assert str(err.value) == "pyproject.toml, field 'tool.pytest.ini_options.addopts': pytest does not run --nbval"


def test_without_testpaths_no_notebook_is_under_nbval(tmp_path):
    with pytest.raises(DataError, match=r"^s1\.ipynb"):
        drift.check_nbval(nbval_project(tmp_path, '[tool.pytest.ini_options]\naddopts = "--nbval"\n', s1=True))


# ---------------------------------------------------------------- links of the built pages


def page(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")


def test_every_kind_of_internal_reference_is_followed(tmp_path):
    site = tmp_path / "html"
    page(site / "index.html", "")
    body = "".join(
        f'<{tag} {attr}="m-{tag}.x"></{tag}>'
        for tag, attr in [("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("iframe", "src")]
    )
    body += '<video><source src="m-source.x"></video><div href="no.x" src="no.x"></div><a data-href="no.x">n</a>'
    page(site / "p.html", body)
    assert drift.broken_links(site) == [
        f"p.html: link to missing m-{tag}.x" for tag in ("a", "link", "img", "script", "iframe", "source")
    ]


def test_external_links_are_not_followed(tmp_path):
    site = tmp_path / "html"
    links = ["https://e.org/x", "//e.org/x", "mailto:a@e.org", "javascript:void(0)", "data:,x", "tel:1"]
    page(site / "index.html", "".join(f'<a href="{link}">x</a>' for link in links) + '<a href="gone.html">g</a>')
    assert drift.broken_links(site) == ["index.html: link to missing gone.html"]


def test_anchors_are_ids_or_names_of_links(tmp_path):
    site = tmp_path / "html"
    page(
        site / "index.html",
        '<h1 id="top">t</h1><a name="old">o</a><p name="para">p</p><h2 hidden id="later">l</h2><a name>n</a>'
        '<a href="#top">1</a><a href="#old">2</a><a href="#para">3</a><a href="#later">4</a><a href>5</a>'
        '<a href="index.html#top">6</a><a href="#caf%C3%A9">7</a><a id="café">8</a>',
    )
    assert drift.broken_links(site) == ["index.html: link to #para, no such anchor"]


def test_links_resolve_from_the_page_folder_with_escapes_and_folder_indexes(tmp_path):
    site = tmp_path / "html"
    page(site / "index.html", '<a href="chapters/">c</a><a href="two%20words.html#x">w</a><a href="?q=1">q</a>')
    page(site / "two words.html", '<p id="x">x</p>')
    page(site / "chapters" / "index.html", '<a href="../index.html">up</a><a href="./">here</a><a href="..">root</a>')
    page(site / "chapters" / "deep" / "a.html", '<a href="../../two%20words.html#y">w</a><a href="../nowhere/">n</a>')
    assert drift.broken_links(site) == [
        "chapters/deep/a.html: link to ../../two%20words.html#y, no such anchor",
        "chapters/deep/a.html: link to missing ../nowhere/",
    ]


def test_a_bare_anchor_or_query_is_a_link_to_the_page_itself(tmp_path):
    site = tmp_path / "html"
    page(site / "index.html", '<p id="only-in-index">i</p>')
    page(site / "a.html", '<p id="x">x</p><a href="#x">x</a><a href="?q=1#x">q</a><a href="#only-in-index">i</a>')
    assert drift.broken_links(site) == ["a.html: link to #only-in-index, no such anchor"]


def test_anchors_of_files_that_are_not_pages_are_not_checked(tmp_path):
    site = tmp_path / "html"
    (site / "_static").mkdir(parents=True)
    (site / "data.csv").write_text("a\n", encoding="utf-8")
    page(site / "_static" / "frag.html", '<a href="missing.html">m</a>')
    page(site / "index.html", '<a href="data.csv#row">d</a><a href="_static/frag.html#x">f</a><a href="#n">n</a>')
    assert drift.broken_links(site) == ["index.html: link to #n, no such anchor"]


def test_a_page_that_is_not_utf8_is_still_checked(tmp_path):
    site = tmp_path / "html"
    site.mkdir()
    (site / "index.html").write_bytes(b'<p>caf\xe9</p><a href="gone.html">g</a>')
    assert drift.broken_links(site) == ["index.html: link to missing gone.html"]


def test_the_site_may_be_reached_through_a_link(tmp_path):
    real = tmp_path / "real"
    page(real / "index.html", '<a href="sub/a.html#x">a</a><a href="#y">y</a>')
    page(real / "sub" / "a.html", '<p id="x">x</p>')
    os.symlink(real, tmp_path / "html")
    assert drift.broken_links(tmp_path / "html") == ["index.html: link to #y, no such anchor"]


@pytest.mark.parametrize("count", [20, 21, 22])
def test_check_links_shows_at_most_twenty(tmp_path, count):
    site = tmp_path / "html"
    page(site / "index.html", "".join(f'<a href="m{i:02}.html">x</a>' for i in range(count)))
    with pytest.raises(GateError) as err:
        drift.check_links(site)
    shown = [f"index.html: link to missing m{i:02}.html" for i in range(20)]
    more = [f"... and {count - 20} more"] if count > 20 else []
    assert str(err.value) == "broken internal links in the built book:\n  " + "\n  ".join(shown + more)


def test_check_links_passes_a_sound_book(tmp_path):
    page(tmp_path / "index.html", '<a href="#t" id="t">t</a>')
    drift.check_links(tmp_path)


# ---------------------------------------------------------------- UTF-8 whatever the locale


def test_the_drift_checks_read_chinese_and_japanese_as_utf8_whatever_the_locale(tmp_path):
    path = toc(tmp_path, "root: intro\nchapters:\n  - file: chapters/数字贸易\n  - file: chapters/デジタル\n")
    upstream = tmp_path / "upstream"
    upstream_file(upstream, "a.csv", b"x\n1\n", producer="国家统计局", title="デジタル貿易")
    root = nbval_project(tmp_path, "# 数字贸易 (Yu Ya, 于雅)\n" + NBVAL, s1=True)
    with ascii_locale():
        assert drift.toc_files(path) == ["intro", "chapters/数字贸易", "chapters/デジタル"]
        drift.check_upstream(upstream)
        drift.check_nbval(root)


def test_anchors_in_chinese_are_found_whatever_the_locale(tmp_path):
    site = tmp_path / "html"
    page(site / "index.html", f'<h2 id="数字贸易">t</h2><a href="#{quote("数字贸易")}">1</a>')
    page(site / "p.html", f'<a href="index.html#{quote("数字贸易")}">2</a><a href="#{quote("貿易")}">3</a>')
    with ascii_locale():
        assert drift.broken_links(site) == [f"p.html: link to #{quote('貿易')}, no such anchor"]
