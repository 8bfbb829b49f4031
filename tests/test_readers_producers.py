"""The same record whatever produced the file (issue 14).

fixtures/producers/ holds the seed as LibreOffice (two page widths, two CJK
fonts), reportlab (glyph by glyph), headless Chromium (print-to-PDF), LibreOffice
HTML-to-.docx and a UTF-16 save wrote it (fixtures/make_producer_fixtures.py).
Each must give the seed's record, and print nothing on stderr. The rest tests
the mechanisms one by one: text flow at every break position, wrapped table
headers, radical glyphs, damaged bytes.
"""

import json
from pathlib import Path

import pytest

import hotline_etl
from hotline_etl.document import Document, Origin, Paragraph, Table
from hotline_etl.errors import UnreadableDocument
from hotline_etl.extract import extract_bulletin
from hotline_etl.readers import load
from hotline_etl.characters import FOLDS, fold_characters
from hotline_etl.readers.pdf import _assemble
from hotline_etl.readers.pdf_layout import Segment, TextLine, find_unruled_table, group_lines
from hotline_etl.script import build_view
from readers_expected import HEADER, SEED_LINES, texts
from seed_expected import LISTS, SEED
from test_readers_parity import IGNORED, _seed_record, _simplified

PRODUCERS = sorted(str(p) for p in Path("fixtures/producers").iterdir())
ARCHIVE = Path("fixtures/archive")


# ----------------------------------------------------------------------------- every producer

def test_at_least_five_producers_are_covered():
    names = {Path(p).name for p in PRODUCERS}
    for producer in ("libreoffice_a5_serif.pdf", "libreoffice_landscape_sans_unruled.pdf", "reportlab_glyph_by_glyph",
                     "chromium_print.pdf", "libreoffice_from_html.docx", "gov_page_utf16.html"):
        assert any(producer in name for name in names), producer


@pytest.mark.parametrize("fixture", PRODUCERS, ids=lambda f: Path(f).name)
def test_producer_fixture_gives_the_seed_record_and_prints_nothing(fixture, capfd):
    record = hotline_etl.parse(fixture).to_dict(sources=False)
    expected = _seed_record()
    if "_simp_" in Path(fixture).name:
        expected = _simplified(expected)
    assert {k: v for k, v in record.items() if k not in IGNORED} == expected
    assert capfd.readouterr() == ("", "")


def test_pdfminer_font_warnings_become_notes():
    notes = load("fixtures/producers/seed_trad_chromium_print.pdf").notes
    assert any(n.startswith("pdfminer: Could not get FontBBox from font descriptor") for n in notes)


def test_running_headers_and_footers_are_dropped_and_noted():
    doc = load("fixtures/producers/seed_trad_reportlab_glyph_by_glyph.pdf")
    text = "\n".join(b.text for b in doc.blocks if isinstance(b, Paragraph))
    assert "岳陽縣12345熱線工作通報" not in text and "共4頁" not in text
    assert "page 2: running header or footer '第2頁共4頁' dropped" in doc.notes
    assert [p.text for p in doc.blocks if isinstance(p, Paragraph)] == SEED_LINES


@pytest.mark.parametrize("fixture", [p for p in PRODUCERS if p.endswith(".pdf")], ids=lambda f: Path(f).name)
def test_pdf_paragraphs_are_the_seed_lines_whatever_the_page_width(fixture):
    doc = load(fixture)
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    expected = _simplified(SEED_LINES) if "_simp_" in fixture else SEED_LINES
    if "chromium" in fixture:  # the browser also prints the site around the article
        start = paragraphs.index(expected[0])
        paragraphs = paragraphs[start:start + len(expected)]
    assert paragraphs == expected


def test_a_table_row_split_by_a_page_break_is_rejoined():
    doc = load("fixtures/producers/seed_trad_libreoffice_a5_serif.pdf")
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    rows = texts(table)
    assert ["縣畜牧水產發展服務中心", "2", "2", "2", "100%", "2", "100%", "0", "0%", "A"] in rows
    assert len(rows) == 61
    assert any("a row split by the break rejoined" in n for n in doc.notes)


@pytest.mark.parametrize("path", sorted(ARCHIVE.glob("*/*.pdf")), ids=lambda p: p.name)
def test_archive_pdf_months_give_their_ground_truth(path, capfd):
    truth = next(d for d in json.loads((ARCHIVE / "_ground_truth.json").read_text(encoding="utf-8"))["documents"]
                 if d["path"] == f"{path.parent.name}/{path.name}")
    bulletin = hotline_etl.parse(path)
    assert {k: getattr(bulletin.headline, k).value for k in truth["headline"]} == truth["headline"]
    assert [(c.name, c.count) for c in bulletin.categories] == [(c[1], c[2]) for c in truth["categories"]]
    first = bulletin.table.rows[0]
    assert {k: getattr(first, k) for k in truth["first_row"]} == truth["first_row"]
    assert capfd.readouterr().err == ""


# ----------------------------------------------------------------------------- text flow

LEFT, RIGHT, SIZE = 60.0, 500.0, 11.0
OVERDUE = SEED_LINES[3]
CATEGORIES = SEED_LINES[1]


def _line(x0: float, x1: float, text: str, bold: bool = False) -> TextLine:
    return TextLine(top=0, bottom=SIZE, size=SIZE, chars=[], segments=[Segment(x0, x1, text)], bold=bold)


def _flow(paragraph: str, k: int, ragged_em: float) -> list[str]:
    """A heading, a paragraph, then ``paragraph`` broken after character ``k`` (its first line ending
    ``ragged_em`` short of the margin), then another paragraph: the texts the reader hands on.

    Paragraphs open with a two-em indent; their other lines start at the margin."""
    lines = [
        _line(LEFT, LEFT + 6 * SIZE, "一、基本情況", bold=True),
        _line(LEFT + 2 * SIZE, RIGHT, "前一段的第一行到右邊界"),
        _line(LEFT, RIGHT - 9 * SIZE, "前一段到此為止。"),
        _line(LEFT + 2 * SIZE, RIGHT - ragged_em * SIZE, paragraph[:k]),
        _line(LEFT, LEFT + 10 * SIZE, paragraph[k:]),
        _line(LEFT + 2 * SIZE, RIGHT, "下一段的第一行"),
        _line(LEFT, LEFT + 4 * SIZE, "完。"),
    ]
    return [b.text for b in _assemble([(1, line) for line in lines])]


def _positions(paragraph: str, first: str, last: str) -> range:
    """Every break position from the start of ``first`` to the end of ``last`` (before its full stop)."""
    return range(paragraph.index(first) + 1, paragraph.index(last) + len(last))


@pytest.mark.parametrize("ragged_em", [0, 3], ids=["justified", "ragged"])
@pytest.mark.parametrize("paragraph, first, last", [
    (OVERDUE, "其中,中洲鄉", "麻塘辦事處2件"),
    (CATEGORIES, "人力資源和社會保障類", "交通運輸與交通秩序類198件,占比7.42%"),
], ids=["overdue-list", "categories-sentence"])
def test_a_sentence_broken_at_every_position_is_handed_on_whole(paragraph, first, last, ragged_em):
    for k in _positions(paragraph, first, last):
        assert _flow(paragraph, k, ragged_em) == ["一、基本情況", "前一段的第一行到右邊界前一段到此為止。", paragraph,
                                                  "下一段的第一行完。"], k


@pytest.mark.parametrize("paragraph, broken_after", [(OVERDUE, "縣供電公司1"), (CATEGORIES, "占比"), (CATEGORIES, "13.")])
def test_the_extractors_read_the_lists_whatever_the_break(paragraph, broken_after):
    k = paragraph.index(broken_after) + len(broken_after)
    flowed = _flow(paragraph, k, ragged_em=3)[2]
    assert flowed == paragraph
    lines = [flowed if line == paragraph else line for line in SEED_LINES]
    bulletin = extract_bulletin(build_view(Document("flow.txt", "txt", (Paragraph("\n".join(lines), Origin(line=1)),))))
    overdue = bulletin.lists["overdue"]
    assert (overdue.total, [(i.unit_raw, i.count) for i in overdue.items]) == LISTS["overdue"]
    assert [(c.name, c.count, c.share.value) for c in bulletin.categories][1] == ("農林水利類", 369, 13.82)


def test_a_short_line_that_ends_a_sentence_or_a_heading_ends_its_paragraph():
    assert _flow("縣供電公司1件。其後", 8, ragged_em=3)[2:4] == ["縣供電公司1件。", "其後"]
    # Far short of the margin (a heading-like line) even without a full stop: a paragraph of its own.
    assert _flow("附件統計表後文", 5, ragged_em=20)[2:4] == ["附件統計表", "後文"]


# ----------------------------------------------------------------------------- wrapped headers

def _chars(top: float, cells: list[tuple[float, str]], size: float = 8.0) -> list[dict]:
    """Glyphs of one printed line: each (x, text) cell drawn from x, CJK one em wide, others half."""
    out = []
    for x, text in cells:
        for ch in text:
            width = size if ord(ch) > 0x2E80 else size * 0.55
            out.append({"text": ch, "x0": x, "x1": x + width, "top": top, "bottom": top + size, "size": size,
                        "upright": True, "fontname": "Song"})
            x += width
    return out


COLUMNS = (20, 100, 140, 180, 220)  # unit, received, due, on_time, grade
DATA = [(COLUMNS[0], "縣甲局"), (COLUMNS[1] + 6, "31"), (COLUMNS[2] + 6, "29"), (COLUMNS[3] + 6, "28"),
        (COLUMNS[4] + 8, "A")]


def _table_lines(header_lines: list[list[tuple[float, str]]]) -> list[TextLine]:
    chars = []
    for k, cells in enumerate(header_lines):
        chars += _chars(30 - 10 * (len(header_lines) - 1 - k), cells)
    for r in range(3):
        chars += _chars(50 + 12 * r, [(x, t.replace("31", str(31 + r))) for x, t in DATA])
    return group_lines(chars)


def test_a_header_wrapped_onto_two_lines_is_reassembled_by_column_extent():
    # 受理案件 / 數 over the received column; 應辦理數 and 按期辦理數 printed without a gap between them.
    header = [[(24, "單位名稱"), (96, "受理案件"), (136, "應辦理數按期辦理"), (216, "等級")],
              [(108, "數"), (188, "數")]]
    table = find_unruled_table(_table_lines(header))
    assert table.aligned and table.header_rows == 1
    assert table.rows[0] == ["單位名稱", "受理案件數", "應辦理數", "按期辦理數", "等級"]
    assert table.rows[1] == ["縣甲局", "31", "29", "28", "A"]


def test_a_header_that_cannot_be_aligned_warns_and_keeps_its_lines_as_printed():
    # No header text over the due column: the lines are kept, one row each, not shifted.
    header = [[(24, "單位名稱"), (96, "受理數"), (176, "按期數"), (216, "等級")]]
    lines = _table_lines(header)
    table = find_unruled_table(lines)
    assert not table.aligned
    assert table.rows[0] == ["單位名稱", "受理數", "", "按期數", "等級"]
    assert table.rows[1] == ["縣甲局", "31", "29", "28", "A"]


def test_the_unaligned_header_warning_reaches_the_bulletin(tmp_path):
    from hotline_etl.document import ReaderWarning
    from hotline_etl.extract import extract_bulletin as extract

    warning = ReaderWarning("table-columns-unaligned", "the header could not be aligned", Origin(page=3))
    document = Document("w.txt", "txt", (Paragraph("\n".join(SEED_LINES), Origin(line=1)),), warnings=(warning,))
    bulletin = extract(build_view(document))
    assert [w for w in bulletin.warnings if w.code == "table-columns-unaligned"][0].source == Origin(page=3)


def test_the_landscape_unruled_table_has_the_seed_header_on_every_page():
    doc = load("fixtures/producers/seed_trad_libreoffice_landscape_sans_unruled.pdf")
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert texts(table)[0] == HEADER and len(table.rows) == 61
    assert not doc.warnings


# ----------------------------------------------------------------------------- radicals and look-alikes

def test_radical_supplement_and_compatibility_glyphs_fold_to_unified_ideographs():
    assert fold_characters("\u2ee2先生") == "马先生"            # CJK RADICAL SIMPLIFIED HORSE
    assert fold_characters("居\u2ea0,\u2ed1沙") == "居民,長沙"   # RADICAL CIVILIAN, RADICAL LONG ONE
    assert fold_characters("\u2f00、\uf9d1\ufe50\uff12") == "一、六,2"  # Kangxi, compatibility, small comma, full width
    assert fold_characters("\uff1f") == "\uff1f"  # a full-width ? is kept: an ASCII ? means a lost character
    assert all(len(v) == 1 for v in FOLDS.values())


def test_the_browser_pdf_radical_glyphs_are_read_as_ideographs():
    doc = load("fixtures/producers/seed_simp_chromium_print.pdf")
    text = "".join(b.text for b in doc.blocks if isinstance(b, Paragraph))
    assert "2.马先生5月3日来电投诉" in text
    assert not any("\u2e80" <= ch <= "\u2fdf" for ch in text)


def test_every_reader_folds_with_the_one_table():
    page = "<html><body><p>一、基本情况</p><p>\u2ee2先生\uff12\uff10件</p></body></html>"
    assert load(page.encode(), "a.html").blocks[1].text == "马先生20件"
    assert load("\u2ee2先生\uff12\uff10件\n".encode(), "a.txt").blocks[0].text == "马先生20件\n"


# ----------------------------------------------------------------------------- damaged bytes

def _damaged_seed(spots: int) -> bytes:
    """The seed in UTF-8 with ``spots`` invalid bytes (0xFF) spread over it, each at a character start."""
    data = bytearray(Path(SEED).read_bytes())
    step = len(data) // (spots + 1)
    for k in range(spots, 0, -1):
        at = k * step
        while data[at] & 0xC0 == 0x80:  # not inside a multi-byte character
            at += 1
        data[at:at] = b"\xff"
    return bytes(data)


@pytest.mark.parametrize("spots", [1, 3, 30])
def test_a_few_invalid_bytes_are_replaced_and_each_spot_warns(spots):
    seed = hotline_etl.parse(SEED)
    bulletin = hotline_etl.parse(_damaged_seed(spots), name="damaged.txt")
    before = [w for w in seed.warnings if w.code == "damaged-text"]
    damaged = [w for w in bulletin.warnings if w.code == "damaged-text"]
    assert len(damaged) == len(before) + spots
    new = [w for w in damaged if "\ufffd" in w.message]
    assert len(new) == spots and all(w.source.line and w.source.char is not None for w in new)
    assert bulletin.headline.hotline_orders_received.value == 2557 or spots == 30
    note = load(_damaged_seed(spots), "damaged.txt").notes
    assert note == (f"{spots} invalid utf-8 byte sequence(s) replaced by U+FFFD; the rest of the file was read",)


def test_the_first_damaged_spot_is_located_by_line_and_char():
    bulletin = hotline_etl.parse(_damaged_seed(1), name="damaged.txt")
    (spot,) = [w for w in bulletin.warnings if "\ufffd" in w.message]
    text = _damaged_seed(1).decode("utf-8", errors="replace").split("\n")
    assert text[spot.source.line - 1][spot.source.char] == "\ufffd"


def test_dense_damage_is_refused_with_the_threshold():
    data = bytearray(Path(SEED).read_bytes())
    data[::20] = b"\xff" * len(data[::20])
    with pytest.raises(UnreadableDocument, match=r"more than 2% of the characters are invalid byte sequences"):
        hotline_etl.parse(bytes(data), name="noise.txt")


def test_a_damaged_page_with_a_declared_charset_is_read_in_that_charset():
    page = "<html><head><meta charset=\"gbk\"></head><body><p>一、基本情况</p><p>" + "共受理工单2557件。" * 20 + "</p></body></html>"
    data = page.encode("gbk").replace("2557".encode(), b"25\xff7", 1)
    doc = load(data, "a.html")
    assert doc.encoding == "gb18030" and doc.blocks[-1].text.startswith("共受理工单25\ufffd7件。共受理工单2557件。")
    assert "1 invalid gb18030 byte sequence(s) replaced by U+FFFD; the rest of the file was read" in doc.notes
