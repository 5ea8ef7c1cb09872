"""Every raw table has one name, and the name says what the table holds.

Not the section of the paper or the search round in which its rows were typed (``pages_s3_events``,
``research_page_figures``): one page table per subject, so a reader looking for a kind of figure
finds one table, and the name in the CSV, the descriptor, a notebook, a ref and the bibliography
is the same.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.static  # no build: part of `make check`

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
DESCRIPTORS = sorted(RAW.glob("*.resource.yaml"))
#: a section of the paper (``s3``, ``s22``) or the name of a search round, as a part of a table name
NOT_A_SUBJECT = re.compile(r"(^|_)(s\d+|research|round\d*)(_|$)")


def _names() -> list[str]:
    return [p.name.removesuffix(".resource.yaml") for p in DESCRIPTORS]


def test_there_are_tables_to_check():
    assert len(DESCRIPTORS) > 10


@pytest.mark.parametrize("name", _names())
def test_a_table_name_names_a_subject_not_a_section_or_a_round(name):
    assert not NOT_A_SUBJECT.search(name), f"{name}: name the table by what it holds"


@pytest.mark.parametrize("name", _names())
def test_one_name_in_file_descriptor_and_path(name):
    desc = yaml.safe_load((RAW / f"{name}.resource.yaml").read_text(encoding="utf-8"))
    assert desc["name"] == name
    assert desc["path"] == f"{name}.csv"
    assert (RAW / f"{name}.csv").is_file()


def test_the_rule_rejects_the_old_kinds_of_name():
    for bad in ("pages_s3_events", "pages_s22_software", "research_page_figures", "research_m49_developed"):
        assert NOT_A_SUBJECT.search(bad), bad
    for good in ("pages_infra", "top500_2022_06", "unsd_m49_developed", "wdi_merch_exports"):
        assert not NOT_A_SUBJECT.search(good), good


def test_every_page_table_the_chapters_name_exists():
    """A page table named in a chapter (code, prose or stored output) is one of the tables in data/raw."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "chapters").glob("*.ipynb")))
    unknown = sorted(set(re.findall(r"\bpages_[a-z0-9_]+\b", text)) - set(_names()))
    assert unknown == [], f"names of tables that do not exist: {unknown}"
