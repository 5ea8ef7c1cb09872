"""The book's settings (dtbook.site.settings): _config.yml, the environment's overrides, the date."""

from __future__ import annotations

import subprocess

import pytest

from dtbook.site import settings


@pytest.fixture
def config(monkeypatch):
    """Point the settings at a given mapping, with no overriding environment."""
    monkeypatch.delenv(settings.BASE_ENV, raising=False)
    monkeypatch.delenv(settings.REPOSITORY_ENV, raising=False)

    def use(mapping):
        monkeypatch.setattr(settings, "config", lambda: mapping)

    return use


def test_the_environment_names():
    assert (settings.BASE_ENV, settings.REPOSITORY_ENV) == ("DTBOOK_BASE_URL", "DTBOOK_REPOSITORY_URL")


def test_urls_from_the_config(config):
    config({"html": {"baseurl": " https://b.example/book// "}, "repository": {"url": "https://r.example/p/ "}})
    assert settings.base_url() == "https://b.example/book/"
    assert settings.repository_url() == "https://r.example/p"
    assert settings.issues_url() == "https://r.example/p/issues"
    assert settings.absolute("/claims/A.html") == "https://b.example/book/claims/A.html"
    assert settings.absolute("x.html") == "https://b.example/book/x.html"


def test_nothing_configured(config):
    config({"html": "not a mapping", "repository": {"url": None}})
    assert settings.base_url() == "" and settings.repository_url() == "" and settings.issues_url() == ""
    with pytest.raises(
        ValueError, match=r"^html\.baseurl is not set in _config\.yml: absolute addresses of the book need it$"
    ):
        settings.absolute("x.html")
    assert settings.author() == "The dtbook contributors"
    assert settings.title() == ""


def test_the_environment_wins_when_set(config, monkeypatch):
    config({"html": {"baseurl": "https://b.example"}, "repository": {"url": "https://r.example"}})
    monkeypatch.setenv(settings.BASE_ENV, " https://env.example ")
    monkeypatch.setenv(settings.REPOSITORY_ENV, "https://envr.example/")
    assert settings.base_url() == "https://env.example/"
    assert settings.repository_url() == "https://envr.example"
    monkeypatch.setenv(settings.BASE_ENV, "  ")  # empty: the config holds
    assert settings.base_url() == "https://b.example/"


def test_author_and_title(config):
    config({"author": "A. Writer", "title": "T"})
    assert (settings.author(), settings.title()) == ("A. Writer", "T")


def test_the_config_file(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "ROOT", tmp_path)
    settings.config.cache_clear()
    try:
        assert settings.config() == {}
        settings.config.cache_clear()
        (tmp_path / "_config.yml").write_text("", encoding="utf-8")
        assert settings.config() == {}
        settings.config.cache_clear()
        (tmp_path / "_config.yml").write_text("title: Über\n", encoding="utf-8")
        assert settings.config() == {"title": "Über"}
    finally:
        settings.config.cache_clear()


def test_version_is_the_installed_package():
    import importlib.metadata as md

    assert settings.version() == md.version("dtbook")


def test_source_epoch_from_the_environment(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 86400 ")
    assert settings.source_epoch() == (86400, "SOURCE_DATE_EPOCH")
    assert settings.published() == "1970-01-02"
    assert settings.published("%d.%m.%Y %H") == "02.01.1970 00"


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_source_epoch_from_the_last_commit(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    git(tmp_path, "init", "-q")
    (tmp_path / "f").write_text("x", encoding="utf-8")
    git(tmp_path, "add", "f")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "1000000000 +0000")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "m")
    assert settings.source_epoch(tmp_path) == (1000000000, "commit date")
    assert settings.source_epoch(tmp_path / "nowhere") is None  # not a directory: no git
    (tmp_path / "plain").mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert settings.source_epoch(tmp_path / "plain") is None  # not a repository


def test_no_date_known(monkeypatch):
    monkeypatch.setattr(settings, "source_epoch", lambda: None)
    assert settings.published() == ""


def test_version_of_a_package_not_installed(monkeypatch):
    import importlib.metadata as md

    def missing(name):
        raise md.PackageNotFoundError(name)

    monkeypatch.setattr(settings.md, "version", missing)
    assert settings.version() == "unknown"


def test_only_slashes_are_trimmed(config):
    config({"html": {"baseurl": "https://h.example/ABX/"}, "repository": {"url": "https://r.example/GX/"}})
    assert settings.base_url() == "https://h.example/ABX/"
    assert settings.repository_url() == "https://r.example/GX"
    assert settings.absolute("/Xy.html") == "https://h.example/ABX/Xy.html"


def test_no_source_date_epoch_falls_back_to_git(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert settings.source_epoch(tmp_path / "nowhere") is None


def test_the_date_is_in_utc_whatever_the_local_zone(monkeypatch):
    import time

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86399")  # the last second of the first day, in UTC
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert settings.published() == "1970-01-01"
    finally:
        monkeypatch.undo()
        time.tzset()
