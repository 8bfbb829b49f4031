"""The unit registry: built-in contents, script folding of every name, merging and refusals."""

import datetime as dt
import os
from collections import Counter

import pytest

from hotline_etl.errors import HotlineError, RegistryError
from hotline_etl.units import REGISTRY_ENV, default_registry, load_registry, resolve
from hotline_etl.units.fold import convert, fold_plain

HEADER = "unit_id,county,name,kind,aliases,valid_from,valid_to,predecessor_ids,successor_id\n"
# Conversions a mirror site may have applied to a simplified name, and back.
TO_TRADITIONAL = ("s2t", "s2tw", "s2hk")
ALL_CONFIGS = TO_TRADITIONAL + ("t2s", "tw2s", "hk2s")


def write(path, rows):
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def builtin():
    return load_registry(env=False)


def test_builtin_counts(builtin):
    units = list(builtin)
    assert len(units) == 64
    assert sum(len(u.aliases) for u in units) == 88
    assert [(u.unit_id, u.successor_id) for u in units if u.successor_id] == [
        ("yueyang.food_drug_industry_commerce_quality_supervision", "yueyang.market_supervision"),
        ("yueyang.environmental_protection", "yueyang.ecology_environment"),
        ("yueyang.land_resources", "yueyang.natural_resources"),
        ("yueyang.agriculture", "yueyang.agriculture_rural"),
    ]
    assert Counter(u.kind for u in units) == {
        "county_department": 40, "township": 14, "enterprise": 3, "park": 3, "other": 2,
        "subdistrict": 1, "court": 1,
    }
    assert builtin.counties == ("岳阳县",)


def test_reorganisation_dates(builtin):
    old = builtin.get("yueyang.food_drug_industry_commerce_quality_supervision")
    new = builtin.get("yueyang.market_supervision")
    assert (old.valid_from, old.valid_to) == (None, dt.date(2019, 2, 28))
    assert (new.valid_from, new.valid_to, new.predecessor_ids) == (
        dt.date(2019, 3, 1), None, ("yueyang.food_drug_industry_commerce_quality_supervision",))
    assert old.source.endswith("yueyang.csv:51")


def test_every_canonical_name_survives_folding(builtin):
    for unit in builtin:
        assert builtin.fold(unit.name) == unit.name, unit.unit_id
        for config in ALL_CONFIGS:
            assert builtin.fold(convert(unit.name, config)) == unit.name, (unit.unit_id, config)


def test_dayunshan_stays_dayunshan(builtin):
    assert builtin.fold("大云山國家森林公園管理處") == "大云山国家森林公园管理处"
    assert builtin.fold("大雲山國家森林公園管理處") == "大云山国家森林公园管理处"
    assert convert("大云山国家森林公园管理处", "s2t") == "大雲山國家森林公園管理處"


def test_every_alias_folds_stably_and_resolves_to_its_unit(builtin):
    for unit in builtin:
        on = unit.valid_to or unit.valid_from  # a day the unit existed
        for alias in unit.names:
            key = builtin.fold(alias)
            for config in ALL_CONFIGS:
                variant = convert(alias, config)
                assert builtin.fold(variant) == key, (alias, config)
                ref = resolve(variant, unit.county, on, builtin)
                assert (ref.unit_id, ref.method) == (unit.unit_id, "exact"), (alias, config)
            assert builtin.fold(convert(key, "s2t")) == key


def test_user_registry_names_that_opencc_would_change_are_protected(tmp_path):
    # OpenCC t2s turns 乾安 into 干安; a registry name must come through folding unchanged.
    assert fold_plain("乾安县人民法院") == "干安县人民法院"
    path = write(tmp_path / "qianan.csv", [
        "qianan.court,乾安县,乾安县人民法院,court,乾安縣法院,,,,",
        "qianan.dalaoi,乾安县,大遐畜牧场,enterprise,,,,,",
    ])
    reg = load_registry([path], env=False)
    assert reg.fold("乾安县人民法院") == "乾安县人民法院"
    assert reg.fold("乾安縣人民法院") == "乾安县人民法院"
    assert reg.fold(convert("乾安县人民法院", "s2t")) == "乾安县人民法院"
    assert resolve("乾安縣法院", "乾安县", registry=reg).unit_id == "qianan.court"
    assert resolve("乾安县人民法院", registry=reg).method == "exact"
    # The built-in units are still there; the county picks which court 縣法院 is.
    assert resolve("縣法院", "乾安县", registry=reg).unit_id == "qianan.court"
    assert resolve("縣法院", "岳阳县", registry=reg).unit_id == "yueyang.court"
    # Without a county, a form both courts reduce to is ambiguous: never guessed.
    ambiguous = resolve("县人民法院", registry=reg)
    assert (ambiguous.method, ambiguous.candidates) == ("unresolved", ("qianan.court", "yueyang.court"))


def test_conflicting_alias_across_two_files_names_both(tmp_path):
    a = write(tmp_path / "a.csv", ["pingjiang.civil_affairs,平江县,平江县民政局,county_department,县民政局,,,,"])
    b = write(tmp_path / "b.csv", ["pingjiang.civil_affairs_office,平江县,平江县民政办,county_department,縣民政局,,,,"])
    with pytest.raises(RegistryError) as info:
        load_registry([a, b], env=False)
    message = str(info.value)
    assert isinstance(info.value, HotlineError)
    assert message.startswith(f"{b}:2: unit registry error: ")
    assert (f"alias '縣民政局' of pingjiang.civil_affairs_office and alias '县民政局' of "
            f"pingjiang.civil_affairs ({a}:2) both fold to '县民政局' in county 平江县") in message


def test_conflict_with_the_builtin_registry_names_the_builtin_file(tmp_path):
    extra = write(tmp_path / "extra.csv", ["yueyang.hr_2,岳阳县,岳阳县人社服务中心,other,縣人社局,,,,"])
    with pytest.raises(RegistryError) as info:
        load_registry([extra], env=False)
    message = str(info.value)
    assert message.startswith(f"{extra}:2: ")
    assert "of yueyang.human_resources_social_security" in message and "yueyang.csv:" in message


def test_same_alias_in_another_county_or_another_time_is_no_conflict(tmp_path):
    path = write(tmp_path / "pingjiang.csv", [
        "pingjiang.hr,平江县,平江县人力资源和社会保障局,county_department,縣人社局,,,,",
        "pingjiang.farm_old,平江县,平江县农业局,county_department,县农业局,,2019-02,,",
        "pingjiang.farm_new,平江县,平江县农业发展中心,other,县农业局,2020,,,",
    ])
    reg = load_registry([path], env=False)
    assert resolve("縣人社局", "平江县", registry=reg).unit_id == "pingjiang.hr"
    assert resolve("縣人社局", registry=reg).method == "unresolved"  # two counties: never guess
    assert resolve("縣農業局", "平江县", dt.date(2018, 5, 1), reg).unit_id == "pingjiang.farm_old"
    assert resolve("縣農業局", "平江县", dt.date(2021, 5, 1), reg).unit_id == "pingjiang.farm_new"
    assert resolve("縣農業局", "平江县", registry=reg).unit_id == "pingjiang.farm_new"  # the current one
    assert reg.get("pingjiang.farm_old").valid_to == dt.date(2019, 2, 28)
    assert reg.get("pingjiang.farm_new").valid_from == dt.date(2020, 1, 1)


@pytest.mark.parametrize("rows, reason", [
    (["x.a,平江县,平江县民政局,county_department,,,,,", "x.a,平江县,平江县财政局,county_department,,,,,"],
     "unit_id x.a is already defined at {path}:2"),
    (["x.a,平江县,平江县民政局,county_department,,,,x.b,x.b", "x.b,平江县,平江县财政局,county_department,,,,x.a,x.a"],
     "successor cycle x.a -> x.b -> x.a"),
    (["x.a,平江县,平江县民政局,county_department,,,,,x.b", "x.b,平江县,平江县财政局,county_department,,,,,"],
     "x.a names successor x.b, but x.b ({path}:3) does not list it in predecessor_ids"),
    (["x.a,平江县,平江县民政局,county_department,,,,,x.missing"], "successor x.missing of x.a is not in the registry"),
    (["x.a,平江縣,平江縣民政局,county_department,,,,,"], "county '平江縣' of x.a is in traditional script (縣)"),
    (["x.a,平江县,平江县民政局,bureau,,,,,"], "x.a has kind 'bureau'"),
    (["X A,平江县,平江县民政局,county_department,,,,,"], "unit_id 'X A' is not an ASCII slug"),
    (["x.a,平江县,平江县民政局,county_department,,2020-13-01,,,"], "date '2020-13-01' is not a calendar date"),
    (["x.a,平江县,平江县民政局,county_department,,2020,2019,,"], "x.a has valid_from 2020-01-01 after valid_to 2019-12-31"),
    (["x.a,平江县,平江县民政局,county_department"], "row has 4 cells, expected 9"),
])
def test_invalid_rows_are_refused_with_the_reason(tmp_path, rows, reason):
    path = write(tmp_path / "bad.csv", rows)
    with pytest.raises(RegistryError) as info:
        load_registry([path], builtin=False, env=False)
    assert reason.format(path=path) in str(info.value)
    assert str(info.value).startswith(str(path))


def test_header_must_be_the_documented_one(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,name\nx.a,平江县民政局\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"bad.csv:1: unit registry error: header is id,name \(use exactly: unit_id,"):
        load_registry([path], builtin=False, env=False)


def test_comments_and_blank_lines_are_ignored(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("# a comment\n\n" + HEADER + "# another\nx.a,平江县,平江县民政局,county_department,,,,,\n\n",
                    encoding="utf-8")
    reg = load_registry([path], builtin=False, env=False)
    assert [(u.unit_id, u.source) for u in reg] == [("x.a", f"{path}:5")]


def test_environment_variable_adds_files_and_folders(tmp_path, monkeypatch):
    folder = tmp_path / "more"
    folder.mkdir()
    one = write(tmp_path / "one.csv", ["pingjiang.court,平江县,平江县人民法院,court,縣法院,,,,"])
    write(folder / "two.csv", ["liuyang.court,浏阳市,浏阳市人民法院,court,市法院,,,,"])
    monkeypatch.setenv(REGISTRY_ENV, f"{one}{os.pathsep}{folder}")
    reg = default_registry()
    assert len(reg) == 66
    assert reg.counties == ("岳阳县", "平江县", "浏阳市")
    assert resolve("縣法院", "平江县").unit_id == "pingjiang.court"
    assert resolve("市法院").unit_id == "liuyang.court"
    monkeypatch.setenv(REGISTRY_ENV, str(tmp_path / "nowhere.csv"))
    with pytest.raises(RegistryError, match="nowhere.csv: unit registry error: registry file not found"):
        default_registry()
    monkeypatch.delenv(REGISTRY_ENV)
    assert len(default_registry()) == 64


def test_builtin_registry_ships_as_package_data():
    from hotline_etl.units.registry import builtin_registry_files

    files = builtin_registry_files()
    assert [os.path.basename(f) for f in files] == ["yueyang.csv"]
    assert os.path.isfile(files[0])
