"""The corrections log's rules: the printed lines of a release, the next version, one change per
changed field with its reason."""

from __future__ import annotations

import pytest

from dtbook.site import changelog
from dtbook.site.changelog import Release

pytestmark = pytest.mark.static  # no build: part of `make check`


def test_a_release_is_read_from_the_lines_its_notebooks_print():
    nb = {
        "cells": [
            {
                "outputs": [
                    {
                        "output_type": "stream",
                        "text": [
                            "x\n",
                            "S21-02 | stated = 4.16 USD trillion | recomputed"
                            " 4.159 | verdict reproduced (depends on reading) | evidence dataset | as audited\n",
                        ],
                    }
                ]
            },
            {"outputs": [{"output_type": "execute_result", "data": {}}]},
        ]
    }
    assert changelog.printed_lines(nb) == {"S21-02": ("reproduced", "dataset", "4.159")}


def test_the_next_release_is_the_next_minor_version():
    assert changelog.next_version("v0.1.0") == "v0.2.0"
    assert changelog.next_version("v1.9.3") == "v1.10.0"


def test_one_change_per_changed_field_with_the_resolution_or_the_reason(monkeypatch):
    monkeypatch.setattr(changelog, "reason", lambda cid, field: f"why {cid} {field}")
    before = Release(
        "v0.1.0", "2026-12-02", "abc", (("A", "contradicted", "quoted", "1"), ("B", "reproduced", "paper", "2"))
    )
    after = Release(
        "v0.2.0", "2026-12-06", "", (("A", "reproduced", "quoted", "1.5"), ("B", "reproduced", "paper", "2"))
    )
    got = changelog.changes_between(before, after)
    assert [(c.id, c.field, c.old, c.new, c.reason, c.date) for c in got] == [
        ("A", "verdict", "contradicted", "reproduced", "why A verdict", "2026-12-06"),
        ("A", "recomputed", "1", "1.5", "why A recomputed", "2026-12-06"),
    ]


def test_a_verdict_change_gives_the_second_readings_resolution():
    from dtbook.data.readings import second_readings

    resolved = next(s for s in second_readings().values() if s.resolution)
    assert changelog.reason(resolved.id, "verdict") == " ".join(resolved.resolution.split())
