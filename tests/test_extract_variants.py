"""SPEC §7: the same things said with other words and layouts parse by the same mechanisms."""

import datetime as dt

import pytest

import hotline_etl

BASIC = "一、基本情况\n{body}\n"
FIGURES = "3月份,共受理12345热线工单120件,已办结118件,在办2件。"


def parse(text):
    return hotline_etl.parse(text)


@pytest.mark.parametrize("label, signoff, start, end, kind", [
    ("1-2月份", "2021年3月2日", (2021, 1, 1), (2021, 2, 28), "months"),
    ("二季度", "2020年7月3日", (2020, 4, 1), (2020, 6, 30), "quarter"),
    ("第一季度", "2020年4月3日", (2020, 1, 1), (2020, 3, 31), "quarter"),
    ("上半年", "2020年7月3日", (2020, 1, 1), (2020, 6, 30), "half_year"),
    ("3月4日—3月10日", "2019年3月11日", (2019, 3, 4), (2019, 3, 10), "week"),
    ("10月和11月", "2018年12月1日", (2018, 10, 1), (2018, 11, 30), "months"),
    ("12月份", "2021年1月5日", (2020, 12, 1), (2020, 12, 31), "month"),  # a January sign-off reports December
    ("2019年1-2月份", "二〇一九年三月一日", (2019, 1, 1), (2019, 2, 28), "months"),
])
def test_periods(label, signoff, start, end, kind):
    b = parse(f"一、基本情况\n{label},共受理12345热线工单120件,已办结118件。\n县热线办\n{signoff}")
    assert (b.period.start, b.period.end, b.period.label, b.period.kind) == (dt.date(*start), dt.date(*end), label, kind)


def test_year_from_issue_number():
    b = parse("岳阳县12345热线通报〔2023〕第9期\n一、基本情况\n8月份,共受理12345热线工单120件,已办结118件。")
    assert (b.period.start, b.period.end) == (dt.date(2023, 8, 1), dt.date(2023, 8, 31))


def test_title_and_body_disagree_body_wins_with_warning():
    b = parse("2020年4月份12345热线工单办理情况通报\n一、基本情况\n5月份,共受理12345热线工单120件,已办结118件。")
    assert (b.period.start, b.period.label) == (dt.date(2020, 5, 1), "5月份")
    assert [w.code for w in b.warnings if w.code.startswith("period")] == ["period-title-mismatch"]


def test_year_unknown_is_reported():
    b = parse(BASIC.format(body=FIGURES))
    assert b.period.start is None and b.period.label == "3月份"
    assert "period-year-unknown" in {w.code for w in b.warnings}


@pytest.mark.parametrize("sentence, total, items, stated", [
    ("超期办结工单2件,具体承办单位为:东坪镇1件、县民政局1件。", 2, [("东坪镇", 1), ("县民政局", 1)], None),
    ("超期办结工单4件。其中,甲镇、乙乡及丙局各1件、丁办1件。", 4, [("甲镇", 1), ("乙乡", 1), ("丙局", 1), ("丁办", 1)], None),
    ("超期办结工单3件。其中,县住建局因超期1件工单、县水务局2件。", 3, [("县住建局", 1), ("县水务局", 2)], None),
    ("超期办结工单6件。其中,县城管局6件延迟回复。", 6, [("县城管局", 6)], None),
    ("超期办结工单30件。其中,县城管局6件、县住建局3件等17个单位逾期回复。", 30, [("县城管局", 6), ("县住建局", 3)], 17),
])
def test_overdue_phrasings(sentence, total, items, stated):
    b = parse(BASIC.format(body=FIGURES + sentence))
    lst = b.lists["overdue"]
    assert (lst.total, [(i.unit_raw, i.count) for i in lst.items], lst.stated_units) == (total, items, stated)


def test_names_only_overdue_list():
    b = parse(BASIC.format(body=FIGURES + "办理超期的单位:县交通局、东坪镇。"))
    assert [(i.unit_raw, i.count) for i in b.lists["overdue"].items] == [("县交通局", None), ("东坪镇", None)]
    assert b.lists["overdue"].total is None


@pytest.mark.parametrize("phrase", ["返工单3件,其中", "发回重办3件,其中", "回退3件,其中", "退回重办工单3件。其中"])
def test_returned_phrasings(phrase):
    b = parse(BASIC.format(body=FIGURES + f"市热线办{phrase},县医保局2件、县财政局1件。"))
    lst = b.lists["returned"]
    assert (lst.total, [(i.unit_raw, i.count) for i in lst.items]) == (3, [("县医保局", 2), ("县财政局", 1)])


def test_workload_list_is_not_an_overdue_list():
    b = parse(BASIC.format(body=FIGURES + "工单涉及35个单位,其中东坪镇17件,县城管局12件。"))
    assert "overdue" not in b.lists and "returned" not in b.lists


def test_ranking_with_counts_in_parentheses():
    b = parse(BASIC.format(body=FIGURES + "县直单位办理工单量排名前二位的是:城管执法局(247件)、县住建局(120件)。"))
    lst = b.lists["top_department"]
    assert [(i.unit_raw, i.count) for i in lst.items] == [("城管执法局", 247), ("县住建局", 120)]
    assert lst.stated_units == 2


@pytest.mark.parametrize("sentence, expected", [
    ("事件分类统计排行前二位的是:城乡建设类30件,占比25%,交通运输类12件,占比10%。",
     [("城乡建设类", 30, 25.0), ("交通运输类", 12, 10.0)]),
    ("诉求类别前二位:城乡建设 30件(25%)、交通运输 12件(10%)。", [("城乡建设", 30, 25.0), ("交通运输", 12, 10.0)]),
    ("诉求主要集中在城乡建设30宗,占诉求量的25.00%。", [("城乡建设", 30, 25.0)]),
])
def test_category_phrasings(sentence, expected):
    b = parse(BASIC.format(body=FIGURES + sentence))
    assert [(c.name, c.count, c.share.value) for c in b.categories] == expected


def test_numbers_in_other_units_and_damaged_forms():
    b = parse(BASIC.format(body="3月份,共受理12345热线工单9.67万件(次),已办结120宗,在办2件。"))
    assert (b.headline.hotline_orders_received.value, b.headline.completed.value) == (96700, 120)


def test_pinyin_glosses_and_doubled_percent_are_repaired():
    b = parse(BASIC.format(body="3月份,共受理12345热线工单120件,已办(bàn)结118件。事件分类统计前一位的是:城建类30件,占比25.00%%。"))
    assert b.headline.completed.value == 118
    assert (b.categories[0].share.value, b.categories[0].share.decimals) == (25.0, 2)


def test_ocr_letters_and_spaces_inside_numbers_are_repaired():
    b = parse("石岭县l2345热线2O22年4月份运行情况\n一、基本情况\n4月份,全县共受理工单 l 9 O 6 件,已办结 l 8 8 2 件,"
              "在办 2 4 件。事件分类排名前一位的是:城建类 3l4件,占l6.4O%。超期办结工单 2 件,其中 县商务局 l 件、"
              "北山镇 l 件。\n石岭县热线办\n2O22年5月6日\n")
    h = b.headline
    assert (h.hotline_orders_received.value, h.completed.value, h.in_progress.value) == (1906, 1882, 24)
    assert [(c.name, c.count, c.share.raw) for c in b.categories] == [("城建类", 314, "16.40%")]
    assert [(i.unit_raw, i.count) for i in b.lists["overdue"].items] == [("县商务局", 1), ("北山镇", 1)]
    assert (b.period.start, b.issued_on) == (dt.date(2022, 4, 1), dt.date(2022, 5, 6))


def test_latin_words_are_not_read_as_ocr_digits():
    from hotline_etl.repair import repair
    assert repair(["推广APP和IO服务(lǜ)共3 4 5项 No.10 GOl"]).texts == ["推广APP和IO服务共3 4 5项 No.10 GOl"]
    assert repair(["受理 l O 3 5 件,占l2.9l%"]).texts == ["受理 1035 件,占12.91%"]


def test_digits_stripped_by_a_mirror_are_missing_not_borrowed():
    b = parse(BASIC.format(body="3月份,共受理群众诉求件,已办结118件,在办2件。"))
    assert b.headline.hotline_orders_received.value is None
    missing = [w for w in b.warnings if w.code == "figure-missing"]
    assert len(missing) == 1 and "hotline_orders_received" in missing[0].message
    assert b.headline.completed.value == 118


TABLE_ROWS = [("东坪镇", 10, 10, 9, "90%"), ("县民政局", 5, 4, 4, "100%")]


def _expect_rows(b):
    return [(r.unit_raw, r.received, r.due, r.handled, r.completion_rate.raw) for r in b.table.rows]


@pytest.mark.parametrize("table", [
    # a whole row per line, with outer pipes
    "| 单位 | 受理案件数 | 应办理数 | 办理数 | 办结率 |\n| 东坪镇 | 10 | 10 | 9 | 90% |\n| 县民政局 | 5 | 4 | 4 | 100% |\n| 合计 | 15 | 14 | 13 | 92.86% |",
    # without outer pipes, with an empty-cell line and a caption row
    "2020年3月份工单办理统计表\n单位 | 受理案件数 | 应办理数 | 办理数 | 办结率\n||||\n东坪镇 | 10 | 10 | 9 | 90%\n县民政局 | 5 | 4 | 4 | 100%\n合计 | 15 | 14 | 13 | 92.86%",
    # a 序号 column
    "序号 | 单位 | 受理案件数 | 应办理数 | 办理数 | 办结率\n1 | 东坪镇 | 10 | 10 | 9 | 90%\n2 | 县民政局 | 5 | 4 | 4 | 100%\n合计 | | 15 | 14 | 13 | 92.86%",
    # one cell per line, rows ended by the cell without a pipe
    "单位 |\n受理案件数 |\n应办理数 |\n办理数 |\n办结率\n东坪镇 |\n10 |\n10 |\n9 |\n90%\n县民政局 |\n5 |\n4 |\n4 |\n100%\n合计 |\n15 |\n14 |\n13 |\n92.86%",
    # no pipes at all: one cell per paragraph, blank lines between
    "单位\n\n受理案件数\n\n应办理数\n\n办理数\n\n办结率\n\n东坪镇\n\n10\n\n10\n\n9\n\n90%\n\n县民政局\n\n5\n\n4\n\n4\n\n100%\n\n合计\n\n15\n\n14\n\n13\n\n92.86%",
    # a two-row grouped header
    "单位 | 受理情况 | | 办结情况 |\n| 受理案件数 | 应办理数 | 办理数 | 办结率\n东坪镇 | 10 | 10 | 9 | 90%\n县民政局 | 5 | 4 | 4 | 100%\n合计 | 15 | 14 | 13 | 92.86%",
])
def test_table_layouts(table):
    b = parse(BASIC.format(body=FIGURES) + "附件\n" + table)
    assert _expect_rows(b) == [(u, r, d, h, p) for u, r, d, h, p in TABLE_ROWS]
    assert b.table.total.handled == 13


def test_grouped_header_with_empty_cells_keeps_columns_aligned():
    table = "| 单位 | 受理情况 | | 办结情况 | |\n| | 受理案件数 | 应办理数 | 办理数 | 办结率 |\n| 东坪镇 | 10 | 10 | 9 | 90% |"
    b = parse(BASIC.format(body=FIGURES) + "附件\n" + table)
    assert _expect_rows(b) == [("东坪镇", 10, 10, 9, "90%")]


def test_unknown_columns_are_kept_and_broken_header_cells_joined():
    table = "单位 | 受理案件数 | 办理数 | 办结率 | 数据完 整得分\n东坪镇 | 10 | 9 | 90% | 98.5"
    b = parse(BASIC.format(body=FIGURES) + "附件\n" + table)
    row = b.table.rows[0]
    assert row.extra == (("数据完整得分", "98.5"),)
    assert b.table.report.unknown_columns == ("数据完整得分",)


def test_two_units_side_by_side():
    table = ("单位 | 受理案件数 | 办理数 | 办结率 | 单位 | 受理案件数 | 办理数 | 办结率\n"
             "东坪镇 | 10 | 9 | 90% | 县民政局 | 5 | 4 | 80%\n甲乡 | 2 | 2 | 100% | 乙局 | 1 | 1 | 100%")
    b = parse(BASIC.format(body=FIGURES) + "附件\n" + table)
    assert [(r.unit_raw, r.received, r.handled) for r in b.table.rows] == [
        ("东坪镇", 10, 9), ("县民政局", 5, 4), ("甲乡", 2, 2), ("乙局", 1, 1)]


def test_page_metadata_block_is_not_the_statistics_table():
    text = "索引号: | 430621/2020-00123 |\n发布机构: | 县热线办 |\n" + BASIC.format(body=FIGURES)
    b = parse(text)
    assert b.table is None
    assert "table-missing" in {w.code for w in b.warnings}


def test_several_tables_the_first_per_unit_one_is_used_all_are_kept_and_reported():
    # Issue 13 changed this on purpose: `table` is the first per-unit table (it was the largest).
    small = "单位 | 受理案件数 | 办理数 | 办结率\n甲 | 1 | 1 | 100%"
    large = "单位 | 受理案件数 | 办理数 | 办结率\n东坪镇 | 10 | 9 | 90%\n县民政局 | 5 | 4 | 80%"
    b = parse(BASIC.format(body=FIGURES) + "附件1\n" + small + "\n说明\n" + large)
    assert [r.unit_raw for r in b.table.rows] == ["甲"]
    assert [t.rows for t in b.tables] == [(("甲", "1", "1", "100%"),),
                                          (("东坪镇", "10", "9", "90%"), ("县民政局", "5", "4", "80%"))]
    assert [w.message for w in b.warnings if w.code == "table-multiple"] == [
        "2 per-unit tables found; the first (1 rows) is used"]


def test_not_a_bulletin():
    with pytest.raises(hotline_etl.NotABulletin, match="news.txt: not a hotline bulletin"):
        hotline_etl.parse("今天天气晴朗,市民们纷纷出门踏青。公园里人头攒动。".encode(), name="news.txt")


def test_header_repeated_after_a_page_break_is_dropped():
    table = ("单位 | 受理案件数 | 应办理数 | 办理数 | 办结率\n东坪镇 | 10 | 10 | 9 | 90%\n"
             "单位 | 受理案件数 | 应办理数 | 办理数 | 办结率\n县民政局 | 5 | 4 | 4 | 100%\n合计 | 15 | 14 | 13 | 92.86%")
    b = parse(BASIC.format(body=FIGURES) + "附件\n" + table)
    assert _expect_rows(b) == [(u, r, d, h, p) for u, r, d, h, p in TABLE_ROWS]
    assert not [w for w in b.warnings if w.code.startswith("table")]


def test_ranking_counted_with_liang():
    b = parse(BASIC.format(body=FIGURES + "乡镇办理工单量排名前两位的是:东坪镇、甲乡。"))
    assert [i.unit_raw for i in b.lists["top_township"].items] == ["东坪镇", "甲乡"]
    assert b.lists["top_township"].stated_units == 2
