"""``units suggest``: a registry bootstrapped from an archive's derived units, and its round trip (issue 19)."""

import csv
import io
import json
from pathlib import Path

import pytest

import hotline_etl
from hotline_etl.cli import main
from hotline_etl.dataset import ingest
from hotline_etl.errors import RegistryError
from hotline_etl.units import REGISTRY_ENV, load_registry
from hotline_etl.units.registry import read_registry_file
from hotline_etl.units.suggest import Mention, suggest_units

ARCHIVE = Path("fixtures/counties")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("counties") / "out"
    ingest(ARCHIVE, out, workers=1)
    return out


def suggest(out, *args, capsys):
    code = main(["units", "suggest", str(out), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))


def test_suggest_proposes_one_row_per_derived_unit(dataset, capsys):
    code, out, err = suggest(dataset, capsys=capsys)
    assert code == 0
    rows = rows_of(out)
    assert len(rows) == 21
    assert err == "21 derived unit(s) in 2 scope(s) from 147 mention(s); 0 near-duplicate pair(s) flagged\n"
    by_id = {r["derived_id"]: r for r in rows}
    hr = by_id["derived:凤阳县/人社局"]
    assert (hr["county"], hr["name"], hr["kind"], hr["bulletins"], hr["mentions"]) == (
        "凤阳县", "凤阳县人力资源和社会保障局", "county_department", "3", "7")
    assert hr["aliases"].split(";") == ["县人社局", "縣人社局", "鳳陽縣人力資源和社會保障局"]
    assert hr["unit_id"] == "ab44069.u3832e43a"
    police = [r for r in rows if r["name"] == "县公安局"]
    assert [(r["county"], r["derived_id"]) for r in police] == [
        ("凤阳县", "derived:凤阳县/公安局"), ("灵璧县", "derived:灵璧县/公安局")]
    assert police[0]["unit_id"] != police[1]["unit_id"]
    township = by_id["derived:灵璧县/双桥乡"]
    assert (township["name"], township["kind"], township["aliases"]) == (
        "双桥乡人民政府", "township", "双桥乡政府;雙橋鄉人民政府;雙橋鄉政府")


def test_suggest_keeps_one_scope(dataset, capsys):
    code, out, err = suggest(dataset, "--scope", "靈璧縣", capsys=capsys)
    rows = rows_of(out)
    assert code == 0 and len(rows) == 10 and {r["county"] for r in rows} == {"灵璧县"}
    code, out, err = suggest(dataset, "--scope", "泗县", capsys=capsys)
    assert code == 1 and rows_of(out) == []
    assert err.endswith(f"no derived units of scope 泗县 in {dataset}: nothing to suggest\n")


def test_round_trip_the_suggested_registry_makes_every_derived_unit_curated(dataset, tmp_path, capsys, monkeypatch):
    _, out, _ = suggest(dataset, capsys=capsys)
    registry_file = tmp_path / "counties.csv"
    registry_file.write_text(out, encoding="utf-8")
    registry = load_registry([registry_file], env=False)  # loads: no alias or id conflict
    assert len(registry) == 64 + 21

    before = hotline_etl.open_dataset(dataset)
    derived = {}
    for frame in (before.unit_stats, before.unit_mentions):
        for key, uid in zip(zip(frame["bulletin_id"], frame["unit_raw"]), frame["unit_id"]):
            if isinstance(uid, str) and uid.startswith("derived:"):
                derived[key] = uid
    truth = json.loads((ARCHIVE / "_ground_truth.json").read_text(encoding="utf-8"))
    assert len(derived) == sum(uid is not None for d in truth["documents"] for uid in d["units"].values()) == 111

    proposed = {r["derived_id"]: r["unit_id"] for r in rows_of(out)}
    monkeypatch.setenv(REGISTRY_ENV, str(registry_file))
    # --force: until the manifest fingerprints the registry, a registry change alone does not re-parse.
    ingest(ARCHIVE, dataset.parent / "again", workers=1, force=True)
    after = hotline_etl.open_dataset(dataset.parent / "again")
    methods = set()
    for frame in (after.unit_stats, after.unit_mentions):
        for key, uid, method in zip(zip(frame["bulletin_id"], frame["unit_raw"]), frame["unit_id"], frame["unit_method"]):
            if key in derived:
                assert uid == proposed[derived[key]], key
                methods.add(method)
    assert methods == {"exact"}
    assert "derived" not in set(after.unit_stats["unit_method"].astype("object"))
    assert "derived" not in set(after.unit_mentions["unit_method"].astype("object"))


def test_near_duplicates_of_one_scope_are_flagged_not_merged():
    ms = [
        Mention("b1", "derived:泗县/公安局", "县公安局", "县公安局", "county_department"),
        Mention("b1", "derived:泗县/公安分局", "县公安分局", "县公安分局", "county_department"),
        Mention("b2", "derived:泗县/城管执法局", "县城管执法局", "县城管执法局", "county_department"),
        Mention("b2", "derived:泗县/城管局", "县城管局", "县城管局", "county_department"),
        Mention("b3", "derived:萧县/公安分局", "县公安分局", "县公安分局", "county_department"),
    ]
    near = {s.derived_id: s.near_duplicates for s in suggest_units(ms)}
    assert near == {
        "derived:泗县/公安分局": (("derived:泗县/公安局", 85.7),),
        "derived:泗县/公安局": (("derived:泗县/公安分局", 85.7),),
        "derived:泗县/城管执法局": (("derived:泗县/城管局", 75.0),),
        "derived:泗县/城管局": (("derived:泗县/城管执法局", 75.0),),
        "derived:萧县/公安分局": (),
    }


def test_a_registry_file_may_carry_named_review_columns(tmp_path):
    header = "unit_id,county,name,kind,aliases,valid_from,valid_to,predecessor_ids,successor_id,bulletins,note\n"
    good = tmp_path / "good.csv"
    good.write_text(header + "sixian.police,泗县,泗县公安局,county_department,縣公安局,,,,,4,checked\n", encoding="utf-8")
    assert [u.unit_id for u in read_registry_file(good)] == ["sixian.police"]
    short = tmp_path / "short.csv"
    short.write_text(header + "sixian.police,泗县,泗县公安局,county_department,縣公安局,,,,\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"short.csv:2: unit registry error: row has 9 cells, expected 11"):
        read_registry_file(short)
    unnamed = tmp_path / "unnamed.csv"
    unnamed.write_text(header.replace(",note", ","), encoding="utf-8")
    with pytest.raises(RegistryError, match=r"unnamed.csv:1: unit registry error: header is"):
        read_registry_file(unnamed)
