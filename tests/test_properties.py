"""parse never fails with anything but a HotlineError, and cut-short bulletins parse partially."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hotline_etl
from hotline_etl.errors import HotlineError, NotABulletin

SEED_TEXT = Path("fixtures/seed/000_0bd1a52a453bee82.txt").read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.split("\n")
# Characters bulletins are made of, so generated text reaches the extractors' paths.
ALPHABET = st.sampled_from(list("0123456789%|,.:;、。：，（）()?hF \n◆一二三附件年月日份件共受理热線线工單单辦办結结率類类縣县镇鄉局合計计") + ["超期辦結", "其中", "退回重辦"])


def _parse_or_hotline_error(text):
    try:
        return hotline_etl.parse(text)
    except HotlineError:
        return None


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text(text):
    _parse_or_hotline_error(text)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=300).map("".join))
def test_bulletin_like_text(text):
    _parse_or_hotline_error(text)


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.binary(max_size=300))
def test_arbitrary_bytes(data):
    try:
        hotline_etl.parse(data, name="random.bin")
    except HotlineError:
        pass


def _check_prefix(text):
    try:
        b = hotline_etl.parse(text)
    except NotABulletin:
        return None
    assert isinstance(b, hotline_etl.Bulletin)
    return b


def test_every_line_prefix_parses_partially_or_is_not_a_bulletin():
    for n in range(1, len(SEED_LINES) + 1):
        b = _check_prefix("\n".join(SEED_LINES[:n]))
        if n >= 2:
            assert b is not None, f"the first {n} lines hold headline figures"
            assert b.headline.hotline_orders_received.value == 2557


@settings(max_examples=120, deadline=None, derandomize=True)
@given(st.integers(min_value=0, max_value=len(SEED_TEXT)))
def test_every_character_prefix(n):
    _check_prefix(SEED_TEXT[:n])


@pytest.mark.parametrize("cut_line, missing", [
    (4, {"table-missing", "issue-date-missing", "section-missing"}),   # only the basic section
    (300, {"table-cut", "table-total-missing"}),  # stops mid-row in the table
])
def test_cut_short_bulletins_say_what_is_missing(cut_line, missing):
    b = hotline_etl.parse("\n".join(SEED_LINES[:cut_line]))
    assert missing <= {w.code for w in b.warnings}


def test_table_cut_mid_row_keeps_complete_rows():
    b = hotline_etl.parse("\n".join(SEED_LINES[:300]))
    # lines 28-297 hold 27 complete rows; lines 298-300 start the 28th: printed in tables, no unit row
    assert len(b.table.rows) == 27
    assert b.table.rows[26].unit_raw == "縣政府辦"
    assert len(b.tables[0].rows[-1]) < len(b.tables[0].header_raw)
    assert b.table.report.incomplete_rows == 0
