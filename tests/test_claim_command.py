"""`make claim ID=...` re-runs one claim from a clean state and says whether it is as audited."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from conftest import ROOT, copy_project
from dtbook.data import ledger


def claim(root: Path, claim_id: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DTBOOK_ROOT=str(root))
    env.pop("DTBOOK_LEDGER", None)
    return subprocess.run(
        [sys.executable, "-m", "dtbook.site.claim", claim_id],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_unknown_id_fails_with_a_clear_message():
    out = claim(ROOT, "S99-99")
    assert out.returncode == 2
    assert "unknown claim id 'S99-99'" in out.stderr and "data/claims.csv" in out.stderr


def test_one_claim_reruns_and_prints_its_evidence():
    c = next(iter(ledger.load().values()))
    out = claim(ROOT, c.id.lower())  # ids are accepted in any case
    assert out.returncode == 0, out.stderr[-2000:]
    assert f"verdict:    {c.verdict}" in out.stdout
    assert "evidence:" in out.stdout and "rows read:" in out.stdout
    assert f"as audited: the ledger's verdict is {c.verdict}" in out.stdout


def test_a_verdict_that_is_not_the_audited_one_is_reported(tmp_path):
    root = copy_project(tmp_path / "copy")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    df = pd.read_csv(root / "data" / "claims.csv", dtype=str, keep_default_na=False)
    i = int(df.index[df["verdict"] == "reproduced"][0])
    cid = df.loc[i, "id"]
    df.loc[i, ["verdict", "reason_tag", "reason"]] = ["contradicted", "arithmetic", "edited by the test"]
    df.to_csv(root / "data" / "claims.csv", index=False)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    out = claim(root, cid)
    assert out.returncode == 1, out.stdout[-2000:] + out.stderr[-2000:]
    assert "NOT AS AUDITED: the ledger says contradicted, the data now give reproduced" in out.stdout


INJECTION = '"; touch {marker}; "'


def test_make_claim_never_hands_the_id_to_a_shell(tmp_path):
    """`make claim ID=...` with shell or make syntax in the id runs nothing and refuses the id."""
    marker = tmp_path / "x"
    for asked in (INJECTION.format(marker=marker), f"$(shell touch {marker})", f"`touch {marker}`"):
        out = subprocess.run(
            ["make", "-s", "-C", str(ROOT), "claim", f"ID={asked}"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert out.returncode != 0, out.stdout[-2000:]
        assert not marker.exists(), f"the id {asked!r} ran a command"
        assert "no such row in data/claims.csv, refused" in out.stderr, out.stderr[-2000:]


def test_only_a_ledger_id_is_accepted():
    from dtbook.site.claim import checked_id, claim_id_from

    claims = ledger.load()
    some = next(iter(claims))
    assert checked_id(f" {some.lower()} ", claims) == some
    for bad in ("", "S99-99", f"{some};", f"{some} x", f"{some}\n{some}", "../" + some):
        assert checked_id(bad, claims) is None
    assert claim_id_from([], {"ID": some}) == some
    assert claim_id_from([some], {"ID": "other"}) == some
    assert claim_id_from([some, some], {}) == ""
