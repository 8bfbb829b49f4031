"""Which files of a directory are documents: one policy for ``hotline-etl parse DIR``, ``audit DIR`` and ``ingest``.

A document's format comes from its bytes, never from its name, so every file
is read except what is certainly not a bulletin: names starting with ``.`` or
``_`` (hidden files, ``__MACOSX``, ``_ground_truth.json``) and the endings of
:data:`NON_DOCUMENT_SUFFIXES` (web-page assets, data, code, checksums). A
file read that is not a bulletin fails with its reason, so nothing is
dropped silently.

A picture (:data:`IMAGE_SUFFIXES`: .png, .jpg, .gif …) is a document to read by OCR — a
photographed or scanned page — unless it is an asset of a saved web page
(:func:`is_web_asset`): it sits next to an .html page, or in the ``X_files``
folder of page ``X.html``, and that page names it. Pictures a page names
are its logos and figures; the page is the document.

>>> [rel for _, rel in find_documents("fixtures/seed")]
['000_0bd1a52a453bee82.txt']
>>> is_document_name("page_files/style.css"), is_document_name("_ground_truth.json"), is_document_name("a.PDF")
(False, False, True)
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath
from typing import Iterator
from urllib.parse import quote

#: File endings that are never bulletins (web-page assets, data, code, checksums, documentation); other
#: files are all read and their format detected from the bytes.
NON_DOCUMENT_SUFFIXES = frozenset({
    ".css", ".js", ".ico", ".svg", ".woff", ".woff2", ".ttf",
    ".json", ".jsonl", ".csv", ".parquet", ".py", ".pyc", ".md5", ".sha1", ".sha256", ".log", ".lock",
})
#: Endings of pictures: a page to read by OCR unless a saved web page next to it names it (:func:`is_web_asset`).
#: TIFF is left out: web pages do not show it, so a .tif is always a scan.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"})
#: Endings of saved web pages whose pictures are assets.
PAGE_SUFFIXES = (".html", ".htm")
#: Endings of the folder a browser saves a page's assets in (``X_files`` for ``X.html``; ``X.files`` from Word).
ASSET_FOLDER_SUFFIXES = ("_files", ".files")
#: Bytes of a page searched for the pictures it names (a saved page is far smaller).
PAGE_SCAN_BYTES = 16 * 1024 * 1024

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
    with ``.`` or ``_`` included), pictures that are web-page assets
    (:func:`is_web_asset`), symlinked directories, and ``exclude`` (an output
    folder inside the archive).
    """
    base = Path(root).resolve()
    skip = Path(exclude).resolve() if exclude is not None else None
    pages = SavedPages()
    for dirpath, dirnames, filenames in os.walk(base):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")) and here / d != skip)
        for name in sorted(filenames):
            if not is_document_name(name):
                continue
            path = here / name
            if path.is_file() and not is_web_asset(path, pages, within=base):
                yield path, path.relative_to(base).as_posix()


def is_web_asset(path: Path, pages: "SavedPages | None" = None, within: Path | None = None) -> bool:
    """Whether the picture at ``path`` belongs to a saved web page: a page next to it, or the page ``X.html``
    of the ``X_files`` folder it is in (below ``within``, the archive), names it. Other files (and pictures
    no page names) are not.

    >>> is_web_asset(Path("fixtures/archive/no-such-page_files/logo.png")), is_web_asset(Path("scan.tif"))
    (False, False)
    """
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return False
    pages = pages or SavedPages()
    folder = path.parent
    candidates = pages.beside(folder)
    for asset_folder in (folder, *folder.parents):
        if within is not None and not asset_folder.is_relative_to(within):
            break
        stem = next((asset_folder.name[:-len(s)] for s in ASSET_FOLDER_SUFFIXES if asset_folder.name.endswith(s)), "")
        if stem:
            candidates += [asset_folder.parent / (stem + suffix) for suffix in PAGE_SUFFIXES]
    return any(pages.names(page, path.name) for page in candidates)


class SavedPages:
    """The saved web pages of an archive, each listed and read at most once during a walk."""

    def __init__(self) -> None:
        self._beside: dict[Path, list[Path]] = {}
        self._bytes: dict[Path, bytes | None] = {}

    def beside(self, folder: Path) -> list[Path]:
        """The .html / .htm pages directly in ``folder``."""
        if folder not in self._beside:
            try:
                entries = sorted(folder.iterdir())
            except OSError:
                entries = []
            self._beside[folder] = [p for p in entries if p.suffix.lower() in PAGE_SUFFIXES and p.is_file()]
        return list(self._beside[folder])

    def names(self, page: Path, file_name: str) -> bool:
        """Whether ``page`` holds ``file_name`` as printed in UTF-8, percent-encoded, GB18030 or Big5."""
        if page not in self._bytes:
            try:
                with open(page, "rb") as fh:
                    self._bytes[page] = fh.read(PAGE_SCAN_BYTES)
            except OSError:
                self._bytes[page] = None
        data = self._bytes[page]
        return data is not None and any(form in data for form in _name_forms(file_name))


def _name_forms(file_name: str) -> set[bytes]:
    quoted = quote(file_name)
    forms = {file_name.encode("utf-8"), quoted.encode("ascii"),
             re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), quoted).encode("ascii")}
    for encoding in ("gb18030", "big5"):
        try:
            forms.add(file_name.encode(encoding))
        except UnicodeEncodeError:
            pass
    return forms
