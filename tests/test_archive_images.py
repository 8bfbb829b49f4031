"""Pictures in an archive: a saved web page's assets are skipped, every other picture is a page to OCR.

An image is a web asset when an .html page next to it, or the page ``X.html`` of the ``X_files`` folder it
is in, names it; else it is a document (read by OCR with the [ocr] extra; an errors row saying why without
it, or with OCR switched off). No OCR runs here: the rows are the refusals, which come before any decoding.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pytest

import hotline_etl
from hotline_etl.dataset import ingest
from hotline_etl.limits import Limits
from hotline_etl.readers.files import find_documents
from seed_expected import SEED


def tiny_png(grey: int) -> bytes:
    """A 1x1 PNG of one grey (written here, so no imaging library is needed; each picture differs, so the
    archive does not fold them into one document)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes([0, grey, grey, grey])))
            + chunk(b"IEND", b""))


@pytest.fixture
def archive(tmp_path) -> Path:
    root = tmp_path / "archive"
    (root / "notice_files" / "img").mkdir(parents=True)
    (root / "photos").mkdir()
    (root / "lost_files").mkdir()
    shutil.copyfile(SEED, root / "seed.txt")
    (root / "notice.html").write_text(
        "<html><body><img src='logo.png'><img src='notice_files/banner.jpg'><img src='notice_files/img/dot.gif'>"
        "<img src='%E7%83%AD%E7%BA%BF.png'><p>通知</p></body></html>", encoding="utf-8")
    for grey, rel in enumerate(("logo.png", "热线.png", "notice_files/banner.jpg", "notice_files/img/dot.gif",  # named by the page
                "stray.png", "notice_files/unnamed.jpg",    # beside / under the page, but not named by it
                "photos/page1.jpg", "photos/page2.PNG",     # photographed pages, no web page at all
                "lost_files/pic.png")):                      # an X_files folder without its X.html
        (root / rel).write_bytes(tiny_png(grey))
    return root


EXPECTED = ["lost_files/pic.png", "notice.html", "notice_files/unnamed.jpg", "photos/page1.jpg", "photos/page2.PNG",
            "seed.txt", "stray.png"]
PICTURES = [rel for rel in EXPECTED if not rel.endswith((".html", ".txt"))]


def test_web_page_assets_are_skipped_other_pictures_are_documents(archive):
    assert sorted(rel for _, rel in find_documents(archive)) == EXPECTED


def test_the_plan_holds_the_pictures_to_ocr(archive, tmp_path):
    report = ingest(archive, tmp_path / "out", dry_run=True)
    assert sorted(path for document in report.planned for path in document.paths) == EXPECTED
    assert {document.reason for document in report.planned} == {"new"}


def test_pictures_with_ocr_switched_off_are_errors_rows_saying_so(archive, tmp_path):
    report = ingest(archive, tmp_path / "out", workers=1, limits=Limits(ocr=False))
    assert (report.parsed, report.ocr_pages) == (1, 0)
    errors = hotline_etl.open_dataset(tmp_path / "out").frame("errors").set_index("source_path")
    assert sorted(errors.index) == sorted(PICTURES + ["notice.html"])
    for rel in PICTURES:
        assert errors.loc[rel, "error_class"] == "OcrSwitchedOff"
        assert errors.loc[rel, "message"] == (
            f"{rel}: needs OCR, which is switched off: an image (a scanned or photographed page) has no text "
            "but what OCR reads (run without --no-ocr, or Limits(ocr=True), to read them)")


def test_pictures_without_the_ocr_extra_are_errors_rows_naming_the_install(archive, tmp_path, no_ocr_extra):
    ingest(archive, tmp_path / "out", workers=1)
    errors = hotline_etl.open_dataset(tmp_path / "out").frame("errors").set_index("source_path")
    for rel in PICTURES:
        assert errors.loc[rel, "error_class"] == "OcrUnavailable"
        assert "pip install 'hotline_etl[ocr]'" in errors.loc[rel, "message"] + errors.loc[rel, "hint"]
