"""Scanned files in an ingest (issue 15): through the same readers on both executors; --no-ocr makes errors rows.

The archive here holds the seed as text and page 1 of the 200 dpi scan as a
TIFF (a .tif is always a document; pictures in other formats are too unless a saved web page names them:
tests/test_archive_images.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import hotline_etl
from hotline_etl.dataset import ingest
from hotline_etl.limits import Limits
from seed_expected import SEED

SCAN_PDF = Path("fixtures/ocr/seed_simp_scan_110dpi.pdf")
SCAN_PNG = Path("fixtures/ocr/seed_simp_scan_page1_200dpi.png")


def _archive(root: Path, scan: str) -> Path:
    archive = root / "archive"
    archive.mkdir()
    shutil.copyfile(SEED, archive / "seed.txt")
    if scan == "pdf":
        shutil.copyfile(SCAN_PDF, archive / "scan.pdf")
    else:
        from PIL import Image

        Image.open(SCAN_PNG).save(archive / "scan.tif", dpi=(200, 200), compression="tiff_lzw")
    return archive


def test_no_ocr_makes_an_errors_row_saying_why(tmp_path):
    archive = _archive(tmp_path, "pdf")
    report = ingest(archive, tmp_path / "out", workers=1, limits=Limits(ocr=False))
    assert (report.parsed, report.failed, report.ocr_pages) == (1, 1, 0)
    errors = hotline_etl.open_dataset(tmp_path / "out").frame("errors")
    (row,) = errors.to_dict("records")
    assert row["source_path"] == "scan.pdf" and row["error_class"] == "OcrSwitchedOff"
    assert "needs OCR, which is switched off: its 4 pages are images without a text layer" in row["message"]


try:
    import rapidocr_onnxruntime  # noqa: F401
    HAVE_OCR = True
except ImportError:
    HAVE_OCR = False


@pytest.mark.skipif(not HAVE_OCR, reason="the [ocr] extra is not installed")
@pytest.mark.parametrize("executor", ["process", pytest.param("dask", marks=pytest.mark.slow)])
def test_a_scanned_page_is_ingested_with_its_provenance(tmp_path, executor):
    if executor == "dask":
        pytest.importorskip("distributed")
    archive = _archive(tmp_path, "tif")
    report = ingest(archive, tmp_path / "out", workers=1, executor=executor)
    assert (report.parsed, report.failed) == (2, 0)
    assert (report.pages, report.ocr_pages) == (1, 1)
    assert "1 pages read, 1 of them by OCR" in report.summary()
    ds = hotline_etl.open_dataset(tmp_path / "out")
    bulletins = ds.frame("bulletins").set_index("source_path")
    assert bulletins.loc["scan.tif", "source_format"] == "image"
    assert bulletins.loc["scan.tif", "hotline_orders_received"] == 2557
    categories = ds.frame("categories")
    scanned = categories[categories.bulletin_id == bulletins.loc["scan.tif", "bulletin_id"]]
    assert list(scanned["count"]) == [371, 369, 315, 227, 198]
    for source in scanned["source"]:
        assert source["ocr"] is True and 0.5 < source["confidence"] <= 1.0 and source["page"] == 1
    typed = categories[categories.bulletin_id == bulletins.loc["seed.txt", "bulletin_id"]]
    assert all(s["ocr"] is None and s["confidence"] is None for s in typed["source"])
    warnings = ds.frame("warnings")
    assert "ocr-used" in set(warnings[warnings.bulletin_id == bulletins.loc["scan.tif", "bulletin_id"]]["code"])
