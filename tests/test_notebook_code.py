"""The chapters' code: helpers live in the package, each defined once.

- **one definition**: a function (``def`` or a name bound to a ``lambda``) is defined in at most one
  notebook, and never under the name of a function the package already defines (``src/dtbook``),
  nor with the body of one. A helper two chapters need goes into the package
  (``dtbook.chapter.periods``, ``dtbook.chapter.values``, a ``Table`` method).
- **one name for each table**: a raw table is loaded as ``<name> = tables.load("<name>")``, so the
  variable that holds it carries the table's own name, the one in its file, descriptor, refs and
  bibliography entry.
- **one way to read a figure**: the paper's stated figure is ``audit.stated(id)`` (never a claim's
  ``.stated`` text turned into a number by hand, nor the removed ``audit.threshold``); a page value is
  ``table.at(row_id)`` (never ``value(row_id=...)``); a dataset value is ``table.value(column, key=...)``.
- **no hidden value**: no code cell ends with ``;``. ruff lets a notebook's last line keep one (it hides
  the cell's value), so this is checked here: a function called for effect returns None, and a
  plotting cell ends with ``figures.save`` (which closes the figure) or an assignment.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.static  # no build: part of `make check`

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def _cells(path: Path) -> list[tuple[str, ast.Module]]:
    nb = nbformat.read(path, as_version=4)
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        lines = [line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        out.append((str(cell.get("id")), ast.parse("\n".join(lines))))
    return out


def _functions(tree: ast.AST) -> dict[str, ast.AST]:
    found: dict[str, ast.AST] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found[node.name] = node
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value
    return found


def _body(fn: ast.AST) -> str:
    """A function's body without its docstring, as an AST dump (names and constants included)."""
    body = fn.body if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) else [fn.body]
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:]
    return "\n".join(ast.dump(b) for b in body)


def _package_functions() -> dict[str, str]:
    """Every function and method the package defines: name -> body."""
    out: dict[str, str] = {}
    for path in sorted((ROOT / "src" / "dtbook").rglob("*.py")):
        for name, fn in _functions(ast.parse(path.read_text(encoding="utf-8"))).items():
            out[name] = _body(fn)
    return out


def test_no_function_is_defined_in_more_than_one_notebook():
    where: dict[str, list[str]] = {}
    for path in CHAPTERS:
        for _, tree in _cells(path):
            for name in _functions(tree):
                where.setdefault(name, []).append(path.stem)
    twice = {name: stems for name, stems in where.items() if len(stems) > 1}
    assert twice == {}, f"define these once, in the package: {twice}"


def test_notebooks_define_no_helper_the_package_has():
    package = _package_functions()
    bodies = {body: name for name, body in package.items() if body}
    clash = []
    for path in CHAPTERS:
        for cid, tree in _cells(path):
            for name, fn in _functions(tree).items():
                if name in package:
                    clash.append(f"{path.stem} {cid}: {name} (the package defines it)")
                elif _body(fn) in bodies:
                    clash.append(f"{path.stem} {cid}: {name} (the body of dtbook's {bodies[_body(fn)]})")
    assert clash == [], "\n".join(clash)


def _loads(tree: ast.AST) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "load"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "tables"
    ]


def _bindings(tree: ast.AST) -> dict[int, str]:
    """``id(call) -> variable`` for every ``variable = tables.load(...)`` with one plain name on the left."""
    out: dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            out[id(node.value)] = node.targets[0].id
    return out


def test_a_table_is_bound_to_a_variable_of_its_own_name():
    wrong, count = [], 0
    for path in CHAPTERS:
        for cid, tree in _cells(path):
            bound = _bindings(tree)
            for call in _loads(tree):
                count += 1
                arg = call.args[0] if len(call.args) == 1 and not call.keywords else None
                name = arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
                variable = bound.get(id(call))
                if name is None or variable != name:
                    wrong.append(f"{path.stem} {cid}: {ast.unparse(call)} bound to {variable!r}")
    assert count > 0, "no tables.load call found: the test reads the wrong cells"
    assert wrong == [], 'load each table as <name> = tables.load("<name>"):\n' + "\n".join(wrong)


def test_the_binding_rule_catches_an_alias_and_a_computed_name():
    tree = ast.parse('infra = tables.load("pages_infra")\nt = {e: tables.load(f"top500_{e}") for e in x}')
    bound = _bindings(tree)
    assert [bound.get(id(call)) for call in _loads(tree)] == ["infra", None]


def _ends_with_semicolon(source: str) -> bool:
    skip = (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT)
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type not in skip]
    return bool(tokens) and tokens[-1].type == tokenize.OP and tokens[-1].string == ";"


def test_no_cell_hides_its_value_with_a_semicolon():
    hidden = []
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and _ends_with_semicolon(cell.source):
                hidden.append(f"{path.stem} {cell.get('id')}")
    assert hidden == [], f"cells ending with ';' (return None instead): {hidden}"


def test_the_semicolon_rule_sees_a_last_line_semicolon_only():
    assert _ends_with_semicolon('audit.fact("X", True, shown="a;b");  # hidden')
    assert not _ends_with_semicolon('x = "a;"\nprint(x)')


def _other_readings(tree: ast.AST) -> list[str]:
    """Reads of a figure other than the one accessor of its kind."""
    found = []
    stated_calls = {
        id(node.func)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "audit"
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "threshold":
            found.append(ast.unparse(node))
        elif isinstance(node, ast.Attribute) and node.attr == "stated" and id(node) not in stated_calls:
            found.append(ast.unparse(node))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "value":
            if any(k.arg == "row_id" for k in node.keywords):
                found.append(ast.unparse(node))
    return found


def test_one_accessor_for_each_kind_of_figure():
    found = []
    for path in CHAPTERS:
        for cid, tree in _cells(path):
            found += [f"{path.stem} {cid}: {text}" for text in _other_readings(tree)]
    assert found == [], "read the paper with audit.stated(id), a page row with table.at(row_id):\n" + "\n".join(found)


def test_the_accessor_rule_catches_each_removed_way():
    removed = (
        'audit.threshold("S23-19")',
        'Interval.printed(claims["S43-01"].stated)',
        'int(audit.claims["S1-01"].stated)',
        'pages_infra.value(row_id="x")',
    )
    for code in removed:
        assert _other_readings(ast.parse(code)), code
    assert _other_readings(ast.parse('audit.stated("S1-01").fmt(); t.at("x"); t.value("v", geo="CHN")')) == []
