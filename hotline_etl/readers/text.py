"""Plain-text bulletins (scraped web pages saved as .txt): one paragraph per line."""

from __future__ import annotations

from ..document import Document, Origin, Paragraph
from .encoding import decode_text


def read_text(data: bytes, name: str) -> Document:
    """Decode ``data`` and return one paragraph per non-blank line, any line ending.

    >>> read_text("一、基本情况\\r\\n\\r\\n5月份".encode(), "a.txt").blocks[1].origin.line
    3
    """
    text, encoding = decode_text(data, name)
    return document_from_text(text, name, "txt", encoding)


def document_from_text(text: str, name: str, fmt: str = "txt", encoding: str | None = None) -> Document:
    """Split already-decoded text into line paragraphs (used for ``str`` sources too)."""
    # str.splitlines also splits on \x0b, \x1c.. and U+2028; bulletins only use CR/LF.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks = tuple(
        Paragraph(line, Origin(line=number))
        for number, line in enumerate(lines, start=1)
        if line.strip()
    )
    return Document(name=name, format=fmt, blocks=blocks, encoding=encoding)
