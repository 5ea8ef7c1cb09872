"""Sphinx extension: the status page's timing cells, rendered but kept out of the search index.

Execution times are the one thing two builds of the same sources do not share. The status page
writes each as ``{dtbook-timing}`12.3```; the role makes a node with no text children (the value
is an attribute), so Sphinx's search indexer finds no words in it, and the HTML shows it as
``<span class="dtbook-timing">12.3</span>``, the exception the determinism test masks.
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes


class timing(nodes.Inline, nodes.Element):  # docutils names node classes in lower case
    """A measured duration: shown on the page, never indexed."""


def timing_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None, content: Any = None
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """The ``{dtbook-timing}`` role: a timing node holding the text as an attribute."""
    return [timing(value=text)], []


def _visit_html(self: Any, node: timing) -> None:
    self.body.append(f'<span class="dtbook-timing">{html.escape(node["value"])}</span>')
    raise nodes.SkipNode


def _visit_latex(self: Any, node: timing) -> None:
    self.body.append(self.encode(node["value"]))
    raise nodes.SkipNode


def _visit_text(self: Any, node: timing) -> None:
    self.add_text(node["value"])
    raise nodes.SkipNode


def setup(app: Any) -> dict[str, Any]:
    """Register the timing node and role with Sphinx."""
    app.add_node(timing, html=(_visit_html, None), latex=(_visit_latex, None), text=(_visit_text, None))
    app.add_role("dtbook-timing", timing_role)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
