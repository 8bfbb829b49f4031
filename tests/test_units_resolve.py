"""Resolving printed unit names: exact, rule, fuzzy, unresolved, damage and dates."""

import datetime as dt

import pytest

from hotline_etl.model import UnitRef
from hotline_etl.units import FUZZY_THRESHOLD, candidates, resolve

MAY_2020 = dt.date(2020, 5, 1)

#: The 59 table units of the seed as printed, with the id each resolves to on 2020-05-01.
SEED_TABLE_UNITS = (
    ("縣市場監督管理局", "yueyang.market_supervision"),
    ("縣人社局", "yueyang.human_resources_social_security"),
    ("岳陽縣城市管理綜合執法局", "yueyang.urban_management"),
    ("縣公安局", "yueyang.public_security"),
    ("縣教體局", "yueyang.education_sports"),
    ("榮家灣鎮人民政府", "yueyang.rongjiawan"),
    ("公田鎮人民政府", "yueyang.gongtian"),
    ("縣交警大隊", "yueyang.traffic_police"),
    ("筻口鎮人民政府", "yueyang.gangkou"),
    ("毛田鎮人民政府", "yueyang.maotian"),
    ("月田鎮人民政府", "yueyang.yuetian"),
    ("長湖鄉人民政府", "yueyang.changhu"),
    ("新開鎮人民政府", "yueyang.xinkai"),
    ("縣住建局", "yueyang.housing_urban_rural_development"),
    ("縣醫療保障局", "yueyang.healthcare_security"),
    ("黃沙街鎮人民政府", "yueyang.huangshajie"),
    ("楊林街鎮人民政府", "yueyang.yanglinjie"),
    ("縣交通運輸局", "yueyang.transport"),
    ("麻塘辦事處", "yueyang.matang"),
    ("步仙鎮人民政府", "yueyang.buxian"),
    ("新墻鎮人民政府", "yueyang.xinqiang"),
    ("柏祥鎮人民政府", "yueyang.baixiang"),
    ("縣衛健局", "yueyang.health"),
    ("張谷英鎮人民政府", "yueyang.zhangguying"),
    ("縣環保局", "yueyang.ecology_environment"),
    ("縣廣播電視臺", "yueyang.radio_television"),
    ("縣政府辦", "yueyang.government_office"),
    ("縣自然資源局", "yueyang.natural_resources"),
    ("中洲鄉人民政府", "yueyang.zhongzhou"),
    ("縣司法局", "yueyang.justice"),
    ("縣水務局", "yueyang.water_resources"),
    ("縣農業局", "yueyang.agriculture_rural"),
    ("縣殘聯", "yueyang.disabled_persons_federation"),
    ("縣民政局", "yueyang.civil_affairs"),
    ("岳陽高新技術產業園", "yueyang.high_tech_park"),
    ("縣發改局", "yueyang.development_reform"),
    ("縣稅務局", "yueyang.taxation"),
    ("縣財政局", "yueyang.finance"),
    ("熱線辦", "yueyang.hotline_office"),
    ("縣商糧局", "yueyang.commerce_grain"),
    ("縣庫區移民服務中心", "yueyang.reservoir_resettlement"),
    ("縣退役軍人事務局", "yueyang.veterans_affairs"),
    ("縣東管局", "yueyang.dongguan"),
    ("縣工信局", "yueyang.industry_information"),
    ("縣政務服務中心", "yueyang.government_services_center"),
    ("縣榮灣湖建設開發服務中心", "yueyang.ronghu_lake_development"),
    ("大云山國家森林公園管理處", "yueyang.dayunshan_forest_park"),
    ("縣公路建設和養護中心", "yueyang.highway_construction_maintenance"),
    ("縣畜牧水產發展服務中心", "yueyang.livestock_aquaculture"),
    ("縣農業機械化服務中心", "yueyang.agricultural_mechanization"),
    ("縣漁政局", "yueyang.fishery_administration"),
    ("縣林業局", "yueyang.forestry"),
    ("縣砂管局", "yueyang.sand_management"),
    ("張谷英管理處", "yueyang.zhangguying_scenic_area"),
    ("縣供電公司", "yueyang.power_supply"),
    ("縣郵政局", "yueyang.postal"),
    ("鐵山水資源保護中心", "yueyang.tieshan_water_protection"),
    ("洞庭葦業公司", "yueyang.dongting_reed"),
    ("縣煙草局", "yueyang.tobacco"),
)


@pytest.mark.parametrize("printed, unit_id", SEED_TABLE_UNITS)
def test_every_seed_table_unit_resolves_exactly(printed, unit_id):
    ref = resolve(printed, "岳阳县", MAY_2020)
    assert (ref.unit_id, ref.method, ref.damaged) == (unit_id, "exact", False)


def test_seed_table_units_are_59_distinct_units():
    assert len(SEED_TABLE_UNITS) == 59
    assert len({unit_id for _, unit_id in SEED_TABLE_UNITS}) == 59


@pytest.mark.parametrize("names, unit_id", [
    (("榮家灣鎮政府", "榮家灣鎮", "榮家灣鎮人民政府", "荣家湾镇", "岳阳县荣家湾镇人民政府"), "yueyang.rongjiawan"),
    (("交警大隊", "縣交警大隊", "岳陽縣公安局交通警察大隊"), "yueyang.traffic_police"),
    (("大云山管理處", "大云山國家森林公園管理處", "大雲山國家森林公園管理處"), "yueyang.dayunshan_forest_park"),
    (("縣城市管理綜合執法局", "岳陽縣城市管理綜合執法局", "县城市管理和综合执法局"), "yueyang.urban_management"),
    (("縣人社局", "縣人力資源和社會保障局", "岳阳县人力资源和社会保障局"), "yueyang.human_resources_social_security"),
    (("中洲鄉", "中洲鄉人民政府", "中洲乡政府"), "yueyang.zhongzhou"),
    (("麻塘辦事處", "麻塘街道办事处", "麻塘街道"), "yueyang.matang"),
    (("新開鎮政府", "新開鎮", "新开镇人民政府"), "yueyang.xinkai"),
    (("熱線辦", "縣熱線辦", "岳陽縣熱線辦", "岳阳县12345热线办公室"), "yueyang.hotline_office"),
])
def test_the_names_of_one_unit_resolve_to_one_id(names, unit_id):
    assert {resolve(n, "岳阳县", MAY_2020).unit_id for n in names} == {unit_id}


def test_exact_and_rule_methods():
    assert resolve("榮家灣鎮政府").method == "exact"
    assert resolve("荣家湾镇政府").method == "exact"  # the same alias, folded
    ref = resolve("岳阳县荣家湾镇政府")
    assert ref == UnitRef("yueyang.rongjiawan", "荣家湾镇", "township", "rule")
    assert resolve("縣人力資源和社會保障局").method == "rule"
    assert resolve("县市场监管局").method == "exact"
    assert resolve("岳阳县市场监督管理局") == UnitRef(
        "yueyang.market_supervision", "岳阳县市场监督管理局", "county_department", "exact")


def test_township_and_scenic_area_of_zhangguying_are_different_units():
    town, scenic = resolve("張谷英鎮"), resolve("張谷英管理處")
    assert (town.unit_id, town.kind) == ("yueyang.zhangguying", "township")
    assert (scenic.unit_id, scenic.kind) == ("yueyang.zhangguying_scenic_area", "park")
    assert resolve("張谷英鎮人民政府").unit_id == "yueyang.zhangguying"
    # The bare place name is neither: it stays unresolved with both as candidates.
    bare = resolve("張谷英")
    assert bare.method == "unresolved"
    assert bare.candidates == ("yueyang.zhangguying", "yueyang.zhangguying_scenic_area")
    assert bare.score == 85.71


def test_court_is_not_a_bureau():
    court = resolve("縣法院")
    assert (court.unit_id, court.kind, court.method) == ("yueyang.court", "court", "exact")
    assert resolve("岳阳县人民法院").unit_id == "yueyang.court"
    assert resolve("縣司法局").unit_id == "yueyang.justice"
    # 司法所 (a township justice office) is not the county justice bureau nor the court.
    office = resolve("縣司法所")
    assert office.method == "unresolved"
    assert office.candidates == ("yueyang.justice", "yueyang.court")


@pytest.mark.parametrize("printed, unit_id, name", [
    ("?h市場監督管理局", "yueyang.market_supervision", "岳阳县市场监督管理局"),
    ("?h稅務局", "yueyang.taxation", "国家税务总局岳阳县税务局"),
    ("?h市场监督管理局", "yueyang.market_supervision", "岳阳县市场监督管理局"),
])
def test_damaged_names_resolve_and_are_flagged(printed, unit_id, name):
    ref = resolve(printed, "岳阳县", MAY_2020)
    assert ref == UnitRef(unit_id, name, "county_department", "rule", damaged=True)


def test_damage_that_leaves_two_units_possible_stays_unresolved():
    ref = resolve("縣?務局")  # 税务局 or 水务局
    assert (ref.unit_id, ref.method, ref.damaged) == (None, "unresolved", True)
    assert ref.candidates == ("yueyang.taxation", "yueyang.water_resources")


def test_damage_with_too_little_left_is_not_guessed():
    ref = resolve("?h局")
    assert (ref.method, ref.damaged) == ("unresolved", True)


def test_fuzzy_accepts_one_unique_near_identical_name():
    ref = resolve("縣公路建設養護中心")  # 和 dropped
    assert ref == UnitRef("yueyang.highway_construction_maintenance", "岳阳县公路建设和养护中心",
                          "county_department", "fuzzy", score=94.12)
    assert ref.score >= FUZZY_THRESHOLD


@pytest.mark.parametrize("printed", ["荣家湾", "縣公路局", "县市场局", "縣交警中隊"])
def test_fuzzy_never_guesses_below_the_threshold(printed):
    assert resolve(printed).method == "unresolved"


def test_unknown_name_stays_unresolved_with_candidates():
    ref = resolve("縣殯葬管理所", "岳阳县", MAY_2020)
    assert ref == UnitRef(None, None, None, "unresolved", score=36.36,
                          candidates=("yueyang.dayunshan_forest_park", "yueyang.zhangguying_scenic_area"))
    assert [(c.name, c.score) for c in candidates("縣殯葬管理所")] == [
        ("大云山国家森林公园管理处", 36.36), ("张谷英管理处", 36.36)]


def test_old_name_resolves_by_date():
    # 縣食藥工商質監局 was merged into 縣市場監督管理局 in 2019 (assumed effective 2019-03-01).
    feb = resolve("縣食藥工商質監局", "岳阳县", dt.date(2019, 2, 1))
    assert (feb.unit_id, feb.name) == ("yueyang.food_drug_industry_commerce_quality_supervision",
                                       "岳阳县食品药品工商质量监督管理局")
    assert resolve("縣食藥工商質監局", on=dt.date(2019, 3, 1)).unit_id == "yueyang.market_supervision"
    # 縣環保局 and 縣農業局 are still printed in 2020: they mean the renamed units then.
    assert resolve("縣環保局", on=dt.date(2018, 12, 1)).unit_id == "yueyang.environmental_protection"
    assert resolve("縣環保局", on=MAY_2020).unit_id == "yueyang.ecology_environment"
    assert resolve("縣農業局", on=MAY_2020).unit_id == "yueyang.agriculture_rural"
    assert resolve("縣國土資源局", on=MAY_2020).unit_id == "yueyang.natural_resources"
    # Without a date a name is its own unit.
    assert resolve("縣環保局").unit_id == "yueyang.environmental_protection"


def test_county_limits_the_search():
    assert resolve("縣人社局", county="岳陽縣").unit_id == "yueyang.human_resources_social_security"
    ref = resolve("縣人社局", county="平江县")
    assert (ref.unit_id, ref.method, ref.candidates) == (None, "unresolved", ())


def test_to_fields_shape():
    assert resolve("?h稅務局").to_fields() == {
        "unit_id": "yueyang.taxation", "unit_name": "国家税务总局岳阳县税务局", "unit_kind": "county_department",
        "resolution": {"method": "rule", "score": None, "candidates": [], "damaged": True},
    }
