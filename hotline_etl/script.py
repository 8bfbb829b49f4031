"""Script views: the repaired printed text beside a simplified view for matching.

Extractors match their (simplified-script) patterns against ``simp`` and slice
values out of ``raw`` at the same offsets, so every value stays as printed and
every extractor works on either script. OpenCC's ``t2s`` conversion is one
character for one character on bulletin text; where it is not, the line is
converted character by character so the two views stay aligned.

>>> view = build_view(Document("a", "txt", (Paragraph("縣熱線辦", Origin(line=1)),)))
>>> view.script, view.simp
('traditional', '县热线办')
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import compress, repeat
from operator import add, attrgetter, getitem, sub
from typing import Iterable

import numpy
import opencc

import regex

from .document import Document, Origin, Paragraph, ReaderWarning, Table, nonspace_confidence, spread_confidence
from .repair import line_starts, repair
from .script_candidates import ALSO_SIMPLIFIED, ALSO_TRADITIONAL

#: OpenCC configuration used for the simplified view; recorded with the data.
OPENCC_CONFIG = "t2s"
OPENCC_VERSION = getattr(opencc, "__version__", "unknown")

#: Share of script-specific characters above which a text counts as one script.
SCRIPT_THRESHOLD = 0.9


_new_tuple = tuple.__new__
#: Origins asked for at once from which :meth:`View.origins` tries its one-paragraph path (a table's cells).
_MANY = 16
_LINE, _CHAR, _OCR = attrgetter("line"), attrgetter("char"), attrgetter("ocr")


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """OpenCC t2s, kept the same length as the input (character-wise where needed)."""
    out = _converter(OPENCC_CONFIG).convert(text)
    if len(out) == len(text):
        return out
    lines = text.split("\n")
    return "\n".join(_aligned_line(line) for line in lines)


# Markdown markup in an exported bulletin: ``**bold**``, a heading's ``#`` and a bullet's ``-`` / ``*`` / ``+``
# opening a line, and a line set wholly in ``*italics*``.
_MARKUP = regex.compile(r"(?m)\*\*|^(?:#{1,6}|[-*+])(?=[ \t])|^\*(?=[^*\n]+\*[ \t]*$)|(?<=^\*[^*\n]+)\*(?=[ \t]*$)")

#: What markup must print somewhere for :data:`_MARKUP` to find any (a line starting with a mark).
_LINE_MARKS = ("#", "-", "*", "+")
_MARKS = ("**",) + tuple("\n" + m for m in _LINE_MARKS)


def blank_markup(simp: str) -> str:
    """Markdown markup blanked out (same length: the views stay aligned), so patterns see the words.

    ``raw`` keeps the markup as printed; only the matching view loses it.

    >>> blank_markup("- 城建类：**4件**\\n### 二、\\n*县热线办*")
    '  城建类：  4件  \\n    二、\\n 县热线办 '
    """
    if not any(ch in simp for ch in _LINE_MARKS):
        return simp  # most text: four one-character scans (each mark holds one of them), no regex pass
    if not simp.startswith(_LINE_MARKS) and not any(mark in simp for mark in _MARKS):
        return simp
    return _MARKUP.sub(lambda m: " " * len(m.group()), simp)


#: A page number left by a page break in text taken out of a PDF (第 2 页, 第2页 共3页, 第2頁/共3頁 in the
#: simplified view, — 2 —, - 2 -): a whole line. Not ``2/3``: a table cell may read so.
PAGE_MARK = regex.compile(r"^\s*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|[-—–]\s*\d+\s*[-—–])\s*$")
# One scan of the whole view for anything that may be a page mark (most text has none), run only when
# the text holds what every such mark prints: 页 or a dash.
_ANY_PAGE_MARK = regex.compile(r"(?m)^[ \t]*(?:第[ \t]*\d+[ \t]*页|[-—–][ \t]*\d+[ \t]*[-—–][ \t]*$)")
_PAGE_MARK_NEEDS = ("页", "-", "—", "–")


def page_furniture(simp: str, starts: list[int], ends: list[int], lines: tuple[int, ...]) -> list[int]:
    """The lines (unit indices, in order) that a page break left in text taken out of a PDF.

    A page-mark line (:data:`PAGE_MARK`), and a line next to one (the nearest non-blank line before or
    after it) that is printed more than once in the document and holds no ``|``: a running header or
    footer (the title repeated at the top of every page). Such lines cut a sentence, a list or a table
    in two; the view leaves them out of ``lines`` and blanks them in ``simp``.

    >>> text = "甲县简报\\n超期办结2件,甲局1件、\\n第 1 页 共 2 页\\n甲县简报\\n乙镇1件。"
    >>> v = build_view(Document("a", "txt", (Paragraph(text, Origin(line=1)),)))
    >>> [v.simp_text(u) for u in v.lines], v.reader_notes[-1]
    (['甲县简报', '超期办结2件,甲局1件、', '乙镇1件。'], "line 4, char 0: page number or running header '甲县简报' left out of the matching view")
    """
    if not any(need in simp for need in _PAGE_MARK_NEEDS) or _ANY_PAGE_MARK.search(simp) is None:
        return []
    texts = [simp[starts[u]:ends[u]].strip() for u in lines]
    marks = [k for k, text in enumerate(texts) if PAGE_MARK.match(text)]
    if not marks:
        return []
    printed = Counter(texts)
    drop = set(marks)
    for k in marks:
        for j in (k - 1, k + 1):
            if 0 <= j < len(texts) and j not in drop and printed[texts[j]] >= 2 and "|" not in texts[j]:
                drop.add(j)
    return [lines[k] for k in sorted(drop)]


def _blank_units(simp: str, starts: list[int], ends: list[int], units: list[int]) -> str:
    """``simp`` with the text of ``units`` (in order) replaced by spaces: same length, the views stay aligned."""
    out, at = [], 0
    for u in units:
        out += [simp[at:starts[u]], " " * (ends[u] - starts[u])]
        at = ends[u]
    out.append(simp[at:])
    return "".join(out)


def _aligned_line(line: str) -> str:
    conv = _converter(OPENCC_CONFIG).convert(line)
    if len(conv) == len(line):
        return conv
    chars = []
    for ch in line:
        c = _converter(OPENCC_CONFIG).convert(ch)
        chars.append(c if len(c) == 1 else ch)
    return "".join(chars)


def detect_script(text: str) -> str:
    """``traditional``, ``simplified`` or ``mixed`` from script-specific characters.

    A character is evidence of a script only when OpenCC's maps disagree on it in that direction
    (see :func:`script_evidence`): 岳, printed in both scripts, is evidence of neither.

    >>> detect_script("荣家湾镇"), detect_script("榮家灣鎮"), detect_script("荣家灣鎮政府和縣热线办"), detect_script("岳陽縣")
    ('simplified', 'traditional', 'mixed', 'traditional')
    """
    codes = _han_codes(text)
    kinds = _EVIDENCE_KINDS[codes]
    if not kinds.all():  # characters met for the first time: ask OpenCC about each once
        _evidence("".join(map(chr, (numpy.unique(codes[kinds == 0]) + _HAN_FIRST).tolist())))
        kinds = _EVIDENCE_KINDS[codes]
    counts = numpy.bincount(kinds, minlength=len(_KIND_CODES) + 1).tolist()
    trad, simp = counts[_KIND_CODES["traditional"]], counts[_KIND_CODES["simplified"]]
    if trad + simp == 0:
        return "simplified"
    share = trad / (trad + simp)
    if share >= SCRIPT_THRESHOLD:
        return "traditional"
    if share <= 1 - SCRIPT_THRESHOLD:
        return "simplified"
    return "mixed"


#: Character -> the script it is evidence of (None: neither), filled as characters are met.
_EVIDENCE: dict[str, str | None] = {}
#: The CJK code points :func:`detect_script` counts (U+3400-U+9FFF).
_HAN_FIRST, _HAN_LAST = 0x3400, 0x9FFF
#: ``_EVIDENCE`` as a table by code point (minus U+3400), for counting a whole text in one numpy pass:
#: 0 not yet met, else the code of its evidence.
_KIND_CODES = {"traditional": 1, "simplified": 2, None: 3}
_EVIDENCE_KINDS = numpy.zeros(_HAN_LAST - _HAN_FIRST + 1, dtype=numpy.uint8)


def script_evidence(ch: str) -> str | None:
    """The script a Han character is evidence of: ``traditional``, ``simplified`` or None.

    Traditional when ``t2s`` converts it and ``s2t`` keeps it; simplified when ``s2t`` (and the
    Taiwan and Hong Kong standards, ``s2tw`` / ``s2hk``) convert it and ``t2s`` keeps it. A
    character OpenCC lists among its own candidates (``岳 → 嶽 岳``: traditional text prints 岳 too;
    :mod:`.script_candidates`) is evidence of neither, nor is one a regional standard keeps
    (``户``: Hong Kong prints it).

    >>> script_evidence("縣"), script_evidence("县"), script_evidence("岳"), script_evidence("户"), script_evidence("於")
    ('traditional', 'simplified', None, None, None)
    """
    return _evidence(ch)[0]


def _evidence(distinct: str) -> list[str | None]:
    missing = [ch for ch in distinct if ch not in _EVIDENCE]
    if missing:
        # one character per line: a conversion of the whole run would apply phrases across neighbours
        joined = "\n".join(missing)
        as_simp, as_trad, as_tw, as_hk = (_converter(config).convert(joined).split("\n")
                                          for config in ("t2s", "s2t", "s2tw", "s2hk"))
        for ch, s, t, tw, hk in zip(missing, as_simp, as_trad, as_tw, as_hk):
            if s != ch and t == ch and ch not in ALSO_SIMPLIFIED:
                _EVIDENCE[ch] = "traditional"
            elif s == ch and ch not in (t, tw, hk) and ch not in ALSO_TRADITIONAL:
                _EVIDENCE[ch] = "simplified"
            else:
                _EVIDENCE[ch] = None
            if _HAN_FIRST <= ord(ch) <= _HAN_LAST:
                _EVIDENCE_KINDS[ord(ch) - _HAN_FIRST] = _KIND_CODES[_EVIDENCE[ch]]
    return [_EVIDENCE[ch] for ch in distinct]


def _han_codes(text: str) -> numpy.ndarray:
    """The CJK characters of ``text`` (U+3400-U+9FFF) as code points less U+3400, in one vectorised pass
    (counting a page character by character in Python cost more than the rest of the view).

    >>> (_han_codes("縣a县") + _HAN_FIRST).tolist() == [ord("縣"), ord("县")]
    True
    """
    codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    return codes[(codes >= _HAN_FIRST) & (codes <= _HAN_LAST)] - _HAN_FIRST


@dataclass(frozen=True, slots=True)
class TableView:
    """A real table: rows of unit indices into the view."""

    rows: tuple[tuple[int, ...], ...]
    origin: Origin


@dataclass(frozen=True, slots=True)
class DamageSpot:
    """Damage found by repair, located in the source."""

    text: str
    context: str
    origin: Origin


@dataclass(frozen=True)
class View:
    """The whole document as one joined text in two scripts, with its structure.

    The text is cut into units (a paragraph line or a table cell), held in
    columns rather than one object per unit: unit ``i`` spans
    ``raw[starts[i]:ends[i]]``. ``lines`` are the unit indices of non-blank
    paragraph lines in document order; ``tables`` the real tables (from
    DOCX, PDF, HTML) and ``table_at[k]`` the number of lines before table
    ``k``. Origins are computed on demand from each unit's block origin;
    for text read by OCR, ``confidences[i]`` holds the recogniser's
    confidence per character of unit ``i`` as read (before repair), and an
    origin carries the lowest confidence of the token that starts there.
    """

    name: str
    format: str
    encoding: str | None
    script: str
    raw: str
    simp: str
    starts: list[int]
    ends: list[int]
    bases: list[Origin]
    subs: list[int]
    offsets: list[int]
    colmaps: tuple[tuple[int, ...] | None, ...]
    headings: frozenset[int]
    lines: tuple[int, ...]
    tables: tuple[TableView, ...]
    table_at: tuple[int, ...]
    damage: tuple[DamageSpot, ...]
    reader_warnings: tuple[ReaderWarning, ...] = ()
    confidences: tuple[tuple[float, ...] | None, ...] = ()
    #: What the reader did (``Document.notes``), passed on to ``Bulletin.reading_notes``.
    reader_notes: tuple[str, ...] = ()

    @cached_property
    def line_units(self) -> frozenset[int]:
        """The units that are lines (``lines`` as a set), computed once for every extractor."""
        return frozenset(self.lines)

    @cached_property
    def line_number(self) -> dict[int, int]:
        """Unit index -> its index in ``lines``, for the units that are lines."""
        return {unit: i for i, unit in enumerate(self.lines)}

    def unit_index(self, pos: int) -> int:
        """Index of the unit holding joined-text position ``pos``."""
        return bisect_right(self.starts, pos) - 1

    def origin(self, index: int, pos: int | None = None) -> Origin:
        """Source location of position ``pos`` (default: the start) of unit ``index``.

        A line of a paragraph: its line, and the column in it (plus the paragraph's own char on its first
        line); a cell or a paragraph of a container without lines: the block's char plus the unit's offset
        in it. The printed column is taken through the repair's column map; OCR'd text carries the
        confidence of the token there.
        """
        start = self.starts[index]
        if pos is None:
            pos = start
        col = pos - start
        cmap = self.colmaps[index]
        if cmap is not None and col < len(cmap):
            col = cmap[col]
        base = self.bases[index]
        line = base[0]
        # tuple.__new__ directly: the NamedTuple's own __new__ is a Python function.
        if line is not None:
            k = self.subs[index]
            origin = _new_tuple(Origin, (line + k, col if k else (base[1] or 0) + col) + base[2:])
        else:
            origin = _new_tuple(Origin, (None, (base[1] or 0) + self.offsets[index] + col) + base[2:])
        if base.ocr:  # the recogniser's confidence in the token there, not the paragraph's
            origin = origin._replace(confidence=self._confidence(index, pos))
        return origin

    def origins(self, indices: Iterable[int], positions: Iterable[int]) -> list[Origin]:
        """:meth:`origin` of many (unit index, position) pairs (a table needs one per cell).

        Many at once are built a column at a time when they are lines of one paragraph (a text file's
        table: :meth:`_paragraph_origins`) or cells of containers without lines (:meth:`_cell_origins`).

        >>> v = build_view(Document("a", "txt", (Paragraph("甲\\n乙镇 |", Origin(line=3)),)))
        >>> [(o.line, o.char) for o in v.origins([0, 1], [0, 3])]
        [(3, 0), (4, 1)]
        """
        if type(indices) is list and len(indices) >= _MANY and type(positions) is list:
            same = self._paragraph_origins(indices, positions)
            if same is None:
                same = self._cell_origins(indices, positions)
            if same is not None:
                return same
        return list(map(self.origin, indices, positions))

    def _cell_origins(self, indices: list[int], positions: list[int]) -> list[Origin] | None:
        """:meth:`origins` when no unit asked for is a line or OCR'd, and none was repaired, and no block
        of theirs has a char of its own (a DOCX, HTML or PDF table's cells): char ``offset + pos - start``,
        the rest the block's, built in C-level passes. None otherwise."""
        bases = list(map(self.bases.__getitem__, indices))
        if set(map(_LINE, bases)) != {None} or any(map(_OCR, bases)) or not {None, 0}.issuperset(map(_CHAR, bases)) \
                or set(map(self.colmaps.__getitem__, indices)) != {None}:
            return None
        cols = map(sub, positions, map(self.starts.__getitem__, indices))
        chars = map(add, map(self.offsets.__getitem__, indices), cols)
        heads = zip(repeat(None), chars)
        return list(map(_new_tuple, repeat(Origin), map(add, heads, map(getitem, bases, repeat(slice(2, None))))))

    def _paragraph_origins(self, indices: list[int], positions: list[int]) -> list[Origin] | None:
        """:meth:`origins` when every unit asked for is a line of one paragraph, unrepaired and not OCR'd
        (a text file's table): line ``base.line + sub``, char ``pos - start``, the rest the paragraph's,
        built in C-level passes over the columns instead of a Python loop per cell. None otherwise.

        The units between the lowest and the highest asked for must all share the paragraph's Origin and
        have no column map; the first line of the paragraph (``sub`` 0) may be among them only when the
        paragraph starts at char 0 (else its chars are offset).
        """
        lo, hi = min(indices), max(indices)
        base = self.bases[lo]
        span = hi + 1 - lo
        if base[0] is None or base.ocr or self.bases[lo:hi + 1].count(base) != span \
                or self.colmaps[lo:hi + 1].count(None) != span or (base[1] and 0 in self.subs[lo:hi + 1]):
            return None
        lines = map(add, map(self.subs.__getitem__, indices), repeat(base[0]))
        chars = map(sub, positions, map(self.starts.__getitem__, indices))
        return list(map(_new_tuple, repeat(Origin), zip(lines, chars, *map(repeat, base[2:]))))

    def _confidence(self, index: int, pos: int | None) -> float | None:
        """The lowest OCR confidence of the token starting at ``pos`` in unit ``index`` (see :func:`token_end`)."""
        values = self.confidences[index] if index < len(self.confidences) else None
        if values is None:
            return None
        text = self.text(index)
        start = 0 if pos is None else pos - self.starts[index]
        cmap = self.colmaps[index]
        found = []
        for k in range(start, token_end(text, start)):
            col = cmap[k] if cmap is not None and k < len(cmap) else k
            if col < len(values):
                found.append(values[col])
        return round(min(found), 3) if found else None

    def origin_at(self, pos: int) -> Origin:
        """Source location of joined-text position ``pos``."""
        return self.origin(self.unit_index(pos), pos)

    def text(self, index: int) -> str:
        """Printed text of unit ``index``."""
        return self.raw[self.starts[index]:self.ends[index]]

    def simp_text(self, index: int) -> str:
        """Simplified text of unit ``index``."""
        return self.simp[self.starts[index]:self.ends[index]]

    def is_heading(self, index: int) -> bool:
        """Whether the container styled unit ``index`` as a heading."""
        return index in self.headings


_NUMBER_TOKEN = regex.compile(r"[\d.,%]*")
_WORD_TOKEN = regex.compile(r"[\p{Han}\p{L}]*")


def token_end(text: str, start: int) -> int:
    """End of the printed token that starts at ``start``: a number (with its point, separators and
    per-cent sign), a run of Han characters and letters, or else the one character.

    >>> text = "縣人社局212件,99.31%"
    >>> text[0:token_end(text, 0)], text[4:token_end(text, 4)], text[9:token_end(text, 9)]
    ('縣人社局', '212', '99.31%')
    """
    if start >= len(text):
        return start
    pattern = _NUMBER_TOKEN if text[start].isdigit() else _WORD_TOKEN
    end = pattern.match(text, start).end()
    return max(end, start + 1)


def build_view(document: Document) -> View:
    """Repair every text of ``document`` and derive its simplified view in one pass."""
    texts: list[str] = []
    confidences: list[tuple[float, ...] | None] = []
    bases: list[Origin] = []
    subs: list[int] = []
    offsets: list[int] = []
    headings: set[int] = set()
    lines: list[int] = []
    tables: list[TableView] = []
    table_at: list[int] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            # A paragraph may hold many lines (a whole text file is one): line k
            # of it sits at origin.line + k, or k characters further in.
            parts = block.text.split("\n")
            first, n = len(texts), len(parts)
            texts.extend(parts)
            confidences.extend(_split_confidence(parts, block.confidence))
            bases.extend([block.origin] * n)
            subs.extend(range(n))
            offsets.extend(line_starts(block.text))
            # non-blank lines: strip() leaves something (the whitespace of isspace()); C loops, a file has many
            lines.extend(compress(range(first, first + n), map(str.strip, parts)))
            if block.heading:
                headings.update(range(first, first + n))
        elif isinstance(block, Table):
            rows = []
            for row in block.rows:
                first = len(texts)
                for cell in row:
                    text = _join_cell_lines(cell.text)
                    texts.append(text)
                    confidences.append(cell.confidence if text == cell.text or cell.confidence is None
                                       else spread_confidence(text, nonspace_confidence(cell.text, cell.confidence)))
                bases.extend(cell.origin for cell in row)
                rows.append(tuple(range(first, len(texts))))
            n = len(texts) - len(subs)
            subs.extend([0] * n)
            offsets.extend([0] * n)
            tables.append(TableView(tuple(rows), block.origin))
            table_at.append(len(lines))

    fixed = repair(texts)
    raw = fixed.joined
    simp = blank_markup(to_simplified(raw))
    starts = fixed.starts
    ends = list(map(add, starts, map(len, fixed.texts)))
    furniture = page_furniture(simp, starts, ends, tuple(lines))
    if furniture:
        simp = _blank_units(simp, starts, ends, furniture)
        gone = set(furniture)
        lines = [u for u in lines if u not in gone]
    view = View(
        name=document.name, format=document.format, encoding=document.encoding,
        script=detect_script(raw), raw=raw, simp=simp, starts=starts, ends=ends, bases=bases,
        subs=subs, offsets=offsets, colmaps=fixed.colmaps, headings=frozenset(headings), lines=tuple(lines),
        tables=tuple(tables), table_at=tuple(table_at), damage=(), reader_warnings=document.warnings,
        confidences=tuple(confidences) if confidences.count(None) < len(confidences) else (),
        reader_notes=document.notes,
    )
    if furniture:
        notes = (f"{view.origin(u).describe()}: page number or running header {raw[starts[u]:ends[u]].strip()!r} "
                 "left out of the matching view" for u in furniture)
        object.__setattr__(view, "reader_notes", document.notes + tuple(notes))
    damage = tuple(DamageSpot(d.text, d.context, view.origin(d.index, starts[d.index] + d.pos)) for d in fixed.damage)
    object.__setattr__(view, "damage", damage)
    return view


def _split_confidence(parts: list[str], confidence: tuple[float, ...] | None) -> list[tuple[float, ...] | None]:
    """The per-character confidences of a paragraph cut at its line breaks, one tuple per line."""
    if confidence is None:
        return [None] * len(parts)
    out, at = [], 0
    for part in parts:
        out.append(confidence[at:at + len(part)])
        at += len(part) + 1
    return out


def _join_cell_lines(text: str) -> str:
    # A header cell broken over lines (数据完\n整得分) is one word: join CJK without a space.
    if "\n" not in text:
        return text
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    out = parts[0] if parts else ""
    for p in parts[1:]:
        out += p if (out and ord(out[-1]) > 0x2E80 and ord(p[0]) > 0x2E80) else " " + p
    return out
