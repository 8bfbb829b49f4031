"""Readers: bytes of any supported format to a :class:`~hotline_etl.document.Document`.

The format is detected from the bytes (magic numbers), never from the file
name, and the reader registered for it is called (``READERS[fmt]``).

>>> detect_format(b"%PDF-1.7 ...")
'pdf'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Union

from ..document import Document
from ..errors import UnreadableDocument, UnsupportedFormat
from .text import document_from_text, read_text

Source = Union[str, bytes, os.PathLike]
Reader = Callable[[bytes, str], Document]

#: Format name -> reader. Readers for other containers register here.
READERS: dict[str, Reader] = {"txt": read_text}

_OLE = bytes.fromhex("D0CF11E0A1B11AE1")


def detect_format(data: bytes) -> str:
    """Name the container format of ``data`` from its leading bytes."""
    head = data[:2048]
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:65536] or b"[Content_Types].xml" in data[:65536] else "zip"
    if head.startswith(_OLE):
        return "ole"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered or b"<body" in lowered:
        return "html"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "txt"


_UNSUPPORTED = {
    "ole": ("legacy Word (.doc) or WPS file", "open it in an office suite and save it as .docx"),
    "zip": ("a zip archive that is not a Word .docx", "unpack it and ingest the bulletins inside"),
    "binary": ("binary data of an unknown format", "supply the bulletin as .txt, .html, .docx or .pdf"),
}


def read_document(data: bytes, name: str) -> Document:
    """Detect the format of ``data`` and read it with the registered reader."""
    if not data.strip():
        raise UnreadableDocument(name, "the file is empty", "check the download or copy of this file")
    fmt = detect_format(data)
    reader = READERS.get(fmt)
    if reader is None:
        what, hint = _UNSUPPORTED.get(fmt, (f"{fmt} documents", "convert it to .txt or .docx"))
        raise UnsupportedFormat(name, f"{what} cannot be read", hint)
    return reader(data, name)


def load(source: Source, name: str | None = None) -> Document:
    """Read a path, raw bytes or already-decoded text into a Document."""
    if isinstance(source, bytes):
        return read_document(source, name or "<bytes>")
    if isinstance(source, str) and not _looks_like_path(source):
        return document_from_text(source, name or "<text>", "txt", None)
    path = Path(source)
    label = name or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableDocument(label, "no such file", "check the path") from exc
    except IsADirectoryError as exc:
        raise UnreadableDocument(label, "is a directory, not a file", "pass the files inside it") from exc
    except OSError as exc:
        raise UnreadableDocument(label, f"cannot be read ({exc.strerror})") from exc
    return read_document(data, label)


#: File name endings that make a one-line string a path even when the file is missing.
PATH_SUFFIXES = (".txt", ".htm", ".html", ".docx", ".doc", ".pdf", ".wps")


def _looks_like_path(text: str) -> bool:
    """A str source is a path when it is one line naming a file or ending like one."""
    if "\n" in text or "\x00" in text or len(text) > 4096:
        return False
    if text.lower().endswith(PATH_SUFFIXES):
        return True
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False
