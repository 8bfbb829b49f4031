"""PDF bulletins with pdfplumber: paragraphs in reading order and the statistics table.

Per page: the content stream is read by :class:`~.pdf_content.ContentPage`
(its own tokenizer feeding pdfminer's interpreter, pdfplumber's values, about
a third of pdfplumber's time: docs/pdf_speed.md), doubled glyphs of fake-bold
text are dropped (``dedupe_chars``), characters are grouped into lines
without spaces between CJK characters (:mod:`.pdf_layout`), table detection
runs only on pages that hold ruling lines, and an unruled table is recovered
from cell positions. Lines that a paragraph wrapped are joined back (also
where a line stops short of a ragged margin mid-sentence), page numbers and
running headers/footers are dropped, a table continued on the next page
(header repeated or not) is returned as one
:class:`~hotline_etl.document.Table`, and pdfminer's log output becomes
notes (docs/readers.md).

A page without text that holds an image (a scan) is read by OCR
(:mod:`.ocr`, the ``[ocr]`` extra) into the same glyphs and ruling lines, and
laid out by the same code; pages with a text layer never are (docs/ocr.md).

>>> from pathlib import Path
>>> doc = read_pdf(Path("fixtures/pdf/seed_trad_ruled_table_repeated_header.pdf").read_bytes(), "a.pdf")
>>> doc.blocks[0].text, doc.blocks[0].origin.page
('一、基本情況', 1)
"""

from __future__ import annotations

import io
import itertools
import logging
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

import pdfplumber
import regex
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from ..document import Block, Cell, Document, Origin, Paragraph, ReaderWarning, Table
from ..errors import (CorruptDocument, EncryptedPdf, HotlineError, NoTextLayer, OcrSwitchedOff, OcrUnavailable,
                      PdfStructureError)
from ..limits import Limits
from .pdf_content import ContentPage
from .pdf_layout import (Margins, TextLine, find_unruled_table, glyph_confidence, group_lines, has_doubled_glyphs,
                         line_glyphs, paragraph_text, table_cell_texts)
from .pdf_tables import MIN_RULINGS, find_ruled_tables
from .tables import join_continued_tables, renumber_tables

#: Share of ``(cid:N)`` glyphs (no Unicode mapping) above which the text layer is unusable.
MAX_CID_SHARE = 0.5
#: Fake bold draws a glyph twice this close (points).
DEDUPE_TOLERANCE = 1


@dataclass
class _PageTable:
    """A table found on one page, before joining across pages (``glyphs``: each cell's, for OCR confidence)."""

    rows: list[list[str]]
    top: float
    page: int
    glyphs: list[list[list[dict]]] | None = None


@dataclass
class _Scan:
    """A page without text holding images: ``dpi`` is the resolution of its largest image."""

    number: int
    dpi: float | None


def read_pdf(data: bytes, name: str, limits: Limits | None = None) -> Document:
    """Read a PDF bulletin into paragraphs and tables with page provenance.

    More pages than ``limits.max_pdf_pages`` are refused before any is laid
    out; a structure pdfminer cannot follow (a cross-reference chain that loops,
    objects nested past the recursion limit) raises
    :class:`~hotline_etl.errors.PdfStructureError`.
    """
    limits = Limits.resolve(limits)
    if b"%%EOF" not in data[-2048:]:
        raise CorruptDocument(name, "the PDF is truncated (no %%EOF end marker)",
                              "download or copy the file again")
    pages_items: list[list[TextLine | _PageTable]] = []
    notes: list[str] = []
    warnings: list[ReaderWarning] = []
    scans: list[_Scan] = []
    glyphs = cids = 0
    try:
        with captured_library_log(notes), pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = pdf.pages
            if limits.max_pdf_pages is not None and len(pages) > limits.max_pdf_pages:
                raise limits.exceeded("max_pdf_pages", name, len(pages))
            for number, page in enumerate(pages, start=1):
                page = ContentPage.of(page)
                page_items, page_glyphs, page_cids, scan = _read_page(page, number, notes, warnings)
                pages_items.append(page_items)
                glyphs += page_glyphs
                cids += page_cids
                if scan is not None:
                    scans.append(scan)
                # Long bulletins: free each page's parsed objects as soon as it is read.
                page.close()
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, HotlineError):
            raise cause from None  # a time limit that fired inside pdfplumber.open, which wraps everything
        raise _classify(cause, name) from exc
    except (PSException, PDFSyntaxError, RecursionError) as exc:
        raise _classify(exc, name) from exc
    if cids > MAX_CID_SHARE * glyphs > 0:
        raise NoTextLayer(name, f"{cids} of {glyphs} glyphs have no Unicode mapping ((cid:N))",
                          "the fonts lack a ToUnicode map: print it to an image-only PDF and read that by OCR")
    if glyphs == 0 and not scans:
        raise NoTextLayer(name, "no text layer and no images (blank pages)", "check the source of this file")
    ocr_pages = _read_scans(data, name, scans, pages_items, glyphs == 0, limits, notes, warnings)
    return assemble_pages(name, "pdf", pages_items, notes, warnings, ocr_pages)


def assemble_pages(name: str, fmt: str, pages_items: list[list], notes: list[str], warnings: list[ReaderWarning],
                   ocr_pages: tuple[int, ...] = ()) -> Document:
    """The document of laid-out pages: furniture dropped, paragraphs and tables joined across pages.

    Shared by text PDFs, scanned PDFs and image files; OCR'd pages add the
    ``ocr-used`` and ``ocr-low-confidence`` warnings.
    """
    drop_running_furniture(pages_items, notes)
    blocks = _assemble([(number, item) for number, page_items in enumerate(pages_items, start=1)
                        for item in page_items])
    joined = renumber_tables(join_continued_tables(blocks, require_repeated_header=False, notes=notes))
    if ocr_pages:
        from .ocr import ocr_warnings  # the engine's module; importing it needs no extra

        warnings = warnings + ocr_warnings(joined, ocr_pages)
    return Document(name=name, format=fmt, blocks=joined, notes=tuple(notes), warnings=tuple(warnings),
                    pages=len(pages_items), ocr_pages=ocr_pages)


def _read_scans(data: bytes, name: str, scans: list[_Scan], pages_items: list[list], only_scans: bool,
                limits: Limits, notes: list[str], warnings: list[ReaderWarning]) -> tuple[int, ...]:
    """OCR the scanned pages into ``pages_items``; the pages read.

    When OCR is off or not installed, a document of scans only fails saying
    so; scans among text pages are noted as not read.
    """
    from .ocr import MIN_SCAN_DPI, ocr_pdf_pages

    coarse = [s for s in scans if s.dpi is not None and s.dpi < MIN_SCAN_DPI]
    for scan in coarse:
        notes.append(f"page {scan.number}: no text layer, only an image scanned at {scan.dpi:g} dpi, too coarse "
                     f"to read by OCR (at least {MIN_SCAN_DPI:g} dpi); its content is not read")
    if coarse and only_scans and len(coarse) == len(scans):
        raise NoTextLayer(name, f"its pages are images scanned at {max(s.dpi for s in coarse):g} dpi or less, too "
                                "coarse to read by OCR", "scan it again at 150 dpi or more")
    scans = [s for s in scans if s not in coarse]
    if not scans:
        return ()
    what = (f"its {len(scans)} page{'s are' if len(scans) > 1 else ' is an'} image{'s' if len(scans) > 1 else ''}"
            " without a text layer (scanned)")
    try:
        limits.check_ocr_pages(len(scans), name, what)
        read = ocr_pdf_pages(data, name, [(s.number, s.dpi) for s in scans], limits)
    except (OcrSwitchedOff, OcrUnavailable) as exc:
        if only_scans:
            raise
        for scan in scans:
            notes.append(f"page {scan.number}: no text layer, only images (a scanned page?); its content is not "
                         f"read ({exc.kind}: {exc.hint})")
        return ()
    for scan in scans:
        items = layout_page(read[scan.number].chars, read[scan.number].tables(), scan.number, notes, warnings)
        pages_items[scan.number - 1] = items
        notes.append(read[scan.number].describe(scan.number))
    return tuple(s.number for s in scans)


#: Loggers of the libraries under the PDF reader; what they log becomes notes, not terminal output.
LIBRARY_LOGGERS = ("pdfminer", "pdfplumber")
_LOG_LOCK = threading.Lock()
_ACTIVE: list[logging.Handler] = []
_SAVED_PROPAGATE: list[bool] = []


class _NoteHandler(logging.Handler):
    """Counts each distinct message a library logs at WARNING or above in one thread."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.counts: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.counts[record.getMessage()] += 1


@contextmanager
def captured_library_log(notes: list[str]):
    """Route pdfminer's and pdfplumber's log records into ``notes`` while a PDF is read.

    pdfminer warns about font descriptors it cannot parse (Chromium's
    embedded fonts lack a FontBBox) through :mod:`logging`; with no handler
    configured Python prints them on stderr. During the read the two
    loggers get a handler of their own and stop propagating, so nothing
    reaches the terminal or the application's root handler; each distinct
    message becomes one note with its count. Reads in several threads share
    the switch (the last one out restores ``propagate``).
    """
    handler = _NoteHandler()
    loggers = [logging.getLogger(name) for name in LIBRARY_LOGGERS]
    with _LOG_LOCK:
        if not _ACTIVE:
            _SAVED_PROPAGATE[:] = [logger.propagate for logger in loggers]
            for logger in loggers:
                logger.propagate = False
        _ACTIVE.append(handler)
        for logger in loggers:
            logger.addHandler(handler)
    try:
        yield handler
    finally:
        with _LOG_LOCK:
            for logger in loggers:
                logger.removeHandler(handler)
            _ACTIVE.remove(handler)
            if not _ACTIVE:
                for logger, propagate in zip(loggers, _SAVED_PROPAGATE):
                    logger.propagate = propagate
        notes += [f"pdfminer: {message}" + (f" ({count} times)" if count > 1 else "")
                  for message, count in handler.counts.items()]


def _classify(exc: BaseException, name: str) -> Exception:
    if isinstance(exc, (PDFPasswordIncorrect, PDFEncryptionError)):
        return EncryptedPdf(name, "the PDF is password-protected",
                            "ask the publisher for an unprotected copy or remove the password (qpdf --decrypt)")
    if isinstance(exc, RecursionError):
        # pdfminer follows /Prev chains and nested objects recursively: a loop ends here.
        return PdfStructureError(name, "its cross-reference chain or object nesting loops or runs too deep "
                                 "for pdfminer to follow", "repair it (qpdf or mutool clean) and ingest the result")
    return CorruptDocument(name, f"the PDF is damaged ({type(exc).__name__}: {exc})",
                           "download or copy the file again")


def _read_page(page, number: int, notes: list[str],
               warnings: list[ReaderWarning]) -> tuple[list[TextLine | _PageTable], int, int, _Scan | None]:
    """Lines and tables of one page, top to bottom, with glyph and ``(cid:N)`` counts, or the scan it is.

    What was dropped or inferred (doubled glyphs, page numbers, an unruled
    table) is said in ``notes``.
    """
    # dedupe_chars sorts and clusters every glyph: run it only on pages where a
    # cheap scan finds a glyph drawn twice.
    clean = page.dedupe_chars(tolerance=DEDUPE_TOLERANCE) if has_doubled_glyphs(page.chars) else page
    chars = clean.chars
    if clean is not page:
        notes.append(f"page {number}: {len(page.chars) - len(chars)} doubled glyphs (fake bold) removed")
    glyphs = sum(1 for c in chars if not c["text"].isspace())
    cids = sum(1 for c in chars if c["text"].startswith("(cid:"))
    if glyphs == 0 and page.images:
        return [], 0, 0, _Scan(number, _scan_dpi(page))
    ruled = find_ruled_tables(clean) if len(page.lines) + len(page.rects) >= MIN_RULINGS else []
    return layout_page(chars, ruled, number, notes, warnings), glyphs, cids, None


def _scan_dpi(page) -> float | None:
    """The resolution of the largest image on ``page``: its pixels over the inches it covers."""
    from .ocr import page_dpi

    images = [im for im in page.images if im.get("srcsize") and im["x1"] > im["x0"] and im["bottom"] > im["top"]]
    if not images:
        return None
    image = max(images, key=lambda im: (im["x1"] - im["x0"]) * (im["bottom"] - im["top"]))
    return page_dpi(image["srcsize"], (image["x1"] - image["x0"], image["bottom"] - image["top"]))


def layout_page(chars: list[dict], ruled: list, number: int, notes: list[str],
                warnings: list[ReaderWarning]) -> list[TextLine | _PageTable]:
    """Lines and tables of one page from its glyphs and its ruled tables (pdfplumber ``Table`` objects).

    The glyphs come from the PDF's text layer or from OCR (then each carries
    a ``confidence``); everything after this is the same for both.
    """
    tables: list[_PageTable] = []
    for found in ruled:
        rows, cell_glyphs = table_cell_texts(found.rows, chars)
        if rows and len(rows[0]) > 1:
            tables.append(_PageTable(rows, found.bbox[1], number, cell_glyphs))
            x0, top, x1, bottom = found.bbox
            chars = [c for c in chars if not (x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                                              and top <= (c["top"] + c["bottom"]) / 2 <= bottom)]
    lines = group_lines(chars)
    if not tables:
        unruled = find_unruled_table(lines)
        if unruled is not None:
            tables.append(_PageTable(unruled.rows, lines[unruled.first_line].top, number, unruled.glyphs))
            notes.append(f"page {number}: unruled table of {len(unruled.rows)} rows x "
                         f"{len(unruled.rows[0])} columns recovered from text positions")
            if not unruled.aligned:
                warnings.append(ReaderWarning(
                    "table-columns-unaligned",
                    f"the header of the unruled table on page {number} could not be aligned with its "
                    f"{len(unruled.rows[-1])} columns: its {unruled.header_rows} lines are kept as printed, "
                    "one row each",
                    Origin(page=number)))
            lines = lines[:unruled.first_line] + lines[unruled.last_line + 1:]
    # Page numbers are furniture: drop them when they open or close the page.
    while lines and lines[-1].is_page_number():
        notes.append(f"page {number}: page number {lines.pop().text!r} dropped")
    while lines and lines[0].is_page_number():
        notes.append(f"page {number}: page number {lines.pop(0).text!r} dropped")
    items: list[TextLine | _PageTable] = [*lines, *tables]
    items.sort(key=lambda it: it.top)
    return items


#: Lines looked at, from the top and from the bottom of each page, for running headers and footers.
FURNITURE_DEPTH = 2
_DIGITS = regex.compile(r"\d+")
_SPACES = regex.compile(r"\s+")


def drop_running_furniture(pages: list[list], notes: list[str]) -> None:
    """Drop running headers and footers: a line repeated at the top or foot of most pages.

    The top and bottom :data:`FURNITURE_DEPTH` text lines of each page are
    compared with their digits masked (``第1頁 共4頁``, a print date, a page
    count); a line met on every page, or on all but one, is page furniture,
    not bulletin text, where it is the outermost line (or the next after
    furniture). A table header repeated on the table's pages is not: the
    pages of text before it lack it. Each drop is said in ``notes``.
    """
    if len(pages) < 2:
        return

    def key(line: TextLine) -> str:
        return _SPACES.sub("", _DIGITS.sub("#", line.text))

    def edges(items: list) -> list[TextLine]:
        lines = [it for it in items if isinstance(it, TextLine)]
        return lines[:FURNITURE_DEPTH] + lines[FURNITURE_DEPTH:][-FURNITURE_DEPTH:]

    seen: dict[str, set[int]] = {}
    for number, items in enumerate(pages):
        for line in edges(items):
            seen.setdefault(key(line), set()).add(number)
    # On every page, or all but one (a title page often has none).
    running = {k for k, on in seen.items() if len(on) >= max(2, len(pages) - 1)}
    for number, items in enumerate(pages):
        lines = [it for it in items if isinstance(it, TextLine)]
        # Only the outermost lines: from the top (and the foot) inwards while they are running lines.
        dropped = list(itertools.takewhile(lambda line: key(line) in running, lines[:FURNITURE_DEPTH]))
        rest = lines[len(dropped):]
        dropped += list(itertools.takewhile(lambda line: key(line) in running, rest[::-1][:FURNITURE_DEPTH]))
        gone = {id(line) for line in dropped}
        items[:] = [it for it in items if id(it) not in gone]
        for line in dropped:
            notes.append(f"page {number + 1}: running header or footer {line.text!r} dropped")


def _assemble(items: list[tuple[int, TextLine | _PageTable]]) -> list[Block]:
    """Paragraphs from wrapped lines and tables from page tables, in reading order."""
    margins = Margins.of([it for _, it in items if isinstance(it, TextLine)])
    blocks: list[Block] = []
    open_lines: list[TextLine] = []
    open_at: tuple[int, int] = (0, 0)
    line_number = 0

    def flush() -> None:
        if open_lines:
            # A one-line paragraph set wholly in a bold font is a heading (一、基本情況).
            heading = len(open_lines) == 1 and open_lines[0].bold
            text = paragraph_text(open_lines)
            confidence = glyph_confidence(text, line_glyphs(open_lines))
            origin = Origin(line=open_at[1], page=open_at[0], ocr=True if confidence is not None else None)
            blocks.append(Paragraph(text, origin, heading, confidence))
            open_lines.clear()

    for page, item in items:
        if isinstance(item, _PageTable):
            flush()
            start = line_number + 1
            line_number += len(item.rows)
            blocks.append(_table(item, start))
            continue
        line_number += 1
        if open_lines and margins.continues(open_lines[-1], item):
            open_lines.append(item)
            continue
        flush()
        open_lines.append(item)
        open_at = (page, line_number)
    flush()
    return blocks


def _table(table: _PageTable, first_line: int) -> Table:
    width = max(len(r) for r in table.rows)
    ocr = True if table.glyphs and any(g and "confidence" in g[0] for row in table.glyphs for g in row) else None

    def cell(r: int, c: int) -> Cell:
        row = table.rows[r]
        text = row[c] if c < len(row) else ""
        glyphs = table.glyphs[r][c] if ocr and c < len(table.glyphs[r]) else []
        confidence = glyph_confidence(text, glyphs) if ocr else None
        if ocr and confidence is None:
            confidence = (1.0,) * len(text)  # an empty cell: nothing was misread
        return Cell(text, Origin(line=first_line + r, page=table.page, table=0, row=r + 1, col=c + 1, ocr=ocr),
                    confidence)

    rows = tuple(tuple(cell(r, c) for c in range(width)) for r in range(len(table.rows)))
    return Table(rows, Origin(line=first_line, page=table.page, table=0, ocr=ocr))
