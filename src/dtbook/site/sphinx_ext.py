"""The book's Sphinx extension: claim cards, the claims table, the landing page's result, and two
shims for the theme.

Directives (used in the chapters' Markdown cells and in ``intro.md``):

``{claim} S21-02``
    one claim as a section of its chapter: the heading (id and subject, an anchor
    ``claim-s21-02``, an index entry) and its card (:mod:`dtbook.site.cards`).
``{claims-table}``
    the filterable, sortable table of claims; ``:notebook: s2_1_trade_pattern`` limits it to
    one chapter; ``:downloads:`` adds links to the ledger with results as CSV and JSON.
``{provenance-list}``
    every raw table's origin with links, the claims that read it, and its page rows.
``{revision-rule}``
    the revised-data rule (:data:`dtbook.core.judge.REVISION_RULE`).
``{verdict-overview}``
    counts by verdict and by evidence grade, the class of the paper with its rule, and the
    findings that matter most (the landing page).

Shims: sphinx-thebe registers its inline configuration script twice under Jupyter Book 1.0.4
(a console error on every page), so repeated identical scripts are dropped; and the theme binds
its sidebar toggles to the first of two ``.primary-toggle`` buttons, the hidden one
(pydata-sphinx-theme issue 2451), so ``dtbook.js`` forwards clicks from the visible ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

STATIC = Path(__file__).resolve().parent / "static"


def _base(docname: str) -> str:
    return "../" * docname.count("/")


class ClaimDirective(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        from dtbook.site import cards

        cid = self.arguments[0].strip()
        claim = cards.claims().get(cid)
        if claim is None:
            raise self.error(f"claim {cid}: no such row in the ledger")
        try:
            card = cards.card_html(cid, _base(self.env.docname), Path(self.env.docname).name + ".html")
        except KeyError as exc:
            raise self.error(str(exc)) from exc
        anchor = f"claim-{cid.lower()}"
        section = nodes.section(classes=["claim-section"])
        section["names"].append(anchor)
        section += nodes.title(text=f"{cid} · {claim.subject}")
        self.state.document.note_explicit_target(section, section)  # {ref}`claim-s21-02` resolves here
        section["ids"] = [anchor]
        index = addnodes.index(entries=[("single", f"{cid} ({claim.subject})", anchor, "", None)], inline=False)
        section += index
        section += nodes.raw("", card, format="html")
        self.env.note_dependency(str(Path("data") / "claims.csv"))
        return [section]


class ClaimsTableDirective(SphinxDirective):
    has_content = False
    option_spec = {"notebook": directives.unchanged, "downloads": directives.flag}

    def run(self) -> list[nodes.Node]:
        from dtbook.site import tables_html

        notebook = self.options.get("notebook")
        html = tables_html.claims_table(_base(self.env.docname), notebook, "downloads" in self.options)
        return [nodes.raw("", html, format="html")]


class VerdictOverviewDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        from dtbook.site import tables_html

        return [nodes.raw("", tables_html.overview(_base(self.env.docname)), format="html")]


class ProvenanceListDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        from dtbook.site import tables_html

        return [nodes.raw("", tables_html.provenance_list(_base(self.env.docname)), format="html")]


class RevisionRuleDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        from dtbook.core.judge import REVISION_RULE

        return [nodes.paragraph(text=REVISION_RULE)]


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


def _static_path(app: Any) -> None:
    app.config.html_static_path.append(str(STATIC))


def _downloads(app: Any, exception: Exception | None) -> None:
    """The ledger with results, as CSV (with its Frictionless descriptor) and JSON, beside the pages."""
    if exception is not None or app.builder.format != "html":
        return
    from dtbook.site import tables_html

    tables_html.write_downloads(Path(app.outdir) / "_static" / "data")


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("claim", ClaimDirective)
    app.add_directive("claims-table", ClaimsTableDirective)
    app.add_directive("verdict-overview", VerdictOverviewDirective)
    app.add_directive("revision-rule", RevisionRuleDirective)
    app.add_directive("provenance-list", ProvenanceListDirective)
    app.connect("builder-inited", _static_path)
    app.add_css_file("dtbook.css")
    app.add_js_file("dtbook.js")
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("build-finished", _downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
