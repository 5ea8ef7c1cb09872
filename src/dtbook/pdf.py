"""The whole book as one PDF: Sphinx's single-page HTML printed by headless Chromium.

    python -m dtbook.pdf        # -> _build/book.pdf (runs the gate first, like make book)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile

from .build import execute_all, sphinx
from .errors import DataError, GateError
from .paths import BUILD, rel

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update", "--no-pdf-header-footer",
]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise GateError("make pdf needs Chromium (Debian: apt-get install chromium)")


def main() -> int:
    try:
        import os

        execute_all(os.cpu_count() or 1)
        single = sphinx("singlehtml")
        page = single / "intro.html"
        out = BUILD / "book.pdf"
        with tempfile.TemporaryDirectory() as profile:
            proc = subprocess.run(
                [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={out}",
                 page.resolve().as_uri()], capture_output=True, text=True, timeout=300)
        if proc.returncode != 0 or not out.is_file():
            raise GateError(f"Chromium could not print the book: {proc.stderr[-500:]}")
        print(f"PDF written: {rel(out)}")
    except (GateError, DataError) as exc:
        print(f"PDF STOPPED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
