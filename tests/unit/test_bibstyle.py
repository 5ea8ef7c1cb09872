"""Readable citation labels (dtbook.site.bibstyle): a person keeps the alpha label, an organisation
gets its short name and year, a compiled table a label from its key; equal labels are told apart."""

from __future__ import annotations

from pybtex.database import parse_string
from pybtex.plugin import find_plugin

from dtbook.site import bibstyle

BIB = r"""
@misc{yuya, author = {Yu, Ya}, title = {A paper}, year = {2023}}
@misc{unctad_services_total, author = {{UN Trade and Development (UNCTAD), UNCTADstat}}, title = {T}, year = {2025}}
@misc{top500_2022_06, author = {{TOP500.org (Erich Strohmaier, Jack Dongarra)}}, title = {T}, year = {2022}}
@misc{wdi_merch_exports, author = {{World Bank, World Development Indicators (source: WTO)}}, title = {T}}
@misc{wdi_merch_imports, author = {{World Bank, World Development Indicators (source: WTO)}}, title = {T}}
@misc{pages_computing_history, author = {{compiled by this project from the public pages named in each row}}, title = {T}}
@misc{safe_bop_services, author = {{State Administration of Foreign Exchange (SAFE, 国家外汇管理局), PRC}}, title = {T}}
"""


def labels() -> dict[str, str]:
    bibstyle.register()
    style = find_plugin("pybtex.style.formatting", bibstyle.NAME)()
    entries = list(parse_string(BIB, "bibtex").entries.values())
    return {e.key: label for e, label in zip(entries, style.format_labels(entries), strict=True)}


def test_labels_are_short_readable_and_distinct():
    got = labels()
    assert got == {
        "yuya": "Yu23",
        "unctad_services_total": "UNCTAD25",
        "top500_2022_06": "TOP500-22",
        "wdi_merch_exports": "WBa",
        "wdi_merch_imports": "WBb",
        "pages_computing_history": "pages-computing",
        "safe_bop_services": "SAFE",
    }
    assert all(len(label) <= bibstyle.MAX_LENGTH for label in got.values())


def test_the_styles_are_registered_once_under_one_name():
    bibstyle.register()
    bibstyle.register()  # a second Sphinx app in the same process: no clash
    assert find_plugin("pybtex.style.labels", bibstyle.NAME) is bibstyle.LabelStyle
    assert find_plugin("pybtex.style.formatting", bibstyle.NAME) is bibstyle.Style
