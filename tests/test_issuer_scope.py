"""The record's scope: the area a bulletin speaks for, from its sign-off, title lines or body (issue 19).

Texts are written for these tests (new places, words and numbers)."""

import pytest

import hotline_etl
from hotline_etl.extract.issuer_scope import extract_issuer_scope
from hotline_etl.extract.sections import find_sections
from hotline_etl.extract.signoff import extract_signoff
from hotline_etl.readers import load
from hotline_etl.script import build_view

BODY = "一、基本情况\n5月份,全县共受理12345热线工单312件,已办结309件,在办3件。\n"


def scope_of(text: str):
    view = build_view(load(text))
    return extract_issuer_scope(view, extract_signoff(view), find_sections(view))


@pytest.mark.parametrize("text, expected", [
    # The sign-off issuer, in either script, with its outer areas.
    (BODY + "鳳陽縣熱線辦\n2021年6月3日\n", ("凤阳县", ("凤阳县",), "鳳陽縣", "issuer")),
    (BODY + "寶雞市陳倉區人民政府辦公室\n2022年7月11日\n", ("陈仓区", ("宝鸡市", "陈仓区"), "陳倉區", "issuer")),
    (BODY + "洋县行政审批服务局\n2022年9月2日\n", ("洋县", ("洋县",), "洋县", "issuer")),
    # The sign-off says only 县热线办: the title line names the county.
    ("灵璧县12345热线2021年5月份工作通报\n" + BODY + "县热线办\n2021年6月3日\n",
     ("灵璧县", ("灵璧县",), "灵璧县", "title")),
    ("2021年度淮安市12345在线平台简报第7期\n" + BODY, ("淮安市", ("淮安市",), "淮安市", "title")),
    # Only the body names the hotline's city; the most named wins.
    (BODY.replace("全县", "芜湖市12345热线") + "芜湖市12345热线办结率99%。又如,记者从滁州市12345热线获悉。\n",
     ("芜湖市", ("芜湖市",), "芜湖市", "body")),
])
def test_scope_is_read_from_signoff_title_or_body(text, expected):
    s = scope_of(text)
    assert (s.name, s.path, s.raw, s.evidence) == expected


def test_a_reporter_or_a_function_word_is_cut_off_the_name():
    s = scope_of(BODY + "据悉,记者从宿州市12345政务服务便民热线获悉,工单办结率提升。\n")
    assert (s.name, s.raw, s.evidence) == ("宿州市", "宿州市", "body")


@pytest.mark.parametrize("text", [
    BODY + "县热线办\n2021年6月3日\n",                                      # generic issuer, no title
    "我市12345热线运行情况\n" + BODY,                                       # 我市: no name
    "2023年1月份市12345在线平台考评通报\n" + BODY,                           # 月份市 is a date, not an area
    BODY + "市12345政务服务平台(以下简称市12345平台)共受理诉求90件。\n",      # 以下简称市: no name
    BODY + "为不断加强区政府网站建设,区政府各部门:现将情况通报如下。\n",     # prose, not a title
])
def test_no_scope_when_only_generic_references_are_printed(text):
    assert scope_of(text) is None


def test_a_unit_name_in_the_table_is_not_the_scope():
    # A city bulletin's table lists county governments: they are units, not the issuer.
    text = ("一、基本情况\n3月份,市长信箱共收到来信40件,已办结40件。\n附件\n承办单位办理情况表\n"
            "承办单位 |\n受理数 |\n办结数 |\n泗县人民政府 |\n12 |\n12 |\n萧县人民政府 |\n9 |\n9\n")
    assert scope_of(text) is None


def test_parse_fills_the_record_scope():
    b = hotline_etl.parse(BODY + "鳳陽縣熱線辦\n2021年6月3日\n", name="fengyang.txt")
    assert b.scope.to_dict() == {"name": "凤阳县", "path": ["凤阳县"], "raw": "鳳陽縣", "evidence": "issuer",
                                 "source": {"line": 3, "char": 0}}
    assert b.to_dict(sources=False)["scope"] == {"name": "凤阳县", "path": ["凤阳县"], "raw": "鳳陽縣",
                                                 "evidence": "issuer"}


# -- the units' area, when the text names none (gazetteer) --------------------------------------

CITY_TABLE = ("一、基本情况\n3月份,市长信箱共收到来信40件,已办结40件。\n附件\n承办单位办理情况表\n"
              "承办单位 |\n受理数 |\n办结数 |\n泗县人民政府 |\n12 |\n12 |\n蕭縣人民政府 |\n9 |\n9 |\n"
              "國網宿州供電公司 |\n4 |\n4\n")


def test_the_city_of_the_table_units_is_the_scope_when_the_text_names_none():
    b = hotline_etl.parse(CITY_TABLE, name="mailbox.txt")
    assert b.scope.to_dict() == {"name": "宿州市", "path": ["安徽省", "宿州市"], "raw": "宿州市", "evidence": "units",
                                 "source": {"line": 8, "char": 0}}
    # Derived ids are made within it: the county governments of this city, not of any city.
    assert [r.unit.unit_id for r in b.table.rows] == ["derived:宿州市/泗县", "derived:宿州市/萧县",
                                                      "derived:宿州市/宿州供电公司"]  # 国网 folded by name_key


def test_a_printed_scope_wins_over_the_units():
    b = hotline_etl.parse("砀山县12345热线3月份工作通报\n" + CITY_TABLE, name="dangshan.txt")
    assert (b.scope.name, b.scope.evidence) == ("砀山县", "title")


@pytest.mark.parametrize("units, expected", [
    # A province's table of its cities: the province.
    (["无锡市", "常州市人民政府", "苏州市", "县公安局"], ("江苏省", ("江苏省",))),
    # Districts of a municipality: the municipality.
    (["渝中区", "沙坪坝区", "九龙坡区"], ("重庆市", ("重庆市",))),
    (["渝中区", "江北区", "沙坪坝区"], ("重庆市", ("重庆市",))),  # 江北区 is Ningbo's too: it votes for none
    # Names found in several cities (鼓楼区, 城关区) vote for none; one vote is not enough.
    (["鼓楼区", "城关区", "县教育局"], None),
    (["临潼区", "县教育局", "县公安局"], None),
    # Units of two cities: no city has two thirds of the votes.
    (["临潼区", "雁塔区", "耀州区", "王益区"], None),
    (["临潼区", "长安区", "耀州区", "王益区"], ("铜川市", ("陕西省", "铜川市"))),  # 长安区 is Shijiazhuang's too
])
def test_scope_from_units_votes(units, expected):
    from hotline_etl.extract.issuer_scope import scope_from_units
    s = scope_from_units([(u, None) for u in units])
    assert (None if s is None else (s.name, s.path)) == expected
