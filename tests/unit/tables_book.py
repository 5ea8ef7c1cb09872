"""A tiny book of claim records for the unit tests of the site's views (no ledger, no results read)."""

from __future__ import annotations

from dataclasses import replace

from ledger_rows import claim

from dtbook.site import record


def rec(
    cid: str, section: str, verdict: str, grade: str, gap: record.Gap | None = None, **fields
) -> record.ClaimRecord:
    c = replace(claim(cid, fields.pop("notebook", "nb1"), verdict), section=section, **fields.pop("claim", {}))
    return record.ClaimRecord(
        id=cid,
        claim=c,
        result=fields.pop("result", {}),
        sentence=fields.pop("sentence", "the paper's sentence"),
        stated=fields.pop("stated", f"stated {cid}"),
        recomputed=fields.pop("recomputed", f"re {cid}"),
        verdict=verdict,
        grade=grade,
        grade_meaning="",
        gap=record.Gap() if gap is None else gap,
        finding=fields.pop("finding", f"finding {cid}"),
        inputs=fields.pop("inputs", ()),
        sources=fields.pop("sources", ()),
        anchor=record.anchor(cid),
        locator=record.locator(c),
        page=record.page(cid),
        url=fields.pop("url", f"https://b.example/claims/{cid}.html"),
        **fields,
    )
