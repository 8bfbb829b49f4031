"""Lineage: following merged and renamed units to their successors."""

import datetime as dt

import pytest

from hotline_etl.units import current_successor, load_registry, resolve, successor_chain

FOOD_DRUG = "yueyang.food_drug_industry_commerce_quality_supervision"


@pytest.mark.parametrize("old, new", [
    (FOOD_DRUG, "yueyang.market_supervision"),
    ("yueyang.land_resources", "yueyang.natural_resources"),
    ("yueyang.environmental_protection", "yueyang.ecology_environment"),
    ("yueyang.agriculture", "yueyang.agriculture_rural"),
])
def test_2019_reorganisations_map_forward(old, new):
    assert current_successor(old) == new
    assert current_successor(old, on=dt.date(2019, 2, 28)) == old
    assert current_successor(old, on=dt.date(2019, 3, 1)) == new
    assert successor_chain(old) == (old, new)
    assert current_successor(new) == new


def test_food_drug_bureau_in_a_february_2019_bulletin():
    ref = resolve("縣食藥工商質監局", "岳阳县", dt.date(2019, 2, 1))
    assert ref.unit_id == FOOD_DRUG
    assert current_successor(ref.unit_id) == "yueyang.market_supervision"
    assert resolve("縣市場監督管理局").unit_id == current_successor(ref.unit_id, on=dt.date(2020, 5, 1))


def test_units_never_reorganised_are_their_own_successor():
    assert current_successor("yueyang.court", on=dt.date(2020, 5, 1)) == "yueyang.court"
    assert successor_chain("yueyang.rongjiawan") == ("yueyang.rongjiawan",)


def test_chains_of_several_steps(tmp_path):
    path = tmp_path / "chain.csv"
    path.write_text(
        "unit_id,county,name,kind,aliases,valid_from,valid_to,predecessor_ids,successor_id\n"
        "x.a,平江县,平江县工商局,county_department,,,2015-06,,x.b\n"
        "x.q,平江县,平江县质监局,county_department,,,2015-06,,x.b\n"
        "x.b,平江县,平江县食药工商质监局,county_department,,2015-07,2019-02,x.a;x.q,x.c\n"
        "x.c,平江县,平江县市场监督管理局,county_department,,2019-03,,x.b,\n",
        encoding="utf-8",
    )
    reg = load_registry([path], builtin=False, env=False)
    assert successor_chain("x.a", reg) == ("x.a", "x.b", "x.c")
    assert current_successor("x.q", dt.date(2016, 1, 1), reg) == "x.b"
    assert current_successor("x.q", dt.date(2020, 1, 1), reg) == "x.c"
    assert resolve("縣工商局", "平江县", dt.date(2017, 1, 1), reg).unit_id == "x.b"


def test_unknown_id_is_named():
    with pytest.raises(KeyError, match="no unit 'yueyang.nowhere'"):
        current_successor("yueyang.nowhere")
