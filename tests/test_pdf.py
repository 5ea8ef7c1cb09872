"""make pdf: the whole book as one PDF that holds every chapter."""

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT, CleanBook, copy_env


def chapter_titles() -> list[str]:
    titles = []
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        first = nbformat.read(path, as_version=4).cells[0].source.splitlines()[0]
        titles.append(first.lstrip("# ").strip())
    for path in sorted((ROOT / "chapters").glob("*.md")):
        titles.append(path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip())
    return titles


def test_pdf_holds_every_chapter(clean_book: CleanBook, tmp_path: Path):
    """``make pdf`` on a copy of the session's clean build (its gate finds nothing to re-run)."""
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        if os.environ.get("DTBOOK_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required for the PDF")
        pytest.skip("Chromium not installed")
    assert clean_book.returncode == 0, clean_book.stderr[-3000:]
    root = shutil.copytree(clean_book.root, tmp_path / "book", symlinks=True)
    out = subprocess.run(
        [sys.executable, "-m", "dtbook.site.pdf"], cwd=root, env=copy_env(root), capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert "executed 0/" in out.stdout, out.stdout[-2000:]
    from pypdf import PdfReader

    reader = PdfReader(str(root / "_build" / "book.pdf"))

    def norm(t: str) -> str:  # NFKC undoes the fi/fl ligatures of the PDF's font
        t = unicodedata.normalize("NFKC", t).replace("\u2019", "'").replace("\u2018", "'")
        return " ".join(t.split()).lower()

    text = norm(" ".join(page.extract_text() or "" for page in reader.pages))
    assert len(reader.pages) > 10
    missing = [t for t in chapter_titles() if norm(t) not in text]
    assert missing == [], missing
