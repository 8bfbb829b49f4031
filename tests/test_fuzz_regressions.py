"""Inputs fuzzing found that crashed parse with something other than a HotlineError, kept as tests."""

from pathlib import Path

import pytest

import hotline_etl
from hotline_etl.extract.numbers import parse_count
from hotline_etl.model import Percent

SEED = Path("fixtures/seed/000_0bd1a52a453bee82.txt").read_text(encoding="utf-8")
TABLE = "單位 | 受理案件數 | 應辦理數 | 辦理數 | 辦結率\n甲鎮 | 3 | 3 | {count} | {rate}\n合計 | 3 | 3 | 2 | 66.67%\n"


@pytest.mark.parametrize("rate", ["nan%", "inf%", "1e999%", "1e2%", "1_0%"])
def test_a_rate_cell_float_would_misread_is_unreadable(rate):
    # float() takes nan, inf and exponents: ValueError/OverflowError in the audit before the fix.
    b = hotline_etl.parse(TABLE.format(count=2, rate=rate))
    assert b.table.rows[0].completion_rate is None
    assert [w.message for w in b.warnings if w.code == "table-cell-unreadable"] == [
        f"辦結率: {rate!r} is not a rate"]


@pytest.mark.parametrize("count", ["1.0e999", "1_000", "²"])
def test_a_count_cell_float_or_int_would_misread_is_unreadable(count):
    # 1.0e999 overflowed int(); "²" passes str.isdigit but not int().
    b = hotline_etl.parse(TABLE.format(count=count, rate="66.67%"))
    assert b.table.rows[0].handled is None
    assert "table-cell-unreadable" in {w.code for w in b.warnings}


def test_strict_numbers_keep_what_bulletins_print():
    assert [parse_count(t) for t in ("2557", "1,234", "9.67万", "-3", "1.5e3", "nan")] == [2557, 1234, 96700, -3, None, None]
    assert Percent.parse("98.80%") == Percent(98.8, 2, "98.80%")
    assert Percent.parse("nan%") is None


def test_a_rate_printed_with_more_decimals_than_decimal_holds_is_audited():
    # quantize needed more than the default 28 digits: decimal.InvalidOperation before the fix.
    text = SEED.replace("0.43% |", "0.43000000000000000000000000000000000001% |", 1)
    b = hotline_etl.parse(text)
    mismatch = [f for f in b.findings if f.check == "rate-mismatch" and f.subject == "縣市場監督管理局 返工率"]
    assert len(mismatch) == 1
    assert mismatch[0].message.startswith("縣市場監督管理局 返工率 is printed 0.43000000000000000000000000000000000001% "
                                          "but 返工數/應辦理數 = 1/232 = 0.43103448275862068965517241379310344828%")


def test_a_share_printed_with_forty_decimals_is_audited():
    text = SEED.replace("占比7.78%", "占比7.78000000000000000000000000000000000001%", 1)
    b = hotline_etl.parse(text)
    assert b.hot_topics[0].share.raw == "7.78000000000000000000000000000000000001%"
