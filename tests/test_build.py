"""The gate, on a scratch copy of the project: stale numbers are impossible, wrong verdicts stop.

These run the real executor (`python -m dtbook.site.build --execute-only`), so they take a while.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from conftest import CleanBook, run_build, snapshot
from dtbook.data.reads import sha256_file

CLAIM_TABLE = "unctad_merchandise_total"  # read by S21-02 (China's goods trade in 2013)


def rehash(raw: Path, name: str) -> None:
    desc_path = raw / f"{name}.resource.yaml"
    text = desc_path.read_text(encoding="utf-8")
    old = yaml.safe_load(text)["hash"]
    new = "sha256:" + sha256_file(raw / f"{name}.csv")
    desc_path.write_text(text.replace(old, new), encoding="utf-8")


def set_value(root: Path, name: str, match: dict[str, str], column: str, value: str) -> None:
    path = root / "data" / "raw" / f"{name}.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    mask = pd.Series(True, index=df.index)
    for k, v in match.items():
        mask &= df[k] == v
    assert mask.sum() == 1
    df.loc[mask, column] = value
    df.to_csv(path, index=False, lineterminator="\n")
    rehash(root / "data" / "raw", name)


def result(root: Path, claim: str) -> dict:
    for path in (root / "_build" / "results").glob("*.json"):
        for r in json.loads(path.read_text())["results"]:
            if r["id"] == claim:
                return r
    raise KeyError(claim)


@pytest.fixture
def project_copy(clean_book: CleanBook, tmp_path) -> Path:
    """A copy of the session's clean build (``clean_book``): each test breaks its own copy."""
    assert clean_book.returncode == 0, clean_book.stderr[-3000:]
    dest = tmp_path / "book"
    shutil.copytree(clean_book.root, dest, symlinks=True)
    return dest


def test_clean_build_passes_then_nothing_reruns(project_copy):
    again = run_build(project_copy, "--execute-only")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "executed 0/" in again.stdout, again.stdout


def test_changed_raw_value_shows_the_new_number(project_copy):
    before = result(project_copy, "S21-02")
    # China's 2013 imports +3,000 US$ mn: total 4.162 trillion, still within the printed 4.16
    set_value(project_copy, CLAIM_TABLE, {"geo": "CHN", "year": "2013"}, "imports_usd_mn", "1952990")
    out = run_build(project_copy, "--execute-only")
    assert out.returncode == 0, out.stderr[-3000:]
    assert (
        "execute chapters/s2_1_trade_pattern.ipynb: input changed: data/raw/unctad_merchandise_total.csv" in out.stdout
    )
    readers = {
        line.split(":")[0].removeprefix("execute ")
        for line in out.stdout.splitlines()
        if re.match(r"execute chapters/s[0-9]", line)
    }
    stamps = {p.stem: json.loads(p.read_text())["deps"] for p in (project_copy / "_build" / "exec").glob("*.json")}
    direct = {nb for nb, deps in stamps.items() if "data/raw/unctad_merchandise_total.csv" in deps}
    # and the chapters that restate their verdicts (they read those chapters' results)
    expected = {
        f"chapters/{nb}.ipynb"
        for nb, deps in stamps.items()
        if re.match(r"s[0-9]", nb) and (nb in direct or any(f"_build/results/{d}.json" in deps for d in direct))
    }
    assert readers == expected, "exactly the notebooks that read the edited table re-execute"
    after = result(project_copy, "S21-02")
    assert after["shown"] == "4.162" != before["shown"]
    nb = (project_copy / "chapters" / "s2_1_trade_pattern.ipynb").read_text()
    assert "recomputed 4.162" in nb and "recomputed 4.159 " not in nb


def test_edited_raw_value_without_new_hash_stops_naming_the_file(project_copy):
    published = snapshot(project_copy)
    path = project_copy / "data" / "raw" / f"{CLAIM_TABLE}.csv"
    path.write_text(path.read_text().replace("CHN,China,2013,2209005", "CHN,China,2013,2209006"))
    out = run_build(project_copy)
    assert out.returncode == 1
    assert f"data/raw/{CLAIM_TABLE}.csv" in out.stderr and "field 'hash'" in out.stderr, out.stderr[-3000:]
    assert "execute chapters" not in out.stdout, "a bad table stops the build before any notebook runs"
    assert snapshot(project_copy) == published, "a failed build publishes nothing"


def test_a_page_value_edited_away_from_its_words_stops_naming_file_row_and_field(project_copy):
    published = snapshot(project_copy)
    """8.4 -> 8.5 in a row whose quote prints "8.4 percent", the hash updated by the maintainer tool:
    the table is valid by its schema and hash, but the value no longer is the figure its words print."""
    path = project_copy / "data" / "raw" / "pages_trade.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    (line,) = [i for i, text in enumerate(lines) if text.startswith("ecns-chn-2020-dds-trade-growth,")]
    assert ",8.4,percent yoy," in lines[line] and "up by 8.4 percent" in lines[line]
    lines[line] = lines[line].replace(",8.4,percent yoy,", ",8.5,percent yoy,", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    env = dict(os.environ, DTBOOK_ROOT=str(project_copy))
    rehashed = subprocess.run(
        [sys.executable, "scripts/rehash_data.py", "pages_trade"],
        cwd=project_copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert rehashed.returncode == 0, rehashed.stderr
    out = run_build(project_copy)
    assert out.returncode == 1
    where = f"data/raw/pages_trade.csv, row {line + 1}, field 'value'"
    assert where in out.stderr and "ecns-chn-2020-dds-trade-growth" in out.stderr, out.stderr[-3000:]
    assert "8.5" in out.stderr and "8.4 percent" in out.stderr, out.stderr[-3000:]
    assert "execute chapters" not in out.stdout, "a bad table stops the build before any notebook runs"
    assert snapshot(project_copy) == published, "a failed build publishes nothing"


def test_changed_ledger_verdict_stops_naming_the_claim_and_publishes_nothing(project_copy):
    published = snapshot(project_copy)
    ledger = project_copy / "data" / "claims.csv"
    df = pd.read_csv(ledger, dtype=str, keep_default_na=False)
    df.loc[df["id"] == "S21-13", ["verdict", "reason_tag", "reason"]] = ["inconsistent", "rounding", "test"]
    df.to_csv(ledger, index=False)
    out = run_build(project_copy)
    assert out.returncode == 1
    assert "S21-13" in out.stderr and "ledger verdict inconsistent, computed verdict reproduced" in out.stderr
    assert snapshot(project_copy) == published, "a failed build must not touch the published book"


def test_a_notebook_that_raises_stops_the_build(project_copy):
    import nbformat

    path = project_copy / "chapters" / "s2_1_trade_pattern.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell("raise RuntimeError('boom in a chapter cell')"))
    nbformat.write(nb, path)
    out = run_build(project_copy, "--execute-only")
    assert out.returncode == 1
    assert "s2_1_trade_pattern" in out.stderr and "boom in a chapter cell" in out.stderr


def git(root: Path, *args: str) -> str:
    cmd = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", *args]
    return subprocess.run(cmd, cwd=root, check=True, capture_output=True, text=True).stdout


def accepted_state(root: Path) -> dict[str, bytes]:
    build = root / "_build"
    return {str(p.relative_to(build)): p.read_bytes() for p in sorted(build.glob("[rde]*/*.json"))}


def test_a_raw_value_that_breaks_a_verdict_stops_naming_the_claim_and_changes_nothing_that_lasts(project_copy):
    """The stuck-build sequence: edit a raw value so a claim fails, build (stops naming the claim,
    publishes nothing, keeps the last good results), revert, build (nothing to re-run)."""
    git(project_copy, "init", "-q")
    git(project_copy, "add", "-A")
    git(project_copy, "commit", "-qm", "built")
    before, published = accepted_state(project_copy), snapshot(project_copy)
    assert any(k.startswith("results/") for k in before) and any(k.startswith("exec/") for k in before)
    set_value(project_copy, CLAIM_TABLE, {"geo": "CHN", "year": "2013"}, "imports_usd_mn", "1849990")
    failed = run_build(project_copy)
    assert failed.returncode == 1
    assert "S21-02" in failed.stderr and "ledger verdict reproduced" in failed.stderr, failed.stderr[-3000:]
    assert snapshot(project_copy) == published, "a failed build publishes nothing"
    changed = sorted(line[3:] for line in git(project_copy, "status", "--porcelain").splitlines())
    assert changed == [f"data/raw/{CLAIM_TABLE}.csv", f"data/raw/{CLAIM_TABLE}.resource.yaml"], (
        "a failed build rewrites no tracked notebook or figure"
    )
    assert accepted_state(project_copy) == before, "results, inputs and stamps stay as the last good run left them"
    assert not (project_copy / "_build" / "stage").exists()
    git(project_copy, "checkout", "--", "data")
    again = run_build(project_copy, "--execute-only")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "executed 0/" in again.stdout, "the accepted state matches the reverted data: nothing to re-run"
    assert result(project_copy, "S21-02")["shown"] == "4.159"
    assert git(project_copy, "status", "--porcelain") == ""


def test_a_tampered_stored_output_is_recomputed_and_never_published(project_copy):
    path = project_copy / "chapters" / "s2_1_trade_pattern.ipynb"
    original = path.read_text(encoding="utf-8")
    printed = "recomputed 4.159 "
    glued = '"application/papermill.record/text/plain": "\'32.16\'"'
    assert printed in original and glued in original
    fake_printed, fake_glued = "7.777", "77.77"  # numbers the chapter does not otherwise show
    assert fake_printed not in original and fake_glued not in original
    page_path = project_copy / "_build" / "html" / "chapters" / "s2_1_trade_pattern.html"
    tampered = original.replace(printed, f"recomputed {fake_printed} ").replace(
        glued, glued.replace("32.16", fake_glued), 1
    )
    path.write_text(tampered, encoding="utf-8")
    out = run_build(project_copy)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "execute chapters/s2_1_trade_pattern.ipynb: stored outputs differ" in out.stdout, out.stdout
    assert path.read_text(encoding="utf-8") == original, "re-execution restores the computed outputs"
    page = page_path.read_text(encoding="utf-8")
    assert "4.159" in page and "32.16" in page
    assert fake_printed not in page and fake_glued not in page


def test_results_rewritten_outside_the_build_are_recomputed(project_copy):
    """A kernel run outside the build (nbval in `make test`) on bad data leaves its results behind:
    the stamp records the results it accepted, so the next build recomputes rather than gates them."""
    path = project_copy / "_build" / "results" / "s2_1_trade_pattern.json"
    good = path.read_bytes()
    data = json.loads(good)
    row = next(r for r in data["results"] if r["id"] == "S21-02")
    row.update(shown="4.149", verdict="inconsistent")
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    out = run_build(project_copy, "--execute-only")
    assert out.returncode == 0, out.stderr[-3000:]
    assert (
        "execute chapters/s2_1_trade_pattern.ipynb: its recorded output changed since its last execution: "
        "_build/results/s2_1_trade_pattern.json" in out.stdout
    ), out.stdout
    assert path.read_bytes() == good


def test_the_site_key_covers_accepted_results_and_the_ledger(tmp_path):
    from dtbook.data.paths import Project
    from dtbook.site import changes

    project = Project(root=tmp_path)
    results, claims = project.accepted("results"), project.ledger
    results.mkdir(parents=True)
    claims.parent.mkdir(parents=True)
    (results / "s1.json").write_text('{"results": []}')
    claims.write_text("id\n")
    first = changes.site_key("html", project)
    (results / "s1.json").write_text('{"results": [1]}')
    second = changes.site_key("html", project)
    claims.write_text("id\nS1-01\n")
    assert len({first, second, changes.site_key("html", project)}) == 3


def test_sphinx_starts_afresh_when_results_or_ledger_changed(tmp_path):
    from dtbook.site import sphinx_run

    aside = tmp_path / "next"
    assert sphinx_run.reset_if_data_changed(aside, "k1")
    (aside / "doctrees").mkdir()
    assert not sphinx_run.reset_if_data_changed(aside, "k1") and (aside / "doctrees").is_dir()
    assert sphinx_run.reset_if_data_changed(aside, "k2") and not (aside / "doctrees").exists()


def _edit_cell(root: Path, notebook: str, needle: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the one code cell of ``notebook`` that contains ``needle``."""
    import nbformat

    path = root / "chapters" / f"{notebook}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and needle in c.source]
    assert len(cells) == 1 and old in cells[0].source, (needle, old)
    cells[0].source = cells[0].source.replace(old, new)
    nbformat.write(nb, path)


def test_a_cell_that_reads_a_row_its_check_does_not_declare_stops_the_build(project_copy):
    """Grades come from declared inputs: a row read in a claim's cell but passed to no check is
    refused at the notebook's last cell, naming the claim whose cell read it and the row."""
    _edit_cell(
        project_copy,
        "s2_1_trade_pattern",
        '"S21-02"',
        'audit.check("S21-02"',
        'pages_trade.at("gacc-chn-2020-goods-trade-total-cny-trn")\naudit.check("S21-02"',
    )
    out = run_build(project_copy, "--execute-only")
    assert out.returncode == 1
    assert "the cell checking S21-02 read pages_trade#gacc-chn-2020-goods-trade-total-cny-trn" in out.stderr, (
        out.stderr[-3000:]
    )


def test_a_forged_reference_is_refused_naming_the_claim(project_copy):
    """A reference a check records must name a row this process read: a row that does not exist
    (or was never read) is refused naming the claim."""
    _edit_cell(
        project_copy,
        "s2_1_trade_pattern",
        '"S21-02"',
        'unit="USD trillion"',
        'unit="USD trillion", uses="unctad_dds_panel#CHN/1999:dds_exports_usd_mn"',
    )
    out = run_build(project_copy, "--execute-only")
    assert out.returncode == 1
    assert "S21-02: declares inputs this process never read: unctad_dds_panel#CHN/1999" in out.stderr, out.stderr[
        -3000:
    ]
