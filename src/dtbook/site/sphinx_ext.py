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
``{second-reading}``
    the agreement of the independent second reading (count, Cohen's kappa) and its disagreements.
``{rule} NAME``
    one rule of :mod:`dtbook.core.judge` as written there: ``revision``, ``reading``, ``vintage``,
    ``absence`` or ``judgement``.
``{errata} en`` / ``{errata} zh``
    the errata for the paper's author in one language (:mod:`dtbook.site.errata`).
``{annotated-paper}``
    the paper's whole text with every ledger claim's quote highlighted (:mod:`dtbook.site.annotated`).
``{corrections-log}``
    every change of a verdict, grade or recomputed value between releases (:mod:`dtbook.site.changelog`).
``{verdict-overview}``
    counts by verdict and by evidence grade, the class of the paper with its rule, and the
    findings that matter most (the landing page).

Each chapter with claims gets a "Re-run this chapter" box under its title; a repository and a
launch button appear when ``DTBOOK_REPOSITORY_URL`` is set at build time (the Pages workflow).

Shims: sphinx-thebe registers its inline configuration script twice under Jupyter Book 1.0.4
(a console error on every page), so repeated identical scripts are dropped; and the theme binds
its sidebar toggles to the first of two ``.primary-toggle`` buttons, the hidden one
(pydata-sphinx-theme issue 2451), so ``dtbook.js`` forwards clicks from the visible ones.

Weight (:class:`LeanTemplates`, the one place): the theme loads a font-icon script of about a
megabyte and a half on every page, and Sphinx's search index (with its search tools) on every page
too, for a search-as-you-type box this book does not enable; both are dropped from the rendered
pages, the index staying on the search page only, and the few icons the theme shows are drawn by
small inline SVG masks in ``dtbook.css``.

Search: the claim pages are written by ``html-collect-pages``, outside Sphinx's search index, so
the search page alone also loads ``dtbook-claims.js`` (:func:`dtbook.site.tables_html.search_entries`:
each claim's id, page, subject, verdict and the figures its sentence prints), and ``dtbook.js``
lists the matching claims above Sphinx's results: the claim whose id is searched first, then the
claims printing a searched figure.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.util.docutils import SphinxDirective

from dtbook.core import judge
from dtbook.site import annotated, cards, changelog, errata, palette, record, second, settings, tables_html

STATIC = Path(__file__).resolve().parent / "static"
#: the claims the search page matches a query against (written beside the verdict colours)
CLAIMS_SCRIPT = "dtbook-claims.js"
#: the theme's font-icon script (pydata-sphinx-theme: about 1.5 MB, loaded on every page)
ICON_SCRIPT = re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>')
#: Sphinx's search tools and index, which the theme loads on every page for search-as-you-type
SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools|_static/language_data|searchindex)\.js[^"]*"></script>'
)


def lean(page: str, pagename: str) -> str:
    """A rendered page without the theme's icon script and, except on the search page, without the
    search tools and index (the reasons are in this module's docstring)."""
    page = ICON_SCRIPT.sub("", page)
    return page if pagename == "search" else SEARCH_SCRIPTS.sub("", page)


class LeanTemplates(BuiltinTemplateLoader):
    """Sphinx's template loader, rendering every page through :func:`lean` (set as Sphinx's
    ``template_bridge`` by :func:`setup`): the one place the theme's heavy scripts are dropped."""

    def render(self, template: str, context: dict) -> str:  # type: ignore[override]  # Sphinx types it None
        """The page as the theme renders it, made lean."""
        return lean(super().render(template, context), str(context.get("pagename", "")))


def _base(docname: str) -> str:
    return "../" * docname.count("/")


class ClaimDirective(SphinxDirective):
    """``{claim} <id>``: the card of one claim, from its ledger row and recorded result."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        """The claim's section: heading, index entries and the card as raw HTML; a Sphinx error for an
        id with no ledger row or no recorded result."""
        cid = self.arguments[0].strip()
        claim = record.claims().get(cid)
        if claim is None:
            raise self.error(f"claim {cid}: no such row in the ledger")
        try:
            card = cards.card_html(cid, _base(self.env.docname))
        except KeyError as exc:
            raise self.error(str(exc)) from exc
        anchor = record.anchor(cid)
        section = nodes.section(classes=["claim-section"])
        section["names"].append(anchor)
        section += nodes.title(text=f"{cid} · {claim.subject}")
        self.state.document.note_explicit_target(section, section)  # {ref}`claim-s21-02` resolves here
        section["ids"] = [anchor]
        # the id alone is an index entry of its own, so the search page finds the claim's anchor
        entries = [("single", cid, anchor, "", None), ("single", f"{claim.subject}; {cid}", anchor, "", None)]
        index = addnodes.index(entries=entries, inline=False)
        section += index
        section += nodes.raw("", card, format="html")
        self.env.note_dependency(str(Path("data") / "claims.csv"))
        return [section]


class ClaimsTableDirective(SphinxDirective):
    """``{claims-table}``: the filterable table of claims (of one notebook with ``:notebook:``)."""

    has_content = False
    option_spec = {"notebook": directives.unchanged, "downloads": directives.flag}

    def run(self) -> list[nodes.Node]:
        """The table as raw HTML."""
        notebook = self.options.get("notebook")
        html = tables_html.claims_table(_base(self.env.docname), notebook, "downloads" in self.options)
        return [nodes.raw("", html, format="html")]


class VerdictOverviewDirective(SphinxDirective):
    """``{verdict-overview}``: the verdict and evidence-grade counts of the summary page."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """The overview as raw HTML."""
        return [nodes.raw("", tables_html.overview(_base(self.env.docname)), format="html")]


class ProvenanceListDirective(SphinxDirective):
    """``{provenance-list}``: every raw table's provenance with the claims it feeds."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """The list as raw HTML."""
        return [nodes.raw("", tables_html.provenance_list(_base(self.env.docname)), format="html")]


class SecondReadingDirective(SphinxDirective):
    """``{second-reading}``: the agreement of the independent second reading and its disagreements."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """The agreement paragraph and the table of disagreements, as raw HTML."""
        return [nodes.raw("", second.summary_html(_base(self.env.docname)), format="html")]


class ErrataDirective(SphinxDirective):
    """``{errata} en|zh``: the errata for the paper's author, in English or in Chinese."""

    has_content = False
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """The covering note, the claims to correct and to source, and the replies, as raw HTML."""
        lang = self.arguments[0].strip()
        if lang not in errata.LANGUAGES:
            raise self.error(f"errata language {lang!r}: one of {', '.join(errata.LANGUAGES)}")
        self.env.note_dependency(str(Path("data") / "author_replies.csv"))
        return [nodes.raw("", errata.html(lang, _base(self.env.docname)), format="html")]


class AnnotatedPaperDirective(SphinxDirective):
    """``{annotated-paper}``: the paper's whole text with every ledger claim's quote highlighted."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """The paper's record, the key and the annotated text, as raw HTML."""
        self.env.note_dependency(str(Path("paper") / "paper.txt"))
        self.env.note_dependency(str(Path("data") / "claims.csv"))
        return [nodes.raw("", annotated.html(_base(self.env.docname)), format="html")]


class CorrectionsLogDirective(SphinxDirective):
    """``{corrections-log}``: every change of a verdict, grade or recomputed value between releases."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """The log, newest release first, as raw HTML."""
        self.env.note_dependency(str(Path("data") / "releases" / "index.csv"))
        return [nodes.raw("", changelog.html(_base(self.env.docname)), format="html")]


class RuleDirective(SphinxDirective):
    """``{rule} NAME``: one of the rules stated once in :mod:`dtbook.core.judge`, printed as written there."""

    has_content = False
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """The rule as one paragraph."""
        rules = {
            "revision": judge.REVISION_RULE,
            "reading": judge.READING_RULE,
            "vintage": judge.VINTAGE_RULE,
            "absence": judge.ABSENCE_RULE,
            "judgement": judge.JUDGEMENT_RULE,
        }
        name = self.arguments[0]
        if name not in rules:
            raise self.error(f"unknown rule {name!r}: one of {', '.join(rules)}")
        return [nodes.paragraph(text=rules[name])]


#: myst-nb's code toggles: a fixed label would hide the visible words ("Show code cell source")
#: from the accessible name; without it the name is what the button shows
TOGGLE_LABEL = '<summary aria-label="Toggle hidden content">'
#: a notebook's table scrolls sideways on a phone (dtbook.css): it must take the keyboard's focus
DATAFRAME = re.compile(r'<table (border="1" )?class="dataframe">')


def page_description(title: str, doctree: Any) -> str:
    """A page's meta description: its first paragraph of prose (within the length search engines
    show), else its title and what the book does."""
    for para in doctree.findall(nodes.paragraph) if doctree is not None else ():
        text = " ".join(para.astext().split())
        if len(text) >= 60:
            return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "..."
    return f"{title}: {settings.title()}, every figure of Yu Ya's paper recomputed from raw tables and judged."


def _page_context(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if pagename == "search":  # the claims index, on the search page only
        app.add_js_file(CLAIMS_SCRIPT)
    metatags = str(context.get("metatags") or "")
    if 'name="description"' not in metatags:  # a claim page has its own (cards.description)
        text = page_description(re.sub(r"<[^>]+>", "", str(context.get("title") or "")), doctree)
        context["metatags"] = metatags + f'<meta name="description" content="{html.escape(text, quote=True)}" />\n'
    body = context.get("body")
    if isinstance(body, str):
        body = body.replace(TOGGLE_LABEL, "<summary>")
        context["body"] = DATAFRAME.sub(r'<table \1class="dataframe" tabindex="0">', body)
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


def _repository(app: Any, config: Any) -> None:
    """The settings of :mod:`dtbook.site.settings`: Sphinx's ``html_baseurl`` (canonical links) from
    the base URL; a repository button and a launch button when the repository's address is set."""
    config.html_baseurl = settings.base_url()
    url = settings.repository_url()
    if not url:
        return
    opts = dict(config.html_theme_options or {})
    opts.update(repository_url=url, use_repository_button=True, repository_branch="main", path_to_docs="")
    launch = dict(opts.get("launch_buttons") or {})
    if "github.com/" in url:
        launch["colab_url"] = "https://colab.research.google.com"
    opts["launch_buttons"] = launch
    config.html_theme_options = opts
    config.html_context = {**(config.html_context or {}), "dtbook_repository": url}


def _colour_mode(app: Any, config: Any) -> None:
    """The book opens in the reader's own colour mode (the theme's ``auto``: dark on a system set
    to dark; its toggle still switches), rather than the theme's default of light."""
    config.html_context = {**(config.html_context or {}), "default_mode": "auto"}


def _rerun_box(app: Any, doctree: nodes.document) -> None:
    """Each chapter with claims says, under its title, how to re-run it and one of its claims."""
    docname = app.env.docname
    notebook = Path(docname).name
    mine = [c.id for c in record.claims().values() if c.notebook == notebook]
    if not docname.startswith("chapters/") or not mine:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    url = settings.repository_url()
    clone = f"git clone {url} && cd {url.rsplit('/', 1)[-1]}\n" if url else ""
    text = (
        f"{clone}make env                      # the environment, from the hash-locked lock file\n"
        f".venv/bin/python -m pytest chapters/{notebook}.ipynb   # re-execute, compare every output\n"
        f"make claim ID={mine[0]}             # one claim, with the rows it read"
    )
    box = nodes.admonition(classes=["tip", "rerun-chapter"])
    box += nodes.title(text="Re-run this chapter")
    box += nodes.paragraph(
        text=(
            "From a clone of the repository, with Python 3.11, pip, git and make. The notebook imports the "
            "project's package and reads its data folder, so it runs inside the repository, not on its own."
        )
    )
    box += nodes.literal_block(text, text, language="sh")
    index = 1 if len(section.children) > 1 else len(section.children)
    for i, child in enumerate(section.children):
        if isinstance(child, nodes.paragraph):
            index = i + 1
            break
    section.insert(index, box)


def _static_path(app: Any) -> None:
    """The package's styles and script, the verdict colours generated from the verdict words and the
    search page's claims index."""
    app.config.html_static_path.append(str(STATIC))
    generated = Path(app.doctreedir).parent / "dtbook-static"
    generated.mkdir(parents=True, exist_ok=True)
    for name, text in (("dtbook-verdicts.css", palette.css()), (CLAIMS_SCRIPT, _claims_script(app))):
        path = generated / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    app.config.html_static_path.append(str(generated))


def _claims_script(app: Any) -> str:
    """The search page's claims index as a script (empty for a builder other than HTML)."""
    if app.builder.format != "html":
        return ""
    entries = json.dumps(tables_html.search_entries(), ensure_ascii=False, separators=(",", ":"))
    return f"/* the claims, for the search page (dtbook.site.sphinx_ext) */\nwindow.DTBOOK_CLAIMS = {entries};\n"


def _claim_pages(app: Any) -> Any:
    """One page per claim at a stable address, ``claims/<ID>.html``, rendered from its record."""
    if app.builder.name != "html":
        return
    for cid, rec in record.claim_records().items():
        chapter = f"chapters/{rec.claim.notebook}"
        title_node = app.env.titles.get(chapter)
        chapter_title = title_node.astext() if title_node is not None else rec.claim.notebook
        body = cards.claim_page_html(cid, chapter_title)
        meta = f'<meta name="description" content="{html.escape(cards.description(rec), quote=True)}" />\n'
        context = {"title": f"{cid} · {rec.claim.subject}", "body": body, "metatags": meta, "display_toc": False}
        yield record.page(cid).removesuffix(".html"), context, "page.html"


def _downloads(app: Any, exception: Exception | None) -> None:
    """The ledger with results, as CSV (with its Frictionless descriptor) and JSON, beside the pages."""
    if exception is not None or app.builder.format != "html":
        return
    tables_html.write_downloads(Path(app.outdir) / "_static" / "data")


def _lean_pages(app: Any, config: Any) -> None:
    """Pages rendered through :class:`LeanTemplates` (unless a project sets its own loader)."""
    if not config.template_bridge:
        config.template_bridge = f"{__name__}.LeanTemplates"


def setup(app: Any) -> dict[str, Any]:
    """Register the book's directives and hooks with Sphinx."""
    app.connect("config-inited", _lean_pages)
    app.add_directive("claim", ClaimDirective)
    app.add_directive("claims-table", ClaimsTableDirective)
    app.add_directive("verdict-overview", VerdictOverviewDirective)
    app.add_directive("rule", RuleDirective)
    app.add_directive("second-reading", SecondReadingDirective)
    app.add_directive("provenance-list", ProvenanceListDirective)
    app.add_directive("errata", ErrataDirective)
    app.add_directive("annotated-paper", AnnotatedPaperDirective)
    app.add_directive("corrections-log", CorrectionsLogDirective)
    app.connect("builder-inited", _static_path)
    app.connect("config-inited", _repository)
    app.connect("config-inited", _colour_mode)
    app.connect("doctree-read", _rerun_box)
    app.add_css_file("dtbook.css")
    app.add_css_file("dtbook-verdicts.css")
    app.add_js_file("dtbook.js")
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("build-finished", _downloads)
    app.connect("html-collect-pages", _claim_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
