"""Derived unit ids (issue 19): units of counties the registry does not know get stable ids within their scope.

The bulletins are fixtures/counties/ (written by fixtures/make_counties.py): 鳳陽縣 and 靈璧縣, three months each,
traditional and simplified, with glosses, spaces inside names and one damaged name."""

import json
from collections import defaultdict
from pathlib import Path

import pytest

import hotline_etl
from hotline_etl.units import default_registry, name_key, resolve, resolve_bulletin
from hotline_etl.units.apply import resolution_area

ARCHIVE = Path("fixtures/counties")
TRUTH = json.loads((ARCHIVE / "_ground_truth.json").read_text(encoding="utf-8"))
DOCUMENTS = TRUTH["documents"]
SEED = "fixtures/seed/000_0bd1a52a453bee82.txt"


@pytest.fixture(scope="module")
def parsed():
    return {d["path"]: hotline_etl.parse(ARCHIVE / d["path"]) for d in DOCUMENTS}


def slots(b):
    """(name as parsed, UnitRef) of every table row and list item."""
    out = [(r.unit_raw, r.unit) for r in b.table.rows]
    return out + [(i.unit_raw, i.unit) for ul in b.lists.values() for i in ul.items]


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d["path"])
def test_every_name_gets_the_derived_id_of_its_unit(doc, parsed):
    b = parsed[doc["path"]]
    assert (b.scope.name, str(b.period.start)) == (doc["county"], doc["period_start"])
    got = {}
    for raw, ref in slots(b):
        got.setdefault(raw, set()).add(ref.unit_id)
    assert got == {name: {uid} for name, uid in doc["units"].items()}
    # The glossed and spaced forms are really printed in the file.
    text = (ARCHIVE / doc["path"]).read_text(encoding="utf-8")
    assert all(form in text for form in doc["printed_with_glosses_or_spaces"])


def test_one_id_per_unit_across_three_months_and_both_scripts(parsed):
    ids = defaultdict(lambda: defaultdict(set))   # county -> id -> months
    printed = defaultdict(set)                    # id -> names as parsed
    for d in DOCUMENTS:
        for raw, ref in slots(parsed[d["path"]]):
            if ref.unit_id is not None:
                ids[d["county"]][ref.unit_id].add(d["period_start"])
                printed[ref.unit_id].add(raw)
    assert {c: len(v) for c, v in ids.items()} == {"凤阳县": 11, "灵璧县": 10}
    assert all(len(months) == 3 for county in ids.values() for months in county.values())
    assert printed["derived:凤阳县/人社局"] == {"鳳陽縣人力資源和社會保障局", "凤阳县人力资源和社会保障局", "縣人社局", "县人社局"}
    assert printed["derived:凤阳县/东华镇"] == {"東華鎮人民政府", "東華鎮政府", "东华镇人民政府", "东华镇政府"}
    assert printed["derived:灵璧县/北关"] == {"北關街道辦事處", "北關街道", "北关街道办事处", "北关街道"}


def test_derived_refs_carry_method_name_and_kind(parsed):
    b = parsed["fengyang/fengyang-2021-06.zh-Hant.txt"]
    refs = {raw: ref for raw, ref in slots(b)}
    ref = refs["國網鳳陽縣供電公司"]
    assert (ref.unit_id, ref.name, ref.kind, ref.method, ref.damaged) == (
        "derived:凤阳县/供电公司", "国网凤阳县供电公司", "enterprise", "derived", False)
    assert [(r.unit_id, r.kind) for r in (refs["石門街道辦事處"], refs["柳溪鄉"], refs["縣法院"])] == [
        ("derived:凤阳县/石门", "subdistrict"), ("derived:凤阳县/柳溪乡", "township"), ("derived:凤阳县/法院", "court")]
    derived = [w for w in b.warnings if w.code == "unit-derived"]
    assert len(derived) == len({raw for raw, ref in slots(b) if ref.method == "derived"}) == 20
    [power] = [w for w in derived if "'國網鳳陽縣供電公司'" in w.message]
    assert power.message == ("unit name '國網鳳陽縣供電公司' is not in the unit registry for 凤阳县; given the derived id "
                             "derived:凤阳县/供电公司 (closest registry units: none). `hotline-etl units suggest` "
                             "proposes registry rows for derived units")


def test_two_counties_with_the_same_department_get_two_ids(parsed):
    police = {d["county"]: {ref.unit_id for raw, ref in slots(parsed[d["path"]]) if raw in ("縣公安局", "县公安局")}
              for d in DOCUMENTS}
    assert police == {"凤阳县": {"derived:凤阳县/公安局"}, "灵璧县": {"derived:灵璧县/公安局"}}


def test_a_damaged_name_stays_unresolved_with_the_units_it_may_be(parsed):
    b = parsed["fengyang/fengyang-2021-06.zh-Hant.txt"]
    item = b.lists["returned"].items[-1]
    assert (item.unit_raw, item.unit.unit_id, item.unit.method, item.unit.damaged, item.unit.candidates) == (
        "?h公安局", None, "unresolved", True, ("derived:凤阳县/公安局",))
    [w] = [w for w in b.warnings if w.code == "unit-unresolved"]
    assert w.message == ("damaged unit name '?h公安局' is not in the unit registry for 凤阳县; closest: "
                         "derived:凤阳县/公安局. Add it as an alias (or a new unit) in a registry file named by "
                         "HOTLINE_ETL_REGISTRY")


def test_the_seed_keeps_its_curated_ids():
    b = hotline_etl.parse(SEED)
    refs = [ref for _, ref in slots(b)]
    assert len(refs) == 59 + 30
    assert {ref.method for ref in refs} <= {"exact", "rule", "fuzzy"}
    assert all(ref.unit_id.startswith("yueyang.") for ref in refs)
    assert resolution_area(b) == ("岳阳县", "岳阳县")


@pytest.mark.parametrize("name, scope, expected", [
    ("灌雲縣公安局", "灌云县", ("derived:灌云县/公安局", "derived")),
    ("县公安局", "灌云县", ("derived:灌云县/公安局", "derived")),
    ("市市場監督管理局", "連雲港市", ("derived:连云港市/市场监管局", "derived")),
    ("连云港市市场监督管理局", "连云港市", ("derived:连云港市/市场监管局", "derived")),
    ("市场监督管理局", "连云港市", ("derived:连云港市/市场监管局", "derived")),
    ("洋  县人民政府", "汉中市", ("derived:汉中市/洋县", "derived")),
    ("洋县政府", "汉中市", ("derived:汉中市/洋县", "derived")),
    # In a city, a county's bureau without the county's name could be any county's; so could a bare 县政府.
    ("县公安局", "汉中市", (None, "unresolved")),
    ("  县人民政府", "汉中市", (None, "unresolved")),
    ("镇政府", "灌云县", (None, "unresolved")),
    # Not units: a total row, a category, a phrase.
    ("合计", "灌云县", (None, "unresolved")),
    ("社会保障类", "灌云县", (None, "unresolved")),
    # A damaged name never gets a derived id.
    ("?h水利局", "灌云县", (None, "unresolved")),
    # Without a scope there is no area to make an id in.
    ("县水利局", None, (None, "unresolved")),
    # The registry still wins in its own county.
    ("縣人社局", "岳阳县", ("yueyang.human_resources_social_security", "exact")),
])
def test_resolve_with_a_scope(name, scope, expected):
    ref = resolve(name, scope=scope)
    assert (ref.unit_id, ref.method) == expected


def test_a_sub_unit_in_brackets_keeps_its_closing_bracket():
    ref = resolve("县林业局(森林防火大队)", scope="沅坪县")
    assert (ref.unit_id, ref.name) == ("derived:沅坪县/林业局(森林防火大队)", "县林业局(森林防火大队)")
    assert name_key("“县林业局(森林防火大队)”,") == name_key("县林业局(森林防火大队)")


def test_name_key_is_the_one_normaliser():
    assert name_key("鳳陽縣 人力資源和社會保障局", "鳳陽縣") == name_key("縣人社局", "凤阳县") == "人社局"
    assert name_key("東華鎮(zhèn)人民政府") == name_key("東華鎮政府") == "东华镇"
    assert name_key("石門街道辦事處") == name_key("石门街道") == "石门"
    # The registry protects its names from OpenCC's lossy conversions.
    assert name_key("大雲山國家森林公園管理處") == "大云山国家森林公园管理处"


def test_a_county_not_in_the_registry_never_borrows_its_units(parsed):
    # 縣公安局 of 鳳陽縣 is not Yueyang's: the registry is searched in the bulletin's own county only.
    b = parsed["fengyang/fengyang-2021-04.zh-Hant.txt"]
    assert not any(ref.unit_id and ref.unit_id.startswith("yueyang.") for _, ref in slots(b))
    again = resolve_bulletin(b, registry=default_registry())
    assert again == b


def test_a_bulletin_naming_no_area_borrows_no_registry_unit():
    # 区长信箱 of an unnamed district: 人社局 here is not Yueyang's, and there is no area for a derived id.
    text = ("一、基本情况\n6月份,区长信箱共收到来信52件,已办结50件,在办2件。办理超期的单位:人社局2件、卫健委1件。\n"
            "区长信箱办公室\n2023年7月4日\n")
    b = hotline_etl.parse(text, name="district-mailbox.txt")
    assert b.scope is None
    # a mailbox-only report: its overdue units are the mailbox's list
    assert [(i.unit_raw, i.unit.unit_id, i.unit.method) for i in b.lists["mailbox_overdue"].items] == [
        ("人社局", None, "unresolved"), ("卫健委", None, "unresolved")]
    assert [w.message for w in b.warnings if w.code == "unit-unresolved"][0] == (
        "unit name '人社局' cannot be resolved: the bulletin names no area (no scope in its sign-off, title or body, "
        "and no registry county in its text); resolve it with an explicit county")
    assert resolve_bulletin(b, county="岳阳县").lists["mailbox_overdue"].items[0].unit.unit_id == \
        "yueyang.human_resources_social_security"
