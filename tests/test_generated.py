"""Generated files are in step with their sources; the repository names no machine paths."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CleanBook, copy_env

pytestmark = pytest.mark.static  # no build: part of `make check`

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True)


def in_book(book: CleanBook, *args: str) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` on the session's built book (a copy of the tracked files with its results)."""
    return subprocess.run(
        [sys.executable, *args], cwd=book.root, env=copy_env(book.root), capture_output=True, text=True
    )


@pytest.mark.build  # the README's counts come from the build's results
def test_readme_data_table_is_generated_from_the_provenance(clean_book):
    out = in_book(clean_book, "-m", "dtbook.site.readme", "--check")
    assert out.returncode == 0, out.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count("\n| `") >= len(list((ROOT / "data" / "raw").glob("*.resource.yaml")))


def test_data_sources_bib_is_generated_from_the_provenance():
    out = run("-m", "dtbook.site.bib", "--check")
    assert out.returncode == 0, out.stdout


def test_environment_file_is_generated_from_the_lock():
    out = run("scripts/sync_environment.py", "--check")
    assert out.returncode == 0, out.stdout


def test_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make book" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_no_machine_paths_in_tracked_text_files():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    bad = re.compile(r"/(work|tmp|root|farm)/|/opt/" + "pypi|file:" + "///")
    hits = []
    for name in files:
        path = ROOT / name
        if path.suffix in {".xlsx", ".png", ".parquet"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        for m in bad.finditer(text):
            hits.append(f"{name}: {text[max(0, m.start() - 30) : m.end() + 30]!r}")
    assert hits == [], hits[:10]


@pytest.mark.build  # the unreleased state is the build's results
def test_changelog_is_generated_from_the_releases_and_the_results(clean_book):
    out = in_book(clean_book, "-m", "dtbook.site.changelog", "--check")
    assert out.returncode == 0, out.stdout + out.stderr
