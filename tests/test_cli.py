"""The hotline-etl command line: summary, JSON, errors per file with the rest going on."""

import json
import subprocess
import sys

from hotline_etl.cli import main

SEED = "fixtures/seed/000_0bd1a52a453bee82.txt"


def test_summary(capsys):
    assert main(["parse", SEED]) == 0
    out = capsys.readouterr().out
    assert "Period      2020-05-01 – 2020-05-31 (5月份)" in out
    assert "Issuer      岳陽縣熱線辦, issued 2020-06-01" in out
    assert "overdue 18 (9 units)" in out
    assert "Table       59 units + total received 2557, handled 2574" in out


def test_json_is_one_object_with_the_documented_values(capsys):
    assert main(["parse", SEED, "--json", "--no-sources"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["headline"]["dispatched"] == 2578
    assert d["table"]["total"]["on_time_rate_pct"] == 99.3
    assert "sources" not in d


def test_a_bad_file_is_reported_and_the_rest_go_on(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    status = main(["parse", str(bad), SEED])
    captured = capsys.readouterr()
    assert status == 1
    assert f"error: {bad}: unreadable document: the file is empty" in captured.err
    assert "2020-05-01" in captured.out


def test_directories_are_searched(capsys):
    assert main(["parse", "fixtures/text", "--json", "--no-sources"]) == 0
    lines = capsys.readouterr().out.strip().split("\n")
    assert len(lines) == 5
    assert {json.loads(line)["headline"]["completed"] for line in lines} == {2574}


def test_python_dash_m():
    out = subprocess.run([sys.executable, "-m", "hotline_etl", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("hotline-etl ")


def test_parse_dir_and_ingest_select_the_same_files():
    from hotline_etl.commands.parse import iter_paths
    from hotline_etl.dataset.coordinator import iter_archive

    parsed = [p.relative_to("fixtures/archive").as_posix() for p in iter_paths(["fixtures/archive"])]
    assert parsed == [rel for _, rel in iter_archive("fixtures/archive")]
    assert len(parsed) == 34 and "broken/legacy-word.doc" in parsed  # refused with its reason, not skipped
    assert not any(p.startswith("_") or p.endswith(".json") for p in parsed)
