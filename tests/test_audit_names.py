"""Matching list names to table rows (until unit ids land) and the kind of a unit."""

import pytest

import hotline_etl

from hotline_etl.checks.names import RowIndex, unit_key, unit_kind
from hotline_etl.model import StatRow, UnitRef


@pytest.mark.parametrize("a, b", [
    ("榮家灣鎮政府", "榮家灣鎮人民政府"),
    ("榮家灣鎮", "荣家湾镇"),
    ("縣城市管理綜合執法局", "岳陽縣城市管理綜合執法局"),
    ("交警大隊", "縣交警大隊"),
    ("中洲鄉", "中洲鄉人民政府"),
    ("麻塘 辦事處", "麻塘辦事處"),
])
def test_names_of_one_unit_share_a_key(a, b):
    assert unit_key(a) == unit_key(b)


def test_distinct_units_keep_distinct_keys():
    assert unit_key("張谷英鎮") != unit_key("張谷英管理處")
    assert unit_key("縣") == "县"  # a bare prefix is not stripped to nothing


def test_unit_id_wins_over_the_name():
    ref = UnitRef("yy-zhangguying-town", "张谷英镇", "township", "alias")
    rows = (StatRow("張谷英鎮人民政府", unit=ref), StatRow("張谷英管理處"))
    index = RowIndex(rows)
    assert index.find("張谷英古鎮", ref) is rows[0]
    assert index.find("張谷英鎮") is rows[0]  # an unresolved mention still matches by name


def test_abbreviations_match_one_row_only():
    rows = (StatRow("大云山國家森林公園管理處"), StatRow("張谷英管理處"), StatRow("縣法院"))
    index = RowIndex(rows)
    assert index.find("大云山管理處") is rows[0]
    assert index.find("張谷英鎮") is None
    two = RowIndex((StatRow("大云山東管理處"), StatRow("大云山西管理處")))
    assert two.find("大云山管理處") is None  # ambiguous: not guessed


@pytest.mark.parametrize("name, kind", [
    ("榮家灣鎮人民政府", "township"), ("長湖鄉人民政府", "township"), ("筻口鎮政府", "township"),
    ("麻塘辦事處", "subdistrict"), ("城关街道", "subdistrict"),
    ("縣供電公司", "enterprise"), ("縣人社局", "county_department"), ("張谷英管理處", "county_department"),
])
def test_kind_is_inferred_from_the_name(name, kind):
    assert unit_kind(name) == kind


def test_kind_of_a_resolved_unit_wins():
    assert unit_kind("岳陽高新技術產業園", UnitRef("yy-park", "岳阳高新技术产业园", "development_zone", "exact")) == "development_zone"


def test_seed_list_units_match_their_rows_by_unit_id(seed):
    index = RowIndex(seed.table.rows)
    for name in ("overdue", "returned", "top_township", "top_department"):
        for item in seed.lists[name].items:
            row = index.find(item.unit_raw, item.unit)
            assert row is not None, item.unit_raw
            if item.unit is not None and item.unit.unit_id:
                assert index.key(row) == unit_key(item.unit_raw, item.unit) == f"id:{item.unit.unit_id}"
    rows = {r.unit_raw: r for r in seed.table.rows}
    assert index.find("大云山管理處") is rows["大云山國家森林公園管理處"]


def test_the_bulletins_own_area_prefix_is_dropped():
    rows = (StatRow("衡東縣城管執法局"), StatRow("衡東縣白蓮鎮人民政府"))
    index = RowIndex(rows, ["衡东县"])
    assert index.find("县城管执法局") is rows[0] and index.find("白莲镇") is rows[1]
    assert RowIndex(rows).find("县城管执法局") is None  # a county nothing names is not guessed


SECOND_COUNTY = """一、基本情况
6月份,共受理12345热线工单40件,已办结40件。
6月份热线超期办结工单3件。其中,县殡葬管理所2件、县民政局1件。
附件
单位 | 受理案件数 | 应办理数 | 办理数 | 办结率 | 按期办理数 | 按期办结率
平江縣殯葬管理所 | 25 | 25 | 25 | 100% | 23 | 92%
平江县民政局 | 15 | 15 | 15 | 100% | 14 | 93.33%
合计 | 40 | 40 | 40 | 100% | 37 | 92.5%
"""


def test_a_second_county_matches_its_own_prefixed_names(tmp_path, monkeypatch):
    from hotline_etl.units import REGISTRY_ENV

    registry = tmp_path / "pingjiang.csv"
    registry.write_text("unit_id,county,name,kind,aliases,valid_from,valid_to,predecessor_ids,successor_id\n"
                        "pingjiang.civil_affairs,平江县,平江县民政局,county_department,县民政局,,,,\n", encoding="utf-8")
    monkeypatch.setenv(REGISTRY_ENV, str(registry))
    assert unit_key("平江縣殯葬管理所") == unit_key("县殡葬管理所") == "殡葬管理所"
    row = StatRow("平江縣殯葬管理所")
    assert RowIndex((row, StatRow("平江县民政局"))).find("县殡葬管理所") is row  # by name, no unit ids
    b = hotline_etl.parse(SECOND_COUNTY)
    assert [i.unit.method for i in b.lists["overdue"].items] == ["derived", "exact"]
    assert [f.check for f in b.findings] == []  # both named units found in the table, counts agree
    monkeypatch.delenv(REGISTRY_ENV)
    # Without the registry the text still names no county, but the table's names do (平江縣…, in the
    # gazetteer): the scope is 平江县, so its prefix is dropped and both list names find their rows.
    b = hotline_etl.parse(SECOND_COUNTY)
    assert (b.scope.name, b.scope.evidence) == ("平江县", "units")
    assert [f.check for f in b.findings] == []
    assert [i.unit.unit_id for i in b.lists["overdue"].items] == ["derived:平江县/殡葬管理所", "derived:平江县/民政局"]
