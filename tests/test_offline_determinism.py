"""Two clean builds of the whole book, one with no network at all: both succeed and agree byte for byte.

The offline build runs in a new network namespace with only loopback up (`unshare -n`, as root,
which is how CI runs). A failed build afterwards must leave the last good HTML in place.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, copy_project
from dtbook.data.reads import sha256_file

OFFLINE = shutil.which("unshare") and shutil.which("ip") and os.geteuid() == 0


def build(root: Path, offline: bool) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DTBOOK_ROOT=str(root))
    env.pop("DTBOOK_LEDGER", None)
    cmd = [sys.executable, "-m", "dtbook.site.build", "--force"]
    if offline:
        cmd = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *cmd]
    return subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=1200)


def digest_tree(folder: Path, pattern: str) -> dict[str, str]:
    return {p.name: sha256_file(p) for p in sorted(folder.glob(pattern))}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    if not OFFLINE:
        if os.environ.get("DTBOOK_REQUIRE_OFFLINE"):
            pytest.fail("the offline test needs root, unshare and ip (CI runs as root)")
        pytest.skip("needs root with unshare and ip to cut the network")
    a = copy_project(tmp_path_factory.mktemp("offline"))
    b = copy_project(tmp_path_factory.mktemp("online"))
    ra, rb = build(a, offline=True), build(b, offline=False)
    return a, ra, b, rb


def test_whole_build_runs_with_no_network(two_builds):
    a, ra, _, _ = two_builds
    assert ra.returncode == 0, (ra.stdout[-2000:], ra.stderr[-3000:])
    assert (a / "_build" / "html" / "chapters" / "summary.html").is_file()


def test_two_clean_builds_give_identical_figures_and_results(two_builds):
    a, ra, b, rb = two_builds
    assert ra.returncode == 0 and rb.returncode == 0
    figs_a, figs_b = digest_tree(a / "figures", "*.*"), digest_tree(b / "figures", "*.*")
    assert figs_a and figs_a == figs_b
    res_a = {p.name: json.loads(p.read_text())["results"] for p in (a / "_build" / "results").glob("*.json")}
    res_b = {p.name: json.loads(p.read_text())["results"] for p in (b / "_build" / "results").glob("*.json")}
    assert res_a and res_a == res_b
    # and the committed figures are the ones the data make
    assert figs_a == digest_tree(ROOT / "figures", "*.*")


def test_a_failed_build_keeps_the_last_good_book(two_builds):
    _, _, b, rb = two_builds
    assert rb.returncode == 0
    index = b / "_build" / "html" / "chapters" / "summary.html"
    before = index.read_bytes()
    ledger = b / "data" / "claims.csv"
    df = pd.read_csv(ledger, dtype=str, keep_default_na=False)
    row = df.index[df["verdict"] == "reproduced"][0]
    df.loc[row, ["verdict", "reason_tag", "reason"]] = ["contradicted", "test", "a deliberately wrong verdict"]
    df.to_csv(ledger, index=False)
    env = dict(os.environ, DTBOOK_ROOT=str(b))
    out = subprocess.run([sys.executable, "-m", "dtbook.site.build"], cwd=b, env=env, capture_output=True, text=True)
    assert out.returncode == 1 and df.loc[row, "id"] in out.stderr
    assert index.read_bytes() == before, "the failed build must not touch the published HTML"
