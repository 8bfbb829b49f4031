"""Readers: bytes of any supported format to a :class:`~hotline_etl.document.Document`.

The format is detected from the bytes (magic numbers), never from the file
name, and the reader registered for it is called (``READERS[fmt]``). Images
are read by OCR (the ``[ocr]`` extra), legacy .doc/.wps and RTF files through
LibreOffice when it is installed (docs/ocr.md); each says what to install when not.

>>> detect_format(b"%PDF-1.7 ...")
'pdf'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Union

import io
import zipfile

from ..document import Document
from ..errors import NotADocx, UnknownFormat, UnreadableDocument, UnsupportedFormat
from ..limits import Limits
from .files import DOCUMENT_SUFFIXES
from .html import read_html
from .on_demand import read_docx, read_image, read_legacy_word, read_pdf, read_rtf
from .text import document_from_text, read_text

Source = Union[str, bytes, os.PathLike]
#: ``reader(data, name, limits=limits)``: the limits that concern the format are checked inside.
Reader = Callable[..., Document]


#: Format name -> reader. Readers for other containers register here.
READERS: dict[str, Reader] = {"txt": read_text, "docx": read_docx, "pdf": read_pdf, "html": read_html,
                              "image": read_image, "ole": read_legacy_word, "rtf": read_rtf}

_OLE = bytes.fromhex("D0CF11E0A1B11AE1")


#: Leading bytes of image formats (a scanned or photographed page, read by OCR).
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta ", b"<title")
_FRAGMENT_MARKERS = (b"</p>", b"</div>", b"</table>", b"</td>", b"<br")


def detect_format(data: bytes) -> str:
    """Name the container format of ``data`` from its leading bytes.

    One of ``pdf``, ``docx``, ``zip`` (not a .docx), ``ole`` (.doc/.wps),
    ``rtf``, ``image``, ``html``, ``binary`` or ``txt``.

    >>> detect_format(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))
    'ole'
    """
    head = data[:2048]
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_format(data)
    if head.startswith(_OLE):
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(_IMAGE_MAGIC) or (head.startswith(b"RIFF") and head[8:12] == b"WEBP"):
        return "image"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Windows "Unicode" saves: look for markup in the decoded text.
        lowered = head.decode("utf-16", errors="ignore").encode("utf-8").lower().lstrip()
    else:
        lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or any(m in lowered for m in _HTML_MARKERS):
        return "html"
    if lowered.startswith(b"<") and any(m in lowered for m in _FRAGMENT_MARKERS):
        return "html"  # a scraped fragment: <div>/<p>/<table> without <html>
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "txt"


def _zip_format(data: bytes) -> str:
    """``docx`` when the package holds ``word/document.xml``; a damaged zip that looks like one too."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        # No central directory (a cut-off download): judge by the local headers
        # so that the docx reader can report the damage instead of "not a docx".
        return "docx" if b"word/" in data[:65536] else "zip"
    return "docx" if "word/document.xml" in names else "zip"


_UNSUPPORTED: dict[str, tuple[type[UnsupportedFormat], str, str]] = {
    "zip": (NotADocx, "a zip archive without word/document.xml is not a Word .docx",
            "unpack it and ingest the bulletins inside"),
    "binary": (UnknownFormat, "binary data of an unknown format", "supply the bulletin as .txt, .html, .docx or .pdf"),
}


def read_document(data: bytes, name: str, limits: Limits | None = None) -> Document:
    """Detect the format of ``data`` and read it with the registered reader, under ``limits``.

    >>> read_document("5月份共受理热线工单2557件".encode(), "a.txt").format
    'txt'
    """
    limits = Limits.resolve(limits)
    limits.check_file_size(len(data), name)
    if not data.strip():
        raise UnreadableDocument(name, "the file is empty", "check the download or copy of this file")
    fmt = detect_format(data)
    reader = READERS.get(fmt)
    if reader is None:
        error, what, hint = _UNSUPPORTED.get(
            fmt, (UnknownFormat, f"{fmt} documents cannot be read", "convert it to .txt or .docx"))
        raise error(name, what, hint)
    return reader(data, name, limits=limits)


def source_label(source: Source, name: str | None = None) -> str:
    """How errors and provenance name a source: ``name``, the path, ``<bytes>`` or ``<text>``.

    >>> source_label(b"..."), source_label("5月份共受理工单\\n"), source_label("a.pdf")
    ('<bytes>', '<text>', 'a.pdf')
    """
    if name:
        return name
    if isinstance(source, bytes):
        return "<bytes>"
    if isinstance(source, str) and not _looks_like_path(source):
        return "<text>"
    return str(Path(source))


def load(source: Source, name: str | None = None, limits: Limits | None = None) -> Document:
    """Read a path, raw bytes or already-decoded text into a Document, under ``limits``.

    A file's size is checked before it is read.
    """
    limits = Limits.resolve(limits)
    if isinstance(source, bytes):
        return read_document(source, name or "<bytes>", limits)
    if isinstance(source, str) and not _looks_like_path(source):
        limits.check_file_size(len(source.encode("utf-8", "surrogatepass")), name or "<text>")
        return document_from_text(source, name or "<text>", "txt", None)
    path = Path(source)
    label = name or str(path)
    try:
        limits.check_file_size(path.stat().st_size, label)
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableDocument(label, "no such file", "check the path") from exc
    except IsADirectoryError as exc:
        raise UnreadableDocument(label, "is a directory, not a file", "pass the files inside it") from exc
    except OSError as exc:
        raise UnreadableDocument(label, f"cannot be read ({exc.strerror})") from exc
    return read_document(data, label, limits)


#: File name endings that make a one-line string a path even when the file is missing.
PATH_SUFFIXES = DOCUMENT_SUFFIXES


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
