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
from functools import lru_cache
from itertools import accumulate

import opencc

from .document import Document, Origin, Paragraph, ReaderWarning, Table
from .repair import repair

#: OpenCC configuration used for the simplified view; recorded with the data.
OPENCC_CONFIG = "t2s"
OPENCC_VERSION = getattr(opencc, "__version__", "unknown")

#: Share of script-specific characters above which a text counts as one script.
SCRIPT_THRESHOLD = 0.9


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

    >>> detect_script("荣家湾镇"), detect_script("榮家灣鎮"), detect_script("荣家灣鎮政府和縣热线办")
    ('simplified', 'traditional', 'mixed')
    """
    counts = Counter(text)
    distinct = "".join(sorted(c for c in counts if "\u3400" <= c <= "\u9fff"))
    if not distinct:
        return "simplified"
    as_simp = _converter("t2s").convert(distinct)
    as_trad = _converter("s2t").convert(distinct)
    trad = simp = 0
    if len(as_simp) == len(distinct) == len(as_trad):
        for ch, s, t in zip(distinct, as_simp, as_trad):
            if s != ch:
                trad += counts[ch]
            elif t != ch:
                simp += counts[ch]
    if trad + simp == 0:
        return "simplified"
    share = trad / (trad + simp)
    if share >= SCRIPT_THRESHOLD:
        return "traditional"
    if share <= 1 - SCRIPT_THRESHOLD:
        return "simplified"
    return "mixed"


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
    ``k``. Origins are computed on demand from each unit's block origin.
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
    #: What the reader did (``Document.notes``), passed on to ``Bulletin.reading_notes``.
    reader_notes: tuple[str, ...] = ()

    def unit_index(self, pos: int) -> int:
        """Index of the unit holding joined-text position ``pos``."""
        return bisect_right(self.starts, pos) - 1

    def origin(self, index: int, pos: int | None = None) -> Origin:
        """Source location of position ``pos`` (default: the start) of unit ``index``."""
        col = 0 if pos is None else pos - self.starts[index]
        cmap = self.colmaps[index]
        if cmap is not None and col < len(cmap):
            col = cmap[col]
        base = self.bases[index]
        if base.line is not None:
            line = base.line + self.subs[index]
            char = col if self.subs[index] else (base.char or 0) + col
            return Origin(line, char, base.page, base.paragraph, base.table, base.row, base.col)
        char = (base.char or 0) + self.offsets[index] + col
        return Origin(None, char, base.page, base.paragraph, base.table, base.row, base.col)

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


def build_view(document: Document) -> View:
    """Repair every text of ``document`` and derive its simplified view in one pass."""
    texts: list[str] = []
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
            bases.extend([block.origin] * n)
            subs.extend(range(n))
            offsets.extend(accumulate((len(p) + 1 for p in parts[:-1]), initial=0))
            lines.extend(first + k for k, part in enumerate(parts) if part and not part.isspace())
            if block.heading:
                headings.update(range(first, first + n))
        elif isinstance(block, Table):
            rows = []
            for row in block.rows:
                first = len(texts)
                texts.extend(_join_cell_lines(cell.text) for cell in row)
                bases.extend(cell.origin for cell in row)
                rows.append(tuple(range(first, len(texts))))
            n = len(texts) - len(subs)
            subs.extend([0] * n)
            offsets.extend([0] * n)
            tables.append(TableView(tuple(rows), block.origin))
            table_at.append(len(lines))

    fixed = repair(texts)
    raw = fixed.joined
    simp = to_simplified(raw)
    starts = fixed.starts
    ends = [s + len(t) for s, t in zip(starts, fixed.texts)]
    view = View(
        name=document.name, format=document.format, encoding=document.encoding,
        script=detect_script(raw), raw=raw, simp=simp, starts=starts, ends=ends, bases=bases,
        subs=subs, offsets=offsets, colmaps=fixed.colmaps, headings=frozenset(headings), lines=tuple(lines),
        tables=tuple(tables), table_at=tuple(table_at), damage=(), reader_warnings=document.warnings,
        reader_notes=document.notes,
    )
    damage = tuple(DamageSpot(d.text, d.context, view.origin(d.index, starts[d.index] + d.pos)) for d in fixed.damage)
    object.__setattr__(view, "damage", damage)
    return view


def _join_cell_lines(text: str) -> str:
    # A header cell broken over lines (数据完\n整得分) is one word: join CJK without a space.
    if "\n" not in text:
        return text
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    out = parts[0] if parts else ""
    for p in parts[1:]:
        out += p if (out and ord(out[-1]) > 0x2E80 and ord(p[0]) > 0x2E80) else " " + p
    return out
