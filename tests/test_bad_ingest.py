"""An ingest over the good archive plus the bad corpus: every good file is ingested, every bad one
is an errors row with its reason, and the batch goes on (the hanging PDF included)."""

import json
import shutil
from pathlib import Path

import pytest

import hotline_etl
from hotline_etl.dataset import ingest
from hotline_etl.limits import Limits

BAD = Path("fixtures/bad")
EXPECTED = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))
ARCHIVE = Path("fixtures/archive")
TRUTH = json.loads((ARCHIVE / "_ground_truth.json").read_text(encoding="utf-8"))
BAD_ERRORS = {f"bad/{name}": e["error"] for name, e in EXPECTED["files"].items() if "error" in e}
BAD_PARSED = {f"bad/{name}" for name, e in EXPECTED["files"].items() if "error" not in e}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    archive = root / "archive"
    shutil.copytree(ARCHIVE, archive)
    shutil.copytree(BAD, archive / "bad")
    out = root / "out"
    report = ingest(archive, out, workers=2, limits=EXPECTED["limits"])
    return report, hotline_etl.open_dataset(out), archive, out


def test_every_good_file_is_ingested(run):
    report, ds, _, _ = run
    good = {d["path"] for d in TRUTH["documents"]}
    ingested = set(ds.bulletins.source_path)
    assert good <= ingested
    assert ingested - good == BAD_PARSED
    assert report.parsed == len(ds.bulletins)


def test_every_bad_file_is_an_errors_row_with_its_class_and_reason(run):
    report, ds, _, _ = run
    errors = ds.errors.set_index("source_path")
    for path, error_class in BAD_ERRORS.items():
        row = errors.loc[path]
        assert row.error_class == error_class, path
        assert row.reason and row.message.startswith(f"{path}: ")
    assert errors.loc["bad/object_refers_to_itself_hangs_pdfminer.pdf"].reason == "parsing took more than 4 s"
    assert errors.loc["bad/zip_bomb_forged_size.docx"].hint == (
        "max_docx_uncompressed_bytes; raise it with --max-docx-mb or Limits(max_docx_uncompressed_bytes=...)")
    assert "internal error" not in set(ds.errors.error_kind)
    broken = {b["path"] for b in TRUTH["broken"]}
    assert set(ds.errors.source_path) == set(BAD_ERRORS) | broken
    # bad/empty.txt and broken/empty.txt are the same bytes: one document, an errors row per path.
    assert report.failed == len(BAD_ERRORS) + len(broken) - 1


def test_raising_a_limit_parses_the_files_it_stopped_again(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(BAD / "too_many_pages.pdf", archive)
    shutil.copy("fixtures/seed/000_0bd1a52a453bee82.txt", archive / "seed.txt")
    out = tmp_path / "out"
    first = ingest(archive, out, workers=1)
    assert (first.parsed, first.failed) == (1, 1)
    again = ingest(archive, out, workers=1, limits={"max_pdf_pages": 600})
    # Both files are planned again under the new limits; the 501-page PDF now reads (and is no bulletin).
    assert (again.skipped, again.parsed, again.failed) == (0, 1, 1)
    errors = hotline_etl.open_dataset(out).errors.set_index("source_path")
    assert errors.loc["too_many_pages.pdf"].error_class == "NotABulletin"
    unchanged = ingest(archive, out, workers=1, limits=Limits(max_pdf_pages=600))
    assert (unchanged.skipped, unchanged.parsed, unchanged.failed) == (2, 0, 0)


def test_ingest_command_in_process_times_out_a_hanging_pdf_and_goes_on(tmp_path, capsys):
    import signal

    from hotline_etl.cli import main

    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(BAD / "object_refers_to_itself_hangs_pdfminer.pdf", archive / "hangs.pdf")
    shutil.copy("fixtures/seed/000_0bd1a52a453bee82.txt", archive / "seed.txt")
    before = signal.getsignal(signal.SIGALRM)
    assert main(["ingest", str(archive), str(tmp_path / "out"), "--workers", "1", "--max-seconds", "1",
                 "--quiet"]) == 0
    assert signal.getsignal(signal.SIGALRM) is before
    assert "  failed: hangs.pdf: parse timed out: parsing took more than 1.0 s (max_seconds; raise it with " \
           "--max-seconds or Limits(max_seconds=...))" in capsys.readouterr().err
    ds = hotline_etl.open_dataset(tmp_path / "out")
    assert list(ds.bulletins.source_path) == ["seed.txt"]
    assert list(ds.errors.error_class) == ["DocumentTimeout"]
