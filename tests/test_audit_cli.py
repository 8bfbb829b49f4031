"""``hotline-etl audit``: reports in three formats, exit status by --fail-on, unreadable files go on."""

import json

import pytest

from hotline_etl.cli import main
from test_audit_checks import MINI

SEED = "fixtures/seed/000_0bd1a52a453bee82.txt"
CORRECTED = "fixtures/audit/yueyang-2020-05.corrected.zh-Hant.txt"


@pytest.mark.parametrize("path, fail_on, status", [
    (SEED, None, 1),            # two errors; default --fail-on error
    (SEED, "error", 1),
    (SEED, "warning", 1),
    (SEED, "never", 0),
    (CORRECTED, "error", 0),    # no error left
    (CORRECTED, "warning", 1),  # its warnings remain
    (CORRECTED, "never", 0),
])
def test_exit_status_follows_fail_on(capsys, path, fail_on, status):
    argv = ["audit", path] + (["--fail-on", fail_on] if fail_on else [])
    assert main(argv) == status
    capsys.readouterr()


def test_a_consistent_bulletin_passes_even_on_warnings(tmp_path, capsys):
    clean = tmp_path / "mini.txt"
    clean.write_text(MINI, encoding="utf-8")
    assert main(["audit", str(clean), "--fail-on", "warning"]) == 0
    assert capsys.readouterr().out.startswith(f"{clean} — 0 errors, 0 warnings, 0 info")


def test_text_report_groups_by_severity_with_stated_computed_and_where(capsys):
    main(["audit", SEED])
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"{SEED} — 2 errors, 3 warnings, 3 info"
    assert out.index("ERRORS (2)") < out.index("WARNINGS (3)") < out.index("INFO (3)")
    assert ("  1. [table-sum-mismatch] Table column does not add up to its total row\n"
            "     辦理數: the unit rows add up to 2575 but the total row says 2574\n"
            "     stated 2574 · computed 2575 · difference -1\n"
            "     where: line 621; line 18\n") in out


def test_json_report_parses(capsys):
    main(["audit", SEED, CORRECTED, "--format", "json"])
    d = json.loads(capsys.readouterr().out)
    assert d["counts"] == {"error": 2, "warning": 6, "info": 6}
    assert d["failed"] == 0
    seed, corrected = d["files"]
    assert (seed["path"], seed["status"], seed["error"]) == (SEED, "audited", None)
    assert seed["counts"] == {"error": 2, "warning": 3, "info": 3}
    assert corrected["counts"] == {"error": 0, "warning": 3, "info": 3}
    first = seed["findings"][0]
    assert first["title"] == "Table column does not add up to its total row"
    assert (first["check"], first["stated"], first["computed"], first["delta"]) == ("table-sum-mismatch", 2574, 2575, -1)
    assert first["sources"][0] == {"line": 621, "char": 0}


def test_markdown_report_has_the_severity_headings(capsys):
    main(["audit", SEED, CORRECTED, "--format", "markdown"])
    out = capsys.readouterr().out
    assert out.startswith("# Audit report\n")
    assert f"## {SEED}" in out and f"## {CORRECTED}" in out
    for heading in ("### Errors (2)", "### Warnings (3)", "### Info (3)", "### Errors (0)"):
        assert heading in out
    assert "| `table-sum-mismatch` | 辦理數 | 2574 | 2575 | -1 | line 621; line 18 |" in out
    assert "### Errors (0)\n\nNone." in out


def test_unreadable_files_are_reported_and_the_rest_are_audited(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["audit", str(empty), CORRECTED, "--fail-on", "never"]) == 2
    out = capsys.readouterr().out
    assert f"{empty} — could not be audited: {empty}: unreadable document: the file is empty" in out
    assert f"{CORRECTED} — 0 errors, 3 warnings, 3 info" in out
    assert out.rstrip().endswith("1 files audited, 1 could not be read; 0 errors, 3 warnings, 3 info")


def test_json_marks_failed_files(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["audit", str(empty), "--format", "json"]) == 2
    d = json.loads(capsys.readouterr().out)
    assert d["failed"] == 1
    assert d["files"][0]["status"] == "failed"
    assert "unreadable document: the file is empty" in d["files"][0]["error"]


def test_directories_are_searched(capsys):
    assert main(["audit", "fixtures/audit", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert [f["path"] for f in d["files"]] == [CORRECTED]
