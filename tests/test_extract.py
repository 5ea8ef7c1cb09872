"""Extracted tables are exactly what scripts/extract_upstream.py makes from the verbatim files."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_extraction_reproduces_the_raw_tables_byte_for_byte(tmp_path):
    subprocess.run(
        [sys.executable, "scripts/extract_upstream.py", "--out", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    made = sorted(tmp_path.glob("*.csv"))
    assert len(made) >= 14
    for path in made:
        assert path.read_bytes() == (ROOT / "data" / "raw" / path.name).read_bytes(), path.name
