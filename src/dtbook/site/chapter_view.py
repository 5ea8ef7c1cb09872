"""What a chapter page shows around its cells: a Sphinx extension.

Each chapter opens with its tally: under its title and introduction, its claims counted by verdict
(:func:`dtbook.site.record.tallies` over the chapter's records, rendered by ``templates/tally.html``).
It goes after the first paragraph of the chapter's first section, before the re-run box of
:mod:`dtbook.site.sphinx_ext` (this hook runs after that one and inserts at the same place).

The verdict is said once per claim, by its card (the badge, then the one plain finding line): the
line each check prints under its cell (:data:`dtbook.chapter.audit.LINE`, the notebook's
reproducible output that nbval compares) stays in the notebook and is left out of the rendered
page; any other line the cell prints stays.

The settings of :mod:`dtbook.site.settings` (base URL, repository) are a Sphinx config value that
invalidates the stored doctrees (``dtbook_settings``): the re-run box under each chapter's title
names the repository, so setting ``DTBOOK_REPOSITORY_URL`` re-reads every page instead of serving
the boxes of the last build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes

from dtbook.chapter.audit import LINE
from dtbook.site import cards, record, settings


def tally_html(notebook: str) -> str:
    """The tally of one chapter (its notebook's stem) as HTML; "" for a page with no claims."""

    mine = {cid: rec for cid, rec in record.claim_records().items() if rec.claim.notebook == notebook}
    if not mine:
        return ""
    return cards.render("tally.html", tally=record.tallies(mine))


def _insert_tally(app: Any, doctree: nodes.document) -> None:
    docname = app.env.docname
    if not docname.startswith("chapters/"):
        return
    html = tally_html(Path(docname).name)
    section = next(iter(doctree.findall(nodes.section)), None)
    if not html or section is None:
        return
    index = 1 if len(section.children) > 1 else len(section.children)
    for i, child in enumerate(section.children):
        if isinstance(child, nodes.paragraph):
            index = i + 1
            break
    section.insert(index, nodes.raw("", html, format="html"))


def without_audit_lines(text: str) -> str:
    """A cell's printed text without the lines its checks print."""

    return "\n".join(line for line in text.split("\n") if not LINE.match(line))


def _drop_audit_lines(app: Any, doctree: nodes.document) -> None:
    if not app.env.docname.startswith("chapters/"):
        return
    for block in list(doctree.findall(nodes.literal_block)):
        if "output" not in block["classes"] or "stream" not in block["classes"]:
            continue
        text = block.astext()
        kept = without_audit_lines(text)
        if kept == text:
            continue
        parent = block.parent
        if kept.strip():
            block.replace_self(nodes.literal_block(kept, kept, classes=block["classes"]))
        else:
            parent.remove(block)
            if parent is not None and not parent.children and parent.parent is not None:
                parent.parent.remove(parent)


def _settings_key(app: Any, config: Any) -> None:

    config.dtbook_settings = f"{settings.base_url()} {settings.repository_url()}"


def setup(app: Any) -> dict[str, Any]:
    """Register the hooks (the tally's after the re-run box's, so the tally comes first) and the
    settings as a config value whose change re-reads every page."""
    app.add_config_value("dtbook_settings", "", "env")
    app.connect("config-inited", _settings_key)
    app.connect("doctree-read", _insert_tally, priority=600)
    app.connect("doctree-read", _drop_audit_lines, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
