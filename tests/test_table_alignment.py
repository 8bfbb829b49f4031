"""A table that lost a cell mid-way: later rows are not shifted, the row is named, placement follows the rates."""

from pathlib import Path

import pytest

import hotline_etl

LINES = Path("fixtures/seed/000_0bd1a52a453bee82.txt").read_text(encoding="utf-8").split("\n")


def _without(unit, offset):
    """The seed with the cell ``offset`` lines after ``unit``'s name line removed."""
    at = LINES.index(f"{unit} |") + offset
    return "\n".join(LINES[:at] + LINES[at + 1:])


def _rows(b):
    return {r.unit_raw: r for r in b.table.rows}


def _later_rows_intact(b, seed, unit):
    """Every row after ``unit``'s, and the total row, read exactly as from the intact seed."""
    k = [r.unit_raw for r in seed.table.rows].index(unit)
    got, want = b.to_dict(sources=False)["table"], seed.to_dict(sources=False)["table"]
    assert got["rows"][k + 1:] == want["rows"][k + 1:]
    assert got["total"] == want["total"]


def test_lost_rework_count_is_placed_and_named(seed):
    b = hotline_etl.parse(_without("縣教體局", 7))  # its 返工數 (10)
    row = _rows(b)["縣教體局"]
    assert (row.on_time_rate.raw, row.rework, row.rework_rate.raw, row.grade) == ("100%", None, "7.41%", "A")
    missing = [w for w in b.warnings if w.code == "table-cell-missing"]
    assert len(missing) == 1 and "'縣教體局'" in missing[0].message and "返工數" in missing[0].message
    _later_rows_intact(b, seed, "縣教體局")
    assert len(b.table.rows) == 59


def test_lost_count_in_a_run_is_placed_by_the_printed_rates(seed):
    # 縣公安局: 133 / 144 / 143 / 99.31% / 143 / 100% / 1 / 0.69%. Without 133 the rates show
    # 144 is 應辦理數 (143/144 = 99.31%, 1/144 = 0.69%): 受理案件數 is the lost cell.
    b = hotline_etl.parse(_without("縣公安局", 1))
    row = _rows(b)["縣公安局"]
    assert (row.received, row.due, row.handled, row.on_time) == (None, 144, 143, 143)
    assert [w.code for w in b.warnings if w.code.startswith("table-cell")] == ["table-cell-missing"]
    _later_rows_intact(b, seed, "縣公安局")


def test_placement_confirmed_by_more_rates_wins(seed):
    # 公田鎮: 115 / 119 / 119 / 100% / 118 / 99.16% / 3 / 2.52%. Without 應辦理數, "handled lost" is
    # confirmed by 118/119 (on time over due) and 3/119 (rework); "due lost" only by 118/119: the values
    # read are the true ones either way, and the cell kept empty is the one no rate pins down.
    b = hotline_etl.parse(_without("公田鎮人民政府", 2))
    row = _rows(b)["公田鎮人民政府"]
    assert (row.received, row.due, row.handled, row.on_time, row.rework) == (115, 119, None, 118, 3)
    _later_rows_intact(b, seed, "公田鎮人民政府")


def test_undecidable_placement_leaves_the_run_empty(seed):
    # 縣砂管局: 1 / 0 / 0 / 0% ...: every rate is over zero, so nothing tells which count was lost.
    b = hotline_etl.parse(_without("縣砂管局", 2))
    row = _rows(b)["縣砂管局"]
    assert (row.received, row.due, row.handled, row.on_time) == (None, None, None, 0)
    codes = [w.code for w in b.warnings if w.code.startswith("table-cell")]
    assert codes == ["table-cell-unaligned", "table-cell-unaligned", "table-cell-missing"]
    _later_rows_intact(b, seed, "縣砂管局")


@pytest.mark.parametrize("unit, offset, field", [
    ("縣住建局", 9, "grade"),            # the last cell of a row
    ("縣住建局", 4, "completion_rate"),  # a rate between counts
])
def test_lost_cell_at_the_edges_of_runs(seed, unit, offset, field):
    b = hotline_etl.parse(_without(unit, offset))
    assert getattr(_rows(b)[unit], field) is None
    assert [w.code for w in b.warnings if w.code.startswith("table-cell")] == ["table-cell-missing"]
    _later_rows_intact(b, seed, unit)


def test_lost_unit_name_keeps_the_values(seed):
    b = hotline_etl.parse(_without("縣住建局", 0))
    assert len(b.table.rows) == 59
    nameless = [r for r in b.table.rows if r.unit_raw == ""]
    assert [(r.received, r.due, r.grade) for r in nameless] == [(69, 74, "A")]
    _later_rows_intact(b, seed, "縣住建局")


def test_row_per_line_table_with_a_lost_cell():
    text = ("一、基本情况\n3月份,共受理12345热线工单120件,已办结118件。\n附件\n"
            "单位 | 受理案件数 | 应办理数 | 办理数 | 办结率 | 返工数 | 返工率\n"
            "东坪镇 | 10 | 8 | 8 | 100% | 2 | 25%\n县民政局 | 5 | 4 | 100% | 1 | 25%\n甲乡 | 3 | 2 | 2 | 100% | 0 | 0%")
    b = hotline_etl.parse(text)
    rows = _rows(b)
    assert (rows["县民政局"].received, rows["县民政局"].due, rows["县民政局"].handled) == (5, 4, None)
    assert rows["县民政局"].rework_rate.raw == "25%"
    assert (rows["甲乡"].received, rows["甲乡"].rework) == (3, 0)


def test_the_walk_starts_at_the_row_of_the_first_misfit(text_views, monkeypatch):
    # align_stream chunks the rows before the first cell that does not fit its column, and walks from there:
    # every text fixture's tables are what a walk over the whole stream gives.
    from hotline_etl.extract import table_alignment
    from hotline_etl.extract.stat_table import extract_tables

    first_misfit = table_alignment._first_misfit
    found = []

    def counted(cells, kinds):
        first = first_misfit(cells, kinds)
        found.append(first)
        return first

    monkeypatch.setattr(table_alignment, "_first_misfit", counted)
    partly = [extract_tables(view) for _, view in text_views]
    monkeypatch.setattr(table_alignment, "_first_misfit", lambda cells, kinds: 0 if cells else None)
    assert partly == [extract_tables(view) for _, view in text_views]
    assert len([f for f in found if f is not None and f >= 20]) >= 5
