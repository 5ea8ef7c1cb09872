"""Readable citation labels: a pybtex label style, registered once as a plugin, that
sphinxcontrib-bibtex uses through its own style mechanism (``bibtex_default_style: dtbook`` in
``_config.yml``).

pybtex's *alpha* labels are made from authors' last names, which turns an organisation's name
into a run of initials (``[compiledbtpftppnierowa]``). Here a person author keeps the alpha label
(``[Yu23]``); an organisation (an author in double braces, as ``data_sources.bib`` writes every
producer) is labelled by its short name and the year: the acronym it gives in parentheses
(``UNCTAD``, ``ITU``, ``SAFE``), else a capitalised name's own short form (``TOP500``) or initials
(``WB`` for World Bank), else, for a table this project compiled, a label from the entry's key (``pages-trade``). Equal labels get ``a``, ``b``,
... as in alpha.
"""

from __future__ import annotations

import re
from typing import Any

from pybtex.plugin import register_plugin
from pybtex.style.formatting.alpha import Style as AlphaStyle
from pybtex.style.labels.alpha import LabelStyle as AlphaLabelStyle

NAME = "dtbook"
#: a label longer than this is not short
MAX_LENGTH = 16
ACRONYM = re.compile(r"\(([A-Z][A-Z0-9]+)[),\s]")
SHORT_NAME = re.compile(r"\b([A-Z][A-Z0-9]{1,9})\b")


def organisation(entry: Any) -> str | None:
    """The organisation an entry's author is (its name as written), or None for persons."""
    persons = entry.persons.get("author") or []
    if len(persons) != 1 or persons[0].first_names or persons[0].middle_names:
        return None
    name = " ".join(persons[0].last_names)
    if not name.startswith("{"):
        return None
    return name.strip("{}").strip()


def key_label(key: str) -> str:
    """A label from the entry's key, for a table this project compiled: its kind and the first word
    of its subject (``pages_computing_history`` -> ``pages-computing``)."""
    return "-".join(key.split("_")[:2])


def short_name(name: str, key: str) -> str:
    """An organisation's short name: its acronym in parentheses, a capitalised short form in the
    name's first part, the initials of a first part of at most four capitalised words; for a name
    that is a description ("compiled by this project ...", "various ..."), the key's label."""
    if not name[:1].isupper():
        return key_label(key)
    found = ACRONYM.search(name)
    if found:
        return found.group(1)
    first = re.split(r"[,(]", name, maxsplit=1)[0].strip()
    found = SHORT_NAME.search(first)
    if found:
        return found.group(1)
    words = first.split()
    if 0 < len(words) <= 4 and all(w[0].isupper() for w in words):
        return "".join(w[0] for w in words)
    return key_label(key)


class LabelStyle(AlphaLabelStyle):
    """Alpha labels for persons; short name and year for an organisation."""

    def format_label(self, entry: Any) -> str:
        """One entry's label before equal labels are told apart."""
        name = organisation(entry)
        if name is None:
            return str(super().format_label(entry))
        short = short_name(name, entry.key)
        if short == key_label(entry.key):
            return short  # a compilation named by its key: no year to add
        year = entry.fields.get("year", "")[-2:]
        return f"{short}-{year}" if year and short[-1].isdigit() else f"{short}{year}"


class Style(AlphaStyle):
    """The alpha bibliography style with :class:`LabelStyle`'s labels."""

    default_label_style = NAME


def register() -> None:
    """Register the label style and the formatting style under :data:`NAME` (once per process)."""
    register_plugin("pybtex.style.labels", NAME, LabelStyle)
    register_plugin("pybtex.style.formatting", NAME, Style)


def setup(app: Any) -> dict[str, Any]:
    """The Sphinx extension: register the styles before sphinxcontrib-bibtex looks them up."""
    register()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
