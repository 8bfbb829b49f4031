"""The intermediate document every reader returns and every extractor consumes.

Readers turn bytes of any format into an ordered sequence of blocks
(paragraphs and tables) with provenance; nothing format-specific leaves a
reader. Example:

>>> doc = Document("a.txt", "txt", (Paragraph("一、基本情况", Origin(line=1)),))
>>> doc.blocks[0].origin.line
1
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Origin(NamedTuple):
    """Where a piece of text sits in its container.

    ``line`` is the 1-based line of a text file (or of the flattened text of
    other formats); ``char`` the 0-based character offset in that line of the
    decoded source; ``page``/``paragraph`` and ``table``/``row``/``col`` locate
    text in PDF, DOCX and HTML containers (all 1-based). Immutable; a
    NamedTuple because a bulletin holds one per extracted value.

    >>> Origin(line=3).at(5).describe()
    'line 3, char 5'
    """

    line: int | None = None
    char: int | None = None
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None

    def at(self, char: int) -> "Origin":
        """The same place, ``char`` characters into the text."""
        return self._replace(char=char)

    def to_dict(self) -> dict[str, int]:
        """Only the fields that are known."""
        return {k: v for k, v in zip(self._fields, self) if v is not None}

    def describe(self) -> str:
        """Human-readable location, e.g. ``line 12, char 4``."""
        parts = [f"{k} {v}" for k, v in self.to_dict().items()]
        return ", ".join(parts) if parts else "unknown location"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A run of text; ``heading`` marks a paragraph the container styled as a heading."""

    text: str
    origin: Origin
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell, read once even when the container merged it."""

    text: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class Table:
    """A real table (DOCX, PDF, HTML): rows of cells in reading order."""

    rows: tuple[tuple[Cell, ...], ...]
    origin: Origin


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class ReaderWarning:
    """Something a reader could read only in part, with a stable code; it becomes a bulletin warning.

    Notes (``Document.notes``) say what a reader did; a warning says what the
    user must know about the result (``table-columns-unaligned``).
    """

    code: str
    message: str
    origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """What a reader returns: the source name, its detected format and its blocks."""

    name: str
    format: str
    blocks: tuple[Block, ...]
    encoding: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    warnings: tuple[ReaderWarning, ...] = field(default_factory=tuple)
