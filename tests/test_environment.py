"""The pinned environment: pip lock, conda file and direct pins agree."""

import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.static  # no build: part of `make check`

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)")


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        m = PIN.match(line)
        if m:
            pins[m.group(1).lower()] = m.group(2)
    return pins


def test_lock_has_hashes_for_every_pin():
    text = (ROOT / "requirements.lock").read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    pinned = [b for b in blocks if PIN.match(b)]
    assert pinned and all("--hash=sha256:" in b for b in pinned)


def test_environment_yml_carries_the_same_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    assert "python=3.11" in deps
    pip = next(d["pip"] for d in deps if isinstance(d, dict) and "pip" in d)
    conda_pins = {}
    for spec in pip:
        name, version = spec.split("==")
        conda_pins[name.lower()] = version
    assert conda_pins == lock_pins()


def test_direct_requirements_resolve_to_their_pins():
    pins = lock_pins()
    for line in (ROOT / "requirements.in").read_text().splitlines():
        m = PIN.match(line.strip())
        if m:
            assert pins.get(m.group(1).lower()) == m.group(2), line
    assert pins["jupyter-book"].startswith("1.0.4"), "Jupyter Book 2.x cannot build offline"
