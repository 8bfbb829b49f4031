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
import zlib

import docx
import regex
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from ..document import Block, Cell, Document, Origin, Paragraph, Table
from ..errors import CorruptDocument, NotADocx, UnsafeDocument
from ..limits import DOCX_RATIO_FLOOR_BYTES, Limits
from ..characters import fold_characters
from .tables import join_continued_tables, renumber_tables

_HEADING_STYLES = ("heading", "title", "標題", "标题")


def read_docx(data: bytes, name: str, limits: Limits | None = None) -> Document:
    """Read a .docx bulletin into paragraphs and tables with paragraph/table provenance.

    Before python-docx inflates anything, the zip directory is held to
    ``limits`` (total inflated size, compression ratio: zip bombs) and no XML
    part may declare a DTD (entities: XXE, billion laughs).
    """
    document = _open(data, name, Limits.resolve(limits))
    styles = _Styles(document)
    blocks: list[Block] = []
    paragraph_number = table_number = 0
    for item in document.iter_inner_content():
        if isinstance(item, DocxParagraph):
            paragraph_number += 1
            text = paragraph_text(item._p)
            if text.strip():
                blocks.append(Paragraph(text, Origin(paragraph=paragraph_number), styles.is_heading(item._p)))
        elif isinstance(item, DocxTable):
            table_number += 1
            table = _read_table(item._tbl, table_number)
            if table.rows:
                blocks.append(table)
    notes: list[str] = []
    joined = join_continued_tables(blocks, notes=notes)
    return Document(name=name, format="docx", blocks=renumber_tables(joined), notes=tuple(notes))


def _open(data: bytes, name: str, limits: Limits):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            check_inflation(archive, name, limits)
            check_no_dtd(archive, name)
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error, NotImplementedError, RuntimeError) as exc:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression method.
        raise CorruptDocument(name, f"the .docx (zip) container is damaged or truncated ({exc})",
                              "download or copy the file again, or re-save it from Word") from exc
    if "word/document.xml" not in names:
        raise NotADocx(name, "the zip archive has no word/document.xml", "unpack it and ingest the bulletins inside")
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
        # A member that fails its CRC or does not inflate: damaged in transit.
        raise CorruptDocument(name, f"a .docx member is damaged ({exc})",
                              "download or copy the file again, or re-save it from Word") from exc
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise NotADocx(name, f"the zip archive is not a Word document ({exc})",
                       "open it in an office suite and save it as .docx") from exc
    except etree.XMLSyntaxError as exc:
        raise CorruptDocument(name, f"the .docx holds broken XML ({exc})", "re-save it from Word") from exc


def check_inflation(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Refuse a .docx whose zip directory promises too much inflation (a zip bomb).

    The sizes come from the directory, before anything is inflated; they can
    be trusted as bounds because :mod:`zipfile` never inflates a member past
    its declared size (a member lying low is cut short and fails its CRC).
    """
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    cap = limits.max_docx_uncompressed_bytes
    if cap is not None and total > cap:
        raise limits.exceeded("max_docx_uncompressed_bytes", name, total,
                              f"its {len(infos)} zip members would inflate to {total} bytes, more than the limit of {cap}")
    ratio_cap = limits.max_docx_ratio
    if ratio_cap is None:
        return
    for info in infos:
        if info.file_size < DOCX_RATIO_FLOOR_BYTES:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > ratio_cap:
            raise limits.exceeded("max_docx_ratio", name, round(ratio, 1),
                                  f"member {info.filename} inflates {ratio:.0f}x ({info.compress_size} to "
                                  f"{info.file_size} bytes), more than the limit of {ratio_cap}x")


#: Bytes of a part read at a time while looking for its root element.
_PROLOG_CHUNK = 1 << 16
_ROOT_START = regex.compile(rb"<[A-Za-z_]")


def check_no_dtd(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a .docx with a DTD in any XML part: Word never writes one, entity attacks need one.

    python-docx parses with ``resolve_entities=False`` and lxml keeps
    ``no_network`` and ``huge_tree=False``, so an entity would not expand
    anyway; refusing says plainly that the file was crafted. Only the prolog
    (the bytes before the root element, where a DTD must stand) is read.
    """
    for info in archive.infolist():
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        prolog = b""
        with archive.open(info) as member:
            while chunk := member.read(_PROLOG_CHUNK):
                prolog += chunk
                root = _ROOT_START.search(prolog)
                if root is not None:
                    prolog = prolog[:root.start()]
                    break
        if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
            raise UnsafeDocument(name, f"the .docx part {info.filename} declares a DTD (entities)",
                                 "Word never writes one: the file was crafted or altered; re-save it from Word")


_W_VAL = qn("w:val")
_TEXT_TAGS = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}


def paragraph_text(p) -> str:
    """Text of a ``w:p`` as Word shows it: runs (hyperlinks included), tabs and line breaks.

    Read from the XML directly: python-docx's proxies cost more than the rest
    of the reader on a 600-cell table.
    """
    out = []
    for element in p.iter(*_TEXT_TAGS):
        tag = element.tag
        if tag == _TEXT_TAGS_T:
            out.append(element.text or "")
        elif tag == _BR:
            # Page and column breaks do not break the line of text.
            if element.get(qn("w:type")) in (None, "textWrapping"):
                out.append("\n")
        else:
            out.append(_TEXT_TAGS[tag])
    return fold_characters("".join(out))


_TEXT_TAGS_T, _BR = qn("w:t"), qn("w:br")


class _Styles:
    """Heading and bold facts of a document's styles, resolved once through ``basedOn``."""

    def __init__(self, document) -> None:
        self._by_id = {}
        self._default = None
        root = document.styles.element
        for style in root.iter(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            self._by_id[style_id] = style
            if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
                self._default = style_id
        self._heading: dict[str | None, bool] = {}
        self._bold: dict[str | None, bool] = {}

    def _chain(self, style_id: str | None):
        seen = set()
        while style_id is not None and style_id in self._by_id and style_id not in seen:
            seen.add(style_id)
            style = self._by_id[style_id]
            yield style
            based = style.find(qn("w:basedOn"))
            style_id = based.get(_W_VAL) if based is not None else None

    def style_heading(self, style_id: str | None) -> bool:
        """The style (or one it is based on) is a heading/title or carries an outline level."""
        if style_id not in self._heading:
            self._heading[style_id] = any(
                _style_name(style).startswith(_HEADING_STYLES) or _outline_level(style) is not None
                for style in self._chain(style_id))
        return self._heading[style_id]

    def style_bold(self, style_id: str | None) -> bool:
        """The style's run properties make its text bold (first explicit setting on the chain)."""
        if style_id not in self._bold:
            value = False
            for style in self._chain(style_id):
                setting = _bold_setting(style.find(qn("w:rPr")))
                if setting is not None:
                    value = setting
                    break
            self._bold[style_id] = value
        return self._bold[style_id]

    def is_heading(self, p) -> bool:
        """Heading style or outline level, or every run with text is bold."""
        ppr = p.find(qn("w:pPr"))
        style_element = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style_id = style_element.get(_W_VAL) if style_element is not None else self._default
        if self.style_heading(style_id) or _outline_level(p) is not None:
            return True
        runs = [r for r in p.iter(qn("w:r")) if "".join(t.text or "" for t in r.iter(_TEXT_TAGS_T)).strip()]
        return bool(runs) and all(self._run_bold(r, style_id) for r in runs)

    def _run_bold(self, r, paragraph_style: str | None) -> bool:
        rpr = r.find(qn("w:rPr"))
        setting = _bold_setting(rpr)
        if setting is not None:
            return setting
        run_style = rpr.find(qn("w:rStyle")) if rpr is not None else None
        if run_style is not None and self.style_bold(run_style.get(_W_VAL)):
            return True
        return self.style_bold(paragraph_style)


def _style_name(style) -> str:
    name = style.find(qn("w:name"))
    return (name.get(_W_VAL) or "").lower() if name is not None else ""


def _bold_setting(rpr) -> bool | None:
    """``w:b`` in run properties: True/False when set, None when inherited."""
    if rpr is None:
        return None
    b = rpr.find(qn("w:b"))
    if b is None:
        return None
    return b.get(_W_VAL) not in ("0", "false", "off")


def _outline_level(element) -> str | None:
    ppr = element.find(qn("w:pPr"))
    if ppr is None:
        return None
    level = ppr.find(qn("w:outlineLvl"))
    # Level 9 is "body text" in Word's outline numbering.
    if level is None or level.get(_W_VAL) == "9":
        return None
    return level.get(_W_VAL)


_TR, _TC, _TCPR, _P = qn("w:tr"), qn("w:tc"), qn("w:tcPr"), qn("w:p")


def _read_table(tbl, number: int) -> Table:
    """Rows of a ``w:tbl`` as a full-width grid, each merged cell's text given once."""
    grid: list[list[Cell]] = []
    width = len(tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))
    for r, tr in enumerate(tbl.iterchildren(_TR), start=1):
        row: list[Cell] = []
        col = _int_val(tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}"), 0)
        row += [_cell("", number, r, c + 1) for c in range(col)]
        for tc in tr.iterchildren(_TC):
            tcpr = tc.find(_TCPR)
            span = _int_val(tcpr.find(qn("w:gridSpan")) if tcpr is not None else None, 1)
            vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
            # vMerge without val="restart" continues the cell above: its text was read there.
            continued = vmerge is not None and vmerge.get(_W_VAL) != "restart"
            row.append(_cell("" if continued else _tc_text(tc), number, r, col + 1))
            row += [_cell("", number, r, col + 1 + k) for k in range(1, span)]
            col += span
        grid.append(row)
        width = max(width, len(row))
    rows = tuple(tuple(row + [_cell("", number, r, c + 1) for c in range(len(row), width)])
                 for r, row in enumerate(grid, start=1))
    return Table(rows, Origin(table=number))


def _int_val(element, default: int) -> int:
    if element is None:
        return default
    try:
        return max(int(element.get(_W_VAL, default)), 0)
    except ValueError:
        return default


def _tc_text(tc) -> str:
    """Paragraphs of a cell joined by newlines (nested tables' text included, in order)."""
    texts = (paragraph_text(p) for p in tc.iter(_P))
    return "\n".join(t for t in texts if t.strip()).strip()


def _cell(text: str, table: int, row: int, col: int) -> Cell:
    return Cell(text, Origin(table=table, row=row, col=col))
