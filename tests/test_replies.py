"""The author's replies to the errata (data/author_replies.csv): the file and its loader."""

from __future__ import annotations

import pytest

from conftest import ROOT
from dtbook.data import replies
from dtbook.data.errors import DataError

pytestmark = pytest.mark.static  # no build: part of `make check`


def test_the_replies_file_is_valid_and_described():
    from dtbook.data import ledger
    from dtbook.data.provenance import read_descriptor

    assert replies.load(ledger.load().keys()) is not None
    desc = read_descriptor(ROOT / "data" / "author_replies.resource.yaml")
    assert tuple(f["name"] for f in desc["schema"]["fields"]) == replies.COLUMNS


def test_a_reply_is_shown_as_sent_and_a_bad_one_is_refused(tmp_path):
    path = tmp_path / "author_replies.csv"
    path.write_text(",".join(replies.COLUMNS) + "\n2027-01-05,S23-08,the author,Thank you,noted\n", encoding="utf-8")
    assert replies.load({"S23-08"}, path) == [replies.Reply("2027-01-05", "S23-08", "the author", "Thank you", "noted")]
    path.write_text(",".join(replies.COLUMNS) + "\n2027-01-05,S99-99,the author,Thank you,noted\n", encoding="utf-8")
    with pytest.raises(DataError, match="S99-99"):
        replies.load({"S23-08"}, path)
    path.write_text(",".join(replies.COLUMNS) + "\n2027-01-05,,the author,Thank you,maybe\n", encoding="utf-8")
    with pytest.raises(DataError, match="outcome"):
        replies.load({"S23-08"}, path)
