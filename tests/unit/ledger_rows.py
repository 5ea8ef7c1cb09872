"""A ledger row for unit tests, with defaults for everything a test does not vary."""

from dtbook.data.ledger import Claim


def claim(cid: str, notebook: str, verdict: str = "reproduced", stated: str = "8.4", comparator: str = "=") -> Claim:
    return Claim(
        id=cid,
        section="9.1",
        notebook=notebook,
        kind="share",
        subject="a test subject",
        quote="a quote",
        stated=stated,
        comparator=comparator,
        unit="percent",
        year="2020",
        verdict=verdict,
        reason_tag="" if verdict == "reproduced" else "slip",
        reason="" if verdict == "reproduced" else "a reason",
    )
