"""The fast PDF text layer (readers/pdf_content.py) gives pdfplumber's values exactly (issue 17 item 5).

Three levels: the tokenizer against pdfminer's ``PDFContentParser`` (listed
quirks, then generated streams); a :class:`ContentPage` against pdfplumber's
``Page`` on every page of every PDF fixture (glyphs, path objects, edges, ruled
tables, fake-bold dedupe); and small hand-written PDFs for what the fixtures
lack (inline image, Form XObject, rotated page with an offset media box, text
state operators, vertical writing, a glyph without Unicode).
"""

import importlib.util
import io

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSEOF, PSKeyword, PSLiteral
from pdfplumber.utils.exceptions import PdfminerException

from hotline_etl.readers.pdf_content import ContentPage, FallBack, content_operations
from hotline_etl.readers.pdf_tables import find_ruled_tables
from pdf_documents import ROOT, pdf_fixtures

GLYPH_KEYS = ("text", "x0", "x1", "top", "bottom", "doctop", "size", "fontname", "upright")
#: Fixtures not laid out here: one loops pdfminer until the reader's time limit, one is 501 copies of a page.
NOT_LAID_OUT = {"bad/object_refers_to_itself_hangs_pdfminer.pdf", "bad/too_many_pages.pdf"}


def pdfminer_operations(data: bytes) -> list:
    """What pdfminer's interpreter executes: each operator with the operands pushed since the one before."""
    try:
        parser = PDFContentParser([PDFStream({}, data)])
    except PSEOF:
        return []
    operations, operands = [], []
    while True:
        try:
            _, obj = parser.nextobject()
        except PSEOF:
            return operations
        if isinstance(obj, PSKeyword):
            operations.append((operands, obj))
            operands = []
        else:
            operands.append(obj)


def typed(value):
    """Values with their types, so 5 and 5.0 differ; literals and keywords by name (both are interned)."""
    if isinstance(value, (list, tuple)):
        return [typed(v) for v in value]
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, (PSLiteral, PSKeyword)):
        return (type(value).__name__, value.name)
    return (type(value).__name__, value)


def assert_like_pdfminer(data: bytes) -> None:
    assert typed(list(content_operations(data))) == typed(pdfminer_operations(data))


# ----------------------------------------------------------------------------- tokenizer

QUIRKS = [
    b"BT /F1 12 Tf 72 712.5 Td (hello) Tj ET",
    b"1. .5 -.5 +3 -0 007 1.2.3 5-3 --5 + - . -. 12abc Tm",         # numbers as pdfminer splits and drops them
    b"/A#42C /D#2 /E# /F##41 /G#zz /#e5#b2#b3 /\xe5\xb2\xb3 / Tf",  # names: hex escapes, bad ones, UTF-8, empty
    b"(a\\nb\\t\\(\\)\\\\) (\\101\\0\\12x\\1234) (\\q) (a\\\nb) (a\\\r\nb) (a\\\rb) Tj",  # escapes
    b"(nested (paren (s)) here) (a)(b) () Tj",
    b"<4E6f> <4e 6f\n7> <> <ABC> <AB>> <</K <AB>>>> BDC",            # hex strings, odd digits, '>>' after one
    b"[(A) -120 (B) [1 [2]] {x y} true false null] TJ",              # nested arrays, procedures, keywords inside
    b"<< /MCID 3 /Lang (zh) /Sub << /A [1 2] >> >> BDC EMC",
    b"] >> } q 1 0 0 1 0 0 cm Q",                                     # unmatched closers are ignored
    b"T* (a) ' 1 2 (b) \" d0 d1 f* B* b* W* n",                      # operators with * ' " and digits
    b"%comment\r\n0 0 m % another\n10 10 l S\x00\x00 1 w",            # comments, CR LF, NUL bytes
    b"ID 1 2 EI (after) Tj",                                          # ID outside an inline image is dropped
    b"1 2 3 [4 5 (unclosed array swallows the rest) Tj ET",
    b"(unterminated string Tj ET",
    b"0.5 g 1 0 0 rg \x80\xff ) ' } Tj",                              # bytes that are one-byte keywords
    b"",
    b"   \n\t  ",
]


@pytest.mark.parametrize("data", QUIRKS, ids=lambda d: d[:24].decode("latin-1"))
def test_tokenizer_reads_every_quirk_like_pdfminer(data):
    assert_like_pdfminer(data)


def test_tokenizer_values():
    ops = list(content_operations(b"/F#31 9.5 Tf [(\\101B) -3 <4E4>] TJ 1. -.5 007 cm"))
    assert typed(ops) == [
        [[("PSLiteral", "F1"), ("float", 9.5)], ("PSKeyword", b"Tf")],
        [[[("bytes", b"AB"), ("int", -3), ("bytes", b"N\x04")]], ("PSKeyword", b"TJ")],
        [[("float", 1.0), ("float", -0.5), ("int", 7)], ("PSKeyword", b"cm")],
    ]


@pytest.mark.parametrize("data", [
    b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q",          # inline image: pdfminer reads its binary data
    b"<< /A 1 /B >> BDC",                                 # odd dictionary: pdfminer raises
    b"(\\777) Tj",                                        # octal escape above 255: pdfminer fails an assertion
])
def test_what_the_tokenizer_does_not_reproduce_falls_back_to_pdfminer(data):
    with pytest.raises(FallBack):
        list(content_operations(data))


OPERATORS = st.sampled_from([b"BT", b"ET", b"Tf", b"TJ", b"Tj", b"T*", b"'", b'"', b"cm", b"re", b"f*", b"d0",
                             b"true", b"false", b"ID", b"EI", b"BI"])
ODD_BYTES = st.sampled_from([b"[", b"]", b"<<", b">>", b"{", b"}", b")", b">", b"<", b"(", b"\\", b"%x", b"#",
                             b"/", b".", b"-", b"+", b"\x00", b"\xe5\xb2\xb3"])
OPERANDS = st.one_of(
    st.integers(-10**6, 10**6).map(lambda n: str(n).encode()),
    st.floats(-1e4, 1e4, allow_nan=False).map(lambda x: repr(x).encode()),
    st.from_regex(rb"\A/[A-Za-z0-9#]{0,6}\Z"),
    st.from_regex(rb"\A\((?:[a-z ()]|\\[0-7nrtbf()\\x\n]){0,8}\)\Z"),
    st.from_regex(rb"\A<[0-9a-fA-F \n]{0,7}>\Z"),
)
ARRAYS = st.lists(OPERANDS, max_size=5).map(lambda items: b"[" + b" ".join(items) + b"]")
DICTS = st.lists(st.tuples(st.from_regex(rb"\A/[A-Z][a-z]{0,3}\Z"), OPERANDS), max_size=3).map(
    lambda pairs: b"<<" + b" ".join(k + b" " + v for k, v in pairs) + b">>")
# Operators most often, then operands and structures; odd bytes (an unclosed '(' or '[' swallows the rest) least.
TOKENS = st.one_of(OPERATORS, OPERATORS, OPERATORS, OPERANDS, OPERANDS, ARRAYS, DICTS, ODD_BYTES)
SEPARATORS = st.sampled_from([b" ", b"\n", b"\r\n", b"\t", b"", b"\x00", b"%c\n", b"\r"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(TOKENS, SEPARATORS), min_size=4, max_size=40))
def test_generated_streams_read_like_pdfminer(pieces):
    data = b"".join(token + separator for token, separator in pieces)
    try:
        expected = pdfminer_operations(data)
    except Exception:  # pdfminer fails on it: the fast path must hand it over
        with pytest.raises(FallBack):
            list(content_operations(data))
        return
    try:
        got = list(content_operations(data))
    except FallBack:
        return  # handed to pdfminer: the same by construction
    assert typed(got) == typed(expected)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_read_like_pdfminer_or_fall_back(data):
    try:
        expected = pdfminer_operations(data)
    except Exception:
        expected = None
    try:
        got = list(content_operations(data))
    except FallBack:
        return
    assert expected is not None and typed(got) == typed(expected)


# ----------------------------------------------------------------------------- every fixture page

def _same_objects(fast: ContentPage, page) -> None:
    assert [{k: c[k] for k in GLYPH_KEYS} for c in page.chars] == fast.chars
    for kind in ("lines", "rects", "curves", "images", "edges"):
        ours, theirs = getattr(fast, kind), getattr(page, kind)
        assert len(ours) == len(theirs), kind
        for mine, plumber in zip(ours, theirs):
            assert mine == {k: plumber[k] for k in mine}, kind


@pytest.mark.parametrize("fixture", [f for f in pdf_fixtures() if f not in NOT_LAID_OUT])
def test_every_page_gives_pdfplumbers_glyphs_edges_and_tables(fixture):
    try:
        pdf = pdfplumber.open(ROOT / "fixtures" / fixture)
        pages = pdf.pages
    except PdfminerException:
        assert fixture.startswith(("bad/", "broken/"))  # encrypted, truncated, looping cross-references
        return
    with pdf:
        for page in pages:
            fast = ContentPage.of(page)
            assert isinstance(fast, ContentPage)
            _same_objects(fast, page)
            ours, theirs = find_ruled_tables(fast), find_ruled_tables(page)
            assert [t.cells for t in ours] == [t.cells for t in theirs]


@pytest.mark.parametrize("fixture", ["pdf/seed_trad_fake_bold_doubled_glyphs.pdf",
                                     "pdf/seed_simp_fake_bold_doubled_glyphs.pdf"])
def test_dedupe_keeps_pdfplumbers_glyphs_in_pdfplumbers_order(fixture):
    with pdfplumber.open(ROOT / "fixtures" / fixture) as pdf:
        page = pdf.pages[0]
        expected = [{k: c[k] for k in GLYPH_KEYS} for c in page.dedupe_chars(tolerance=1).chars]
        assert ContentPage.of(page).dedupe_chars(tolerance=1).chars == expected
        assert len(expected) == 1372


# ----------------------------------------------------------------------------- hand-written PDFs

def _hand_written():
    """fixtures/make_bad_fixtures.py (standard library only), for its PDF writer."""
    spec = importlib.util.spec_from_file_location("make_bad_fixtures", ROOT / "fixtures/make_bad_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BAD = _hand_written()


def _pdf(page: bytes, contents: bytes, *extra: bytes) -> bytes:
    """One page (``page``: extra entries of its dict) drawing ``contents``; objects 5... are ``extra``."""
    return BAD._pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R " + page + b" >>", BAD._stream(contents),
                     *extra])


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
FONTS = b"/Resources << /Font << /F1 5 0 R >> >>"
A4 = b"/MediaBox [0 0 595 842] "


def _compare(data: bytes) -> ContentPage:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        fast = ContentPage.of(page)
        _same_objects(fast, page)
        return fast


def test_text_state_operators():
    chars = _compare(_pdf(A4 + FONTS, b"BT /F1 11 Tf 14 TL 72 760 Td 120 Tz 1.5 Tc 4 Tw 3 Ts (Sent 12345) Tj "
                               b"[(Un) -300 (it) 80 (s)] TJ T* (next line) ' 2 0.5 (quoted) \" ET "
                               b"BT /F1 9 Tf 0 1 -1 0 300 300 Tm (rotated) Tj ET", HELVETICA)).chars
    assert "".join(c["text"] for c in chars) == "Sent 12345Unitsnext linequotedrotated"
    assert [c["upright"] for c in chars[-7:]] == [False] * 7


def test_inline_image_falls_back_to_pdfminer_and_reads_the_same():
    page = _compare(_pdf(A4 + FONTS, b"q 20 0 0 20 72 700 cm BI /W 2 /H 2 /BPC 8 /CS /G ID \x00\xff\xff\x00 EI Q "
                              b"BT /F1 12 Tf 72 680 Td (after the image) Tj ET", HELVETICA))
    assert "".join(c["text"] for c in page.chars) == "after the image"
    assert len(page.images) == 1  # only pdfminer's parser reads an inline image


def test_form_xobject_offset_media_box_and_rotation():
    form_body = b"BT /F1 10 Tf 5 5 Td (in the form) Tj ET 0 0 m 50 0 l S"
    form = BAD._stream(form_body, b" /Type /XObject /Subtype /Form /BBox [0 0 100 40] /Matrix [1 0 0 1 10 20] "
                                  b"/Resources << /Font << /F1 5 0 R >> >>")
    contents = b"BT /F1 12 Tf 100 700 Td (page text) Tj ET q 1 0 0 1 100 600 cm /Fm1 Do Q 90 500 200 30 re S"
    resources = b"/Resources << /Font << /F1 5 0 R >> /XObject << /Fm1 6 0 R >> >>"
    for box in (b"/MediaBox [0 0 595 842] /Rotate 90 ", b"/MediaBox [30 40 625 882] /CropBox [40 50 600 860] "):
        page = _compare(_pdf(box + resources, contents, HELVETICA, form))
        assert "".join(c["text"] for c in page.chars) == "page textin the form"
        assert (len(page.lines), len(page.rects)) == (1, 1)


def test_vertical_writing_and_glyphs_without_unicode():
    cid_font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-V "
                b"/DescendantFonts [6 0 R] >>")
    descendant = (b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
                  b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 >>")
    chars = _compare(_pdf(A4 + FONTS, b"BT /F1 12 Tf 300 700 Td <53BF6C11> Tj ET", cid_font, descendant)).chars
    assert [c["text"] for c in chars] == ["县", "民"]
    assert chars[0]["top"] < chars[1]["top"]  # top to bottom
    bare = b"<< /Type /Font /Subtype /Type0 /BaseFont /Unknown /Encoding /Identity-H /DescendantFonts [6 0 R] >>"
    descendant = b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unknown /DW 500 >>"
    chars = _compare(_pdf(A4 + FONTS, b"BT /F1 12 Tf 72 700 Td <00410042> Tj ET", bare, descendant)).chars
    assert [c["text"] for c in chars] == ["(cid:65)", "(cid:66)"]


def test_pdfplumbers_page_is_kept_when_pdfminer_is_strict_or_layout_analysis_is_asked_for(monkeypatch):
    from pdfminer import settings as pdfminer_settings

    with pdfplumber.open(ROOT / "fixtures/pdf/seed_trad_unruled_table.pdf", laparams={}) as pdf:
        assert ContentPage.of(pdf.pages[0]) is pdf.pages[0]
    with pdfplumber.open(ROOT / "fixtures/pdf/seed_trad_unruled_table.pdf") as pdf:
        assert isinstance(ContentPage.of(pdf.pages[0]), ContentPage)
        monkeypatch.setattr(pdfminer_settings, "STRICT", True)
        assert ContentPage.of(pdf.pages[0]) is pdf.pages[0]


def test_pages_are_read_only_once_and_closed():
    with pdfplumber.open(ROOT / "fixtures/pdf/seed_trad_unruled_table.pdf") as pdf:
        page = ContentPage.of(pdf.pages[0])
        assert page.chars is page.chars
        page.close()
        assert not hasattr(page, "_content_chars") and len(page.chars) == 1372

