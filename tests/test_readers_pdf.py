"""The PDF reader: clean CJK lines, paragraphs rejoined, tables joined across pages."""

import pytest

from hotline_etl.document import Paragraph, Table
from hotline_etl.readers import load
from hotline_etl.characters import fold_characters
from hotline_etl.readers.pdf_layout import split_segments
from readers_expected import (FIRST_ROW, GROUPED_HEADER, HEADER, HEADINGS, PAGE_4_FIRST, SEED_LINES, SEED_TABLE, TOTAL_ROW,
                              texts)

RULED = "fixtures/pdf/seed_trad_ruled_table_repeated_header.pdf"
UNRULED = "fixtures/pdf/seed_trad_unruled_table.pdf"
FAKE_BOLD = "fixtures/pdf/seed_trad_fake_bold_doubled_glyphs.pdf"


@pytest.fixture(scope="module", params=[RULED, UNRULED, FAKE_BOLD])
def document(request):
    return load(request.param)


def test_paragraphs_are_the_seed_lines_rejoined_across_line_wraps(document):
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
    assert [p.text for p in paragraphs] == SEED_LINES
    assert [p.text for p in paragraphs if p.heading] == HEADINGS + ["2020年5月份12345公眾服務熱線工單辦理統計表"]
    assert [p.origin.page for p in paragraphs] == [1] * 8 + [2] * 7 + [3] * 2
    assert [p.origin.line for p in paragraphs[:4]] == [1, 2, 7, 11]


def test_no_doubled_glyphs_and_no_spaces_inside_unit_names(document):
    text = "\n".join(b.text for b in document.blocks if isinstance(b, Paragraph))
    assert "縣市場監督管理局" in text and "縣 市" not in text
    assert "一一" not in text and "熱熱" not in text
    assert "人力資源和社會保障類371件,占比13.9%" in text  # no CJK/Latin auto-space


def test_one_table_joined_across_pages_with_repeated_header_dropped(document):
    (table,) = [b for b in document.blocks if isinstance(b, Table)]
    rows = texts(table)
    assert (len(rows), {len(r) for r in rows}) == (61, {10})
    assert rows[0] == HEADER  # 受理\n案件\n數 joined
    assert rows[1] == FIRST_ROW and rows[-1] == TOTAL_ROW
    assert rows.count(HEADER) == 1
    assert rows == SEED_TABLE
    assert [r[0].origin.row for r in table.rows] == list(range(1, 62))
    assert {r[0].origin.page for r in table.rows} == {3, 4}


def test_ruled_table_cells_keep_their_page():
    (table,) = [b for b in load(RULED).blocks if isinstance(b, Table)]
    page_4 = [r for r in table.rows if r[0].origin.page == 4]
    assert [c.text for c in page_4[0]] == PAGE_4_FIRST
    assert (page_4[0][0].origin.table, page_4[0][0].origin.row, page_4[0][0].origin.col) == (1, 42, 1)
    assert (table.origin.page, table.origin.line) == (3, 48)


def test_page_numbers_are_dropped():
    doc = load(RULED)
    assert not any(b.text.strip("- ").isdigit() for b in doc.blocks if isinstance(b, Paragraph))


def _char(text, x0, size=11.0, top=0.0):
    width = size if text > "\u2e80" else size * 0.55
    return {"text": text, "x0": x0, "x1": x0 + width, "size": size, "top": top, "bottom": top + size}


def test_segments_split_at_wide_gaps_and_latin_words_keep_their_space():
    chars = [_char("縣", 0), _char("局", 11), _char("2", 14.5), _char("4", 20.6),
             _char("5", 60), _char("A", 100), _char("B", 108)]
    assert [s.text for s in split_segments(chars)] == ["縣局24", "5", "A B"]


def test_kangxi_radicals_become_ideographs():
    assert fold_characters("\u2f00、基本情況\u2f08") == "一、基本情況人"


def test_merged_two_row_header_on_a_full_grid_repeated_header_dropped():
    (table,) = [b for b in load("fixtures/pdf/seed_trad_merged_two_row_header.pdf").blocks if isinstance(b, Table)]
    rows = texts(table)
    assert len(rows) == 62
    assert rows[:2] == GROUPED_HEADER  # 部門名稱 merged over both rows, read once in the first
    assert rows[2:] == SEED_TABLE[1:]


def _table(page, *rows):
    from hotline_etl.document import Cell, Origin
    return Table(tuple(tuple(Cell(t, Origin(page=page, row=r, col=c)) for c, t in enumerate(row, 1))
                       for r, row in enumerate(rows, 1)), Origin(page=page, table=1))


def test_continuation_without_repeated_header_joins_only_across_a_page_break():
    from hotline_etl.readers.tables import join_continued_tables
    first = _table(3, ("單位", "受理"), ("縣人社局", "212"))
    next_page = _table(4, ("縣公安局", "133"))
    same_page = _table(3, ("縣公安局", "133"))
    (joined,) = join_continued_tables([first, next_page], require_repeated_header=False)
    assert texts(joined) == [["單位", "受理"], ["縣人社局", "212"], ["縣公安局", "133"]]
    assert [c.origin.row for c in joined.rows[2]] == [3, 3]
    assert len(join_continued_tables([first, same_page], require_repeated_header=False)) == 2
    assert len(join_continued_tables([first, next_page], require_repeated_header=True)) == 2


def test_wrapped_paragraph_continues_across_lines_and_pages_but_not_after_indent_or_right_alignment():
    from hotline_etl.readers.pdf_layout import Margins, Segment, TextLine

    def line(x0, x1, text="字"):
        return TextLine(top=0, bottom=11, size=11, chars=[], segments=[Segment(x0, x1, text)])

    margins = Margins(left=68.2, right=527.3)
    full, short = line(68.2, 527.0), line(68.2, 300.0)
    assert margins.continues(full, line(68.2, 200.0))           # wrapped line, also the first on a new page
    assert margins.continues(line(90.2, 526.8), line(68.2, 99.0))  # first-line indent, then wrap
    assert not margins.continues(short, line(68.2, 200.0))      # previous line ended the paragraph
    assert not margins.continues(full, line(90.2, 200.0))       # indented: a new paragraph
    assert not margins.continues(line(446.8, 527.4), line(68.2, 90.2))  # right-aligned date, then 附件


def test_notes_say_what_was_dropped_joined_or_inferred():
    assert load(FAKE_BOLD).notes == (
        "page 1: 1372 doubled glyphs (fake bold) removed",
        "page 1: page number '- 1 -' dropped",
        "page 2: page number '- 2 -' dropped",
        "page 3: 1205 doubled glyphs (fake bold) removed",
        "page 3: page number '- 3 -' dropped",
        "page 4: page number '- 4 -' dropped",
        "table continued at page 4 joined to the one before (20 rows added, 1 repeated header rows dropped)",
    )
    assert "page 3: unruled table of 42 rows x 10 columns recovered from text positions" in load(UNRULED).notes


def test_reading_notes_reach_the_bulletin_and_the_dataset():
    from hotline_etl import parse
    from hotline_etl.dataset.rows import SourceInfo, bulletin_rows

    bulletin = parse(FAKE_BOLD)
    notes = load(FAKE_BOLD).notes + (
        "statistics table: table layout, 60 rows x 10 columns, 600 cells read, confidence 1",)
    assert bulletin.reading_notes == notes
    assert bulletin.to_dict()["reading_notes"] == list(notes)
    row = bulletin_rows(bulletin, SourceInfo("b.pdf", "ab" * 32, 1, "pdf"))["bulletins"][0]
    assert row["reading_notes"] == list(notes)


def test_line_starting_with_a_space_glyph():
    assert [s.text for s in split_segments([_char(" ", 0), _char("A", 3), _char("B", 12)])] == ["A B"]


@pytest.mark.parametrize("path", [RULED, "fixtures/pdf/seed_trad_merged_two_row_header.pdf"])
def test_linear_cell_search_finds_exactly_pdfplumbers_cells(path):
    import pdfplumber
    from pdfplumber.table import TableFinder

    from hotline_etl.readers.pdf_tables import find_ruled_tables

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            ours = [(t.bbox, t.cells) for t in find_ruled_tables(page)]
            theirs = [(t.bbox, t.cells) for t in TableFinder(page).tables]
            assert ours == theirs


def test_a_scanned_page_among_text_pages_is_noted():
    # The scan is 40 dpi: too coarse for OCR, so it is not read, with or without the OCR extra.
    doc = load("fixtures/broken/text_pages_then_one_scanned_page.pdf")
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == SEED_LINES[:15]
    assert ("page 3: no text layer, only an image scanned at 40.1 dpi, too coarse to read by OCR (at least 70 dpi); "
            "its content is not read") in doc.notes
    assert doc.ocr_pages == () and doc.pages == 3
