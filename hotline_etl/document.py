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
    text in PDF, DOCX and HTML containers (all 1-based). Text read by OCR
    from an image carries ``ocr=True`` and ``confidence``, the recogniser's
    confidence (0 to 1) in the printed token that starts there (the lowest of
    its characters). Immutable; a NamedTuple because a bulletin holds one per
    extracted value.

    >>> Origin(line=3).at(5).describe()
    'line 3, char 5'
    >>> Origin(page=2, table=1, row=4, col=3, ocr=True, confidence=0.412).describe()
    'page 2, table 1, row 4, col 3 (read by OCR, confidence 0.412)'
    """

    line: int | None = None
    char: int | None = None
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    #: True when the text was read by OCR from a page image; None otherwise.
    ocr: bool | None = None
    #: OCR only: the recogniser's confidence (0..1) in the token printed here.
    confidence: float | None = None

    def at(self, char: int) -> "Origin":
        """The same place, ``char`` characters into the text."""
        return self._replace(char=char)

    def to_dict(self) -> dict[str, int | bool | float]:
        """Only the fields that are known."""
        return {k: v for k, v in zip(self._fields, self) if v is not None}

    def describe(self) -> str:
        """Human-readable location, e.g. ``line 12, char 4``; OCR'd text says so, with its confidence."""
        parts = [f"{k} {v}" for k, v in self.to_dict().items() if k not in _OCR_FIELDS]
        where = ", ".join(parts) if parts else "unknown location"
        if self.ocr:
            where += " (read by OCR" + (f", confidence {self.confidence:.3f})" if self.confidence is not None else ")")
        return where


_OCR_FIELDS = ("ocr", "confidence")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A run of text; ``heading`` marks a paragraph the container styled as a heading.

    ``confidence`` (OCR only) holds the recogniser's confidence for each
    character of ``text``; None for text that was not recognised from an image.
    """

    text: str
    origin: Origin
    heading: bool = False
    confidence: tuple[float, ...] | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell, read once even when the container merged it (``confidence`` as in :class:`Paragraph`)."""

    text: str
    origin: Origin
    confidence: tuple[float, ...] | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """A real table (DOCX, PDF, HTML): rows of cells in reading order."""

    rows: tuple[tuple[Cell, ...], ...]
    origin: Origin


Block = Paragraph | Table


def spread_confidence(text: str, values: list[float]) -> tuple[float, ...]:
    """One confidence per character of ``text``: its non-space characters take ``values`` in order.

    Layout code builds a text from recognised glyphs, adding or dropping only
    spaces; a space takes the lower confidence of its neighbours.

    >>> spread_confidence("縣局 24", [0.9, 0.8, 0.99, 0.5])
    (0.9, 0.8, 0.8, 0.99, 0.5)
    """
    floor = min(values) if values else 0.0
    out: list[float | None] = []
    k = 0
    for ch in text:
        if ch.isspace():
            out.append(None)
            continue
        # More characters than glyphs cannot happen by construction; count them as doubtful as the worst.
        out.append(values[k] if k < len(values) else floor)
        k += 1
    filled = []
    for i, value in enumerate(out):
        if value is None:
            around = [v for v in (out[i - 1] if i else None, out[i + 1] if i + 1 < len(out) else None) if v is not None]
            value = min(around) if around else floor
        filled.append(value)
    return tuple(filled)


def nonspace_confidence(text: str, confidence: tuple[float, ...] | None) -> list[float]:
    """The confidences of the non-space characters of ``text`` (to spread over a text built from it).

    >>> nonspace_confidence("A B", (0.5, 0.5, 0.7))
    [0.5, 0.7]
    """
    if confidence is None:
        return []
    return [c for ch, c in zip(text, confidence) if not ch.isspace()]


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
    """What a reader returns: the source name, its detected format and its blocks.

    ``pages`` is the page count of a paged container (PDF, image frames; None
    for the others) and ``ocr_pages`` the pages whose text was read by OCR.
    """

    name: str
    format: str
    blocks: tuple[Block, ...]
    encoding: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    warnings: tuple[ReaderWarning, ...] = field(default_factory=tuple)
    pages: int | None = None
    ocr_pages: tuple[int, ...] = field(default_factory=tuple)
