"""``hotline-etl units resolve|list|unresolved``."""

import json
from pathlib import Path

from hotline_etl.cli import main

SEED = "fixtures/seed/000_0bd1a52a453bee82.txt"
HEADER = "unit_id,county,name,kind,aliases,valid_from,valid_to,predecessor_ids,successor_id\n"


def funeral_bulletin(tmp_path):
    # The seed with one table unit and one overdue unit replaced by a unit the registry lacks.
    text = Path(SEED).read_text(encoding="utf-8")
    text = text.replace("縣郵政局 |", "縣殯葬管理所 |").replace("縣供電公司1件", "縣殯葬管理所1件")
    path = tmp_path / "funeral.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_resolve_prints_one_line_per_name(capsys):
    assert main(["units", "resolve", "榮家灣鎮政府", "?h稅務局", "縣公路建設養護中心"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "榮家灣鎮政府\tyueyang.rongjiawan\t荣家湾镇\ttownship\texact",
        "?h稅務局\tyueyang.taxation\t国家税务总局岳阳县税务局\tcounty_department\trule damaged",
        "縣公路建設養護中心\tyueyang.highway_construction_maintenance\t岳阳县公路建设和养护中心\tcounty_department\tfuzzy 94.12",
    ]


def test_resolve_exits_1_on_an_unresolved_name(capsys):
    assert main(["units", "resolve", "縣殯葬管理所"]) == 1
    assert capsys.readouterr().out == (
        "縣殯葬管理所\t-\tunresolved\tcandidates: 大云山国家森林公园管理处 (yueyang.dayunshan_forest_park 36.36); "
        "张谷英管理处 (yueyang.zhangguying_scenic_area 36.36)\n")


def test_resolve_on_a_date_and_as_json(capsys):
    assert main(["units", "resolve", "--on", "2019-02-01", "--json", "縣食藥工商質監局"]) == 0
    assert json.loads(capsys.readouterr().out) == [{
        "name": "縣食藥工商質監局", "unit_id": "yueyang.food_drug_industry_commerce_quality_supervision",
        "unit_name": "岳阳县食品药品工商质量监督管理局", "unit_kind": "county_department",
        "resolution": {"method": "exact", "score": None, "candidates": [], "damaged": False},
    }]
    assert main(["units", "resolve", "--on", "2020-05-01", "縣食藥工商質監局"]) == 0
    assert capsys.readouterr().out.split("\t")[1] == "yueyang.market_supervision"


def test_list(capsys):
    assert main(["units", "list", "--county", "岳陽縣"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 64
    assert lines[0] == "yueyang.rongjiawan\t岳阳县\t荣家湾镇\ttownship"
    assert ("yueyang.food_drug_industry_commerce_quality_supervision\t岳阳县\t岳阳县食品药品工商质量监督管理局\t"
            "county_department\t..2019-02-28\t-> yueyang.market_supervision") in lines
    assert main(["units", "list", "--county", "平江县"]) == 1
    assert "no units for county '平江县'" in capsys.readouterr().err


def test_list_with_an_extra_registry_as_json(tmp_path, capsys):
    extra = tmp_path / "pingjiang.csv"
    extra.write_text(HEADER + "pingjiang.court,平江县,平江县人民法院,court,縣法院,,,,\n", encoding="utf-8")
    assert main(["units", "list", "--registry", str(extra), "--county", "平江县", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{
        "unit_id": "pingjiang.court", "county": "平江县", "name": "平江县人民法院", "kind": "court",
        "aliases": ["縣法院"], "valid_from": None, "valid_to": None, "predecessor_ids": [], "successor_id": None,
    }]


def test_a_bad_registry_is_an_error_with_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "yueyang.other,岳阳县,岳阳县其他局,other,縣法院,,,,\n", encoding="utf-8")
    assert main(["units", "list", "--registry", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}:2: unit registry error: alias '縣法院' of yueyang.other")
    assert "yueyang.court" in err


def test_unresolved_lists_names_with_counts_and_candidates(tmp_path, capsys):
    path = funeral_bulletin(tmp_path)
    assert main(["units", "unresolved", str(path), SEED]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "2\t县殡葬管理所\t縣殯葬管理所\t1 file(s)\tcandidates: 大云山国家森林公园管理处 "
        "(yueyang.dayunshan_forest_park 36.36); 张谷英管理处 (yueyang.zhangguying_scenic_area 36.36)",
    ]
    assert err == "1 unresolved name(s), 2 occurrence(s) in 2 bulletin(s); 0 failed\n"


def test_unresolved_disappears_once_the_registry_has_the_unit(tmp_path, capsys):
    path = funeral_bulletin(tmp_path)
    extra = tmp_path / "extra.csv"
    extra.write_text(HEADER + "yueyang.funeral_home,岳阳县,岳阳县殡仪馆,other,縣殯葬管理所,,,,\n", encoding="utf-8")
    assert main(["units", "unresolved", "--json", "--registry", str(extra), str(path)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == []
    assert err == "0 unresolved name(s), 0 occurrence(s) in 1 bulletin(s); 0 failed\n"


def test_unresolved_reports_files_that_fail(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("nothing here\n", encoding="utf-8")
    assert main(["units", "unresolved", str(empty)]) == 1
    assert capsys.readouterr().err.startswith("error: ")
