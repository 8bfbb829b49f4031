"""Plain-text bulletins (scraped web pages saved as .txt): the decoded text as one run of lines."""

from __future__ import annotations

from dataclasses import replace

from ..document import Document, Origin, Paragraph
from ..limits import Limits
from ..characters import fold_characters
from .encoding import decode_text_with_damage


def read_text(data: bytes, name: str, limits: Limits | None = None) -> Document:
    """Decode ``data`` (any line ending) into a document of its lines.

    A few invalid bytes are read as U+FFFD (see
    :func:`~hotline_etl.readers.encoding.decode_text_with_damage`) and said in ``notes``.

    Text has no structure to bound: its size was checked by the caller.

    >>> read_text("一、基本情况\\r\\n\\r\\n5月份".encode(), "a.txt").blocks[0].text
    '一、基本情况\\n\\n5月份'
    """
    text, encoding, spots = decode_text_with_damage(data, name)
    document = document_from_text(text, name, "txt", encoding)
    if spots:
        return replace(document, notes=(damaged_bytes_note(encoding, spots),))
    return document


def damaged_bytes_note(encoding: str, spots: int) -> str:
    """The note a reader leaves when it decoded past invalid bytes (each spot also warns ``damaged-text``)."""
    return f"{spots} invalid {encoding} byte sequence(s) replaced by U+FFFD; the rest of the file was read"


def document_from_text(text: str, name: str, fmt: str = "txt", encoding: str | None = None) -> Document:
    """Already-decoded text as one run of lines starting at line 1 (used for ``str`` sources too).

    One paragraph holds every line, blank ones included, so line ``k`` of the
    file is line ``k`` of the document without an object per line.
    """
    # str.splitlines also splits on \x0b, \x1c.. and U+2028; bulletins only use CR/LF.
    text = fold_characters(text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks = (Paragraph(text, Origin(line=1)),) if text.strip() else ()
    return Document(name=name, format=fmt, blocks=blocks, encoding=encoding)
