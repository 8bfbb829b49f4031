"""The plan parses a document exactly when its rows would change, and records why (issue 17, part 3).

Key: the bytes' hash, the parse-path code, the unit registry's content, the limits. Editing the CLI or a
docstring re-parses nothing; adding an alias re-parses exactly the bulletins that print it.
"""

import shutil
from pathlib import Path

import pytest

import hotline_etl
from hotline_etl.cli import main
from hotline_etl.dataset import fingerprint, ingest

from test_dataset_incremental import make_small_archive, snapshot

#: The two bulletins of the small archive that get a unit the built-in registry does not know.
RENAMED = ["2019/yueyang-2019-03.zh-Hans.utf-8.txt", "2020/yueyang-2020-02.zh-Hant.utf-8.txt"]
#: A user registry: one unit of our own, later given the alias the renamed bulletins print.
REGISTRY_HEADER = "unit_id,county,name,kind,aliases,valid_from,valid_to,predecessor_ids,successor_id\n"
EXPRESS = "yueyang.express_centre,岳阳县,岳阳县快递物流中心,enterprise,{aliases},,,,\n"


@pytest.fixture()
def archive(tmp_path):
    root = make_small_archive(tmp_path / "archive")
    for rel in RENAMED:  # the postal office becomes a parcel station in these two (either script)
        text = (root / rel).read_text(encoding="utf-8")
        renamed = text.replace("縣郵政局", "縣郵政快遞站").replace("县邮政局", "县邮政快递站")
        assert renamed != text
        (root / rel).write_text(renamed, encoding="utf-8")
    return root


def reasons(out: Path) -> dict[str, str]:
    """Owner path -> the reason its rows were last written."""
    return {e["path"]: e["reason"] for e in hotline_etl.open_dataset(out)._manifest}


def test_first_run_records_new_and_rerun_plans_nothing(archive, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["ingest", str(archive), str(out), "--dry-run"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "new\t2019/yueyang-2019-03.zh-Hans.utf-8.txt"
    assert printed[-1] == "7 files, 7 distinct documents: would parse 7 (new 7), skip 0 unchanged"
    assert not out.exists()  # a dry run writes nothing
    first = ingest(archive, out, workers=1)
    assert dict(first.reasons) == {"new": 7} and set(reasons(out).values()) == {"new"}
    again = ingest(archive, out, workers=1, dry_run=True)
    assert (again.planned, again.skipped) == ([], 7)


def test_reasons_file_changed_forced_and_limits_changed(archive, tmp_path):
    out = tmp_path / "out"
    ingest(archive, out, workers=1)
    rel = "2020/yueyang-2020-12.zh-Hant.utf-8.txt"
    (archive / rel).write_bytes((archive / rel).read_bytes().replace("信件共".encode(), "信件共1".encode(), 1))
    (archive / "2019/zz-copy-of-05.txt").write_bytes((archive / "2019/yueyang-2019-05.zh-Hant.gb18030.txt").read_bytes())
    report = ingest(archive, out, workers=1)
    assert dict(report.reasons) == {"file-changed": 1} and report.duplicates == 1
    assert reasons(out)[rel] == "file-changed"
    report = ingest(archive, out, workers=1, limits={"max_seconds": 30})
    assert dict(report.reasons) == {"limits-changed": 7}
    report = ingest(archive, out, workers=1, limits={"max_seconds": 30}, force=True)
    assert dict(report.reasons) == {"forced": 7}


def test_adding_an_alias_reparses_exactly_the_bulletins_that_print_it(archive, tmp_path, monkeypatch):
    user = tmp_path / "user-registry.csv"
    user.write_text(REGISTRY_HEADER + EXPRESS.format(aliases="县快递中心"), encoding="utf-8")
    monkeypatch.setenv("HOTLINE_ETL_REGISTRY", str(user))
    out = tmp_path / "out"
    ingest(archive, out, workers=1)
    mentions = hotline_etl.open_dataset(out).unit_stats
    station = mentions[mentions.unit_raw.isin(["縣郵政快遞站", "县邮政快递站"])]
    assert len(station) == 2 and set(station.unit_method) == {"derived"}  # an id of its own, not the registry's

    # A new unit nobody prints: the registry changed, no bulletin's rows do.
    user.write_text(REGISTRY_HEADER + EXPRESS.format(aliases="县快递中心")
                    + "yueyang.bus_station,岳阳县,岳阳县汽车站,enterprise,县汽车站,,,,\n", encoding="utf-8")
    report = ingest(archive, out, workers=1)
    assert (report.parsed, report.failed, report.registry_unaffected) == (0, 0, 7)

    # The alias a unit-unresolved warning asks for: the two bulletins that print it, and only they.
    user.write_text(REGISTRY_HEADER + EXPRESS.format(aliases="县快递中心;县邮政快递站")
                    + "yueyang.bus_station,岳阳县,岳阳县汽车站,enterprise,县汽车站,,,,\n", encoding="utf-8")
    plan = ingest(archive, out, workers=1, dry_run=True)
    assert [(d.reason, d.paths[0]) for d in plan.planned] == [("registry-changed", rel) for rel in RENAMED]
    report = ingest(archive, out, workers=1)
    assert (report.parsed, report.failed, report.registry_unaffected, dict(report.reasons)) == \
        (2, 0, 5, {"registry-changed": 2})
    ds = hotline_etl.open_dataset(out)
    station = ds.unit_stats[ds.unit_stats.unit_raw.isin(["縣郵政快遞站", "县邮政快递站"])]
    assert set(station.unit_id) == {"yueyang.express_centre"} and set(station.unit_method) == {"exact"}
    assert {p: r for p, r in reasons(out).items() if r == "registry-changed"} == dict.fromkeys(RENAMED,
                                                                                              "registry-changed")
    # Exactly what a fresh ingest under the new registry gives.
    assert snapshot(out) == snapshot_fresh(archive, tmp_path / "fresh")
    assert ingest(archive, out, workers=1).parsed == 0


def snapshot_fresh(archive: Path, out: Path):
    ingest(archive, out, workers=1)
    return snapshot(out)


@pytest.fixture()
def package_copy(tmp_path, monkeypatch):
    """A copy of the hotline_etl sources the fingerprint reads (the code that runs stays the real one)."""
    copy = tmp_path / "src" / "hotline_etl"
    shutil.copytree(fingerprint.PACKAGE_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "PACKAGE_ROOT", copy)
    return copy


def test_editing_cli_analysis_or_docstrings_reparses_nothing_editing_the_parser_does(archive, tmp_path,
                                                                                   package_copy):
    out = tmp_path / "out"
    ingest(archive, out, workers=1)
    for rel in ("commands/ingest.py", "cli.py", "analysis.py", "dataset/reader.py", "dataset/coordinator.py"):
        with open(package_copy / rel, "a", encoding="utf-8") as fh:
            fh.write("\n\ndef added_by_a_test():\n    return 1\n")
    headline = package_copy / "extract/headline.py"
    source = headline.read_text(encoding="utf-8")
    first_def = source.index("\ndef ")
    headline.write_text(source[:first_def] + "\n# a comment added by a test\n" + source[first_def:], encoding="utf-8")
    report = ingest(archive, out, workers=1)
    assert (report.parsed, report.failed, report.skipped) == (0, 0, 7)

    headline.write_text(source + "\n\n_ADDED_BY_A_TEST = 1\n", encoding="utf-8")
    assert [d.reason for d in ingest(archive, out, workers=1, dry_run=True).planned] == ["parser-changed"] * 7


def test_parse_path_holds_the_parser_not_the_commands():
    modules = fingerprint.parse_path_modules()
    assert {"hotline_etl/extract/headline.py", "hotline_etl/units/resolver.py", "hotline_etl/readers/pdf.py",
            "hotline_etl/checks/sums.py", "hotline_etl/dataset/rows.py", "hotline_etl/dataset/worker.py"} <= set(modules)
    assert not {m for m in modules if m.startswith("hotline_etl/commands/")}
    assert not {"hotline_etl/cli.py", "hotline_etl/analysis.py", "hotline_etl/dataset/reader.py",
                "hotline_etl/dataset/coordinator.py", "hotline_etl/dataset/writer.py"} & set(modules)
    libraries = {lib for info in modules.values() for lib in info.external}
    assert {"opencc", "pdfplumber", "docx", "rapidfuzz", "pyarrow"} <= libraries


def test_a_broken_user_registry_stops_the_run_before_anything_is_parsed(archive, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    ingest(archive, out, workers=1)
    user = tmp_path / "broken.csv"
    user.write_text(REGISTRY_HEADER + "Not An Id,岳阳县,x,enterprise,,,,,\n", encoding="utf-8")
    monkeypatch.setenv("HOTLINE_ETL_REGISTRY", str(user))
    assert main(["ingest", str(archive), str(out), "--workers", "1", "--quiet"]) == 2
    assert "unit registry error" in capsys.readouterr().err
    assert snapshot(out) == snapshot_fresh_default(archive, tmp_path / "fresh", monkeypatch)


def snapshot_fresh_default(archive: Path, out: Path, monkeypatch):
    monkeypatch.delenv("HOTLINE_ETL_REGISTRY")
    return snapshot_fresh(archive, out)


def test_replaying_the_registry_reproduces_every_stored_unit_column(archive, tmp_path):
    # The plan's exactness rests on this: were the units stage to resolve in a way the replay does not see,
    # every document would count as changed (safe, but no longer exact) and this test would say so.
    from hotline_etl.dataset import registry_changes

    out = tmp_path / "out"
    ingest(archive, out, workers=1)
    entries = [e for e in hotline_etl.open_dataset(out)._manifest if e["status"] == "ok"]
    replay = registry_changes._Replay(registry_changes.registry_from_texts(fingerprint.registry_texts()))
    stored = registry_changes._stored(out, {e["bulletin_id"] for e in entries})
    assert len(stored) == 5 and sum(len(doc.slots) for doc in stored.values()) > 5 * 60
    for doc in stored.values():
        replayed = replay.resolve(doc)
        assert {raw: form for raw, (form, _) in replayed.items()} == doc.slots


def test_a_fresh_dataset_finds_the_parsed_modules_in_the_shared_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(fingerprint.CACHE_ENV, str(tmp_path / "shared"))
    first = fingerprint.code_fingerprint(tmp_path / "a.json")
    parsed = []
    real = fingerprint.ast.parse
    monkeypatch.setattr(fingerprint.ast, "parse", lambda *a, **k: parsed.append(a) or real(*a, **k))
    assert fingerprint.code_fingerprint(tmp_path / "b.json") == first and parsed == []
    monkeypatch.setenv(fingerprint.CACHE_ENV, "")  # switched off: every module of the parse path parsed again
    assert fingerprint.code_fingerprint(tmp_path / "c.json") == first
    parsed_again = len(parsed)
    assert parsed_again == len(fingerprint.parse_path_modules()) > 50
