"""LICENSE and CITATION.cff: the code's licence (MIT, as pyproject says), the text's (CC BY 4.0), and
citation metadata with the package's version and the fields CFF 1.2.0 requires (the file was
validated with cffconvert; this keeps it in step without a network)."""

from __future__ import annotations

import tomllib

import pytest
import yaml

from conftest import ROOT

pytestmark = pytest.mark.static


def test_licence_covers_the_code_and_the_text():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"]["text"] == "MIT" and text.startswith("MIT License")
    assert "CC BY 4.0" in text


def test_citation_file_is_cff_with_the_version():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    for key in ("cff-version", "message", "title", "authors", "version", "license"):
        assert cff.get(key), key
    assert cff["cff-version"] == "1.2.0"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert str(cff["version"]) == project["version"]
    assert cff["license"] == "MIT"
    assert all(a.get("name") or a.get("family-names") for a in cff["authors"])
