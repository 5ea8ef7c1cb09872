"""Write environment.yml (conda) from requirements.lock so both carry the same pins.

python scripts/sync_environment.py          # rewrite environment.yml
python scripts/sync_environment.py --check  # exit 1 if it is out of step
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from dtbook.data.paths import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)")


def pins(lock: Path) -> list[str]:
    return [f"{m.group(1)}=={m.group(2)}" for line in lock.read_text().splitlines() if (m := PIN.match(line))]


def render(pinned: list[str]) -> str:
    lines = [
        "# Generated from requirements.lock by scripts/sync_environment.py; do not edit by hand.",
        "# conda users: conda env create -f environment.yml && conda activate dtbook && pip install -e . --no-deps",
        "name: dtbook",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {p}" for p in pinned]
    return "\n".join(lines) + "\n"


def main() -> int:
    text = render(pins(ROOT / "requirements.lock"))
    target = ROOT / "environment.yml"
    if "--check" in sys.argv:
        if not target.is_file() or target.read_text() != text:
            print("environment.yml is out of step with requirements.lock: run scripts/sync_environment.py")
            return 1
        return 0
    target.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
