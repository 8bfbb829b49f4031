"""Each check on a small consistent bulletin (no finding) and with one inconsistency injected.

``MINI`` is consistent in every respect the audit checks; ``variant`` edits
its text (each edit must apply exactly once) and returns the findings as
``(check, subject, stated, computed, delta)``.
"""

import pytest

import hotline_etl
from hotline_etl.checks import audit
from hotline_etl.checks.grades import check_grade_order
from hotline_etl.checks.lists import check_list_totals
from hotline_etl.precision import agrees, implied_bases
from hotline_etl.checks.rankings import check_ranking
from hotline_etl.checks.rates import check_row_rates
from hotline_etl.checks.shares import ShareItem, implied_base
from hotline_etl.model import ListItem, Percent, StatRow, UnitList

MINI = """一、基本情况
5月份,共受理12345热线工单100件。热线工单事件分类统计排行前五位的是:城乡建设类40件,占比40%,社会保障类30件,占比30%。其中,向相关部门单位批转100件,已办结98件,在办2件。
5月份,乡镇办理工单量排名前三位的是:甲镇政府、乙乡政府、丙街道办事处;县直单位办理工单量排名前二位的是:县丁局、县戊局。
5月份热线超期办结工单1件。其中,甲镇1件。热线工单被市退回重办件1件,其中,县丁局1件。
二、热点难点
◆社会保障类。共受理工单30件,占比30%,主要是社保。
附件
部门名称 | 受理案件数 | 应办理数 | 办理数 | 办结率 | 按期办理数 | 按期办结率 | 返工数 | 返工率 | 等级评价
甲镇人民政府 | 30 | 30 | 30 | 100% | 29 | 96.67% | 2 | 6.67% | A
县丁局 | 25 | 25 | 24 | 96% | 24 | 100% | 1 | 4% | A
乙乡人民政府 | 20 | 20 | 19 | 95% | 19 | 100% | 0 | 0% | A
县戊局 | 15 | 15 | 15 | 100% | 15 | 100% | 0 | 0% | A
丙街道办事处 | 10 | 10 | 10 | 100% | 10 | 100% | 0 | 0% | A
合计 | 100 | 100 | 98 | 98% | 97 | 98.98% | 3 | 3% | A
"""


def variant(*edits):
    """Findings of MINI with each (old, new) edit applied; every ``old`` must occur exactly once."""
    text = MINI
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return [(f.check, f.subject, f.stated, f.computed, f.delta) for f in hotline_etl.parse(text).findings]


def messages(*edits):
    text = MINI
    for old, new in edits:
        text = text.replace(old, new)
    return [f.message for f in hotline_etl.parse(text).findings]


def test_the_consistent_bulletin_has_no_finding():
    b = hotline_etl.parse(MINI)
    assert len(b.table.rows) == 5 and set(b.lists) == {"top_township", "top_department", "overdue", "returned"} and len(b.categories) == 2 and len(b.hot_topics) == 1
    assert audit(b) == ()


# --- sums -------------------------------------------------------------------------------------------

def test_table_sum_mismatch():
    assert variant(("县戊局 | 15 |", "县戊局 | 16 |")) == [("table-sum-mismatch", "受理案件数", 100, 101, -1)]


def test_headline_dispatched_against_the_due_total():
    assert variant(("批转100件", "批转101件")) == [
        ("headline-table-mismatch", "dispatched orders (批转)", 101, 100, 1),
        ("in-progress-mismatch", "orders in progress (在办)", 2, 3, -1),
    ]
    assert messages(("批转100件", "批转101件"))[0] == (
        "dispatched orders (批转) is 101 in the text but 100 in the table (应办理数, total row)")


def test_headline_against_the_column_sum_without_a_total_row():
    edits = (("共受理12345热线工单100件", "共受理12345热线工单101件"),
             ("合计 | 100 | 100 | 98 | 98% | 97 | 98.98% | 3 | 3% | A\n", ""))
    found = variant(*edits)
    assert ("headline-table-mismatch", "received hotline orders (受理)", 101, 100, 1) in found
    assert "(受理案件数, sum of the rows)" in messages(*edits)[0]


def test_a_units_intake_column_of_passed_on_orders_is_checked_against_dispatched():
    # 20 of 120 requests were answered by the hotline itself: only 100 were passed on to the units.
    three_columns = (("共受理12345热线工单100件", "共受理12345热线工单120件"),
                     ("40件,占比40%", "40件,占比33.33%"), ("30件,占比30%。", "30件,占比25%。"),
                     ("共受理工单30件,占比30%", "共受理工单30件,占比25%"),
                     ("受理案件数 | 应办理数 |", "转派工单数 |"), ("| 30 | 30 | 30 |", "| 30 | 30 |"),
                     ("| 25 | 25 | 24 |", "| 25 | 24 |"), ("| 20 | 20 | 19 |", "| 20 | 19 |"),
                     ("| 15 | 15 | 15 |", "| 15 | 15 |"), ("| 10 | 10 | 10 |", "| 10 | 10 |"),
                     ("合计 | 100 | 100 |", "合计 | 100 |"))
    assert variant(*three_columns) == []
    assert variant(*three_columns, ("批转100件", "批转104件")) == [
        ("headline-table-mismatch", "dispatched orders (批转)", 104, 100, 4),
        ("in-progress-mismatch", "orders in progress (在办)", 2, 6, -4),
    ]


def test_in_progress_mismatch():
    assert variant(("在办2件", "在办3件")) == [("in-progress-mismatch", "orders in progress (在办)", 3, 2, 1)]
    assert messages(("在办2件", "在办3件")) == ["orders in progress (在办) is 3 but dispatched 100 − completed 98 = 2"]


def test_count_exceeds():
    found = variant(("县戊局 | 15 | 15 | 15 | 100% | 15 |", "县戊局 | 15 | 15 | 15 | 100% | 16 |"))
    assert ("count-exceeds", "县戊局", 16, 15, 1) in found
    assert {f[0] for f in found} == {"count-exceeds", "table-sum-mismatch", "rate-mismatch"}


# --- rates ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("printed, numerator, denominator, ok", [
    ("89.18%", 33, 37, True),    # 89.189… truncated
    ("89.19%", 33, 37, True),    # rounded
    ("89.2%", 33, 37, True),     # rounded at one decimal
    ("89.20%", 33, 37, False),   # neither at two decimals
    ("89.17%", 33, 37, False),
    ("67%", 2, 3, True),         # 66.67 rounded
    ("66%", 2, 3, True),         # truncated
    ("66.66%", 2, 3, True),
    ("66.68%", 2, 3, False),
    ("12%", 1, 8, True),         # 12.5: half down (or truncation)
    ("13%", 1, 8, True),         # 12.5: half up
    ("14%", 1, 8, False),
    ("100%", 999, 1000, True),   # 99.9 rounded
    ("99%", 999, 1000, True),    # 99.9 truncated
    ("98%", 999, 1000, False),
    ("0%", 0, 5, True),
    ("99.30%", 2556, 2574, True),
    ("13.9%", 371, 2557, False),
])
def test_rates_agree_at_printed_precision(printed, numerator, denominator, ok):
    assert agrees(Percent.parse(printed), numerator, denominator) is ok


def test_rate_truncated_passes_and_rate_off_by_a_unit_fails():
    assert variant(("96.67%", "96.66%")) == []
    assert variant(("96.67%", "96.70%")) == [("rate-mismatch", "甲镇人民政府 按期办结率", 96.7, 96.67, 0.03)]
    assert messages(("96.67%", "96.70%")) == [
        "甲镇人民政府 按期办结率 is printed 96.70% but 按期办理数/办理数 = 29/30 = 96.67%; "
        "no other count of the row gives it either"]


def test_rates_of_the_total_row_are_checked():
    assert variant(("98.98%", "98.97%")) == []  # 97/98 = 98.9796 truncated
    assert variant(("98.98%", "99%")) == []      # rounded to a whole percent
    assert variant(("98.98%", "98.99%")) == [("rate-mismatch", "合计 按期办结率", 98.99, 98.98, 0.01)]


def test_rate_definition_names_the_matching_denominator():
    # 县丁局: 24 on time of 24 handled (100%), printed as 24/25 = 96% (over 应办理数)
    edit = ("县丁局 | 25 | 25 | 24 | 96% | 24 | 100% |", "县丁局 | 25 | 25 | 24 | 96% | 24 | 96% |")
    assert variant(edit) == [("rate-definition", "县丁局 按期办结率", 96.0, 100.0, -4.0)]
    assert messages(edit) == ["县丁局 按期办结率 is printed 96%, which is 按期办理数/应办理数 = 24/25 = 96.00%, "
                              "not the documented 按期办理数/办理数 = 24/24 = 100.00%"]


def test_rate_zero_denominator_is_info():
    row = "县己局 | 0 | 0 | 0 | 0% | 0 | 0% | 0 | 0% | A\n"
    assert variant(("合计 |", row + "合计 |")) == [
        ("rate-zero-denominator", "县己局", "办结率 0%, 按期办结率 0%, 返工率 0%", None, None)]


def test_rate_zero_denominator_only_for_the_rates_over_zero():
    row = StatRow("县己局", due=1, handled=0, on_time=0, rework=0, completion_rate=Percent.parse("0%"),
                  on_time_rate=Percent.parse("100%"), rework_rate=Percent.parse("0%"))
    (f,) = check_row_rates(None, row)
    assert (f.check, f.stated) == ("rate-zero-denominator", "按期办结率 100%")
    assert f.message == "县己局 prints 按期办结率 100% over a zero denominator (办理数 = 0): the rate is undefined"


# --- shares -----------------------------------------------------------------------------------------

def test_one_wrong_share_is_a_share_mismatch():
    assert variant(("社会保障类30件,占比30%", "社会保障类30件,占比31%")) == [
        ("share-mismatch", "category shares (事件分类): 社会保障类", 31.0, 30.0, 1.0)]


def test_shares_over_another_base_give_the_implied_base():
    edits = (("城乡建设类40件,占比40%", "城乡建设类40件,占比36.36%"), ("社会保障类30件,占比30%", "社会保障类30件,占比27.27%"))
    assert variant(*edits) == [("share-base-mismatch", "category shares (事件分类)", 100, "110", -10)]


def test_shares_with_no_common_base_are_each_a_mismatch():
    edits = (("城乡建设类40件,占比40%", "城乡建设类40件,占比36.36%"), ("社会保障类30件,占比30%", "社会保障类30件,占比20%"))
    assert [f[:2] for f in variant(*edits)] == [
        ("share-mismatch", "category shares (事件分类): 城乡建设类"),
        ("share-mismatch", "category shares (事件分类): 社会保障类")]


def test_hot_topic_share():
    assert variant(("共受理工单30件,占比30%", "共受理工单30件,占比3%")) == [
        ("share-mismatch", "hot-topic shares (热点): 社会保障类", 3.0, 30.0, -27.0)]


def test_implied_bases_are_exact_ranges():
    assert implied_bases(369, Percent.parse("13.82%")) == (2669, 2671)
    assert implied_bases(371, Percent.parse("13.9%")) == (2651, 2678)
    assert implied_bases(198, Percent.parse("7.42%")) == (2665, 2670)
    seed_categories = [(371, "13.9%"), (369, "13.82%"), (315, "11.8%"), (227, "8.5%"), (198, "7.42%")]
    items = [ShareItem(str(c), c, Percent.parse(p), None) for c, p in seed_categories]
    assert implied_base(items) == (2669, 2670)
    assert implied_base(items[:1] + [ShareItem("x", 1, Percent.parse("50%"), None)]) is None
    tiny = [ShareItem("a", 1, Percent.parse("0%"), None), ShareItem("b", 2, Percent.parse("0%"), None)]
    assert implied_base(tiny) == (201, None)  # 2/N truncates to 0% from N = 201 on, with no upper end


# --- lists ------------------------------------------------------------------------------------------

def test_list_total_mismatch():
    assert variant(("超期办结工单1件", "超期办结工单2件")) == [("list-total-mismatch", "overdue list (超期办结)", 2, 1, 1)]


def test_list_total_with_uncounted_items():
    partial = {"overdue": UnitList("overdue", 1, (ListItem("甲镇", 2), ListItem("乙局", None)))}
    assert [(f.stated, f.computed) for f in check_list_totals(partial)] == [(1, 2)]
    enough = {"overdue": UnitList("overdue", 5, (ListItem("甲镇", 2), ListItem("乙局", None)))}
    assert list(check_list_totals(enough)) == []


def test_list_names_more_units_than_it_says():
    assert variant(("排名前三位", "排名前二位")) == [("list-unit-count-mismatch", "township ranking", 2, 3, -1)]


def test_listed_unit_not_in_the_table_is_reported_and_skipped():
    assert variant(("其中,县丁局1件", "其中,县庚局1件")) == [
        ("list-unit-unmatched", "returned list (退回重办)", "县庚局", None, None)]


def test_overdue_list_names_a_unit_that_was_on_time():
    edits = (("超期办结工单1件。其中,甲镇1件", "超期办结工单2件。其中,甲镇1件、县戊局1件"),)
    assert variant(*edits) == [("overdue-list-vs-table", "overdue list (超期办结)", 2, 1, 1)]
    assert messages(*edits)[0].endswith("1 orders. Named but all on time in the table: 县戊局.")


def test_overdue_list_count_differs_from_the_table():
    edits = (("超期办结工单1件。其中,甲镇1件", "超期办结工单2件。其中,甲镇2件"),)
    assert variant(*edits) == [("overdue-list-vs-table", "overdue list (超期办结)", 2, 1, 1)]
    assert messages(*edits)[0].endswith("Counts differ: 甲镇 2 in the text, 1 in the table.")


def test_overdue_list_misses_a_late_unit_of_the_table():
    edits = (("县戊局 | 15 | 15 | 15 | 100% | 15 | 100% |", "县戊局 | 15 | 15 | 15 | 100% | 14 | 93.33% |"),
             ("合计 | 100 | 100 | 98 | 98% | 97 | 98.98% |", "合计 | 100 | 100 | 98 | 98% | 96 | 97.96% |"))
    assert variant(*edits) == [("overdue-list-vs-table", "overdue list (超期办结)", 1, 2, -1)]
    assert messages(*edits)[0] == (
        "overdue list (超期办结): the text names 1 units with 1 overdue orders; the table has 2 units with "
        "办理数 > 按期办理数, 2 orders. Not named: 县戊局 (1).")


def test_returned_exceeds_rework():
    edits = (("退回重办件1件,其中,县丁局1件", "退回重办件2件,其中,县丁局2件"),)
    assert variant(*edits) == [("returned-exceeds-rework", "县丁局", 2, 1, 1)]
    assert messages(*edits) == ["县丁局: returned 2 in the text but 返工数 is 1 in the table"]


def test_still_open_units_have_unfinished_orders():
    assert variant(("。热线工单被市退回", "。超期未办理工单1件,其中,县丁局1件。热线工单被市退回")) == []
    edits = (("。热线工单被市退回", "。超期未办理工单1件,其中,甲镇1件。热线工单被市退回"),)
    assert variant(*edits) == [("open-exceeds-unfinished", "甲镇", 1, 0, 1)]
    assert messages(*edits) == [
        "甲镇: 1 orders still open past the deadline in the text, but 应办理数 − 办理数 = 0 in the table"]


# --- rankings ---------------------------------------------------------------------------------------

def test_ranking_out_of_order():
    edits = (("甲镇政府、乙乡政府", "乙乡政府、甲镇政府"),)
    assert variant(*edits) == [("ranking-mismatch", "township ranking", "乙乡政府、甲镇政府、丙街道办事处",
                                "甲镇人民政府 (30)、乙乡人民政府 (20)、丙街道办事处 (10)", None)]
    assert messages(*edits)[0].endswith(
        "among townships and subdistricts the table gives 甲镇人民政府 (30)、乙乡人民政府 (20)、丙街道办事处 (10). "
        "甲镇人民政府 (30) is ranked below 乙乡人民政府 (20).")


def test_ranking_leaves_out_a_unit_with_more_orders():
    edits = (("排名前二位的是:县丁局、县戊局", "排名前一位的是:县戊局"),)
    assert variant(*edits) == [("ranking-mismatch", "department ranking", "县戊局", "县丁局 (25)", None)]
    assert messages(*edits)[0].endswith("Not ranked though above 15: 县丁局 (25).")


def _ranking(names, rows, name="top_township"):
    lst = UnitList(name, None, tuple(ListItem(n, None) for n in names), stated_units=len(names))
    return [f.message for f in check_ranking(name, lst, rows)]


def test_ranking_ties_may_stand_in_any_order():
    rows = (StatRow("甲镇", received=10), StatRow("乙镇", received=10), StatRow("丙镇", received=5))
    assert _ranking(["乙镇", "甲镇"], rows) == []
    assert _ranking(["乙镇"], rows) == []  # 甲镇 ties at the cut
    assert len(_ranking(["甲镇", "丙镇"], rows)) == 1  # 乙镇 (10) outranks 丙镇 (5)


def test_ranking_is_within_the_kind_of_unit():
    rows = (StatRow("甲镇人民政府", received=100), StatRow("县丁局", received=50), StatRow("县供电公司", received=80))
    assert _ranking(["县丁局"], rows, "top_department") == []
    assert _ranking(["甲镇政府"], rows, "top_township") == []


# --- grades -----------------------------------------------------------------------------------------

def test_grade_worse_than_units_it_outperforms():
    edits = (("丙街道办事处 | 10 | 10 | 10 | 100% | 10 | 100% | 0 | 0% | A", "丙街道办事处 | 10 | 10 | 10 | 100% | 10 | 100% | 0 | 0% | B"),)
    assert variant(*edits) == [("grade-order", "丙街道办事处", "B", "A", 1)]
    # 县戊局 has the same rates as 丙街道办事处: not better, so not named
    assert messages(*edits) == ["丙街道办事处 is graded B though it is at least as good on 办结率, 按期办结率, 返工率 as "
                                "甲镇人民政府 (A), 县丁局 (A), 乙乡人民政府 (A)"]


def test_grades_leave_out_rows_with_a_zero_denominator():
    rows = (StatRow("甲局", due=0, handled=0, on_time=0, rework=0, grade="A"),
            StatRow("乙局", due=4, handled=4, on_time=1, rework=0, grade="E"))
    assert list(check_grade_order(rows)) == []


def test_grade_order_names_at_most_five_units():
    rows = tuple(StatRow(f"局{i}", due=10, handled=10, on_time=9, rework=1, grade="A") for i in range(7))
    rows += (StatRow("好局", due=10, handled=10, on_time=10, rework=0, grade="C"),)
    (f,) = check_grade_order(rows)
    assert (f.stated, f.computed, f.delta) == ("C", "A", 2)
    assert f.message.endswith("局3 (A), 局4 (A), and 2 more")


# --- no false alarms from rounding ------------------------------------------------------------------

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.integers(0, 5000), st.integers(1, 5000), st.integers(0, 2),
       st.sampled_from([ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN]))
def test_any_rounded_or_truncated_rate_agrees(numerator, denominator, decimals, rounding):
    exact = Decimal(100 * numerator) / Decimal(denominator)
    shown = exact.quantize(Decimal(1).scaleb(-decimals), rounding=rounding)
    assert agrees(Percent.parse(f"{shown}%"), numerator, denominator)


@given(st.integers(1, 500), st.integers(1, 5000), st.integers(1, 2))
def test_the_true_base_is_inside_the_implied_range(count, base, decimals):
    exact = Decimal(100 * count) / Decimal(base)
    shown = Percent.parse(f"{exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)}%")
    bases = implied_bases(count, shown)
    assert bases is not None and bases[0] <= base and (bases[1] is None or base <= bases[1])


def _printed(numerator, denominator, decimals, rounding):
    if denominator == 0:
        return Percent.parse("0%")
    exact = Decimal(100 * numerator) / Decimal(denominator)
    return Percent.parse(f"{exact.quantize(Decimal(1).scaleb(-decimals), rounding=rounding)}%")


@st.composite
def consistent_rows(draw):
    decimals = draw(st.integers(0, 2))
    rounding = draw(st.sampled_from([ROUND_HALF_UP, ROUND_DOWN]))
    rows = []
    for i in range(draw(st.integers(1, 8))):
        due = draw(st.integers(0, 300))
        handled = draw(st.integers(0, due))
        on_time = draw(st.integers(0, handled))
        rework = draw(st.integers(0, due))
        rows.append(StatRow(f"单位{i}", received=draw(st.integers(0, 300)), due=due, handled=handled, on_time=on_time,
                            rework=rework, completion_rate=_printed(handled, due, decimals, rounding),
                            on_time_rate=_printed(on_time, handled, decimals, rounding),
                            rework_rate=_printed(rework, due, decimals, rounding), grade="A"))
    return rows


@given(consistent_rows())
def test_a_consistent_table_raises_no_error_or_warning(rows):
    from hotline_etl.checks.sums import check_row_order, check_table_sums
    from hotline_etl.model import StatTable, TableReport

    total = StatRow("合计", **{f: sum(getattr(r, f) for r in rows) for f in ("received", "due", "handled", "on_time", "rework")})
    table = StatTable(None, (), ("unit_raw",), tuple(rows), total, TableReport("row-per-line", len(rows), 10, 0))
    found = [f for r in rows for f in check_row_rates(table, r)]
    found += list(check_table_sums(table)) + list(check_row_order(table)) + list(check_grade_order(rows, table))
    assert {f.check for f in found} <= {"rate-zero-denominator"}
