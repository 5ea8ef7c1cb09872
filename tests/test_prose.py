"""Numbers in the text are generated: neither the chapters' prose nor their code types a figure.

Prose: recomputed values reach it only through myst-nb glue. Headings (which name the paper's
printed figure), block quotes, section numbers ("section 2.2") and versions ("Python 3.11") are exempt.

Code: the strings a cell builds (``note=``, ``shown=``, ``searched=``, printed or glued text,
including the literal parts of f-strings; not docstrings) carry no decimal figure and no integer of
three or more digits. Such a value is read from its table (``table.text(row_id)``,
``interval.fmt()``) or from the ledger (``audit.claims[id].stated``). Allowed, by rule: years
(1900-2099); powers of ten (unit scales: "(100 million yuan)", "(10,000 km)", "0.001 EFlop/s");
the paper's own section numbers ("2.3: ...", read from its headings; so a typed figure that equals
a section number, such as 2.1, is not caught); numbers named as a table, section, page or report
number ("table 3.1", "Section 301"); and numbers inside identifiers, ranges and ratios
("fx361-chn-2021", "2009-2018", "1:10"). Numbers in code itself (selectors, row ids, unit
conversion factors such as ``/ 1000``) are not strings and are not checked.
"""

import ast
import re
from fractions import Fraction
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.static  # no build: part of `make check`

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
DECIMAL = re.compile(r"(?<![\w.\-])\d+\.\d+(?![\w.])")
NUMBER = re.compile(r"(?<![\w.\-/#:,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!\w|[.\-/:,]\d)")
NAMED = re.compile(r"\b(?:[Tt]ables?|[Ss]ections?|[Pp]ages?|[Rr]eports? no\.|no\.) \d+(?:[.\-]\d+)*")
#: cells another change is rewriting (the ITO / software-product split, S222-20, and the bandwidth
#: claims S223-11/12): their search descriptions still quote figures; remove an entry when its cell is rebuilt
PENDING = {("s2_2_subdivisions", "c69"), ("s2_2_subdivisions", "c95"), ("s2_2_subdivisions", "c97")}
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


def _cells(path: Path) -> list[tuple[str, ast.Module]]:
    nb = nbformat.read(path, as_version=4)
    out = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines = [line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!"))]
            out.append((str(cell.get("id")), ast.parse("\n".join(lines))))
    return out


def _section_numbers() -> set[str]:
    text = (ROOT / "paper" / "paper.txt").read_text(encoding="utf-8")
    return {m.group(1) for m in re.finditer(r"^(\d+(?:\.\d+)+)\.? ", text, re.M)}


def _allowed(token: str, sections: set[str]) -> bool:
    value = Fraction(token.replace(",", ""))
    if value.denominator == 1 and 1900 <= value <= 2099 and "." not in token:
        return True  # a year
    if value > 0 and (value.numerator == 1 or value.denominator == 1) and _power_of_ten(value):
        return True  # a unit scale
    return token in sections


def _power_of_ten(value: Fraction) -> bool:
    n = value.denominator if value.numerator == 1 else value.numerator
    while n % 10 == 0:
        n //= 10
    return n == 1


def typed_figures(text: str, sections: set[str]) -> list[str]:
    text = NAMED.sub("", text)
    hits = []
    for m in NUMBER.finditer(text):
        token = m.group(0)
        is_figure = "." in token or int(token.replace(",", "")) >= 100
        if is_figure and not _allowed(token, sections):
            hits.append(token)
    return hits


def _strings(tree: ast.AST) -> list[str]:
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Module):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_typed_figures_in_code_strings(path):
    sections = _section_numbers()
    typed = []
    for cid, tree in _cells(path):
        if (path.stem, cid) in PENDING:
            continue
        for s in _strings(tree):
            hits = typed_figures(s, sections)
            if hits:
                typed.append(f"{cid} {hits}: {s[:100]!r}")
    assert typed == [], "read these from their table or the ledger instead of typing them:\n" + "\n".join(typed)


@pytest.mark.parametrize(
    "text, hits",
    [
        ("294.76 over the 2019 level 272.2", ["294.76", "272.2"]),
        ("5488 / 1205 (10,000 km)", ["5488", "1205"]),
        ("the exact level is 321557 (100 million yuan)", ["321557"]),
        ("52,929.7 Gbps", ["52,929.7"]),
        ("2.3: ", []),
        ("rounded to 0.001 EFlop/s in 2022", []),
        ("table 3.1, Section 301, pages 225-226, 1:10, fx361-chn-2021, 2009-2018", []),
        ("its headline prints 2.1", ["2.1"]),
    ],
)
def test_the_typed_figure_rule(text, hits):
    assert typed_figures(text, {"2.3", "4.3"}) == hits
