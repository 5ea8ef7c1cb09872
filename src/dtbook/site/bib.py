"""A BibTeX entry for every raw table, generated from its provenance (data_sources.bib).

python -m dtbook.site.bib          # rewrite data_sources.bib
python -m dtbook.site.bib --check  # exit 1 if it is out of step with data/raw/*.resource.yaml
"""

from __future__ import annotations

import re
import sys

from dtbook.data.paths import RAW, ROOT
from dtbook.data.provenance import locator, read_descriptor
from dtbook.site.generated import sync

TARGET = ROOT / "data_sources.bib"


def _tex(text: object) -> str:
    """Plain text as a BibTeX value: no TeX specials left to render literally (a dollar sign
    becomes "USD", which is also how the tables write the currency)."""
    s = " ".join(str(text).split())
    s = s.replace("US$", "USD ").replace("$", "USD ").replace("  ", " ")
    s = s.replace("\\", "/")
    s = re.sub(r"([&%#_$])", r"\\\1", s)
    return s.replace("{", "(").replace("}", ")")


def entry(name: str) -> str:
    """The BibTeX entry of raw table ``name``, from its descriptor's origin."""
    d = read_descriptor(RAW / f"{name}.resource.yaml")
    o = d["origin"]
    year = str(o.get("date_published", ""))[:4]
    where = o.get("url_main", "")
    repo = ""
    if o.get("repository"):
        repo = f"Obtained from {locator(o, digits=12)}. "
    if o.get("status") == "compilation":
        repo = "Figures transcribed from the public pages named in each row. "
    note = (
        f"{repo}Status: {o['status']}. Licence: {(o.get('license') or {}).get('name', '')}. "
        f"Accessed {o.get('date_accessed', '')}. Project table data/raw/{name}.csv."
    )
    fields = [
        f"  author = {{{{{_tex(o['producer'])}}}}}",
        f"  title = {{{{{_tex(d.get('title') or o['title'])}}}}}",
    ]  # double braces: cased as published
    if year.isdigit():
        fields.append(f"  year = {{{year}}}")
    if str(where).startswith("http"):
        fields.append(f"  url = {{{where}}}")
    fields.append(f"  note = {{{_tex(note)}}}")
    return f"@misc{{{name},\n" + ",\n".join(fields) + "\n}\n"


def render() -> str:
    """The whole ``data_sources.bib``: one entry per raw table, sorted by name."""
    names = sorted(p.name.removesuffix(".resource.yaml") for p in RAW.glob("*.resource.yaml"))
    head = "% Generated from data/raw/*.resource.yaml by python -m dtbook.site.bib; do not edit.\n\n"
    return head + "\n".join(entry(n) for n in names)


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) ``data_sources.bib``; the exit status."""
    return sync(TARGET, render(), "python -m dtbook.site.bib", argv)


if __name__ == "__main__":
    sys.exit(main())
