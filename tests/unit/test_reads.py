"""Rows read are recorded per cell, also when the client stores no history (nbval)."""

from __future__ import annotations

import pytest

from dtbook.data.reads import ReadLog


@pytest.mark.parametrize("store_history", [True, False])
def test_each_cell_sees_only_its_own_rows(store_history):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        shell.user_ns["log"] = ReadLog()  # the cells' own log
        cells = [
            "log.record_row('t#a:value')\nfirst = log.rows_in_cell()",
            "log.record_row('t#b:value')\nsecond = log.rows_in_cell()",
            "third = log.rows_in_cell()",
        ]
        for source in cells:
            shell.run_cell(source, store_history=store_history).raise_error()
        assert shell.user_ns["first"] == {"t#a:value"}
        assert shell.user_ns["second"] == {"t#b:value"}
        assert shell.user_ns["third"] == frozenset()
    finally:
        InteractiveShell.clear_instance()


def test_rows_read_outside_a_shell_are_no_cell_of_it():
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.clear_instance()  # none yet: another test's may linger (myst_nb's glue makes one)
    log = ReadLog()
    log.record_row("t#a:value")  # read before any shell: outside every cell of one
    shell = InteractiveShell.instance()
    try:
        shell.user_ns["log"] = log
        shell.run_cell("log.record_row('t#b:value')\nfirst = log.rows_in_cell()").raise_error()
        assert shell.user_ns["first"] == {"t#b:value"}
    finally:
        InteractiveShell.clear_instance()
    assert log.rows_in_cell() == {"t#a:value"}
