"""The .docx reader: body order, headings, merged cells read once, split tables joined."""

import io

import docx
import pytest
from docx.enum.text import WD_BREAK

from hotline_etl.document import Paragraph, Table
from hotline_etl.readers import load, read_document
from readers_expected import FIRST_ROW, GROUPED_HEADER, HEADER, HEADINGS, ROW_31, SEED_LINES, TOTAL_ROW, texts

PLAIN = "fixtures/docx/seed_trad_heading_styles_table.docx"
MERGED = "fixtures/docx/seed_trad_bold_headings_merged_header.docx"
SPLIT = "fixtures/docx/seed_trad_table_split_by_page_break.docx"


def _parts(path):
    doc = load(path)
    return doc, [b for b in doc.blocks if isinstance(b, Paragraph)], [b for b in doc.blocks if isinstance(b, Table)]


def test_paragraphs_in_body_order_then_the_table():
    doc, paragraphs, tables = _parts(PLAIN)
    assert doc.format == "docx"
    assert [p.text for p in paragraphs] == SEED_LINES
    assert isinstance(doc.blocks[-1], Table)
    assert [p.origin.paragraph for p in paragraphs[:3]] == [1, 2, 3]
    # Paragraph 16 is the empty one holding the page break before the attachment.
    assert [p.origin.paragraph for p in paragraphs[-2:]] == [17, 18]


@pytest.mark.parametrize("path", [PLAIN, MERGED])
def test_section_headings_flagged_from_style_or_bold(path):
    _, paragraphs, _ = _parts(path)
    flagged = [p.text for p in paragraphs if p.heading]
    # The bold attachment title counts as a heading too.
    assert flagged == HEADINGS + ["2020年5月份12345公眾服務熱線工單辦理統計表"]


def test_table_61_rows_by_10_columns():
    _, _, tables = _parts(PLAIN)
    (table,) = tables
    rows = texts(table)
    assert (len(rows), {len(r) for r in rows}) == (61, {10})
    assert rows[0] == HEADER and rows[1] == FIRST_ROW and rows[-1] == TOTAL_ROW
    cell = table.rows[1][0]
    assert (cell.origin.table, cell.origin.row, cell.origin.col) == (1, 2, 1)


def test_merged_header_cells_read_once_on_a_full_grid():
    _, _, (table,) = _parts(MERGED)
    rows = texts(table)
    assert len(rows) == 62
    assert rows[:2] == GROUPED_HEADER
    assert rows[2] == FIRST_ROW and rows[-1] == TOTAL_ROW


def test_table_split_by_page_break_is_joined_with_repeated_header_dropped():
    _, _, tables = _parts(SPLIT)
    (table,) = tables
    rows = texts(table)
    assert len(rows) == 61 and rows.count(HEADER) == 1
    assert rows[31] == ROW_31
    # The continuation's cells keep their own table number... renumbered into the joined table.
    assert (table.rows[31][0].origin.table, table.rows[31][0].origin.row) == (1, 32)


def _docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_tables_with_different_headers_stay_apart():
    def build(d):
        for header in (["單位", "受理"], ["單位", "得分"]):
            t = d.add_table(rows=2, cols=2)
            for c, text in enumerate(header):
                t.cell(0, c).text = text
            t.cell(1, 0).text, t.cell(1, 1).text = "縣人社局", "212"
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc = read_document(_docx_bytes(build), "two.docx")
    assert [texts(b)[0] for b in doc.blocks] == [["單位", "受理"], ["單位", "得分"]]
    assert [b.origin.table for b in doc.blocks] == [1, 2]


def test_horizontal_merge_in_a_data_row_is_not_doubled():
    def build(d):
        t = d.add_table(rows=2, cols=3)
        t.cell(0, 0).text, t.cell(0, 1).text, t.cell(0, 2).text = "單位", "受理", "辦理"
        t.cell(1, 0).merge(t.cell(1, 1)).text = "合計"
        t.cell(1, 2).text = "2574"
    (table,) = read_document(_docx_bytes(build), "m.docx").blocks
    assert texts(table) == [["單位", "受理", "辦理"], ["合計", "", "2574"]]


def test_line_breaks_inside_a_paragraph_are_kept_for_the_view():
    def build(d):
        p = d.add_paragraph("岳陽縣熱線辦")
        p.add_run().add_break()
        p.add_run("2020年6月1日")
    (paragraph,) = read_document(_docx_bytes(build), "br.docx").blocks
    assert paragraph.text == "岳陽縣熱線辦\n2020年6月1日"


def test_join_is_noted():
    assert load(SPLIT).notes == (
        "table continued at table 2 joined to the one before (30 rows added, 1 repeated header rows dropped)",)
    assert load(PLAIN).notes == ()
