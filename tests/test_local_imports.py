"""Imports at the top of a module: an import inside a function is kept only to avoid a slow import or
an import cycle, and says so on its line with a ``# local: <why>`` comment."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.static  # no build: part of `make check`

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([*(ROOT / "src" / "dtbook").rglob("*.py"), *(ROOT / "scripts").glob("*.py")])
REASON = re.compile(r"#\s*local:\s*\S")


def unexplained(source: str) -> list[int]:
    """The lines of every import inside a function whose statement carries no ``# local: <why>``."""
    lines = source.splitlines()
    found = []
    for fn in ast.walk(ast.parse(source)):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.Import | ast.ImportFrom):
                statement = lines[node.lineno - 1 : (node.end_lineno or node.lineno)]
                if not any(REASON.search(line) for line in statement):
                    found.append(node.lineno)
    return sorted(set(found))


def test_the_rule_finds_an_unexplained_local_import():
    source = (
        "def f():\n"
        "    import json\n"
        "    from statsmodels import api  # local: slow to import\n"
        "    from x import (\n"
        "        y,\n"
        "    )  # imported here\n"
    )
    assert unexplained(source) == [2, 4]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_local_import_says_why(path: Path):
    bad = unexplained(path.read_text(encoding="utf-8"))
    assert not bad, (
        f"{path.relative_to(ROOT)}: an import inside a function at line(s) {bad} without a '# local: <why>' comment "
        "(move it to the top, or say which slow import or cycle it avoids)"
    )
