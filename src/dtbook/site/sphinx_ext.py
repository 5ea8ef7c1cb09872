"""A small Sphinx extension for the book's HTML.

sphinx-thebe registers its inline configuration script twice under Jupyter Book 1.0.4, which makes
every page raise "Identifier 'THEBE_JS_URL' has already been declared" in the browser. This drops
repeated identical script entries from each page.
"""

from __future__ import annotations

from typing import Any


def _dedupe_scripts(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple[str, str]] = set()
    unique = []
    for js in scripts:
        attrs = dict(getattr(js, "attributes", {}) or {})
        key = (str(getattr(js, "filename", js) or ""), repr(sorted(attrs.items())))
        if key in seen:
            continue
        seen.add(key)
        unique.append(js)
    context["script_files"] = unique


def setup(app: Any) -> dict[str, Any]:
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
