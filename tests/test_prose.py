"""Numbers in the text are generated: chapter prose carries no typed decimal figure.

Recomputed values reach the prose only through myst-nb glue. Headings (which name the paper's
printed figure), block quotes and section numbers ("section 2.2") are exempt.
"""

import re
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.static  # no build: part of `make check`

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
DECIMAL = re.compile(r"(?<![\w.\-])\d+\.\d+(?![\w.])")
EXEMPT = re.compile(r"`[^`]*`|\bPython \d+\.\d+|\b[Ss]ections? \d+(\.\d+)*|\[\d+\]|\{[^}]*\}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_typed_decimal_figures_in_prose(path):
    nb = nbformat.read(path, as_version=4)
    typed = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            stripped = line.lstrip()
            if stripped.startswith(("#", ">", ":", "(", "```")):
                continue
            hits = DECIMAL.findall(EXEMPT.sub("", stripped))
            if hits:
                typed.append(f"{hits}: {stripped[:90]}")
    assert typed == [], "glue these instead of typing them:\n" + "\n".join(typed)


def test_markdown_pages_carry_no_typed_figures():
    for path in [ROOT / "intro.md", *sorted(p for p in (ROOT / "chapters").glob("*.md") if p.name != "status.md")]:
        hits = DECIMAL.findall(EXEMPT.sub("", path.read_text(encoding="utf-8")))
        assert hits in ([], ["8.4", "8.35", "8.45"]), (path.name, hits)  # intro's rounding example
