"""The repository's address is a setting (``repository.url`` in ``_config.yml``, or
``DTBOOK_REPOSITORY_URL``): set, the re-run box clones it, the status page links its commit and its
issues, and each claim page links a new issue; unset, none of them shows a link to nowhere."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from test_views import _rec

from dtbook.site import cards, settings, sphinx_ext, status

REPO = "https://example.net/owner/dtbook"


def _rerun_text(notebook: str = "s2_1_trade_pattern") -> str:
    doc = new_document("chapter", get_default_settings(Parser))
    section = nodes.section()
    section += nodes.title(text="A chapter")
    section += nodes.paragraph(text="Its introduction.")
    doc += section
    app = SimpleNamespace(env=SimpleNamespace(docname=f"chapters/{notebook}"))
    sphinx_ext._rerun_box(app, doc)
    box = next(iter(doc.findall(nodes.literal_block)))
    return box.astext()


@pytest.fixture
def with_repository(monkeypatch):
    monkeypatch.setenv(settings.REPOSITORY_ENV, REPO + "/")


@pytest.fixture
def without_repository(monkeypatch):
    monkeypatch.delenv(settings.REPOSITORY_ENV, raising=False)
    monkeypatch.setattr(settings, "config", lambda: {"repository": {"url": ""}})


def test_set_the_rerun_box_status_page_and_issue_link_use_it(with_repository):
    assert _rerun_text().startswith(f"git clone {REPO} && cd dtbook\n")
    assert status.commit_link("abc123") == f"[`abc123`]({REPO}/commit/abc123)"
    assert f"<{REPO}>" in status.addresses() and f"<{REPO}/issues>" in status.addresses()
    assert cards.report_url(_rec("S91-01", "reproduced", "dataset")).startswith(f"{REPO}/issues/new?")


def test_unset_no_page_links_to_nowhere(without_repository):
    assert "git clone" not in _rerun_text()
    assert status.commit_link("abc123") == "`abc123`"
    assert "](" not in status.addresses() and "<" not in status.addresses()
    assert cards.report_url(_rec("S91-01", "reproduced", "dataset")) == ""
    assert settings.issues_url() == ""


def test_a_change_of_the_settings_rereads_every_page(with_repository, monkeypatch):
    """Sphinx keeps a page's doctree (its re-run box) until an 'env' config value changes: the
    settings are one, so setting the repository re-renders every chapter's box."""
    from dtbook.site import chapter_view

    calls: list[tuple] = []
    app = SimpleNamespace(add_config_value=lambda *a: calls.append(a), connect=lambda *a, **k: None)
    chapter_view.setup(app)
    assert ("dtbook_settings", "", "env") in calls
    config = SimpleNamespace()
    chapter_view._settings_key(app, config)
    with_repo = config.dtbook_settings
    monkeypatch.delenv(settings.REPOSITORY_ENV)
    chapter_view._settings_key(app, config)
    assert REPO in with_repo and config.dtbook_settings != with_repo
