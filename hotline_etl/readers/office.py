"""Legacy Word (.doc), WPS (.wps) and RTF files, converted to .docx by LibreOffice and read as one.

When LibreOffice's ``soffice`` is on the PATH, or named by the environment
variable ``HOTLINE_ETL_SOFFICE``, it converts the file headless
(``soffice --headless --convert-to docx``) in a private temporary directory,
with a profile of its own for each call (``-env:UserInstallation``: two
conversions at once never share one), under a time limit
(:data:`CONVERT_SECONDS`, and the parse's ``max_seconds``). The .docx it
writes is then held to the same limits as any .docx (size, inflation, unsafe
XML) and read by :func:`~hotline_etl.readers.docx.read_docx`. Without
LibreOffice the file is refused with the error it always had, now naming the
install.

>>> find_soffice({"HOTLINE_ETL_SOFFICE": "/nonexistent/soffice"})
Traceback (most recent call last):
...
hotline_etl.readers.office.SofficeMissing: HOTLINE_ETL_SOFFICE names /nonexistent/soffice, which is not an executable file
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Mapping

from ..document import Document
from ..errors import LegacyWordFormat, UnreadableDocument, UnsupportedFormat
from ..limits import Limits
from .docx import read_docx

#: Environment variable naming the ``soffice`` to run (else ``soffice`` or ``libreoffice`` on the PATH).
SOFFICE_ENV = "HOTLINE_ETL_SOFFICE"
#: A conversion taking longer is stopped: LibreOffice starts in a fresh profile in 3-10 s and converts a
#: bulletin in about a second.
CONVERT_SECONDS = 120.0
#: How to get LibreOffice, for the error of a file that needs it.
INSTALL_HINT = ("install LibreOffice (e.g. apt-get install libreoffice-writer) or name its soffice in "
                f"{SOFFICE_ENV}; or save the file as .docx")
#: Container -> (error class and what it is, when LibreOffice is missing; file ending LibreOffice is given).
CONVERTED = {
    "ole": (LegacyWordFormat, "a legacy Word .doc or WPS file (OLE compound file) needs LibreOffice to be read", ".doc"),
    "rtf": (UnsupportedFormat, "an RTF document needs LibreOffice to be read", ".rtf"),
}
_KEEP_SUFFIXES = (".doc", ".dot", ".wps", ".rtf")


class SofficeMissing(RuntimeError):
    """``HOTLINE_ETL_SOFFICE`` names something that is not an executable file."""


class ConversionFailed(UnreadableDocument):
    """LibreOffice ran but wrote no .docx (a damaged file, or one it cannot open), or ran out of time."""

    kind = "conversion by LibreOffice failed"
    code = "conversion-failed"


def find_soffice(environ: Mapping[str, str] | None = None) -> str | None:
    """The ``soffice`` to run: ``HOTLINE_ETL_SOFFICE``, else ``soffice``/``libreoffice`` on the PATH, else None."""
    environ = os.environ if environ is None else environ
    named = environ.get(SOFFICE_ENV)
    if named:
        path = shutil.which(named)
        if path is None:
            raise SofficeMissing(f"{SOFFICE_ENV} names {named}, which is not an executable file")
        return path
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_converted(data: bytes, name: str, limits: Limits | None = None, *, fmt: str) -> Document:
    """Convert ``data`` (``fmt``: ``ole`` or ``rtf``) to .docx with LibreOffice and read that, under ``limits``.

    The Document keeps ``fmt`` as its format and notes the conversion.
    """
    limits = Limits.resolve(limits)
    error, what, suffix = CONVERTED[fmt]
    try:
        soffice = find_soffice()
    except SofficeMissing as exc:
        raise error(name, what, str(exc)) from None
    if soffice is None:
        raise error(name, what, INSTALL_HINT)
    if Path(name).suffix.lower() in _KEEP_SUFFIXES:
        suffix = Path(name).suffix.lower()  # LibreOffice picks its import filter partly by the ending
    started = time.monotonic()
    docx = convert_to_docx(data, name, soffice, suffix, limits)
    seconds = time.monotonic() - started
    limits.check_file_size(len(docx), name)
    document = read_docx(docx, name, limits=limits)
    note = f"converted to .docx by LibreOffice ({Path(soffice).name}) in {seconds:.1f} s"
    return dataclasses.replace(document, format=fmt, notes=(note, *document.notes))


#: The name of the stream holding a Word (or Kingsoft WPS) document's text, as an OLE directory stores it.
WORD_STREAM = "WordDocument".encode("utf-16-le")


def read_legacy_word(data: bytes, name: str, limits: Limits | None = None) -> Document:
    """A .doc or .wps file (OLE compound file), through LibreOffice.

    An OLE file without a ``WordDocument`` stream is not a Word or WPS
    document (an Excel or PowerPoint file, or damaged): it is refused before
    LibreOffice, which would import its bytes as plain text.

    >>> read_legacy_word(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504), "a.doc")
    Traceback (most recent call last):
    ...
    hotline_etl.errors.LegacyWordFormat: a.doc: legacy .doc/.wps file: an OLE compound file without a WordDocument stream is not a Word or WPS document (an Excel or PowerPoint file, or a damaged one) (check the file; a bulletin saved by Word or WPS can be saved as .docx)
    """
    if WORD_STREAM not in data:
        raise LegacyWordFormat(name, "an OLE compound file without a WordDocument stream is not a Word or WPS "
                                     "document (an Excel or PowerPoint file, or a damaged one)",
                               "check the file; a bulletin saved by Word or WPS can be saved as .docx")
    return read_converted(data, name, limits, fmt="ole")


def read_rtf(data: bytes, name: str, limits: Limits | None = None) -> Document:
    """An RTF file, through LibreOffice."""
    return read_converted(data, name, limits, fmt="rtf")


def convert_to_docx(data: bytes, name: str, soffice: str, suffix: str, limits: Limits) -> bytes:
    """Run ``soffice --headless --convert-to docx`` on ``data`` in a private directory; the .docx bytes.

    The directory holds the input, the output and a LibreOffice profile used
    by this call only; all of it is removed afterwards. LibreOffice runs in a
    process group of its own, killed whole when the time is up (or the
    parse's own time limit fires while it runs).
    """
    timeout = min(CONVERT_SECONDS, limits.max_seconds) if limits.max_seconds else CONVERT_SECONDS
    with tempfile.TemporaryDirectory(prefix="hotline_etl_soffice_") as tmp:
        folder = Path(tmp)
        source = folder / f"source{suffix}"
        source.write_bytes(data)
        out = folder / "out"
        command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                   "--nologo", "--nodefault", "--nolockcheck", "--convert-to", "docx", "--outdir", str(out),
                   str(source)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise ConversionFailed(name, f"LibreOffice did not finish converting it within {timeout:g} s",
                                   "convert it to .docx by hand") from None
        except BaseException:
            _kill(process)  # the parse's own time limit (or an interrupt) fired while LibreOffice ran
            raise
        produced = out / "source.docx"
        if process.returncode != 0 or not produced.is_file():
            said = stderr.decode("utf-8", "replace").strip().splitlines()
            detail = f"exit status {process.returncode}" + (f": {said[-1]}" if said else "")
            raise ConversionFailed(name, f"LibreOffice wrote no .docx ({detail})",
                                   "open it in Word, WPS or LibreOffice to check it, and save it as .docx")
        return produced.read_bytes()


def _kill(process: subprocess.Popen) -> None:
    """Kill LibreOffice's whole process group (the launcher starts soffice.bin beneath it) and reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()
