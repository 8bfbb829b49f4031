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
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import opencc

from .document import Document, Origin, Paragraph, Table
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
    distinct = "".join(sorted(c for c in set(text) if "\u3400" <= c <= "\u9fff"))
    if not distinct:
        return "simplified"
    as_simp = _converter("t2s").convert(distinct)
    as_trad = _converter("s2t").convert(distinct)
    trad = simp = 0
    if len(as_simp) == len(distinct) == len(as_trad):
        for ch, s, t in zip(distinct, as_simp, as_trad):
            if s != ch:
                trad += text.count(ch)
            elif t != ch:
                simp += text.count(ch)
    if trad + simp == 0:
        return "simplified"
    share = trad / (trad + simp)
    if share >= SCRIPT_THRESHOLD:
        return "traditional"
    if share <= 1 - SCRIPT_THRESHOLD:
        return "simplified"
    return "mixed"


class TextUnit(NamedTuple):
    """One paragraph line or table cell of the view, at ``start`` in the joined text.

    A NamedTuple rather than a frozen dataclass: a view holds one per line and
    cell, and building them is on the hot path of every parse.
    """

    start: int
    end: int
    origin: Origin
    colmap: tuple[int, ...] | None
    heading: bool = False

    def origin_at(self, pos: int) -> Origin:
        """Source location of joined-text position ``pos`` inside this unit."""
        i = pos - self.start
        if self.colmap is not None and i < len(self.colmap):
            i = self.colmap[i]
        return self.origin.at((self.origin.char or 0) + i)


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

    ``lines`` are the unit indices of paragraph lines in document order;
    ``tables`` the real tables (from DOCX, PDF, HTML) with their position
    among the lines (``table_at[k]`` = number of lines before table ``k``).
    """

    name: str
    format: str
    encoding: str | None
    script: str
    raw: str
    simp: str
    units: tuple[TextUnit, ...]
    lines: tuple[int, ...]
    tables: tuple[TableView, ...]
    table_at: tuple[int, ...]
    damage: tuple[DamageSpot, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [u.start for u in self.units])

    def unit_index(self, pos: int) -> int:
        """Index of the unit holding joined-text position ``pos``."""
        return bisect_right(self._starts, pos) - 1  # type: ignore[attr-defined]

    def unit_at(self, pos: int) -> TextUnit:
        """The unit holding joined-text position ``pos``."""
        return self.units[self.unit_index(pos)]

    def origin_at(self, pos: int) -> Origin:
        """Source location of joined-text position ``pos``."""
        return self.unit_at(pos).origin_at(pos)

    def text(self, index: int) -> str:
        """Printed text of unit ``index``."""
        u = self.units[index]
        return self.raw[u.start:u.end]

    def simp_text(self, index: int) -> str:
        """Simplified text of unit ``index``."""
        u = self.units[index]
        return self.simp[u.start:u.end]


def build_view(document: Document) -> View:
    """Repair every text of ``document`` and derive its simplified view in one pass."""
    texts: list[str] = []
    origins: list[Origin] = []
    headings: list[bool] = []
    lines: list[int] = []
    tables: list[TableView] = []
    table_at: list[int] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            for k, part in enumerate(block.text.split("\n")):
                if not part.strip():
                    continue
                origin = block.origin
                if k and origin.line is not None:
                    origin = Origin(line=origin.line + k, page=origin.page, paragraph=origin.paragraph)
                lines.append(len(texts))
                texts.append(part)
                origins.append(origin)
                headings.append(block.heading)
        elif isinstance(block, Table):
            rows = []
            for row in block.rows:
                idx = []
                for cell in row:
                    idx.append(len(texts))
                    texts.append(_join_cell_lines(cell.text))
                    origins.append(cell.origin)
                    headings.append(False)
                rows.append(tuple(idx))
            tables.append(TableView(tuple(rows), block.origin))
            table_at.append(len(lines))

    fixed = repair(texts)
    raw = "\n".join(fixed.texts)
    simp = to_simplified(raw)
    units = []
    pos = 0
    for text, origin, cmap, heading in zip(fixed.texts, origins, fixed.colmaps, headings):
        end = pos + len(text)
        units.append(TextUnit(pos, end, origin, cmap, heading))
        pos = end + 1
    damage = tuple(
        DamageSpot(d.text, d.context, origins[d.index].at((origins[d.index].char or 0) + d.column))
        for d in fixed.damage
    )
    return View(
        name=document.name, format=document.format, encoding=document.encoding,
        script=detect_script(raw), raw=raw, simp=simp, units=tuple(units), lines=tuple(lines),
        tables=tuple(tables), table_at=tuple(table_at), damage=damage,
    )


def _join_cell_lines(text: str) -> str:
    # A header cell broken over lines (数据完\n整得分) is one word: join CJK without a space.
    if "\n" not in text:
        return text
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    out = parts[0] if parts else ""
    for p in parts[1:]:
        out += p if (out and ord(out[-1]) > 0x2E80 and ord(p[0]) > 0x2E80) else " " + p
    return out
