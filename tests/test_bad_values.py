"""Damaged-but-real bulletins: a total row printed twice, negative counts, rates above 100%."""

import hotline_etl
from hotline_etl.checks.ranges import check_row_ranges
from hotline_etl.model import Percent, StatRow

HEADER = "單位 | 受理案件數 | 應辦理數 | 辦理數 | 辦結率"


def _parse(*rows):
    return hotline_etl.parse("\n".join([HEADER, *rows]) + "\n")


def test_a_total_row_printed_twice_is_named_and_the_first_is_used():
    b = _parse("甲鎮 | 3 | 3 | 2 | 66.67%", "合計 | 3 | 3 | 2 | 66.67%", "合計 | 30 | 3 | 2 | 66.67%")
    duplicated = [w for w in b.warnings if w.code == "table-total-duplicated"]
    assert [w.message for w in duplicated] == [
        "the total row (合計) is printed again with other values; the first is used"]
    assert duplicated[0].source.line == 4
    assert b.table.total.received == 3
    assert [r.unit_raw for r in b.table.rows] == ["甲鎮"]


def test_an_identical_repeat_says_so():
    b = _parse("甲鎮 | 3 | 3 | 2 | 66.67%", "合計 | 3 | 3 | 2 | 66.67%", "合計 | 3 | 3 | 2 | 66.67%")
    assert [w.message for w in b.warnings if w.code == "table-total-duplicated"] == [
        "the total row (合計) is printed again with the same values; the first is used"]


def test_one_total_row_gives_no_duplicate_warning():
    b = _parse("甲鎮 | 3 | 3 | 2 | 66.67%", "合計 | 3 | 3 | 2 | 66.67%")
    assert "table-total-duplicated" not in {w.code for w in b.warnings}


def test_a_negative_count_is_an_error_finding_on_its_cell():
    b = _parse("甲鎮 | -3 | 3 | 2 | 66.67%", "乙鎮 | 5 | 4 | 4 | 100%", "合計 | 2 | 7 | 6 | 85.71%")
    found = [f for f in b.findings if f.check == "negative-count"]
    assert [(f.severity, f.subject, f.stated, f.message) for f in found] == [
        ("error", "甲鎮 受理案件數", -3, "甲鎮 受理案件數 is -3: a count cannot be negative")]
    assert found[0].sources[0].line == 2
    assert b.table.rows[0].received == -3  # kept as printed


def test_a_rate_above_100_is_an_error_finding_beside_the_rate_mismatch():
    b = _parse("甲鎮 | 3 | 3 | 3 | 110%", "合計 | 3 | 3 | 3 | 110%")
    above = [(f.subject, f.stated, f.delta) for f in b.findings if f.check == "rate-above-100"]
    assert above == [("甲鎮 辦結率", 110.0, 10.0), ("合計 辦結率", 110.0, 10.0)]
    assert {f.subject for f in b.findings if f.check == "rate-mismatch"} == {"甲鎮 辦結率", "合計 辦結率"}


def test_range_checks_pass_at_the_bounds():
    row = StatRow("甲镇", received=0, due=0, completion_rate=Percent.parse("100.00%"))
    assert list(check_row_ranges(None, row)) == []


def test_the_seed_has_no_range_finding():
    b = hotline_etl.parse("fixtures/seed/000_0bd1a52a453bee82.txt")
    assert not {f.check for f in b.findings} & {"negative-count", "rate-above-100"}
    assert "table-total-duplicated" not in {w.code for w in b.warnings}
