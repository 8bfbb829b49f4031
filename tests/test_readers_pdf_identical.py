"""Every PDF fixture reads exactly as it did before the PDF text layer was made faster (issue 17 item 5).

The reference is ``tests/data/pdf_documents.json.gz``, captured from main's
code before the change (``tests/pdf_documents.py``): for each PDF under
fixtures/ the document the reader returned, or the error it raised. The record
(``to_dict(sources=True)``: every value and every origin) must equal the
record the captured document gives through the same later stages, and the
document itself (paragraphs, table cells, origins, warnings, notes) must be the
captured one. A PDF fixture added later has no "before" and is not compared; a
change meant to alter what a captured PDF reads (OCR for the pages without a
text layer that now raise NoTextLayer, issue 15) re-captures with
``python tests/pdf_documents.py --write`` and says so in its commit.
"""

from pathlib import Path

import pytest

import hotline_etl
from hotline_etl.pipeline import parse_document
from hotline_etl.readers import load
from pdf_documents import ROOT, document_from_data, document_to_data, load_capture, pdf_fixtures, read_fixture

CAPTURED = load_capture()
READABLE = [f for f in sorted(CAPTURED) if "error" not in CAPTURED[f]]


def test_every_captured_pdf_is_still_a_fixture():
    assert set(CAPTURED) <= set(pdf_fixtures()) and len(CAPTURED) == 29
    # The capture holds documents and errors both, producers and the archive's months among them.
    assert len(READABLE) == 19 and "producers/seed_trad_chromium_print.pdf" in READABLE
    assert CAPTURED["broken/cid_glyphs_without_tounicode.pdf"]["error"] == "NoTextLayer"


def test_the_capture_round_trips():
    document = load("fixtures/pdf/seed_trad_unruled_table.pdf", name="seed_trad_unruled_table.pdf")
    assert document_from_data(document_to_data(document)) == document


@pytest.mark.parametrize("fixture", READABLE)
def test_record_with_sources_is_unchanged(fixture):
    record = hotline_etl.parse(ROOT / "fixtures" / fixture, name=Path(fixture).name).to_dict(sources=True)
    expected = parse_document(document_from_data(CAPTURED[fixture])).to_dict(sources=True)
    for key in expected:  # key by key first: a failure names the part of the record that moved
        assert record[key] == expected[key], key
    assert record == expected


@pytest.mark.parametrize("fixture", sorted(CAPTURED))
def test_document_or_error_is_unchanged(fixture):
    read, expected = read_fixture(fixture), CAPTURED[fixture]
    if "error" in expected:
        assert read == expected
        return
    assert len(read["blocks"]) == len(expected["blocks"])
    for got, want in zip(read["blocks"], expected["blocks"]):
        assert got == want
    assert read["warnings"] == expected["warnings"]
    assert read["notes"] == expected["notes"]
    assert read == expected

