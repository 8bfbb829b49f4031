"""Characters of a PDF page to text lines, paragraphs and unruled tables.

pdfplumber gives positioned characters; this module groups them into lines
with spacing that suits Chinese (no spaces between CJK characters, even where
justification or CJK/Latin auto-spacing widened a gap), rejoins lines that a
paragraph wrapped, and recovers whitespace-aligned (unruled) tables by
clustering cell positions into columns.

>>> line = TextLine(top=0, bottom=10, size=10, chars=[], segments=[Segment(0, 40, "受理案件數")])
>>> line.text
'受理案件數'
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import regex

from ..characters import fold_characters, is_wide
from ..document import spread_confidence
from .tables import is_numeric_cell, join_wrapped

#: A gap of at least this many ems splits a line into segments (table cells, or
#: words set apart on purpose). Justified Chinese text stays well below it.
SEGMENT_GAP_EM = 0.8
#: Between two Latin/digit characters a gap above this many ems is a word space.
WORD_GAP_EM = 0.15
#: A line of an unruled table: at least this many segments, this many numeric.
ROW_MIN_SEGMENTS, ROW_MIN_NUMERIC = 4, 3

_BOLD_FONT = regex.compile(r"(?i)bold|heavy|black|semibold|demibold")
_PAGE_NUMBER = regex.compile(r"^[-—–－ \s]*(第\s*)?\d{1,4}\s*(頁|页)?(\s*[/／]\s*(共\s*)?\d{1,4}\s*(頁|页)?)?[-—–－\s]*$")


def has_doubled_glyphs(chars: list[dict], tolerance: float = 1.0) -> bool:
    """Whether some glyph is drawn twice at (almost) the same place, as fake bold does.

    A hash of positions on a ``tolerance`` grid, looked up in the neighbouring
    cells too: linear, unlike a full dedupe.

    >>> a = {"text": "縣", "x0": 10.0, "top": 5.0}
    >>> has_doubled_glyphs([a, {**a, "x0": 10.35}]), has_doubled_glyphs([a, {**a, "x0": 21.0}])
    (True, False)
    """
    seen: set[tuple[str, int, int]] = set()
    for char in chars:
        text = char["text"]
        if text.isspace():
            continue
        x, y = round(char["x0"] / tolerance), round(char["top"] / tolerance)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if (text, x + dx, y + dy) in seen:
                    return True
        seen.add((text, x, y))
    return False


@dataclass
class Segment:
    """A run of characters without a wide gap: a table cell or a stretch of text.

    ``chars`` are the non-space glyphs it was built from, in order (what
    :func:`glyph_confidence` reads an OCR'd text's confidence from).
    """

    x0: float
    x1: float
    text: str
    chars: list[dict] = field(default_factory=list)


@dataclass
class TextLine:
    """One visual line: its segments left to right and its vertical extent."""

    top: float
    bottom: float
    size: float
    chars: list[dict]
    segments: list[Segment] = field(default_factory=list)
    bold: bool = False
    trailing_space: bool = False

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    @property
    def text(self) -> str:
        """The segments joined by one space (a wide gap reads as a space)."""
        return " ".join(s.text for s in self.segments)

    def is_table_row(self) -> bool:
        """Looks like a row of an unruled statistics table (several numeric cells)."""
        numeric = sum(is_numeric_cell(s.text) for s in self.segments)
        return len(self.segments) >= ROW_MIN_SEGMENTS and numeric >= ROW_MIN_NUMERIC

    def is_page_number(self) -> bool:
        """``- 3 -``, ``第3頁``, ``3/12``: page furniture, not bulletin text."""
        return bool(_PAGE_NUMBER.match(self.text))


def group_lines(chars: list[dict]) -> list[TextLine]:
    """Cluster upright characters into visual lines, top to bottom."""
    ordered = sorted((c for c in chars if c.get("upright", True) and c["text"]),
                     key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"]))
    lines: list[TextLine] = []
    current: list[dict] = []
    centre = 0.0
    for char in ordered:
        middle = (char["top"] + char["bottom"]) / 2
        if current and abs(middle - centre) > 0.4 * max(char["size"], 1.0):
            lines.append(_make_line(current))
            current = []
        if not current:
            centre = middle
        current.append(char)
    if current:
        lines.append(_make_line(current))
    return [line for line in lines if line.segments]


def _make_line(chars: list[dict]) -> TextLine:
    chars = sorted(chars, key=lambda c: c["x0"])
    line = TextLine(top=min(c["top"] for c in chars), bottom=max(c["bottom"] for c in chars),
                    size=max(c["size"] for c in chars), chars=chars)
    line.segments = split_segments(chars)
    line.trailing_space = chars[-1]["text"].isspace()
    line.bold = all(_BOLD_FONT.search(c.get("fontname") or "") for c in chars if not c["text"].isspace())
    return line


def split_segments(chars: list[dict]) -> list[Segment]:
    """Characters of one line, left to right, to segments split at wide gaps."""
    segments: list[Segment] = []
    text: list[str] = []
    glyphs: list[dict] = []
    start = end = 0.0
    previous: dict | None = None
    for char in chars:
        ch = char["text"]
        if previous is not None:
            em = max(char["size"], previous["size"], 1.0)
            gap = char["x0"] - previous["x1"]
            if gap >= SEGMENT_GAP_EM * em:
                _close(segments, text, glyphs, start, end)
                text, glyphs, previous = [], [], None
            elif (gap > WORD_GAP_EM * em and text and not ch.isspace() and not text[-1].isspace()
                  and is_word_gap(text[-1][-1:], ch)):
                text.append(" ")
        if previous is None:
            start = char["x0"]
        if ch.isspace():
            # Keep a real space once; it never starts a segment.
            if text and not text[-1].isspace():
                text.append(" ")
        else:
            text.append(ch)
            glyphs.append(char)
            end = char["x1"]
        previous = char
    _close(segments, text, glyphs, start, end)
    return segments


def is_word_gap(left: str, right: str) -> bool:
    """Whether a visible gap between ``left`` and ``right`` stands for a space.

    Producers that place glyphs one by one draw no space glyph: a space is a
    gap. Between two CJK characters a gap is justification, and between CJK
    and a Latin letter or digit it is the CJK/Latin auto-spacing of word
    processors; next to ASCII punctuation or between Latin characters it is
    a space (``人員, 在``, ``B05HX9 )``).

    >>> is_word_gap(",", "在"), is_word_gap("縣", "2"), is_word_gap("9", ")"), is_word_gap("縣", "局")
    (True, False, True, False)
    """
    left_wide, right_wide = is_wide(left), is_wide(right)
    if left_wide and right_wide:
        return False
    if left_wide or right_wide:
        other = right if left_wide else left
        return not other.isalnum()
    return True


def _close(segments: list[Segment], text: list[str], glyphs: list[dict], start: float, end: float) -> None:
    joined = fold_characters("".join(text).strip())
    if joined:
        segments.append(Segment(start, end, joined, glyphs))


def line_glyphs(lines: list["TextLine"]) -> list[dict]:
    """The non-space glyphs of ``lines``, in the order their text reads."""
    return [c for line in lines for s in line.segments for c in s.chars]


def glyph_confidence(text: str, glyphs: list[dict]) -> tuple[float, ...] | None:
    """Per character of ``text`` (built from ``glyphs``), the recogniser's confidence; None unless OCR'd.

    OCR glyphs carry a ``confidence``; text glyphs of a PDF do not.

    >>> glyph_confidence("縣局 24", [{"text": t, "confidence": c} for t, c in zip("縣局24", (0.9, 0.8, 0.99, 0.5))])
    (0.9, 0.8, 0.8, 0.99, 0.5)
    """
    if not glyphs or "confidence" not in glyphs[0]:
        return None
    return spread_confidence(text, [g["confidence"] for g in glyphs])


# ----------------------------------------------------------------------------- paragraphs

#: Marks that end a sentence (a closing quote or bracket may follow them).
_SENTENCE_END = regex.compile(r"[。！？!?…][”’」』）)\"']*$")
#: A line that does not end a sentence continues on the next when it ends at most this
#: many ems short of the right margin (a ragged right edge, an unbreakable number).
RAGGED_EM = 6.0


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with a full stop, question or exclamation mark (closing quotes allowed).

    >>> ends_sentence("在辦4件。"), ends_sentence("縣供電公司1"), ends_sentence("聯系。”")
    (True, False, True)
    """
    return bool(_SENTENCE_END.search(text.rstrip()))


@dataclass
class Margins:
    """Left and right edges of the body text, and the indent that opens a paragraph."""

    left: float
    right: float

    @classmethod
    def of(cls, lines: list[TextLine]) -> "Margins":
        """Most common left edge, and the rightmost right edge of the lines that start there.

        Only body lines (at the margin or a first-line indent from it) set the
        right edge: a table or a stray glyph outside the text block does not.
        """
        if not lines:
            return cls(0.0, 0.0)
        lefts: dict[int, int] = {}
        for line in lines:
            lefts[round(line.x0)] = lefts.get(round(line.x0), 0) + 1
        left = min(k for k, v in lefts.items() if v == max(lefts.values()))
        body = [line for line in lines if left - 0.5 * line.size <= line.x0 <= left + 2.5 * line.size]
        return cls(float(left), max(line.x1 for line in body or lines))

    def continues(self, previous: TextLine, line: TextLine) -> bool:
        """Whether ``line`` carries on the paragraph that ``previous`` wrapped.

        The previous line must be a body line (starting at the margin or the
        first-line indent) and this line must start at the left margin (an
        indented or centred line opens a new paragraph). Then the previous
        line continues when it runs to the right margin, or when it does not
        end a sentence and stops at most :data:`RAGGED_EM` short of it (a
        ragged right edge, or a figure the producer would not break).
        """
        em = max(previous.size, line.size, 1.0)
        body_start = previous.x0 <= self.left + 2.5 * em
        at_margin = abs(line.x0 - self.left) <= 0.5 * em
        if not (body_start and at_margin):
            return False
        if previous.x1 >= self.right - 1.2 * em:
            return True
        return previous.x1 >= self.right - RAGGED_EM * em and not ends_sentence(previous.text)


def paragraph_text(lines: list[TextLine]) -> str:
    """The text of a paragraph whose lines wrapped: glued without separators.

    A space glyph the producer left at the end of a line is kept where the
    join is not between two CJK characters (``工作人員, `` + ``在…``).
    """
    out = ""
    for k, line in enumerate(lines):
        text = line.text
        if k and lines[k - 1].trailing_space and out and text and not (is_wide(out[-1]) and is_wide(text[0])):
            out += " " + text
        else:
            out = join_wrapped([out, text])
    return out


# ----------------------------------------------------------------------------- unruled tables

@dataclass
class UnruledTable:
    """A whitespace-aligned table found among a page's lines.

    ``aligned`` is False when the header lines could not be put in the
    columns of the data rows: they are then given as printed, one row per
    line, instead of being combined per column.
    """

    rows: list[list[str]]
    first_line: int
    last_line: int
    header_rows: int
    aligned: bool = True
    #: The glyphs of each cell (parallel to ``rows``), for an OCR'd cell's confidence.
    glyphs: list[list[list[dict]]] = field(default_factory=list)


#: The header of an unruled table may stand this many ems above its first data row (cell
#: padding), its lines this close to each other.
HEADER_GAP_EM, HEADER_LINE_GAP_EM = 3.0, 1.2


def find_unruled_table(lines: list[TextLine]) -> UnruledTable | None:
    """The table-like run of lines on a page, as rows of cell texts, or ``None``.

    Columns come from the x-extents of the data rows' segments (overlapping
    extents are one column). The header lines just above the first data row
    are reassembled by column extent (:func:`wrapped_header`): a header cell
    wrapped onto two or three lines (``受理案件`` / ``數``) comes out whole.
    """
    rows_at = [i for i, line in enumerate(lines) if line.is_table_row()]
    if len(rows_at) < 2:
        return None
    first, last = rows_at[0], rows_at[-1]
    columns = _columns([s for i in rows_at for s in lines[i].segments])
    if len(columns) < ROW_MIN_SEGMENTS:
        return None
    head = first
    while head > 0 and _is_header_line(lines[head - 1], lines[head], columns, head == first):
        head -= 1
    rows, glyphs, aligned = wrapped_header(lines[head:first], columns) if head < first else ([], [], True)
    header_rows = len(rows)
    for line in lines[first:last + 1]:
        cells, cell_glyphs = _cells(line, columns)
        if len(rows) > header_rows and not line.is_table_row() and all(not c for c in cells[1:]):
            # A unit name wrapped onto a line of its own belongs to the row above.
            rows[-1][0] = join_wrapped([rows[-1][0], cells[0]])
            glyphs[-1][0] = glyphs[-1][0] + cell_glyphs[0]
            continue
        rows.append(cells)
        glyphs.append(cell_glyphs)
    return UnruledTable(rows, head, last, header_rows, aligned, glyphs)


def wrapped_header(lines: list[TextLine],
                   columns: list[tuple[float, float]]) -> tuple[list[list[str]], list[list[list[dict]]], bool]:
    """Header lines combined into one row, each character in the column whose extent holds it.

    Columns are bounded halfway between the data extents, so a header cell
    wider than its numbers, or two header cells printed without a gap
    (``按期辦理按期辦結率``), still split where the columns do. When a column
    gets no header text the header cannot be aligned: the lines are returned
    as printed, one row each, with ``False``. The cells' glyphs come second.
    """
    cuts = [(columns[k][1] + columns[k + 1][0]) / 2 for k in range(len(columns) - 1)]
    pieces: list[list[str]] = [[] for _ in columns]
    glyphs: list[list[dict]] = [[] for _ in columns]
    for line in lines:
        by_column: list[list[dict]] = [[] for _ in columns]
        for char in line.chars:
            if not char["text"].isspace():
                by_column[bisect_right(cuts, (char["x0"] + char["x1"]) / 2)].append(char)
        for col, chars in enumerate(by_column):
            segments = split_segments(chars)
            pieces[col].append(" ".join(s.text for s in segments))
            glyphs[col] += [c for s in segments for c in s.chars]
    header = [join_wrapped(p) for p in pieces]
    if all(header):
        return [header], [glyphs], True
    rows = [_cells(line, columns) for line in lines]
    return [cells for cells, _ in rows], [g for _, g in rows], False


def _columns(segments: list[Segment]) -> list[tuple[float, float]]:
    spans: list[list[float]] = []
    for seg in sorted(segments, key=lambda s: s.x0):
        if spans and seg.x0 <= spans[-1][1] + 0.5:
            spans[-1][1] = max(spans[-1][1], seg.x1)
        else:
            spans.append([seg.x0, seg.x1])
    return [(a, b) for a, b in spans]


def _column_of(x0: float, x1: float, columns: list[tuple[float, float]]) -> int:
    """The column a piece falls in: greatest overlap, else the nearest centre."""
    overlaps = [min(x1, b) - max(x0, a) for a, b in columns]
    best = max(range(len(columns)), key=lambda k: overlaps[k])
    if overlaps[best] > 0:
        return best
    middle = (x0 + x1) / 2
    return min(range(len(columns)), key=lambda k: abs((columns[k][0] + columns[k][1]) / 2 - middle))


def _is_header_line(line: TextLine, below: TextLine, columns: list[tuple[float, float]], above_data: bool) -> bool:
    """A line of the table's header: close above the next line, not numeric, no piece across 3+ columns."""
    em = max(line.size, below.size)
    if below.top - line.bottom > (HEADER_GAP_EM if above_data else HEADER_LINE_GAP_EM) * em or line.is_table_row():
        return False
    if line.x0 < columns[0][0] - 2 * em or line.x1 > columns[-1][1] + 2 * em:
        return False
    for seg in line.segments:
        if sum(min(seg.x1, b) - max(seg.x0, a) > 0 for a, b in columns) > 2:
            return False
    return True


def _cells(line: TextLine, columns: list[tuple[float, float]]) -> tuple[list[str], list[list[dict]]]:
    """Assign each segment of a line to its column (pieces in one column are glued); texts and glyphs."""
    cells: list[list[str]] = [[] for _ in columns]
    glyphs: list[list[dict]] = [[] for _ in columns]
    for seg in line.segments:
        col = _column_of(seg.x0, seg.x1, columns)
        cells[col].append(seg.text)
        glyphs[col] += seg.chars
    return [join_wrapped(c) for c in cells], glyphs


# ----------------------------------------------------------------------------- ruled tables

def table_cell_texts(rows, chars: list[dict]) -> tuple[list[list[str]], list[list[list[dict]]]]:
    """Texts of a ruled table's cells, from pdfplumber's row/cell boxes, and each cell's glyphs.

    Each character goes to the cell holding its centre (a bisection per
    character, where pdfplumber's ``Table.extract`` scans every character for
    every row); a cell's lines are built like body lines and glued, so header
    cells broken over lines come out whole (``受理`` ``案件`` ``數`` → ``受理案件數``)
    and a merged cell's text appears once, in its first position.
    """
    tops = [row.bbox[1] for row in rows]
    buckets: list[list[list[dict]]] = [[[] for _ in row.cells] for row in rows]
    lefts = []
    for row in rows:
        # Positions covered by a merged cell are None: give them the left edge
        # before them so each row's list stays sorted for bisection.
        edges, last = [], float("-inf")
        for cell in row.cells:
            last = cell[0] if cell is not None else last
            edges.append(last)
        lefts.append(edges)
    for char in chars:
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        r = bisect_right(tops, y) - 1
        if r < 0 or y > rows[r].bbox[3]:
            continue
        hit = _cell_at(rows, lefts, r, x, y)
        if hit is not None:
            buckets[hit[0]][hit[1]].append(char)
    cells = [[_cell_text(bucket) for bucket in row] for row in buckets]
    return [[text for text, _ in row] for row in cells], [[glyphs for _, glyphs in row] for row in cells]


def _cell_text(chars: list[dict]) -> tuple[str, list[dict]]:
    """A cell's lines glued, and its glyphs in that order; most cells hold one line, read without clustering."""
    if not chars:
        return "", []
    first = chars[0]
    if all(abs(c["top"] - first["top"]) < 0.4 * max(c["size"], 1.0) for c in chars):
        segments = split_segments(sorted(chars, key=lambda c: c["x0"]))
        return " ".join(s.text for s in segments), [c for s in segments for c in s.chars]
    lines = group_lines(chars)
    return join_wrapped([line.text for line in lines]), line_glyphs(lines)


def _cell_at(rows, lefts, r: int, x: float, y: float) -> tuple[int, int] | None:
    """Row and column of the cell whose box holds (x, y).

    A vertically merged cell belongs to the first row it spans and leaves
    None in the rows below, so a miss in row ``r`` looks in the rows above.
    """
    for row_index in range(r, -1, -1):
        cells = rows[row_index].cells
        k = bisect_right(lefts[row_index], x) - 1
        while k >= 0 and cells[k] is None:
            k -= 1
        if k >= 0:
            x0, top, x1, bottom = cells[k]
            if x0 <= x <= x1 and top <= y <= bottom:
                return row_index, k
        if row_index < r and y > rows[row_index].bbox[3] + 0.5 and k < 0:
            break
    return None
