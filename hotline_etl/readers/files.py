"""Which files of a directory are documents: one policy for ``hotline-etl parse DIR``, ``audit DIR`` and ``ingest``.

A document's format comes from its bytes, never from its name, so every file
is read except what is certainly not a bulletin: names starting with ``.`` or
``_`` (hidden files, ``__MACOSX``, ``_ground_truth.json``) and the endings of
:data:`NON_DOCUMENT_SUFFIXES` (web-page assets, data, code, checksums). A
file read that is not a bulletin fails with its reason, so nothing is
dropped silently. Pictures (.png, .jpg, .gif ...) are among the skipped
endings: in a scraped archive they are the assets of saved web pages, and OCR
costs seconds a page; a picture named on its own (``parse scan.png``) is read.

>>> [rel for _, rel in find_documents("fixtures/seed")]
['000_0bd1a52a453bee82.txt']
>>> is_document_name("page_files/style.css"), is_document_name("_ground_truth.json"), is_document_name("a.PDF")
(False, False, True)
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Iterator

#: File endings that are never bulletins (web-page assets, data, code, checksums, documentation); other
#: files are all read and their format detected from the bytes.
NON_DOCUMENT_SUFFIXES = frozenset({
    ".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".svg", ".webp", ".woff", ".woff2", ".ttf",
    ".json", ".jsonl", ".csv", ".parquet", ".py", ".pyc", ".md5", ".sha1", ".sha256", ".log", ".lock",
})

#: Endings of the formats bulletins come in (legacy Word and RTF through LibreOffice, images by OCR): a one-line
#: string ending like this is taken for a path even when no such file exists.
DOCUMENT_SUFFIXES = (".txt", ".htm", ".html", ".docx", ".doc", ".pdf", ".wps", ".rtf", ".png", ".jpg", ".jpeg", ".tif",
                     ".tiff", ".gif", ".bmp", ".webp")


def is_document_name(name: str) -> bool:
    """True when a file of this name (a path's last part counts) is read as a possible bulletin."""
    last = PurePosixPath(name.replace("\\", "/")).name
    return not last.startswith((".", "_")) and PurePosixPath(last).suffix.lower() not in NON_DOCUMENT_SUFFIXES


def find_documents(root: str | os.PathLike, exclude: str | os.PathLike | None = None) -> Iterator[tuple[Path, str]]:
    """``(absolute path, relative POSIX path)`` of every document under ``root``, in sorted order.

    Skipped: names refused by :func:`is_document_name` (directories starting
    with ``.`` or ``_`` included), symlinked directories, and ``exclude``
    (an output folder inside the archive).
    """
    base = Path(root).resolve()
    skip = Path(exclude).resolve() if exclude is not None else None
    for dirpath, dirnames, filenames in os.walk(base):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")) and here / d != skip)
        for name in sorted(filenames):
            if not is_document_name(name):
                continue
            path = here / name
            if path.is_file():
                yield path, path.relative_to(base).as_posix()
