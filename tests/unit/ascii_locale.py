"""A process locale whose encoding is not UTF-8, for tests of what must be UTF-8 whatever the locale.

Python takes the encoding of ``open``, ``read_text`` and ``write_text`` without ``encoding=`` from
the locale's ``LC_CTYPE`` at the time of the call (outside UTF-8 mode), so setting it to ``C``
(ASCII) for the length of a test stands for a machine whose locale is not UTF-8.
"""

from __future__ import annotations

import locale
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def ascii_locale() -> Iterator[None]:
    """Run the block with ``LC_CTYPE`` set to ``C``, whose encoding is ASCII; restored after."""
    if sys.flags.utf8_mode:
        pytest.skip("Python runs in UTF-8 mode: the locale does not choose the encoding")
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        assert locale.getpreferredencoding(False).lower() not in ("utf-8", "utf8")
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
