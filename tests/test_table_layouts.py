"""Every table layout real archives use, one fixture each (fixtures/tables, written for these tests).

Each test asserts the grid as printed (``Bulletin.tables``) and the fields the
statistics table maps (``Bulletin.table``); the audit runs on every layout.
"""

import doctest
import importlib
from pathlib import Path

import pytest

import hotline_etl
from hotline_etl.extract.tables import LAYOUTS, SHAPES, read_grids
from hotline_etl.extract.tables.blocks import find_blocks
from hotline_etl.readers import load
from hotline_etl.script import build_view

FIXTURES = Path("fixtures/tables")


def parse(name):
    return hotline_etl.parse(FIXTURES / name)


def codes(b, prefix="table"):
    return [w.code for w in b.warnings if w.code.startswith(prefix)]


def test_registry_names_every_layout_and_shape():
    assert list(LAYOUTS) == ["table", "row-per-line", "cell-per-line", "cell-per-paragraph", "spaced-columns"]
    assert list(SHAPES) == ["side-by-side", "transposed"]


def test_layouts_recognise_a_block_from_the_counts_of_the_one_pass_alone():
    # recognise() gets no view: it cannot scan the text again, only the block's per-line counts.
    view = build_view(load(FIXTURES / "kinds_metadata_category_month.txt"))
    blocks = find_blocks(view)
    surest = [max(LAYOUTS.values(), key=lambda lay: lay.recognise(None, b)).name for b in blocks]
    assert surest == ["row-per-line", "cell-per-line", "row-per-line", "row-per-line"]


def test_row_per_line_with_mixed_outer_pipes_padding_and_a_total_row_first():
    b = parse("row_per_line_mixed_pipes.txt")
    (t,) = b.tables
    assert (t.kind, t.layout, t.caption) == ("per_unit", "row-per-line", "附件:7月份各承办单位工单办理情况统计表")
    assert t.header_raw == ("序号", "承办单位", "受理量", "按时办结数", "按时办结率", "不满意率")
    assert t.columns == ("seq", "unit_raw", "received", "on_time", "on_time_rate_pct", "dissatisfied_rate_pct")
    assert t.rows == (("合计", "", "273", "254", "93.04%", "/"),
                      ("1", "桂溪镇", "126", "124", "98.41%", "1.59%"),
                      ("2", "柳塘乡", "85", "85", "100%", "—"),
                      ("3", "县水利局", "47", "45", "95.74%", "-2.13%"),
                      ("4", "白鹭湖管理处", "15", "", "", ""))
    assert t.totals == (True, False, False, False, False)
    assert [(r.unit_raw, r.received, r.on_time, r.on_time_rate and r.on_time_rate.raw, r.extra) for r in b.table.rows] == [
        ("桂溪镇", 126, 124, "98.41%", (("序号", "1"), ("不满意率", "1.59%"))),
        ("柳塘乡", 85, 85, "100%", (("序号", "2"), ("不满意率", "—"))),
        ("县水利局", 47, 45, "95.74%", (("序号", "3"), ("不满意率", "-2.13%"))),
        ("白鹭湖管理处", 15, None, None, (("序号", "4"), ("不满意率", ""))),
    ]
    total = b.table.total
    assert (total.unit_raw, total.received, total.on_time, total.on_time_rate.value, total.extra) == (
        "合计", 273, 254, 93.04, (("不满意率", "/"),))
    assert codes(b) == ["table-cell-empty", "table-cell-empty"]
    assert not [f for f in b.findings if f.check == "table-sum-mismatch"]


def test_not_applicable_cells_hold_no_value_and_raise_no_warning():
    table = "单位 | 受理量 | 办结数 | 办结率 | 返工数\n枫林镇 | 0 | / | — | -\n石桥街道 | 4 | 4 | 100% | 0"
    b = hotline_etl.parse("一、基本情况\n5月份,共受理12345热线工单4件。\n" + table)
    assert b.tables[0].rows[0] == ("枫林镇", "0", "/", "—", "-")
    row = b.table.rows[0]
    assert (row.received, row.handled, row.completion_rate, row.rework) == (0, None, None, None)
    assert codes(b, "table-cell") == []


def test_cell_per_line_with_glossed_and_broken_header_cells():
    b = parse("cell_per_line_glossed_header.txt")
    (t,) = b.tables
    assert (t.layout, t.caption) == ("cell-per-line", "2023年8月份各單位工單辦理統計表")
    assert t.header_raw == ("序號", "單位", "受理案件數", "辦理數", "辦結率", "數據完整得分")
    assert t.rows == (("1", "桂溪鎮", "131", "130", "99.24%", "19.5"), ("2", "縣交通運輸局", "58", "58", "100%", "20"),
                      ("3", "石橋街道", "44", "41", "93.18%", "18.5"), ("合計", "", "233", "229", "98.28%", "/"))
    assert [(r.unit_raw, r.received, r.handled, r.completion_rate.raw) for r in b.table.rows] == [
        ("桂溪鎮", 131, 130, "99.24%"), ("縣交通運輸局", 58, 58, "100%"), ("石橋街道", 44, 41, "93.18%")]
    assert b.table.rows[2].extra == (("序號", "3"), ("數據完整得分", "18.5"))
    assert (b.table.total.unit_raw, b.table.total.handled) == ("合計", 229)
    assert b.table.report.unknown_columns == ("數據完整得分",)
    (unmapped,) = [w for w in b.warnings if w.code == "table-header-unmapped"]
    assert unmapped.message == "table column 數據完整得分 maps to no field; its cells are kept in extra under '數據完整得分'"
    assert unmapped.source.line == 11


def test_cell_per_paragraph_cut_by_the_excerpt():
    b = parse("cell_per_paragraph_cut.txt")
    (t,) = b.tables
    assert (t.layout, t.cut, t.caption) == ("cell-per-paragraph", True, "2023年9月各承办单位信件办理情况统计表")
    assert t.header_raw == ("承办单位", "承办件数", "办结数", "在办数", "超时未办数")
    assert t.columns == ("unit_raw", "received", "handled", "open", "overdue_open")
    assert t.rows[2:] == (("柳塘乡人民政府", "9", "9", "0", "0"), ("县医",))
    # The cut row held nothing but part of a name: kept as printed, left out of the statistics table.
    assert [(r.unit_raw, r.received, r.handled, r.extra) for r in b.table.rows] == [
        ("桂溪镇人民政府", 21, 20, (("在办数", "1"), ("超时未办数", "0"))),
        ("县住建局", 17, 15, (("在办数", "1"), ("超时未办数", "1"))),
        ("柳塘乡人民政府", 9, 9, (("在办数", "0"), ("超时未办数", "0")))]
    assert codes(b) == ["table-cut", "table-total-missing"]
    assert [w.message for w in b.warnings if w.code == "table-cut"] == [
        "the text ends inside the table, in the row starting '县医'; its last cell ('县医') is cut short; the row is "
        "left out of the statistics table (its printed cells are kept in tables)"]


def test_row_per_line_cut_mid_row_keeps_the_cells_printed_in_tables_only():
    b = parse("row_per_line_cut_mid_row.txt")
    assert b.tables[0].rows[-1] == ("县供水公司", "38", "97.37%")
    assert b.table.rows[-1].unit_raw == "县医保局"
    assert "县供水公司" not in {r.unit_raw for r in b.table.rows}
    assert (b.table.report.incomplete_rows, b.table.report.cut) == (0, True)
    assert codes(b) == ["table-cut", "table-total-missing"]


def test_a_second_table_cut_inside_its_header_is_kept_without_rows():
    text = ("一、基本情况\n5月份,共受理12345热线工单96件。\n"
            "单位 | 受理量 | 办结率 |\n枫林镇 | 7 | 100% |\n石桥街道 | 5 | 80% |\n"
            "乡镇办理情况\n| 单位 | 受理量 |\n办结")
    b = hotline_etl.parse(text)
    assert [(t.kind, t.header_raw, t.rows, t.cut) for t in b.tables] == [
        ("per_unit", ("单位", "受理量", "办结率"), (("枫林镇", "7", "100%"), ("石桥街道", "5", "80%")), False),
        ("per_unit", ("单位", "受理量", "办结"), (), True)]
    assert b.table.table_index == 1
    assert "table-multiple" not in codes(b)


def test_units_side_by_side_under_a_caption_line_with_a_padded_last_row():
    b = parse("side_by_side_caption_line.txt")
    (t,) = b.tables
    assert (t.layout, t.caption) == ("cell-per-line, side-by-side", "各镇街承办工单数量、考评得分及排名表")
    assert (t.header_raw, t.columns) == (("单位", "总工单数", "得分", "排名"), ("unit_raw", "received", "score", "rank"))
    assert t.rows == (("桂溪镇", "642", "98.6", "1"), ("石桥街道", "517", "96.25", "3"), ("柳塘乡", "388", "97.1", "2"),
                      ("白鹭湖管理处", "73", "94.8", "4"), ("枫林镇", "205", "93.55", "5"))
    assert [(r.unit_raw, r.received, dict(r.extra)["排名"]) for r in b.table.rows] == [
        ("桂溪镇", 642, "1"), ("石桥街道", 517, "3"), ("柳塘乡", 388, "2"), ("白鹭湖管理处", 73, "4"), ("枫林镇", 205, "5")]
    assert codes(b) == ["table-total-missing"]
    assert b.table.rows[1].sources["received"].line == 18


def test_units_as_columns_are_turned_and_audited():
    b = parse("transposed_units_across.txt")
    (t,) = b.tables
    assert (t.layout, t.kind) == ("row-per-line, transposed", "per_unit")
    assert (t.header_raw, t.columns) == (("属地", "交办量", "已办结"), ("unit_raw", "received", "handled"))
    assert t.rows == (("桂溪镇", "12", "11"), ("柳塘乡", "7", "7"), ("石桥街道", "9", "8"), ("县直部门", "3", "3"),
                      ("合计", "31", "29"))
    assert [(r.unit_raw, r.received, r.handled) for r in b.table.rows] == [
        ("桂溪镇", 12, 11), ("柳塘乡", 7, 7), ("石桥街道", 9, 8), ("县直部门", 3, 3)]
    assert (b.table.total.received, b.table.total.handled) == (31, 29)
    assert codes(b) == []
    # The audit reads the turned table like any other: its columns add up to the total.
    assert not [f for f in b.findings if f.check == "table-sum-mismatch"]
    assert b.table.rows[0].sources["handled"].line == 7


def test_turned_table_that_does_not_add_up_is_reported():
    text = (FIXTURES / "transposed_units_across.txt").read_text(encoding="utf-8").replace("| 12 | 7 |", "| 13 | 7 |")
    b = hotline_etl.parse(text)
    assert [(f.check, f.stated, f.computed) for f in b.findings if f.check == "table-sum-mismatch"] == [
        ("table-sum-mismatch", 31, 32)]


def test_three_row_grouped_header_padded_with_bare_pipes():
    b = parse("grouped_header_padded_rows.txt")
    (t,) = b.tables
    assert t.header_raw == ("序号", "单位", "派遣案件总数/总计", "派遣案件总数/12345热线/按时办结",
                            "派遣案件总数/12345热线/超时办结", "派遣案件总数/政民互动/按时办结", "派遣案件总数/政民互动/超时办结",
                            "按时办结数", "超时办结数", "结案率", "不满意数")
    assert t.columns == ("seq", "unit_raw", "received", None, None, None, None, "on_time", "overdue",
                         "completion_rate_pct", "dissatisfied")
    assert t.rows == (("1", "县交通运输局", "64", "51", "1", "12", "0", "63", "1", "100%", "3"),
                      ("2", "桂溪镇", "38", "30", "0", "8", "0", "38", "0", "100%", "1"))
    row = b.table.rows[0]
    assert (row.unit_raw, row.received, row.on_time, row.completion_rate.raw) == ("县交通运输局", 64, 63, "100%")
    assert row.extra == (("序号", "1"), ("派遣案件总数/12345热线/按时办结", "51"), ("派遣案件总数/12345热线/超时办结", "1"),
                         ("派遣案件总数/政民互动/按时办结", "12"), ("派遣案件总数/政民互动/超时办结", "0"), ("超时办结数", "1"),
                         ("不满意数", "3"))
    assert [w.message for w in b.warnings if w.code == "table-header-unmapped"] == [
        f"table column {p} maps to no field; its cells are kept in extra under {p!r}"
        for p in ("派遣案件总数/12345热线/按时办结", "派遣案件总数/12345热线/超时办结", "派遣案件总数/政民互动/按时办结",
                  "派遣案件总数/政民互动/超时办结")]


def test_two_row_grouped_header_on_a_full_grid_spans_its_group():
    table = "| 单位 | 受理情况 | | 办结情况 | |\n| | 受理案件数 | 应办理数 | 办理数 | 办结率 |\n| 东坪镇 | 10 | 10 | 9 | 90% |"
    b = hotline_etl.parse("一、基本情况\n3月份,共受理12345热线工单120件,已办结118件。\n附件\n" + table)
    assert b.tables[0].header_raw == ("单位", "受理情况/受理案件数", "受理情况/应办理数", "办结情况/办理数", "办结情况/办结率")
    assert (b.table.rows[0].due, b.table.rows[0].handled) == (10, 9)


def test_page_metadata_is_no_table_and_category_and_month_tables_are_not_per_unit():
    b = parse("kinds_metadata_category_month.txt")
    assert [(t.kind, t.header_raw) for t in b.tables] == [
        ("per_category", ("受理总量", "诉求渠道", "数量", "诉求类型", "数量#2")),
        ("per_period", ("月份", "受理量", "办结量")),
        ("per_unit", ("责任单位", "转派工单", "占比", "环比")),
    ]
    # A lone | left by a rowspan keeps the second row's cells in their columns.
    assert b.tables[0].rows == (("2210", "电话", "1874", "咨询类", "1102"), ("", "网站", "336", "投诉类", "1108"))
    assert b.tables[1].rows[0] == ("10月", "2041", "2030")
    assert b.table.table_index == 3
    assert [(r.unit_raw, r.received, r.extra) for r in b.table.rows] == [
        ("县直部门", 903, (("占比", "64.64%"), ("环比", "-3.2%"))), ("镇街", 494, (("占比", "35.36%"), ("环比", "/")))]
    assert (b.table.total.unit_raw, b.table.total.received) == ("总计", 1397)
    assert codes(b) == []


def test_the_summary_lists_every_table():
    from hotline_etl.summary import summarize

    out = summarize(parse("kinds_metadata_category_month.txt"))
    assert "  Tables      1. per_category (2 rows); 2. per_period (3 rows); 3. per_unit (3 rows)" in out.split("\n")


def test_real_table_with_a_rowspan_colspan_header():
    b = hotline_etl.parse("fixtures/html/seed_trad_gov_page_rowspan_colspan_header.html")
    (t,) = b.tables
    assert (t.layout, t.kind, t.confidence) == ("table", "per_unit", 1.0)
    assert t.header_raw[3:5] == ("辦結情況/辦理數", "辦結情況/辦結率")
    assert t.rows[0] == ("縣市場監督管理局", "245", "232", "232", "100%", "232", "100%", "1", "0.43%", "A")
    assert (len(t.rows), t.totals[-1]) == (60, True)


def test_every_table_of_a_bulletin_is_written_in_long_form(tmp_path):
    from hotline_etl.dataset import ingest, open_dataset

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "kinds.txt").write_bytes((FIXTURES / "kinds_metadata_category_month.txt").read_bytes())
    ingest(archive, tmp_path / "out")
    cells = open_dataset(tmp_path / "out").arrow("tables").to_pylist()
    assert len(cells) == 10 + 9 + 12
    last = cells[-1]
    assert {k: last[k] for k in ("table_index", "table_kind", "is_statistics_table", "row_number", "column_number",
                                 "header_path_raw", "column_name", "cell_raw", "is_total")} == {
        "table_index": 3, "table_kind": "per_unit", "is_statistics_table": True, "row_number": 3,
        "column_number": 4, "header_path_raw": "环比", "column_name": "mom_pct", "cell_raw": "1.05%", "is_total": True}
    assert (last["source"]["line"], last["source"]["char"]) == (29, 19)
    assert [c["table_kind"] for c in cells if c["row_number"] == 1 and c["column_number"] == 1] == [
        "per_category", "per_period", "per_unit"]


@pytest.mark.parametrize("module", ["table_cells", "table_alignment", "stat_table", "tables", "tables.blocks",
                                    "tables.grid", "tables.stream", "tables.row_per_line", "tables.cell_per_line",
                                    "tables.cell_per_paragraph", "tables.spaced_columns", "tables.header", "tables.side_by_side",
                                    "tables.transposed", "tables.kinds"])
def test_docstring_examples_hold(module):
    result = doctest.testmod(importlib.import_module(f"hotline_etl.extract.{module}"))
    assert result.attempted > 0 and result.failed == 0


# ---------------------------------------------------------------- held-out probe findings (fixtures/probe)

def test_cell_per_line_row_ending_in_a_bare_decimal_is_no_numbered_heading():
    # "97.06%" on its own line closes a row; only "2." followed by text opens a numbered heading.
    text = ("一、基本情况\n8月份,共受理12345热线工单300件。\n单位 |\n受理件数 |\n按期办结率\n"
            "梨花镇 |\n34 |\n97.06%\n杏林乡 |\n21 |\n100%\n2.下步工作\n各单位要按期办结。")
    b = hotline_etl.parse(text)
    assert b.tables[0].rows == (("梨花镇", "34", "97.06%"), ("杏林乡", "21", "100%"))
    assert [(r.unit_raw, r.received, r.on_time_rate.raw) for r in b.table.rows] == [
        ("梨花镇", 34, "97.06%"), ("杏林乡", 21, "100%")]


def test_total_row_whose_label_spans_the_number_and_unit_columns():
    # 合计 printed once over 序号 and 单位: the row is a cell short, its values right-aligned.
    text = ("一、基本情况\n共受理12345热线工单93件。\n序号 | 单位 | 受理数 | 办结数 | 办结率\n"
            "1 | 梨花镇 | 61 | 60 | 98.36%\n2 | 县林业局 | 32 | 32 | 100%\n合计 | 93 | 92 | 98.92%\n三、典型案例")
    b = hotline_etl.parse(text)
    total = b.table.total
    assert (total.unit_raw, total.received, total.handled, total.completion_rate.raw) == ("合计", 93, 92, "98.92%")
    assert [r.unit_raw for r in b.table.rows] == ["梨花镇", "县林业局"]
    assert "table-total-missing" not in codes(b)


def test_page_number_between_a_table_and_its_repeated_header_continues_the_table():
    text = ("一、基本情况\n共受理12345热线工单120件。\n单位名称 | 受理案件数 | 办理数 |\n梨花镇 | 51 | 51 |\n"
            "第 2 页\n单位名称 | 受理案件数 | 办理数 |\n县林业局 | 69 | 68 |\n合计 | 120 | 119 |")
    b = hotline_etl.parse(text)
    (t,) = b.tables
    assert [r.unit_raw for r in b.table.rows] == ["梨花镇", "县林业局"]
    assert (b.table.total.received, b.table.total.handled) == (120, 119)
    assert "table-multiple" not in codes(b)


def test_cell_per_paragraph_under_a_passed_on_orders_header():
    # 转办件数 heads the units' intake (passed-on orders): it is a header word that starts the block.
    text = ("一、基本情况\n本季度市长信箱共收到来信40件。\n\n承办单位\n\n转办件数\n\n已办结\n\n办理中\n\n"
            "梨花区政府\n\n25\n\n24\n\n1\n\n市林业局\n\n15\n\n15\n\n0\n\n合计\n\n40\n\n39\n\n1\n\n以上数据截至季末。")
    b = hotline_etl.parse(text)
    assert b.tables[0].columns == ("unit_raw", "received", "handled", "open")
    assert [(r.unit_raw, r.received, r.handled) for r in b.table.rows] == [("梨花区政府", 25, 24), ("市林业局", 15, 15)]
    assert b.table.total.received == 40


def test_table_printed_with_spaces_and_tabs():
    text = ("一、基本情况\n7月份,全县共受理12345热线工单218件。\n"
            "单位        受理数    办结数    办结率\n梨花镇      120       119       99.17%\n"
            "县林业局\t61\t61\t100%\n杏林乡      37        36        97.3%\n合计        218       216       99.08%\n"
            "二、工作要求\n各单位要按期办结。")
    b = hotline_etl.parse(text)
    (t,) = b.tables
    assert (t.layout, t.kind, t.header_raw) == ("spaced-columns", "per_unit", ("单位", "受理数", "办结数", "办结率"))
    assert t.rows == (("梨花镇", "120", "119", "99.17%"), ("县林业局", "61", "61", "100%"),
                      ("杏林乡", "37", "36", "97.3%"), ("合计", "218", "216", "99.08%"))
    assert [(r.unit_raw, r.received, r.handled) for r in b.table.rows] == [
        ("梨花镇", 120, 119), ("县林业局", 61, 61), ("杏林乡", 37, 36)]
    assert b.table.total.completion_rate.raw == "99.08%"


def test_prose_with_double_spaces_is_no_spaced_table():
    text = "一、基本情况\n7月份,全县共受理12345热线工单218件。\n县热线中心    2023年8月2日\n办结率  受理数\n甲"
    assert hotline_etl.parse(text).tables == ()


def test_a_units_order_total_headed_工单总数_or_承办工单_is_its_intake():
    text = ("一、基本情况\n共受理12345热线工单500件,转办各单位190件。\n单位 | 承办工单 | 工单总数 | 得分\n"
            "梨花镇 | 120 | 120 | 98.5\n杏林乡 | 70 | 70 | 97.2\n合计 | 190 | 190 | /")
    b = hotline_etl.parse(text)
    assert b.tables[0].columns == ("unit_raw", "received", None, "score")
    assert [(r.unit_raw, r.received) for r in b.table.rows] == [("梨花镇", 120), ("杏林乡", 70)]
    # 承办 names orders passed on to the units: the column's total is checked against dispatched (190).
    assert [f.check for f in b.findings if f.check == "headline-table-mismatch"] == []


def test_a_short_last_row_the_excerpt_stops_in_is_left_out_of_the_statistics_table():
    # ``芦荡县 | 3075 | 12`` is cut from ``… | 1284 | …``: a fragment, kept as printed in ``tables`` only.
    text = ("一、基本情况\n9月份,共受理工单9,850件。\n区县 | 受理量 | 直接答复 | 办结量\n"
            "苇岸区 | 4210 | 1876 | 2311\n芦荡县 | 3075 | 12")
    b = hotline_etl.parse(text)
    assert [(r.unit_raw, r.received) for r in b.table.rows] == [("苇岸区", 4210)]
    assert b.table.report.cut is True
    assert b.tables[0].rows[-1] == ("芦荡县", "3075", "12")
    assert [w.message for w in b.warnings if w.code == "table-cut"] == [
        "the text ends inside the table, in the row starting '芦荡县'; its last cell ('12') is cut short; the row is "
        "left out of the statistics table (its printed cells are kept in tables)"]


def test_a_whole_row_the_text_ends_in_keeps_its_values():
    # The text ends on the last cell of a full-width row: it may be cut short (left empty), the rest stays.
    cells = ["单位", "受理量", "办结量", "等次", "枫林镇", "60", "58", "A", "石桥街道", "36", "36", "A",
             "合计", "96", "94", "A", "柳溪乡", "7", "6", "B"]
    text = "一、基本情况\n9月份,共受理工单96件。\n各单位办理情况统计表\n" + " |\n".join(cells)  # cell per line
    b = hotline_etl.parse(text)
    assert (b.table.report.layout, b.table.report.cut) == ("cell-per-line", True)
    assert [(r.unit_raw, r.received, r.handled, r.extra) for r in b.table.rows] == [
        ("枫林镇", 60, 58, (("等次", "A"),)), ("石桥街道", 36, 36, (("等次", "A"),)), ("柳溪乡", 7, 6, ())]
    assert (b.table.total.received, b.table.total.handled) == (96, 94)
    assert [w.message for w in b.warnings if w.code == "table-cut"] == [
        "the text ends inside the table, in the row starting '柳溪乡'; its last cell ('B') is cut short and left empty"]


def test_village_committees_as_rows_make_a_per_unit_table():
    # seventh probe set (fixtures/probe7): a town's table whose rows are 村委会 / 居委会 under a
    # header (村（居）| 转办 | …) that names no field: the rows' names make it per unit.
    text = ("一、基本情况\n一季度,全镇共受理工单1,206件。\n村（居） | 转办 | 办结 | 超期\n"
            "桂坪村委会 | 214 | 211 | 3\n南岸居委会 | 187 | 187 | 0\n东塘村委会 | 96 | 95 | 1\n")
    b = hotline_etl.parse(text)
    assert b.tables[0].kind == "per_unit"
    assert [r.unit_raw for r in b.table.rows] == ["桂坪村委会", "南岸居委会", "东塘村委会"]
    assert b.table.rows[1].extra == (("转办", "187"), ("办结", "187"), ("超期", "0"))


def test_a_full_row_whose_last_cell_the_cut_broke_leaves_that_cell_empty():
    # seventh probe set: the rate column prints 98.7% above, the text stops in ``96`` (of 96.4%) or ``97.`` —
    # no such value is read; the row's other cells stay.
    head = "一、基本情况\n9月份,共受理工单640件。\n单位 | 转办量 | 办结量 | 按时办结率\n桂坪镇 | 212 | 209 | 98.7%\n"
    for last in ("96", "97."):
        b = hotline_etl.parse(head + "县供热公司 | 87 | 85 | " + last)
        assert [(r.unit_raw, r.handled, r.on_time_rate.value if r.on_time_rate else None) for r in b.table.rows] == [
            ("桂坪镇", 209, 98.7), ("县供热公司", 85, None)]
        assert b.table.report.cut is True
        assert [w.message for w in b.warnings if w.code == "table-cut"] == [
            f"the text ends inside the table, in the row starting '县供热公司'; its last cell ({last!r}) is cut short "
            "and left empty"]
    # a last row printed like the rows above is whole
    b = hotline_etl.parse(head + "县供热公司 | 87 | 85 | 96.4%")
    assert (b.table.rows[-1].on_time_rate.value, b.table.report.cut) == (96.4, False)



def test_a_transposed_table_cut_in_a_measure_line_leaves_that_measure_out_for_every_unit():
    # tenth probe set (fixtures/probe10): units as columns, the text stops inside the 办结量 line; 358 is
    # printed for the first unit only, so no unit gets that measure (it stays as printed in ``tables``).
    text = ("一、总体情况\n4月份,共受理工单1,240件。\n指标 | 柘溪镇 | 县林业局 | 云台乡\n"
            "受理量 | 364 | 297 | 215\n办结量 | 358 | 29")
    b = hotline_etl.parse(text)
    assert b.tables[0].layout == "row-per-line, transposed"
    assert [(r.unit_raw, r.received, r.handled) for r in b.table.rows] == [
        ("柘溪镇", 364, None), ("县林业局", 297, None), ("云台乡", 215, None)]
    assert b.tables[0].rows[0] == ("柘溪镇", "364", "358")
    assert [w.message for w in b.warnings if w.code == "table-cut"] == [
        "the text ends inside the table, in the measure line '办结量'; that measure is left out of the statistics "
        "table (its printed cells are kept in tables)"]


def test_a_unit_name_wrapped_onto_a_line_of_its_own_is_one_name():
    # tenth probe set: a narrow unit column wraps 县综合行政执法局 and 縣自然資源和規劃局 onto a line whose
    # other cells are empty; the two lines are one unit (a name-only line after a whole name is not joined).
    text = ("一、总体情况\n7月份,共受理工单880件。\n单位 | 转办量 | 办结量 | 超期办结\n"
            "县综合行政执 | 183 | 181 | 2\n法局 |  |  | \n縣自然資源 | 142 | 140 | —\n和規劃局 |  |  | \n"
            "芷溪镇 | 96 | 96 | 0\n县直部门 |  |  | \n县水务局 | 64 | 63 | 1")
    b = hotline_etl.parse(text)
    assert [(r.unit_raw, r.received, r.handled) for r in b.table.rows] == [
        ("县综合行政执法局", 183, 181), ("縣自然資源和規劃局", 142, 140), ("芷溪镇", 96, 96), ("县直部门", None, None),
        ("县水务局", 64, 63)]
    assert [r[0] for r in b.tables[0].rows] == ["县综合行政执法局", "縣自然資源和規劃局", "芷溪镇", "县直部门", "县水务局"]


def test_a_unit_name_wrapped_in_a_transposed_header_is_one_unit():
    # tenth probe set: units as columns, 县自然资源 / 和规划局 over two header lines.
    text = ("一、总体情况\n1-2月份,共受理工单3,806件。\n指标 | 县住建局 | 县自然资源 | 蒲塘镇\n |  | 和规划局 | \n"
            "受理量 | 364 | 215 | 176\n办结量 | 358 | 213 | 172")
    b = hotline_etl.parse(text)
    assert [(r.unit_raw, r.received, r.handled) for r in b.table.rows] == [
        ("县住建局", 364, 358), ("县自然资源和规划局", 215, 213), ("蒲塘镇", 176, 172)]


def test_a_rate_in_per_mille_is_a_value_and_a_total_column_is_the_total_row():
    # tenth probe set: a transposed table with a 合计 column first and a complaint rate in ‰ (no percentage).
    text = ("一、运行概况\n本期共受理诉求9,420件。\n项目 | 合计 | 桐城区 | 桐西区\n受理量（件） | 9,420 | 5,236 | 4,184\n"
            "办结量（件） | 5,107 | 2,868 | 2,239\n投诉率 | 2.3‰ | 2.1‰ | 2.6‰\n满意率 | 97.4% | 97.1% | 97.8%")
    b = hotline_etl.parse(text)
    assert [(r.unit_raw, r.received, r.handled, dict(r.extra)["投诉率"]) for r in b.table.rows] == [
        ("桐城区", 5236, 2868, "2.1‰"), ("桐西区", 4184, 2239, "2.6‰")]
    assert (b.table.total.received, b.table.total.handled) == (9420, 5107)


def test_a_measure_named_like_a_unit_does_not_stop_a_table_being_transposed():
    # tenth probe set: 退回重办 ends in 办 (as 县政府办 does); the other row labels are measures.
    text = ("一、总体情况\n1-2月份,共受理工单2,410件。\n指标 | 县林业局 | 苇塘镇\n受理量 | 120 | 96\n"
            "办结量 | 118 | 95\n退回重办 | 1 | 0\n满意率 | 97.5% | 98.9%")
    b = hotline_etl.parse(text)
    assert b.tables[0].layout == "row-per-line, transposed"
    assert [(r.unit_raw, r.received, r.handled, r.extra) for r in b.table.rows] == [
        ("县林业局", 120, 118, (("退回重办", "1"), ("满意率", "97.5%"))),
        ("苇塘镇", 96, 95, (("退回重办", "0"), ("满意率", "98.9%")))]


def test_a_last_cell_the_cut_broke_is_read_as_no_value_in_every_layout():
    # tenth probe set (fixtures/probe10), cut_consistency: the text stops in a thousands group (4,2 of 4,260),
    # in a rate after rates only (a measure line of units as columns), or, in a table of tabs or spaces, in a
    # decimal (99.) or a rate printed 96 under 97.6%: no such value is read.
    head = "一、基本情况\n三季度,共受理工单41,286件。\n区县 | 7月 | 8月 | 9月 | 合计\n荇北区 | 2,318 | 2,406 | 2,251 | 6,975\n"
    b = hotline_etl.parse(head + "荇东区 | 1,405 | 1,466 | 1,389 | 4,2")
    assert b.tables[0].rows[-1][-1] == "4,2" and b.table.report.cut is True
    assert dict(b.table.rows[-1].extra).get("合计") is None
    text = ("一、总体情况\n5月份,共受理工单9,420件。\n项目 | 柏城区 | 柏东区\n受理量 | 5,236 | 4,184\n"
            "满意率 | 97.1% | 97")
    b = hotline_etl.parse(text)
    assert [(r.unit_raw, r.received, dict(r.extra).get("满意率")) for r in b.table.rows] == [
        ("柏城区", 5236, None), ("柏东区", 4184, None)]
    for tail, rows in (("\t0.99", [("县人社局", 538), ("龙溪乡", 296)]), ("    96", [("县人社局", 538), ("龙溪乡", 296)])):
        spaced = ("一、考核结果\n二季度,共受理工单7,352件。\n单位\t转办量\t办结量\t满意率\n县人社局\t538\t535\t97.6%\n"
                  "龙溪乡\t296\t294" + tail)
        b = hotline_etl.parse(spaced)
        assert b.tables[0].layout == "spaced-columns" and b.table.report.cut is True
        assert [(r.unit_raw, r.received) for r in b.table.rows] == rows
        assert b.table.rows[-1].extra == ()


def test_a_header_repeated_after_a_page_break_and_cut_is_no_row():
    # tenth probe set: the text stops inside the header repeated under ``— 2 —``.
    text = ("一、办理情况\n10月份,共受理工单3,148件。\n单位        转办量    办结量    满意率\n"
            "县住建局      246       241       96.3%\n县人社局      203       201       97.0%\n\n— 2 —\n\n"
            "单位        转办量    办结量    满")
    b = hotline_etl.parse(text)
    assert [r.unit_raw for r in b.table.rows] == ["县住建局", "县人社局"]


def test_one_cell_lines_are_read_as_line_by_line(text_views):
    # A block whose every line is "cell |" is read a column at a time; the cells are those the loop makes.
    from hotline_etl.extract.tables.cell_per_line import _cells, _one_cell_lines

    fast = 0
    for path, view in text_views:
        for block in find_blocks(view):
            if block.kind != "pipe":
                continue
            cells = _one_cell_lines(view, block)
            if cells is not None:
                fast += 1
                assert (cells, False) == _cells(view, block), path
                assert all(type(c) is type(cells[0]) for c in cells)
    indented = build_view(load(" 单位 |\n　受理量 |\n甲镇|\n 3  |"))
    (block,) = find_blocks(indented)
    assert [(c.simp, c.pos) for c in _one_cell_lines(indented, block)] == [
        ("单位", 1), ("受理量", 7), ("甲镇", 13), ("3", 18)]
    assert _one_cell_lines(indented, block) == _cells(indented, block)[0]
    assert fast >= 20


def test_plain_rows_are_read_as_row_by_row(text_views):
    # The plain rows of a statistics table (no cell a warning would name) are read a column at a time: the
    # rows, total, counts and warnings are those the row-by-row reading gives. Total rows too.
    from hotline_etl.extract import stat_table as st

    views = list(text_views) + [(p, build_view(load(p))) for p in sorted(FIXTURES.glob("*.*"))]
    whole = part = none = 0
    for path, view in views:
        understood = [u for u in (st._understand(view, g) for g in read_grids(view)) if u is not None]
        for index, u in enumerate(understood, start=1):
            assert st._total_rows(u.data) == tuple(st._is_total_row(r) for r in u.data), path
            if u.kind != "per_unit" or not u.data:
                continue
            origins = st._cell_origins(view, u.data)
            printed = st._printed(index, u, origins, view.raw).rows
            plan = st._plan(list(u.names))
            plain = st._plain_rows(u, origins, printed, plan)
            fast_warnings, slow_warnings = [], []
            fast = st._rows(u, origins, printed, plan, fast_warnings)
            slow = st._rows(u, origins, printed, plan, slow_warnings, by_columns=False)
            assert (fast, fast_warnings) == (slow, slow_warnings), path
            assert [type(r).__name__ for r in fast[0]] == ["StatRow"] * len(fast[0])
            if plain is None:
                none += 1
            elif None in plain:
                part += 1
            else:
                whole += 1
    assert whole >= 50 and part >= 50 and none >= 10, (whole, part, none)


def test_line_texts_are_the_lines_sliced(text_views):
    # find_blocks takes the lines' texts from one split of the view; they are the lines sliced one by one.
    from hotline_etl.extract.tables.blocks import _line_texts

    for path, view in text_views:
        assert _line_texts(view) == [view.simp[view.starts[u]:view.ends[u]] for u in view.lines], path
