"""The documented recognition rule (hotline_etl.extract.recognition), one case per row."""

import pytest

import hotline_etl

BULLETINS = [
    # a hotline word, a handling word and a count in one sentence
    "3月份,市民热线共受理群众来电864件。",
    "本周受理市民有效诉求1,208件,较上周略有下降。",
    "二季度,“区长信箱”共收到网民来信57封,已全部回复。",
    "春节期间,区长热线办公室共接听电话412个。",
    "本月政务服务平台共转派工单2,031单。",
    "12345熱線本月共受理來電936件,辦結921件。",  # traditional script
    # ninth probe set (fixtures/probe9): a post printing one phrase a line, the count alone under its phrase
    "【总体情况】\n本月全区热线\n共受理群众诉求\n2,310件\n",
    "全市共受理群众诉求件,其中在线办结件。",  # digits stripped by a mirror: still a bulletin, figures missing
]
NOT_BULLETINS = [
    "县里召开秋季防火工作会议,要求各乡镇落实24小时值班制度。",
    "12345热线是为民服务的重要窗口,欢迎市民来电。",  # hotline words, no count
    "本月全县共新建道路12条,改造桥梁3座。",  # counts, no hotline or handling words
    "热线办工作人员参加了培训。\n全县共受理申请38件。",  # the words stand in different sentences
    "热线办工作人员参加了受理业务培训。\n38件",  # a count alone on its line, but the line above ends a sentence
]


@pytest.mark.parametrize("text", BULLETINS)
def test_a_text_reporting_handling_figures_is_a_bulletin(text):
    b = hotline_etl.parse(text.encode(), name="b.txt")
    assert b.source_name == "b.txt"


@pytest.mark.parametrize("text", NOT_BULLETINS)
def test_a_text_without_handling_figures_is_not(text):
    with pytest.raises(hotline_etl.NotABulletin, match="b.txt: not a hotline bulletin: no hotline or mailbox"):
        hotline_etl.parse(text.encode(), name="b.txt")


def test_a_statistics_table_alone_makes_a_bulletin():
    table = "单位 | 受理案件数 | 办理数 | 办结率\n北岭镇 | 12 | 11 | 91.67%\n西溪乡 | 4 | 4 | 100%"
    b = hotline_etl.parse(table.encode(), name="t.txt")
    assert [r.unit_raw for r in b.table.rows] == ["北岭镇", "西溪乡"]
    # Few figures: the warnings say what is absent.
    assert "figure-not-found" in {w.code for w in b.warnings}


def test_the_missing_digits_are_reported_not_invented():
    b = hotline_etl.parse(BULLETINS[-1].encode(), name="m.txt")
    assert b.headline.hotline_orders_received.value is None
    assert "figure-missing" in {w.code for w in b.warnings}
