"""Drift checks the build runs: ledger against table of contents, upstream files against their
origin records, and the built HTML against its own links. Each names what drifted."""

from __future__ import annotations

import tomllib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import yaml

from dtbook.data import ledger
from dtbook.data.errors import DataError, GateError
from dtbook.data.paths import CHAPTERS, ROOT, UPSTREAM, rel
from dtbook.data.reads import sha256_bytes

TOC = ROOT / "_toc.yml"


def toc_files(toc: Path = TOC) -> list[str]:
    """Every ``file:`` of the table of contents (and its root), as written there, without suffix."""
    try:
        data = yaml.safe_load(toc.read_text(encoding="utf-8")) if toc.is_file() else None
    except yaml.YAMLError as exc:
        raise DataError(rel(toc), f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise DataError(rel(toc), "table of contents missing or not a mapping")
    found: list[str] = [str(data["root"])] if data.get("root") else []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "file" in node:
                found.append(str(node["file"]).removesuffix(".ipynb").removesuffix(".md"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in data.items() if k != "root"})
    return found


def check_toc(claims: dict[str, ledger.Claim], toc: Path = TOC, chapters: Path = CHAPTERS) -> None:
    """Every notebook the ledger names is a page of the book, and every chapter notebook is in the
    table of contents (a notebook outside it is executed but never published)."""
    listed = set(toc_files(toc))
    prefix = rel(chapters)
    per_notebook = Counter(c.notebook for c in claims.values())
    problems = [
        f"{prefix}/{nb}.ipynb has {n} ledger claims but is not in {rel(toc)}"
        for nb, n in sorted(per_notebook.items())
        if f"{prefix}/{nb}" not in listed
    ]
    problems += [
        f"{rel(nb)} is not in {rel(toc)} (it would be executed but never published)"
        for nb in sorted(chapters.glob("*.ipynb"))
        if f"{prefix}/{nb.stem}" not in listed and nb.stem not in per_notebook
    ]
    if problems:
        raise GateError("the table of contents and the ledger disagree:\n  " + "\n  ".join(problems))


def check_upstream(upstream: Path = UPSTREAM) -> None:
    """Every file an ``.origin.yaml`` names exists beside it, with the recorded sha256 and size."""
    for side in sorted(upstream.glob("*.origin.yaml")):
        where = rel(side)
        try:
            origin = yaml.safe_load(side.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise DataError(where, f"not valid YAML: {exc}") from exc
        if not isinstance(origin, dict):
            raise DataError(where, "origin record empty or not a mapping")
        name = str(origin.get("file") or "")
        if name != side.name.removesuffix(".origin.yaml"):
            raise DataError(where, f"names file {name!r}, expected the file it sits beside", field="file")
        digest = str(origin.get("sha256") or "").removeprefix("sha256:")
        if len(digest) != 64:
            raise DataError(where, "sha256 of the upstream file missing", field="sha256")
        target = side.with_name(name)
        if not target.is_file():
            raise DataError(rel(target), f"upstream file missing (named by {where})")
        data = target.read_bytes()
        if sha256_bytes(data) != digest:
            raise DataError(rel(target), f"bytes do not match the sha256 recorded in {where}", field="sha256")
        if "size_bytes" in origin and int(origin["size_bytes"]) != len(data):
            raise DataError(rel(target), f"size {len(data)} differs from size_bytes in {where}", field="size_bytes")
    for path in sorted(upstream.iterdir()) if upstream.is_dir() else []:
        if path.is_file() and not path.name.endswith(".origin.yaml"):
            if not path.with_name(path.name + ".origin.yaml").is_file():
                raise DataError(rel(path), "upstream file without an .origin.yaml record")


def check_nbval(root: Path = ROOT) -> None:
    """Every chapter notebook with stored outputs is collected by ``make test`` (nbval compares
    them with a fresh run): pytest's ``testpaths`` in ``pyproject.toml`` must match it."""
    config = root / "pyproject.toml"
    try:
        options = tomllib.loads(config.read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise DataError(rel(config), f"no pytest configuration to run nbval from ({exc})", field="tool.pytest") from exc
    if "--nbval" not in str(options.get("addopts", "")):
        raise DataError(rel(config), "pytest does not run --nbval", field="tool.pytest.ini_options.addopts")
    covered = {p.resolve() for pattern in options.get("testpaths", []) for p in root.glob(pattern)}
    for nb in sorted((root / "chapters").glob("*.ipynb")):
        cells = nbformat.read(nb, as_version=4).cells
        if nb.resolve() not in covered and any(c.get("outputs") for c in cells if c.cell_type == "code"):
            raise DataError(
                rel(nb), "has stored outputs but is not under nbval", field="tool.pytest.ini_options.testpaths"
            )


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value is None:
                continue
            if key == "id" or (key == "name" and tag == "a"):
                self.ids.add(value)
            elif key in ("href", "src") and tag in ("a", "link", "img", "script", "iframe", "source"):
                self.links.append(value)


def broken_links(site: Path) -> list[str]:
    """Internal links of the built pages that lead nowhere: a missing file, or an ``#anchor``
    the target page does not define. External links (with a scheme) are not followed; the
    theme's template fragments under ``_static`` are not pages."""
    pages: dict[Path, _Page] = {}
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).parts[0] == "_static":
            continue
        parser = _Page()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        pages[page.resolve()] = parser
    problems: list[str] = []
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:  # mailto:, javascript: and data: have a scheme too
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            here = page.relative_to(site.resolve())
            if not target.exists():
                problems.append(f"{here}: link to missing {link}")
            elif parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].ids:
                problems.append(f"{here}: link to {link}, no such anchor")
    return problems


def check_links(site: Path) -> None:
    """Raise a :class:`GateError` listing the built book's broken internal links (at most 20)."""
    problems = broken_links(site)
    if problems:
        shown = problems[:20] + ([f"... and {len(problems) - 20} more"] if len(problems) > 20 else [])
        raise GateError("broken internal links in the built book:\n  " + "\n  ".join(shown))
