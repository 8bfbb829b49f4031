"""One error class per unreadable case, each naming the file and what to do; format from bytes."""

import io
import zipfile
from pathlib import Path

import pytest

from hotline_etl.errors import (CorruptDocument, EncryptedPdf, HotlineError, LegacyWordFormat, NoTextLayer, NotADocx,
                                OcrSwitchedOff, UnknownFormat, UnreadableDocument, UnsupportedFormat)
from hotline_etl.limits import Limits
from hotline_etl.readers import detect_format, load, read_document

DOCX = Path("fixtures/docx/seed_trad_heading_styles_table.docx")
OLE = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _raises(error, source, name=None, limits=None):
    with pytest.raises(error) as info:
        load(source, name, limits) if name is None else read_document(source, name, limits)
    return info.value


def test_encrypted_pdf():
    e = _raises(EncryptedPdf, "fixtures/broken/encrypted_user_password.pdf")
    assert str(e) == ("fixtures/broken/encrypted_user_password.pdf: encrypted PDF: the PDF is password-protected "
                      "(ask the publisher for an unprotected copy or remove the password (qpdf --decrypt))")


def test_scanned_pdf_too_coarse_for_ocr():
    # A 40 dpi scan: refused whether or not OCR is installed (issue 15 changed the reason on purpose).
    e = _raises(NoTextLayer, "fixtures/broken/scanned_image_only.pdf")
    assert e.reason == "its pages are images scanned at 40.1 dpi or less, too coarse to read by OCR"
    assert e.hint == "scan it again at 150 dpi or more"


def test_pdf_whose_glyphs_are_all_cid_codes():
    e = _raises(NoTextLayer, "fixtures/broken/cid_glyphs_without_tounicode.pdf")
    assert e.reason == "211 of 211 glyphs have no Unicode mapping ((cid:N))"


def test_truncated_pdf():
    e = _raises(CorruptDocument, "fixtures/broken/truncated_half.pdf")
    assert e.reason == "the PDF is truncated (no %%EOF end marker)"
    assert e.source == "fixtures/broken/truncated_half.pdf"


def test_pdf_with_end_marker_but_damaged_body():
    data = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ngarbage\n%%EOF\n"
    e = _raises(CorruptDocument, data, "damaged.pdf")
    assert e.reason.startswith("the PDF is damaged (")


def test_truncated_docx():
    data = DOCX.read_bytes()
    e = _raises(CorruptDocument, data[: len(data) // 2], "cut.docx")
    assert e.reason.startswith("the .docx (zip) container is damaged or truncated")
    assert str(e).startswith("cut.docx: corrupt or truncated file:")


def test_legacy_doc_and_wps_without_libreoffice(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("HOTLINE_ETL_SOFFICE", raising=False)
    e = _raises(LegacyWordFormat, OLE + "WordDocument".encode("utf-16-le"), "bulletin.doc")
    assert str(e) == ("bulletin.doc: legacy .doc/.wps file: a legacy Word .doc or WPS file (OLE compound file) needs "
                      "LibreOffice to be read (install LibreOffice (e.g. apt-get install libreoffice-writer) or name "
                      "its soffice in HOTLINE_ETL_SOFFICE; or save the file as .docx)")


def test_zip_that_is_not_a_docx():
    data = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    e = _raises(NotADocx, data, "stats.xlsx")
    assert e.hint == "unpack it and ingest the bulletins inside"


def test_unknown_binary():
    e = _raises(UnknownFormat, bytes(range(256)) * 4, "blob.bin")
    assert e.reason == "binary data of an unknown format"


def test_an_image_is_read_by_ocr_or_says_why():
    # Images are a known format now (issue 15): with OCR off the error says so; damaged bytes are corrupt.
    e = _raises(OcrSwitchedOff, b"\x89PNG\r\n\x1a\n" + bytes(100), "scan.png", limits=Limits(ocr=False))
    assert isinstance(e, NoTextLayer)
    assert e.hint == "run without --no-ocr, or Limits(ocr=True), to read them"


def test_every_reader_error_is_a_hotline_error():
    for error in (CorruptDocument, EncryptedPdf, NoTextLayer):
        assert issubclass(error, UnreadableDocument)
    for error in (LegacyWordFormat, NotADocx, UnknownFormat):
        assert issubclass(error, UnsupportedFormat) and issubclass(error, HotlineError)


@pytest.mark.parametrize("path, fmt", [
    ("fixtures/docx/seed_trad_heading_styles_table.docx", "docx"),
    ("fixtures/pdf/seed_trad_ruled_table_repeated_header.pdf", "pdf"),
    ("fixtures/html/seed_trad_gov_page_utf8.html", "html"),
    ("fixtures/html/seed_simp_gov_page_gb2312_meta.html", "html"),
    ("fixtures/seed/000_0bd1a52a453bee82.txt", "txt"),
    ("fixtures/broken/truncated_half.pdf", "pdf"),
])
def test_format_from_bytes(path, fmt):
    assert detect_format(Path(path).read_bytes()) == fmt


def test_format_from_bytes_not_names():
    assert detect_format(OLE) == "ole"
    assert detect_format(b"{\\rtf1\\ansi ...") == "rtf"
    assert detect_format(_zip({"a.txt": b"x"})) == "zip"
    data = DOCX.read_bytes()
    # A cut-off .docx has no zip directory left, but its local headers still say word/.
    assert detect_format(data[: len(data) // 2]) == "docx"
    # The same bytes under a misleading name are still read as what they are.
    assert read_document(data, "bulletin.pdf").format == "docx"


def test_html_fragments_and_utf16_pages_are_html():
    assert detect_format("<div><p>一、基本情況</p></div>".encode()) == "html"
    page = "<html><body><p>一、基本情況</p></body></html>".encode("utf-16")
    assert detect_format(page) == "html"
    doc = read_document(page, "unicode.htm")
    assert [b.text for b in doc.blocks] == ["一、基本情況"]
    assert detect_format("一、基本情況 <注意>".encode()) == "txt"
