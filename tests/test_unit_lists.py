"""Overdue, still-open and returned unit lists in every printed form (issue 12, item 6).

Every phrasing here is written for these tests, in new words, unit names and numbers.
Each row: the sentence(s) of a basic section and the lists expected, as
``{list name: (total, [(unit as printed, count)], stated number of units)}``.
"""

import pytest

import hotline_etl
from hotline_etl.dataset.rows import SourceInfo, bulletin_rows
from hotline_etl.extract.list_items import read_items, reason_kind
from hotline_etl.extract.scope import Scope
from hotline_etl.readers import load
from hotline_etl.script import build_view

FIGURES = "7月份,共受理12345热线工单260件,已办结255件,在办5件。"
PROBLEM_LISTS = ("overdue", "mailbox_overdue", "returned", "overdue_open")


def parse(text):
    return hotline_etl.parse(text, audit=False)


def problem_lists(b):
    return {n: (lst.total, [(i.unit_raw, i.count) for i in lst.items], lst.stated_units)
            for n, lst in b.lists.items() if n in PROBLEM_LISTS}


def basic(sentence):
    return parse(f"一、基本情况\n{FIGURES}{sentence}\n")


@pytest.mark.parametrize("sentence, expected", [
    # a total, then the units behind a list marker
    ("超期已办理工单5件,具体承办单位为:河口镇2件、县交通运输局3件。",
     {"overdue": (5, [("河口镇", 2), ("县交通运输局", 3)], None)}),
    ("逾期办结工单4件(县气象局3件、南湖街道1件)。", {"overdue": (4, [("县气象局", 3), ("南湖街道", 1)], None)}),
    ("超时工单2件,其中:\n柳溪乡2件。", {"overdue": (2, [("柳溪乡", 2)], None)}),
    ("超期办结的工单有5件,涉及县城管局3件、县住建局2件。", {"overdue": (5, [("县城管局", 3), ("县住建局", 2)], None)}),
    ("超期办结工单3件,为县粮食局、县档案馆、柳溪乡各1件。",
     {"overdue": (3, [("县粮食局", 1), ("县档案馆", 1), ("柳溪乡", 1)], None)}),
    ("超期工单3件,明细如下:(1)县林业局2件;(2)县供水中心1件。", {"overdue": (3, [("县林业局", 2), ("县供水中心", 1)], None)}),
    ("超期办结工单3件,为历年最低。", {"overdue": (3, [], None)}),
    # a stated number of units
    ("本月有2个单位出现超期工单,分别是县档案馆、柳溪乡。", {"overdue": (None, [("县档案馆", None), ("柳溪乡", None)], 2)}),
    ("超期工单涉及5个单位:县气象局、南湖街道等。", {"overdue": (None, [("县气象局", None), ("南湖街道", None)], 5)}),
    # the count before the reason, distributive counts in groups separated by ;
    ("其中,有8件工单属于未按时办结,分别为:青石街道、县粮食局各2件;白沙镇、县燃气公司、县档案馆、县供水中心各1件。",
     {"overdue": (8, [("青石街道", 2), ("县粮食局", 2), ("白沙镇", 1), ("县燃气公司", 1), ("县档案馆", 1),
                      ("县供水中心", 1)], None)}),
    # a reason after the count, and a unit first with 因
    ("超期办结工单9件。其中,县水利局6件延迟回复、桃源镇因超期3件工单。", {"overdue": (9, [("县水利局", 6), ("桃源镇", 3)], None)}),
    ("新港镇因超期1件工单被通报批评,扣2分。", {"overdue": (None, [("新港镇", 1)], None)}),
    ("县商务局逾期办结3件、县人防办1件。", {"overdue": (None, [("县商务局", 3), ("县人防办", 1)], None)}),
    # names only
    ("办理超期的单位:县卫健局、北山镇、县委社会工作部。",
     {"overdue": (None, [("县卫健局", None), ("北山镇", None), ("县委社会工作部", None)], None)}),
    ("其中超期办结的有:县民政局(1件)、北山镇(2件)。", {"overdue": (None, [("县民政局", 1), ("北山镇", 2)], None)}),
    # a partial list: some names, the stated number of units
    ("东山乡、县农业农村局等12个单位未按期回复。",
     {"overdue": (None, [("东山乡", None), ("县农业农村局", None)], 12)}),
    # a mixed list of shortfalls: only the late replies are overdue
    ("尚有不足的单位有县林业局4件延迟回复,县邮政公司2件延迟回复、县电力公司1件未及时签收、县统计局1件未办结。",
     {"overdue": (None, [("县林业局", 4), ("县邮政公司", 2)], None)}),
    # the units after a sentence describing the failing
    ("部分单位存在逾期回复,导致群众满意率下降的问题。如:县医保局、西关街道。",
     {"overdue": (None, [("县医保局", None), ("西关街道", None)], None)}),
    # a total alone: the next clause is another figure, not a unit
    ("超时办理6件,结案率99%。", {"overdue": (6, [], None)}),
    # still open past the deadline: its own list
    ("超期未办理工单3件,其中,县住建局2件、城南街道1件。", {"overdue_open": (3, [("县住建局", 2), ("城南街道", 1)], None)}),
    ("逾期未办结的单位有:县自然资源局、西湖镇。", {"overdue_open": (None, [("县自然资源局", None), ("西湖镇", None)], None)}),
    # sent back for rework
    ("被市热线办退回重办的工单4件,其中,县教育局3件、县商务局1件。",
     {"returned": (4, [("县教育局", 3), ("县商务局", 1)], None)}),
    ("市热线办发回重办工单2件。其中,县文旅局2件。", {"returned": (2, [("县文旅局", 2)], None)}),
    ("县城管局被市热线办退回重办2件、县民政局1件。", {"returned": (None, [("县城管局", 2), ("县民政局", 1)], None)}),
    ("有返工单的单位有:县文旅局、东湖镇。", {"returned": (None, [("县文旅局", None), ("东湖镇", None)], None)}),
    # held-out probe findings (fixtures/probe): a qualifier before what is counted, items (事项) in 宗,
    # a "<reason>单位为:" marker, a shortfall intro, a unit after a linking word, Chinese numerals
    ("当月共有5件派发工单未按时办结,分别为:县粮食局、县档案馆各2件;东湖镇1件。",
     {"overdue": (5, [("县粮食局", 2), ("县档案馆", 2), ("东湖镇", 1)], None)}),
    ("逾期办结事项共4宗:县商务局3宗,南湖街道1宗。", {"overdue": (4, [("县商务局", 3), ("南湖街道", 1)], None)}),
    ("返工工单6件,返工单位为:县气象局4件、柳溪乡2件。", {"returned": (6, [("县气象局", 4), ("柳溪乡", 2)], None)}),
    ("需要改进的单位有:县人防办3件延迟回复,县档案馆1件未及时签收。", {"overdue": (None, [("县人防办", 3)], None)}),
    ("另外,北山镇因超期2件工单被扣分。", {"overdue": (None, [("北山镇", 2)], None)}),
    ("超期办结工单三件,其中县粮食局两件、东湖镇一件。", {"overdue": (3, [("县粮食局", 2), ("东湖镇", 1)], None)}),
    ("另有超期未办理工单4件,均为县气象局,已发督办函。", {"overdue_open": (4, [("县气象局", 4)], None)}),  # 均为: all four are its
    ("超期办结工单2件,为县人防办2件,已约谈。", {"overdue": (2, [("县人防办", 2)], None)}),
    ("超期办结工单3件,请各单位:认真整改,县林业局要说明原因。", {"overdue": (3, [], None)}),  # an instruction
    # second probe set (fixtures/probe2): ①②③ and one-per-line numbered items, 具体为, a reason before a colon,
    # 超出/超过(规定)时限, 重新办理, a total after the items, 均为 one unit
    ("退回重办工单5件:①县粮食局3件;②西岭镇1件;③县档案馆1件。",
     {"returned": (5, [("县粮食局", 3), ("西岭镇", 1), ("县档案馆", 1)], None)}),
    ("超出办理时限的工单共7件,涉及以下单位:\n1.县商务局 4件\n2.南湖街道 3件\n请以上单位说明原因。",
     {"overdue": (7, [("县商务局", 4), ("南湖街道", 3)], None)}),
    ("超期办结工单6件,具体为:县档案馆5件、北山镇1件。", {"overdue": (6, [("县档案馆", 5), ("北山镇", 1)], None)}),
    ("超期办结单位:东湖镇3件、县人防办1件。", {"overdue": (None, [("东湖镇", 3), ("县人防办", 1)], None)}),
    ("1.超期办结:县气象局2件、柳溪乡1件,共3件。", {"overdue": (3, [("县气象局", 2), ("柳溪乡", 1)], None)}),
    ("办理时间超过规定时限的工单3件:县商务局3件。", {"overdue": (3, [("县商务局", 3)], None)}),
    ("超出时限仍未办结的工单2件,其中西关街道2件。", {"overdue_open": (2, [("西关街道", 2)], None)}),
    ("经回访核实,要求重新办理的工单4件,其中县文旅局1件、东湖镇3件。",
     {"returned": (4, [("县文旅局", 1), ("东湖镇", 3)], None)}),
    ("被退回重办的工单共3件,均为县医保局。", {"returned": (3, [("县医保局", 3)], None)}),
    ("部分单位随意退回工单,退回较多的有:县商务局5次、东湖镇2次。", {}),  # units bouncing orders back
    # third probe set (fixtures/probe3): a total as a sentence of its own after the list; a sub-unit in brackets
    ("超期办结单位：县档案馆（4件）；西岭镇（1件）。合计5件。",
     {"overdue": (5, [("县档案馆", 4), ("西岭镇", 1)], None)}),
    ("超期办结工单3件,涉及:县林业局(森林防火大队)2件、东湖镇1件。",
     {"overdue": (3, [("县林业局(森林防火大队)", 2), ("东湖镇", 1)], None)}),
    ("超期办结工单共6件。县直单位中,县档案馆2件、县人防办1件;\n乡镇中,西岭镇3件。",
     {"overdue": (6, [("县档案馆", 2), ("县人防办", 1), ("西岭镇", 3)], None)}),
    # units sharing one count (和 / 及 / 、 + 各) at the head of a sentence, more units with their own counts, a total
    ("县粮食局和县人防办各超期办结2件,东湖镇超期办结1件,共5件。",
     {"overdue": (5, [("县粮食局", 2), ("县人防办", 2), ("东湖镇", 1)], None)}),
    ("西岭镇、县档案馆及县人力资源和社会保障局各逾期回复1件,柳溪乡逾期回复3件,共6件。",
     {"overdue": (6, [("西岭镇", 1), ("县档案馆", 1), ("县人力资源和社会保障局", 1), ("柳溪乡", 3)], None)}),
    ("县商务局和南湖街道各超期办结1件。", {"overdue": (None, [("县商务局", 1), ("南湖街道", 1)], None)}),
    # fourth probe set (fixtures/probe4): 二次交办 after dissatisfaction; a list printed as a small table
    ("群众不满意、需二次交办的工单3件，其中县档案馆2件，西岭镇1件。",
     {"returned": (3, [("县档案馆", 2), ("西岭镇", 1)], None)}),
    ("超期办结工单共5件，明细如下：\n单位 | 件数\n县粮食局 | 4\n东湖镇 | 1\n合计 | 5\n",
     {"overdue": (5, [("县粮食局", 4), ("东湖镇", 1)], None)}),
    ("超期办结工单3件，具体如下：\n序号 | 单位 | 超期件数\n1 | 县档案馆 | 3件\n",
     {"overdue": (3, [("县档案馆", 3)], None)}),
    # fifth probe set (fixtures/probe5): new overdue phrasings; a list cut by a line break after 、 (a page break)
    ("超时限办理的工单3件，分别是县档案馆2件、柳溪乡1件。", {"overdue": (3, [("县档案馆", 2), ("柳溪乡", 1)], None)}),
    ("办理时限已过才办结的工单2件：县粮食局1件，东湖镇1件。", {"overdue": (2, [("县粮食局", 1), ("东湖镇", 1)], None)}),
    ("延时办结工单5件，涉及县人防办4件、西岭镇1件。", {"overdue": (5, [("县人防办", 4), ("西岭镇", 1)], None)}),
    ("超期办结工单4件，其中县气象局1件、\n\n北山镇3件。", {"overdue": (4, [("县气象局", 1), ("北山镇", 3)], None)}),
    # a mailbox's overdue units
    ("县长信箱超期2件,其中,县检察院2件。", {"mailbox_overdue": (2, [("县检察院", 2)], None)}),
    ("县长信箱共收到来信30件,其中超期办结2件,具体承办单位为:县法院1件、县税务局1件。",
     {"mailbox_overdue": (2, [("县法院", 1), ("县税务局", 1)], None)}),
])
def test_list_phrasings(sentence, expected):
    assert problem_lists(basic(sentence)) == expected


@pytest.mark.parametrize("sentence", [
    "县医保局、城西街道的工单被多次回退。",                              # bouncing orders back is not rework
    "县医保局申请退单5件。",
    "满意率100%的单位有:县气象局、北山镇。",                             # praise
    "办理较好的单位有:县气象局、北山镇。",
    "对县民政局、县水利局2个单位给予黄牌预警,原因是未及时签收。",        # another failing
    "县城管局超期签收1件。",
    "县直单位办理工单量排名前三位的是:县城管局(88件)、县住建局(61件)、县公安局(40件)。",  # workload
    "工单涉及26个单位,其中北山镇15件,县城管局11件。",
    "超期办结率为0.4%,返工率0.2%。",                                   # rates, not counts
    "部分工单超期一个月以上仍在协调,各单位有关负责同志要亲自督办。",     # 一个 is prose; 各单位有 no marker
    "3件转办工单已按期办结,县气象局1件正在办理。",                       # no reason word
    "房屋交付主要涉及新房质量、延期交付等问题。",
    "各单位要进一步加强督办,避免超期办结。如:及时联系群众、规范回复内容。",  # measures, not units
])
def test_not_a_problem_list(sentence):
    assert problem_lists(basic(sentence)) == {}


def test_traditional_script_reads_the_same_and_keeps_names_as_printed():
    b = basic("超期辦結工單3件。其中,河口鎮2件、縣交通運輸局1件。縣長信箱超期1件,其中,縣檢察院1件。")
    assert problem_lists(b) == {"overdue": (3, [("河口鎮", 2), ("縣交通運輸局", 1)], None),
                                "mailbox_overdue": (1, [("縣檢察院", 1)], None)}


@pytest.mark.parametrize("text, expected", [
    # the system word right before the reason
    (f"一、基本情况\n{FIGURES}热线超期办结工单2件,其中,甲镇2件。市长信箱超期1件,其中,乙局1件。",
     {"overdue": (2, [("甲镇", 2)], None), "mailbox_overdue": (1, [("乙局", 1)], None)}),
    # a mailbox named with its own figure earlier in the sentence does not claim a later list
    (f"一、基本情况\n7月份,共受理热线工单260件,县长信箱来信30件,超期办结工单5件,其中,丙镇5件。",
     {"overdue": (5, [("丙镇", 5)], None)}),
    # the heading above names the mailbox
    (f"一、热线受理情况\n{FIGURES}\n二、县长信箱办理情况\n本月收到来信40件。办理超期的单位:县民政局、东湖街道。",
     {"mailbox_overdue": (None, [("县民政局", None), ("东湖街道", None)], None)}),
    # a mailbox-only report
    ("区长信箱7月份数据分析\n本月共收到区长信箱来信52件,已办结52件。办理超期的单位:区民政局、东湖街道。",
     {"mailbox_overdue": (None, [("区民政局", None), ("东湖街道", None)], None)}),
    # another system's section in the same text: its lists are not the hotline's
    ("一、工作开展情况\n(一)政务督办系统运行情况。本月交办督办任务30项。部分单位回复督办系统交办任务不及时,导致延期工单增多。如:区统计局。\n"
     "(二)12345热线运行情况。本月共接到转办工单400件。部分单位存在未按期回复的问题。如:区档案馆、北关街道。",
     {"overdue": (None, [("区档案馆", None), ("北关街道", None)], None)}),
])
def test_the_system_a_list_reports_on(text, expected):
    assert problem_lists(parse(text)) == expected


def test_a_total_and_the_names_in_two_sentences_make_one_list():
    b = basic("1-7月返工单12件,返工率0.3%。有返工单的单位有:县城管局、北山镇。")
    assert problem_lists(b) == {"returned": (12, [("县城管局", None), ("北山镇", None)], None)}
    assert not [w for w in b.warnings if w.code == "list-superseded"]


def test_units_named_in_two_sentences_without_a_total_make_one_list():
    b = basic("需要改进的单位有:县人防办3件延迟回复,县档案馆1件未及时签收。另外,北山镇因超期2件工单被扣分。")
    assert problem_lists(b) == {"overdue": (None, [("县人防办", 3), ("北山镇", 2)], None)}
    assert [w.code for w in b.warnings if w.code.startswith("list")] == []


def test_the_basic_sections_list_beats_a_later_one_and_the_other_is_reported():
    b = parse(f"一、基本情况\n{FIGURES}\n二、考核情况\n1-7月超期办结工单9件,其中,丁局9件。\n"
              "三、补充说明\n7月超期办结工单2件,其中,戊镇2件。")
    assert problem_lists(b)["overdue"] == (9, [("丁局", 9)], None)  # neither is in the basic section: the first
    b = parse(f"一、基本情况\n{FIGURES}7月超期办结工单2件,其中,戊镇2件。\n二、考核情况\n1-7月超期办结工单9件,其中,丁局9件。")
    assert problem_lists(b)["overdue"] == (2, [("戊镇", 2)], None)
    superseded = [w for w in b.warnings if w.code == "list-superseded"]
    assert len(superseded) == 1 and superseded[0].source.line == 4 and "total 9, 1 items" in superseded[0].message


def test_a_list_cut_by_the_excerpt_is_kept_and_reported():
    b = basic("部分单位存在未按期回复的问题。如:县档案馆、西关街")
    assert problem_lists(b) == {"overdue": (None, [("县档案馆", None), ("西关街", None)], None)}
    cut = [w for w in b.warnings if w.code == "list-cut"]
    assert len(cut) == 1 and cut[0].source.line == 2


def test_a_counted_list_cut_inside_its_last_item_drops_that_item():
    # 县文旅局1 is cut from 县文旅局14件, 县卫 from 县卫健委2件: neither is an item, the total stands.
    b = basic("超期办结工单共23件，涉及单位：县城管局6件、县民政局3件、县文旅局1")
    assert problem_lists(b) == {"overdue": (23, [("县城管局", 6), ("县民政局", 3)], None)}
    b = basic("退回重办的工单4件：县医保局(2件)、县卫")
    assert problem_lists(b) == {"returned": (4, [("县医保局", 2)], None)}
    assert [w.code for w in b.warnings if w.code == "list-cut"] == ["list-cut"]


def test_what_a_cut_leaves_of_a_first_item_is_no_unit():
    # seventh probe set (fixtures/probe7), cut at other spots: a count cut before 件 (县粮食局2 of 2件 or 23件),
    # an opening bracket whose count the cut took, a single character, an item number.
    assert problem_lists(basic("退回重办的工单共6件：县粮食局2")) == {"returned": (6, [], None)}
    assert problem_lists(basic("超期办结工单9件：桃源社区（")) == {"overdue": (9, [], None)}
    assert problem_lists(basic("超期办结工单共9件，涉及单")) == {"overdue": (9, [], None)}
    assert problem_lists(basic("未在规定时限内办结的工单5件，具体为：\n1")) == {"overdue": (5, [], None)}
    # the count printed whole inside a bracket the cut left open: the bracket is no part of the name
    b = basic("超期办结工单9件：桃源社区（4件）、县农技站（3件")
    assert problem_lists(b) == {"overdue": (9, [("桃源社区", 4), ("县农技站", 3)], None)}


def test_a_hard_wrap_inside_an_item_does_not_end_the_list():
    b = basic("超期办结工单共6件，涉及单位：县水务局\n3件、县气象局2\n件、桐溪镇1件。")
    assert problem_lists(b) == {"overdue": (6, [("县水务局", 3), ("县气象局", 2), ("桐溪镇", 1)], None)}
    # a line opening with a word (次日) is no wrapped count: the list ends with its line
    b = basic("超期办结工单共3件，涉及单位：县水务局2件、桐溪镇1件\n次日县水务局已整改。")
    assert problem_lists(b) == {"overdue": (3, [("县水务局", 2), ("桐溪镇", 1)], None)}


def test_a_name_cut_after_a_counted_total_is_no_item():
    # 县 (of 县民政局) and 县民 after 均为: what the excerpt left of the name is no unit, the total stands.
    assert problem_lists(basic("退回重办工单共4件：县")) == {"returned": (4, [], None)}
    assert problem_lists(basic("群众不满意退回重办的工单3件，均为县民")) == {"returned": (3, [], None)}


def test_items_one_a_line_without_numbers():
    # ninth probe set (fixtures/probe9): a post printing one counted unit a line under its total; the list
    # runs while each line is one such item
    b = basic("本月超期办结工单共6件\n县气象局 3件\n桐溪镇（2件）\n县粮食局 1件\n以上单位请于月底前整改。")
    assert problem_lists(b) == {"overdue": (6, [("县气象局", 3), ("桐溪镇", 2), ("县粮食局", 1)], None)}


def test_a_count_before_a_cause_and_the_returned_reason():
    # ninth probe set (fixtures/probe9): 共有N件工单因群众不满意被退回重办，涉及… (the count first, a cause between)
    b = basic("本月共有5件工单因群众不满意被退回重办，涉及县气象局3件、桐溪镇2件。")
    assert problem_lists(b) == {"returned": (5, [("县气象局", 3), ("桐溪镇", 2)], None)}
    b = basic("另有4件工单因回复不到位被退回重新办理，涉及县粮食局4件。")
    assert problem_lists(b) == {"returned": (4, [("县粮食局", 4)], None)}


def test_items_numbered_one_a_line_with_a_space_after_the_number():
    b = basic("未在规定时限内办结的工单5件，具体为：\n1. 县林业局(3件)；\n2. 县燃气公司(2件)。")
    assert problem_lists(b) == {"overdue": (5, [("县林业局", 3), ("县燃气公司", 2)], None)}


def test_every_item_keeps_where_it_was_printed():
    b = basic("超期办结工单3件。其中,河口镇2件、县粮食局1件。")
    lst = b.lists["overdue"]
    line = "7月份,共受理12345热线工单260件,已办结255件,在办5件。超期办结工单3件。其中,河口镇2件、县粮食局1件。"
    assert (lst.source.line, lst.source.char) == (2, line.index("超期"))
    assert [(i.source.line, i.source.char) for i in lst.items] == [(2, line.index("河口镇")), (2, line.index("县粮食局"))]


def test_units_sharing_a_count_keep_where_each_was_printed():
    b = basic("县粮食局和县人防办各超期办结2件,东湖镇超期办结1件,共5件。")
    lst = b.lists["overdue"]
    line = FIGURES + "县粮食局和县人防办各超期办结2件,东湖镇超期办结1件,共5件。"
    assert (lst.source.line, lst.source.char) == (2, line.index("县粮食局"))
    assert [(i.unit_raw, i.source.line, i.source.char) for i in lst.items] == [
        ("县粮食局", 2, line.index("县粮食局")), ("县人防办", 2, line.index("县人防办")), ("东湖镇", 2, line.index("东湖镇"))]
    assert not [w for w in b.warnings if w.code == "list-superseded"]


@pytest.mark.parametrize("sentence, expected", [
    # a list split into groups with their own subtotals: the subtotals are no items
    ("逾期办结工单共11件，其中县直部门6件：县林草局4件，县档案馆2件；乡镇5件：柏溪镇、青杠乡各2件，石门乡1件。",
     {"overdue": (11, [("县林草局", 4), ("县档案馆", 2), ("柏溪镇", 2), ("青杠乡", 2), ("石门乡", 1)], None)}),
    ("退回重办工单共7件，其中市直单位3件（市城管局2件、市民政局1件），各区4件（东江区3件、西岭区1件）。",
     {"returned": (7, [("市城管局", 2), ("市民政局", 1), ("东江区", 3), ("西岭区", 1)], None)}),
    ("超期办结工单共9件。其中：县直部门5件，县水利局、县卫健局各2件，县档案馆1件；乡镇4件，柏溪镇3件，石门乡1件。",
     {"overdue": (9, [("县水利局", 2), ("县卫健局", 2), ("县档案馆", 1), ("柏溪镇", 3), ("石门乡", 1)], None)}),
    # a colon between a name and its count
    ("超时办结工单共8件：市水务局：5件；槐荫街道：3件。", {"overdue": (8, [("市水务局", 5), ("槐荫街道", 3)], None)}),
    # the total, a full stop, then a sentence of nothing but units and counts adding up to it
    ("超期办结工单5件。县水利局：3件；柏溪镇：2件。", {"overdue": (5, [("县水利局", 3), ("柏溪镇", 2)], None)}),
    ("不满意重办：共4件。县卫健局、县民政局各1件，石门乡2件。",
     {"returned": (4, [("县卫健局", 1), ("县民政局", 1), ("石门乡", 2)], None)}),
    ("超期办结工单5件。县水利局3件、柏溪镇1件。", {"overdue": (5, [], None)}),  # 4 of 5: not its list
    ("超期办结工单5件。县热线中心已督促整改。", {"overdue": (5, [], None)}),
    # a heading naming only the reason, the units in the next sentence
    ("\n2.超期办结。县水利局、县卫健局各2件，柏溪镇1件，共计5件。",
     {"overdue": (5, [("县水利局", 2), ("县卫健局", 2), ("柏溪镇", 1)], None)}),
    ("\n2.超期办结。本月各单位办理时效整体较好。", {}),
    # a clause after counted items is prose, not an item
    ("超期在办工单5件：东江区3件，市民政局2件，已挂牌督办。", {"overdue_open": (5, [("东江区", 3), ("市民政局", 2)], None)}),
])
def test_group_subtotals_colon_counts_and_items_in_the_next_sentence(sentence, expected):
    assert problem_lists(basic(sentence)) == expected


@pytest.mark.parametrize("text, expected", [
    ("甲镇、乙局各2件;丙办6件延迟回复。后文", [("甲镇", 2, None), ("乙局", 2, None), ("丙办", 6, "overdue")]),
    ("北山镇及县林业局各1件、县人力资源和社会保障局1件。", [("北山镇", 1, None), ("县林业局", 1, None),
                                                       ("县人力资源和社会保障局", 1, None)]),
    ("县档案馆因超期未办结2件、县粮食局被退回重办1件。", [("县档案馆", 2, "overdue_open"), ("县粮食局", 1, "returned")]),
    ("县档案馆等5个单位。县粮食局1件", [("县档案馆", None, None)]),
])
def test_reading_items(text, expected):
    scope = Scope.whole(build_view(load(text)))
    assert [(r.item.unit_raw, r.item.count, r.reason) for r in read_items(scope, 0).items] == expected


@pytest.mark.parametrize("phrase, kind", [
    ("超期办结", "overdue"), ("超期已办理", "overdue"), ("逾期", "overdue"), ("超时办理", "overdue"),
    ("延期办结", "overdue"), ("延迟回复", "overdue"), ("未按时办结", "overdue"), ("未按期回复", "overdue"),
    ("超时限办理", "overdue"), ("办理时限已过才办结", "overdue"), ("延时办结", "overdue"),
    ("超期未办理", "overdue_open"), ("逾期未办结", "overdue_open"), ("超时未办", "overdue_open"),
    ("时限已过仍未办结", "overdue_open"), ("超时限未办结", "overdue_open"), ("超时未反馈", "overdue_open"),
    ("退回重办", "returned"), ("发回重办", "returned"), ("返工", "returned"), ("回退", "returned"), ("二次交办", "returned"),
    ("多次回退", None), ("超期签收", None), ("未及时签收", None), ("延期交付", None), ("按期办结", None),
])
def test_reason_lexicon(phrase, kind):
    assert reason_kind(phrase) == kind


def test_still_open_units_go_to_unit_mentions():
    b = parse(f"一、基本情况\n{FIGURES}超期未办结工单3件,其中,县住建局2件、城南街道1件。超期办结工单1件,其中,北山镇1件。")
    rows = bulletin_rows(b, SourceInfo("a.txt", "0" * 64, 1, "txt"))
    mentions = [(r["list_name"], r["position"], r["unit_raw"], r["count"], r["list_total"]) for r in rows["unit_mentions"]]
    assert mentions == [("overdue", 1, "北山镇", 1, 1),
                        ("overdue_open", 1, "县住建局", 2, 3), ("overdue_open", 2, "城南街道", 1, 3)]


def test_a_scope_lacking_what_a_shape_needs_holds_no_statement_of_that_shape(text_views):
    # The needs only skip work: over every text fixture, a shape whose needs the text lacks never matches in it,
    # and the shapes with needs match in some fixture.
    from hotline_etl.extract.problem_lists import _SHAPE_NEEDS, SHAPES
    from hotline_etl.extract.scope import compile_pattern

    skipped, matched = 0, set()
    for path, v in text_views:
        for shape, needs in _SHAPE_NEEDS.items():
            found = compile_pattern(SHAPES[shape]).search(v.simp)
            if needs.search(v.simp) is None:
                skipped += 1
                assert found is None, (path, shape)
            elif found is not None:
                matched.add(shape)
    example = "部分单位存在未按期回复的问题,如:甲局、乙镇"  # no fixture prints an ``examples`` statement
    assert compile_pattern(SHAPES["examples"]).search(example) and _SHAPE_NEEDS["examples"].search(example)
    assert skipped > 100 and matched == {"neutral", "units_count"}


def test_what_a_cut_leaves_of_the_sentence_after_a_list_marker_is_no_item():
    # tenth probe set (fixtures/probe10), cut_consistency: ``1.超期办结：本月超期办结工单`` stops before the
    # count and the names; 本月 (or 本月群…) opens a sentence, no unit name and no item. A cut name after the
    # marker (桐溪) is kept as printed.
    assert problem_lists(basic("1.超期办结：本月超期办结工单")) == {}
    assert problem_lists(basic("2.退回重办：本月群众不满意退回重")) == {}
    assert problem_lists(basic("超期办结：县粮食局、桐溪")) == {
        "overdue": (None, [("县粮食局", None), ("桐溪", None)], None)}


def test_shapes_tried_only_where_they_can_start_find_what_their_scan_finds(text_views):
    # count_after, names, examples and unit_first are tried only where they can start (where a reason starts, at a
    # 单位/部门 a reason follows closely, before a reason within a link word's reach or its count's characters): over
    # every text fixture, from its start and from inside it, they find what the plain scan finds.
    from hotline_etl.extract import problem_lists as p

    def found(matches):
        return [(m.span(), m.groupdict()) for m in matches]

    texts = [v for _, v in text_views]
    texts += [build_view(load(t)) for t in ("部分单位存在未按期回复的问题,如:甲局、乙镇", "超期办结工单3件,其中甲镇3件。超期的单位:甲局",
                                            "甲局超期超期办结2件;部门逾期回复的情况较多,例如:乙镇",
                                            "另外,县城管局被市热线办退回重办2件。甲镇1,206件延迟回复;乙局存在超期1件。",
                                            "乙镇1,234,567件工单逾期办结;丁局1 234 567 件超期;戊局1,234,567万件超期;己局一千二百三十四件工单超期。")]
    matched = set()
    for v in texts:
        for scope in (Scope.whole(v), Scope(v, len(v.simp) // 3, len(v.simp))):
            starts = p._shape_starts(scope)
            for shape, kind in p._SHAPE_STARTS.items():
                plain = found(scope.finditer(p.SHAPES[shape]))
                assert found(p._shape_matches(scope, p.SHAPES[shape], starts[kind])) == plain, (v.simp[:30], shape)
                matched |= {shape} if plain else set()
    assert matched == set(p._SHAPE_STARTS) and len(texts) > 100
