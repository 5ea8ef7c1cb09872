#!/usr/bin/env python3
"""Recompute the content hashes recorded next to the data files (maintainer tool).

    python scripts/rehash_data.py [--check] [NAME ...]

* data/raw/<name>.resource.yaml: the ``hash: sha256:<hex>`` line is set to the SHA-256 of
  the CSV named by the descriptor's ``path``.
* data/upstream/<file>.origin.yaml: the ``sha256:`` line is checked against the bytes of
  <file>. Upstream files are verbatim copies and are never edited, so a mismatch there is
  reported (and, without --check, rewritten only if --upstream is given).

NAME restricts the run to the given descriptor stems / upstream file names (default: all).
Only the hash lines are rewritten; the rest of each YAML file is left byte-for-byte as is.
With --check nothing is written and the exit status is 1 if any hash is stale.
Run from the repository root.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from dtbook.data.paths import RAW, UPSTREAM, rel
from dtbook.data.reads import sha256_file as sha256

RAW_HASH = re.compile(r"^hash:[ \t]*['\"]?(sha256:)?([0-9a-fA-F]*)['\"]?[ \t]*$", re.M)
UP_HASH = re.compile(r"^sha256:[ \t]*['\"]?([0-9a-fA-F]*)['\"]?[ \t]*$", re.M)


def do_raw(desc: Path, check: bool) -> bool:
    """Return True if the descriptor's hash was already correct."""
    text = desc.read_text(encoding="utf-8")
    meta = yaml.safe_load(text)
    data = (desc.parent / meta["path"]).resolve()
    want = sha256(data)
    m = RAW_HASH.search(text)
    if m and m.group(2).lower() == want:
        return True
    print(f"{'stale' if m else 'missing'} hash: {rel(desc)}")
    if not check:
        line = f"hash: sha256:{want}"
        if m:
            text = text[: m.start()] + line + text[m.end() :]
        else:  # insert after the encoding (or path) line
            anchor = re.search(r"^(encoding|path):.*$", text, re.M)
            pos = anchor.end() if anchor else 0
            text = text[:pos] + "\n" + line + text[pos:]
        desc.write_text(text, encoding="utf-8")
        print(f"  updated -> sha256:{want}")
    return False


def do_upstream(sidecar: Path, check: bool, rewrite: bool) -> bool:
    text = sidecar.read_text(encoding="utf-8")
    data = sidecar.with_name(sidecar.name[: -len(".origin.yaml")])
    want = sha256(data)
    m = UP_HASH.search(text)
    if m and m.group(1).lower() == want:
        return True
    print(f"{'stale' if m else 'missing'} sha256: {rel(sidecar)} (bytes of {rel(data)} are {want})")
    if not check and rewrite and m:
        sidecar.write_text(text[: m.start()] + f"sha256: {want}" + text[m.end() :], encoding="utf-8")
        print("  updated")
    return False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Recompute data hashes.")
    ap.add_argument("names", nargs="*", help="descriptor stems (data/raw) or upstream file names; default all")
    ap.add_argument("--check", action="store_true", help="only report; exit 1 if a hash is stale")
    ap.add_argument("--upstream", action="store_true", help="also rewrite stale sha256 lines of upstream sidecars")
    args = ap.parse_args(argv)
    want = set(args.names)
    ok = True
    for desc in sorted(RAW.glob("*.resource.yaml")):
        if want and desc.name[: -len(".resource.yaml")] not in want:
            continue
        ok &= do_raw(desc, args.check)
    for side in sorted(UPSTREAM.glob("*.origin.yaml")):
        if want and side.name[: -len(".origin.yaml")] not in want:
            continue
        if UP_HASH.search(side.read_text(encoding="utf-8")) is None:
            continue  # sidecar without a sha256 field
        ok &= do_upstream(side, args.check, args.upstream)
    if ok:
        print("all hashes current")
    return 0 if (ok or not args.check) else 1


if __name__ == "__main__":
    sys.exit(main())
