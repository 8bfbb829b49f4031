"""Word .docx bulletins with python-docx: paragraphs and tables in body order.

Body order comes from ``Document.iter_inner_content()``. Table rows are read
from the cell XML (``w:tc``) directly: each physical cell once, a horizontally
merged cell (``gridSpan``) given at its first grid column and a vertically
merged one (``vMerge``) at its top row, with empty cells filling the positions
they cover, so every row has the table's full width. A paragraph styled as a
heading (or with an outline level), or whose text is all bold, is flagged
``heading=True``. Two tables with only empty paragraphs or a page break
between them, the second repeating the first's header, are joined.

>>> from pathlib import Path
>>> doc = read_docx(Path("fixtures/docx/seed_trad_heading_styles_table.docx").read_bytes(), "a.docx")
>>> doc.blocks[0].text, doc.blocks[0].heading
('一、基本情況', True)
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from ..document import Block, Cell, Document, Origin, Paragraph, Table
from ..errors import CorruptDocument, NotADocx
from .tables import join_continued_tables, renumber_tables

_HEADING_STYLES = ("heading", "title", "標題", "标题")


def read_docx(data: bytes, name: str) -> Document:
    """Read a .docx bulletin into paragraphs and tables with paragraph/table provenance."""
    document = _open(data, name)
    blocks: list[Block] = []
    paragraph_number = table_number = 0
    for item in document.iter_inner_content():
        if isinstance(item, DocxParagraph):
            paragraph_number += 1
            text = item.text
            if text.strip():
                blocks.append(Paragraph(text, Origin(paragraph=paragraph_number), _is_heading(item)))
        elif isinstance(item, DocxTable):
            table_number += 1
            table = _read_table(item._tbl, table_number)
            if table.rows:
                blocks.append(table)
    return Document(name=name, format="docx", blocks=renumber_tables(join_continued_tables(blocks)))


def _open(data: bytes, name: str):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            broken = archive.testzip()
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise CorruptDocument(name, f"the .docx (zip) container is damaged or truncated ({exc})",
                              "download or copy the file again, or re-save it from Word") from exc
    if "word/document.xml" not in names:
        raise NotADocx(name, "the zip archive has no word/document.xml", "unpack it and ingest the bulletins inside")
    if broken is not None:
        raise CorruptDocument(name, f"the .docx member {broken} is damaged (bad CRC)",
                              "download or copy the file again, or re-save it from Word")
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise NotADocx(name, f"the zip archive is not a Word document ({exc})",
                       "open it in an office suite and save it as .docx") from exc
    except etree.XMLSyntaxError as exc:
        raise CorruptDocument(name, f"the .docx holds broken XML ({exc})", "re-save it from Word") from exc


def _is_heading(paragraph: DocxParagraph) -> bool:
    style = paragraph.style
    while style is not None:
        style_name = (style.name or "").lower()
        if style_name.startswith(_HEADING_STYLES) or _outline_level(style.element) is not None:
            return True
        style = style.base_style
    if _outline_level(paragraph._p) is not None:
        return True
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(_bold(r, paragraph) for r in runs)


def _outline_level(element) -> str | None:
    ppr = element.find(qn("w:pPr"))
    if ppr is None:
        return None
    level = ppr.find(qn("w:outlineLvl"))
    # Level 9 is "body text" in Word's outline numbering.
    if level is None or level.get(qn("w:val")) == "9":
        return None
    return level.get(qn("w:val"))


def _bold(run, paragraph: DocxParagraph) -> bool:
    if run.bold is not None:
        return run.bold
    style = run.style if run.style is not None and run.style.font.bold is not None else paragraph.style
    while style is not None:
        if style.font.bold is not None:
            return style.font.bold
        style = style.base_style
    return False


def _read_table(tbl, number: int) -> Table:
    """Rows of a ``w:tbl`` as a full-width grid, each merged cell's text given once."""
    grid: list[list[Cell]] = []
    width = len(tbl.tblGrid.gridCol_lst) if tbl.tblGrid is not None else 0
    for r, tr in enumerate(tbl.tr_lst, start=1):
        row: list[Cell] = []
        col = tr.grid_before
        row += [_cell("", number, r, c + 1) for c in range(col)]
        for tc in tr.tc_lst:
            # vMerge="continue" cells repeat the cell above: its text was read there.
            text = "" if tc.vMerge == "continue" else _tc_text(tc)
            row.append(_cell(text, number, r, col + 1))
            row += [_cell("", number, r, col + 1 + k) for k in range(1, tc.grid_span)]
            col += tc.grid_span
        grid.append(row)
        width = max(width, len(row))
    rows = tuple(tuple(row + [_cell("", number, r, c + 1) for c in range(len(row), width)])
                 for r, row in enumerate(grid, start=1))
    return Table(rows, Origin(table=number))


def _tc_text(tc) -> str:
    """Paragraphs of a cell joined by newlines (nested tables' text included, in order)."""
    texts = []
    for p in tc.iter(qn("w:p")):
        texts.append(DocxParagraph(p, None).text)
    return "\n".join(t for t in texts if t.strip()).strip()


def _cell(text: str, table: int, row: int, col: int) -> Cell:
    return Cell(text, Origin(table=table, row=row, col=col))
