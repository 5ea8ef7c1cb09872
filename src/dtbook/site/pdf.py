"""The whole book as one PDF: Sphinx's single-page HTML printed by headless Chromium.

python -m dtbook.site.pdf        # -> _build/book.pdf (runs the gate first, like make book)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from dtbook.data.errors import GateError
from dtbook.data.paths import BUILD, rel
from dtbook.site import build

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-pdf-header-footer",
]


def chromium() -> str:
    """The Chromium executable on PATH; a :class:`GateError` saying how to install it when none."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise GateError("make pdf needs Chromium (Debian: apt-get install chromium)")


def print_to_pdf(page: Path, out: Path, browser: str | None = None) -> None:
    """Print one built HTML page to ``out`` with headless Chromium (a fresh profile, no network);
    a :class:`GateError` naming the page when it cannot."""
    out.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [
                browser or chromium(),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--print-to-pdf={out}",
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    if proc.returncode != 0 or not out.is_file():
        raise GateError(f"Chromium could not print {rel(page)}: {proc.stderr[-500:]}")


def main() -> int:
    """Verify and build as ``make book`` does (single-page HTML), then print it to PDF."""
    if build.main(["--builder", "singlehtml"]) != 0:
        return 1
    out = BUILD / "book.pdf"
    try:
        print_to_pdf(BUILD / "singlehtml" / "intro.html", out)
    except GateError as exc:
        print(f"PDF STOPPED: {exc}", file=sys.stderr)
        return 1
    print(f"PDF written: {rel(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
