"""Encoding detection: BOMs, UTF-8, GB18030 against Big5 where their byte ranges overlap."""

import pytest

from hotline_etl.errors import UnreadableDocument
from hotline_etl.readers.encoding import decode_text

TEXT = "5月份,共受理12345熱線工單2557件,已辦結2574件。縣熱線辦"


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
    ("gb18030", "gb18030"), ("big5", "big5hkscs"), ("big5hkscs", "big5hkscs"),
])
def test_round_trip(encoding, expected):
    text, detected = decode_text(TEXT.encode(encoding), "x.txt")
    assert (text, detected) == (TEXT, expected)


def test_simplified_gbk_is_not_taken_for_big5():
    simplified = "5月份,共受理12345热线工单2557件,已办结2574件。县热线办"
    assert decode_text(simplified.encode("gbk"), "x.txt") == (simplified, "gb18030")


def test_undecodable_bytes_name_the_file():
    with pytest.raises(UnreadableDocument, match=r"^bad\.txt: unreadable document: not valid UTF-8, GB18030 or Big5"):
        decode_text(b"\xff\xff\xff\xfe\x80\x80\xff", "bad.txt")
