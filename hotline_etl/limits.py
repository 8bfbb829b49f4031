"""Per-document limits: how much of a hostile or broken file the library is willing to read.

One validated settings object, :class:`Limits`, travels from ``parse(...,
limits=...)`` (or ``hotline-etl ingest --max-...``) to the place each limit
belongs:

- ``max_file_bytes``: the file's size, before it is read (:func:`~hotline_etl.readers.load`);
- ``max_docx_uncompressed_bytes`` and ``max_docx_ratio``: the .docx zip
  directory, before python-docx inflates anything (zip bombs);
- ``max_html_depth``: element nesting of a web page, before the reader walks it
  (the walk recurses);
- ``max_pdf_pages``: the PDF's page count, before any page is laid out;
- ``max_ocr_pages``: pages read by OCR (scanned PDF pages, image frames),
  before the first is recognised; ``ocr=False`` reads none (``--no-ocr``):
  a file that only OCR could read then fails, saying so;
- ``max_seconds``: wall time of the whole parse, by ``SIGALRM``
  (:func:`time_limit`), for what no structural limit foresees (a PDF whose
  objects refer to themselves spins forever in pdfminer). The time the OCR
  engine spends recognising a page is not counted (:func:`time_limit_paused`):
  it is bounded by the page's pixels, and ``max_ocr_pages`` bounds the pages.

Each limit, when hit, raises its own :class:`~hotline_etl.errors.LimitExceeded`
subclass whose message names the file, the limit and the option that raises it.
``None`` switches a limit off.

>>> Limits(max_seconds=5).max_seconds, Limits().max_file_bytes
(5, 52428800)
>>> Limits.resolve({"max_pdf_pages": 20}).max_pdf_pages
20
"""

from __future__ import annotations

import contextlib
import dataclasses
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

from .errors import (DocumentTimeout, DocxTooLarge, FileTooLarge, HtmlTooDeep, LimitExceeded, OcrSwitchedOff,
                     TooManyOcrPages, TooManyPages)

MB = 1024 * 1024

#: Larger than any bulletin seen (the biggest scanned-and-OCRed PDFs are a few MB).
MAX_FILE_BYTES = 50 * MB
#: A bulletin parses in well under a second; a minute means the parser is stuck.
MAX_SECONDS = 60.0
#: A .docx of a long bulletin inflates to a few MB; 200 MB is a zip bomb or not a bulletin.
MAX_DOCX_UNCOMPRESSED_BYTES = 200 * MB
#: Word XML deflates 10-30x; a member inflating 200x and more is padding, not text.
MAX_DOCX_RATIO = 200.0
#: Members smaller than this are not held to the ratio (a short, repetitive XML part compresses well).
DOCX_RATIO_FLOOR_BYTES = 1 * MB
#: Real pages nest 20-40 deep. The reader walks the tree recursively, so depth must stay well
#: below Python's recursion limit; libxml2's HTML parser stops nesting at 256 levels, so a
#: limit under that is the one that catches a page built to nest without end.
MAX_HTML_DEPTH = 200
#: Monthly bulletins have 2-20 pages; annual compilations a few hundred.
MAX_PDF_PAGES = 500
#: OCR costs several seconds of CPU a page: a scanned monthly bulletin has 2-20 pages.
MAX_OCR_PAGES = 50

#: After the wall-time limit fires, it fires again this often until the parse has unwound.
TIMEOUT_REPEAT_SECONDS = 0.25


@dataclass(frozen=True, slots=True)
class LimitInfo:
    """What is known about one limit besides its value, written once (as the field's metadata).

    ``option`` is the ``--max-...`` command-line option setting it, in
    ``option_unit`` (``scale`` of the field's own unit each: MB for bytes),
    ``help`` its help text, and ``error`` the
    :class:`~hotline_etl.errors.LimitExceeded` subclass raised when it is hit.
    """

    option: str
    option_unit: str
    scale: int
    help: str
    error: type[LimitExceeded]
    #: What is measured, and when (for the docs table).
    checked: str = ""


def _limit(default: float | None, option: str, option_unit: str, help: str, error: type[LimitExceeded],
           scale: int = 1, checked: str = "") -> Any:
    return field(default=default, metadata={"limit": LimitInfo(option, option_unit, scale, help, error, checked)})


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-document limits; every field is a positive number, or ``None`` for no limit.

    ``ocr`` is a switch: whether pages that are only images are read by OCR.

    >>> Limits(max_pdf_pages=0)
    Traceback (most recent call last):
    ...
    ValueError: Limits.max_pdf_pages must be a positive int or None, not 0
    """

    max_file_bytes: int | None = _limit(
        MAX_FILE_BYTES, "--max-file-mb", "MB", "refuse files larger than this, before reading them", FileTooLarge, MB,
        "file size, before the file is read (`stat`)")
    max_seconds: float | None = _limit(
        MAX_SECONDS, "--max-seconds", "SECONDS", "stop parsing a document after this much wall time", DocumentTimeout,
        checked="wall time of the whole parse (`SIGALRM`)")
    max_docx_uncompressed_bytes: int | None = _limit(
        MAX_DOCX_UNCOMPRESSED_BYTES, "--max-docx-mb", "MB",
        "refuse a .docx whose zip members would inflate to more (zip bombs)", DocxTooLarge, MB,
        "sum of the .docx zip members' sizes, from the zip directory, before anything is inflated")
    max_docx_ratio: float | None = _limit(
        MAX_DOCX_RATIO, "--max-docx-ratio", "RATIO",
        "refuse a .docx member (over 1 MB) that inflates more than this many times", DocxTooLarge,
        checked="inflated/compressed size of each .docx member of 1 MB or more")
    max_html_depth: int | None = _limit(
        MAX_HTML_DEPTH, "--max-html-depth", "LEVELS", "refuse a web page whose elements nest deeper", HtmlTooDeep,
        checked="element nesting of a web page, before the (recursive) walk")
    max_pdf_pages: int | None = _limit(
        MAX_PDF_PAGES, "--max-pdf-pages", "PAGES", "refuse a PDF with more pages", TooManyPages,
        checked="page count, before any page is laid out")
    max_ocr_pages: int | None = _limit(
        MAX_OCR_PAGES, "--max-ocr-pages", "PAGES", "refuse a file with more scanned pages to read by OCR",
        TooManyOcrPages, checked="pages to read by OCR (scanned PDF pages, image frames), before the first is read")
    #: Not a limit but a switch (``--no-ocr``): whether pages that are only images are read by OCR.
    ocr: bool = True

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "ocr":
                if not isinstance(value, bool):
                    raise ValueError(f"Limits.ocr must be True or False, not {value!r}")
                continue
            if value is None:
                continue
            whole = self.whole(f.name)
            kinds = (int,) if whole else (int, float)
            # bool is an int; True pages is a typo, not a limit.
            if isinstance(value, bool) or not isinstance(value, kinds) or not value > 0 or value != value:
                raise ValueError(f"Limits.{f.name} must be a positive {'int' if whole else 'number'} or None, "
                                 f"not {value!r}")

    @staticmethod
    def whole(name: str) -> bool:
        """True when limit ``name`` counts whole things (bytes, pages), False for a number (seconds, a ratio).

        >>> Limits.whole("max_pdf_pages"), Limits.whole("max_seconds")
        (True, False)
        """
        return "float" not in str(_FIELD_TYPES[name])

    @classmethod
    def resolve(cls, value: "Limits | Mapping[str, Any] | None") -> "Limits":
        """A Limits from itself, a mapping of field overrides, or None (the defaults).

        >>> Limits.resolve(None) == Limits()
        True
        >>> Limits.resolve({"max_files": 3})
        Traceback (most recent call last):
        ...
        ValueError: unknown limit(s): max_files (known: max_file_bytes, max_seconds, max_docx_uncompressed_bytes, max_docx_ratio, max_html_depth, max_pdf_pages, max_ocr_pages, ocr)
        """
        if value is None:
            return DEFAULT_LIMITS
        if isinstance(value, cls):
            return value
        if isinstance(value, Mapping):
            names = [f.name for f in dataclasses.fields(cls)]
            unknown = sorted(set(value) - set(names))
            if unknown:
                raise ValueError(f"unknown limit(s): {', '.join(unknown)} (known: {', '.join(names)})")
            return cls(**value)
        raise TypeError(f"limits must be a Limits, a mapping or None, not {type(value).__name__}")

    def key(self) -> str:
        """A stable text of every field, for a manifest to tell which limits a file was parsed under.

        >>> Limits().key()
        'max_file_bytes=52428800,max_seconds=60.0,max_docx_uncompressed_bytes=209715200,max_docx_ratio=200.0,max_html_depth=200,max_pdf_pages=500,max_ocr_pages=50,ocr=True'
        """
        return ",".join(f"{f.name}={getattr(self, f.name)}" for f in dataclasses.fields(self))

    def exceeded(self, name: str, source: str, actual: Any, what: str | None = None) -> LimitExceeded:
        """The error to raise when ``source`` measures ``actual`` against limit ``name``.

        >>> print(Limits(max_pdf_pages=20).exceeded("max_pdf_pages", "a.pdf", 31))
        a.pdf: PDF has too many pages: 31 pages, more than the limit of 20 (max_pdf_pages; raise it with --max-pdf-pages or Limits(max_pdf_pages=...))
        """
        info = LIMIT_INFO[name]
        return info.error(source, name, getattr(self, name), actual, what, info.option)

    def check_file_size(self, size: int, name: str) -> None:
        """Raise :class:`~hotline_etl.errors.FileTooLarge` when ``size`` bytes exceed ``max_file_bytes``.

        >>> Limits(max_file_bytes=10).check_file_size(11, "a.pdf")
        Traceback (most recent call last):
        ...
        hotline_etl.errors.FileTooLarge: a.pdf: file too large: 11 bytes, more than the limit of 10 (max_file_bytes; raise it with --max-file-mb or Limits(max_file_bytes=...))
        """
        if self.max_file_bytes is not None and size > self.max_file_bytes:
            raise self.exceeded("max_file_bytes", name, size)

    def check_ocr_pages(self, pages: int, name: str, what: str) -> None:
        """Before OCR: refuse when OCR is off, or ``pages`` exceed ``max_ocr_pages``.

        ``what`` says what needs OCR (``its 4 pages are images``).

        >>> Limits(ocr=False).check_ocr_pages(4, "scan.pdf", "its 4 pages are images")
        Traceback (most recent call last):
        ...
        hotline_etl.errors.OcrSwitchedOff: scan.pdf: needs OCR, which is switched off: its 4 pages are images (run without --no-ocr, or Limits(ocr=True), to read them)
        """
        if not self.ocr:
            raise OcrSwitchedOff(name, what, "run without --no-ocr, or Limits(ocr=True), to read them")
        if self.max_ocr_pages is not None and pages > self.max_ocr_pages:
            raise self.exceeded("max_ocr_pages", name, pages,
                                f"{what}: {pages} pages to OCR, more than the limit of {self.max_ocr_pages}")


_FIELD_TYPES = {f.name: f.type for f in dataclasses.fields(Limits)}
#: Limits field -> its :class:`LimitInfo` (option, unit, help, error), from the fields' metadata.
LIMIT_INFO: dict[str, LimitInfo] = {f.name: f.metadata["limit"] for f in dataclasses.fields(Limits)
                                    if "limit" in f.metadata}
#: Limits field -> the ``hotline-etl ingest`` option that sets it (named in error messages).
LIMIT_OPTIONS = {name: info.option for name, info in LIMIT_INFO.items()}

#: The limits applied when none are given.
DEFAULT_LIMITS = Limits()


@contextlib.contextmanager
def time_limit(seconds: float | None, name: str) -> Iterator[None]:
    """Raise :class:`~hotline_etl.errors.DocumentTimeout` in the block after ``seconds`` of wall time.

    Uses ``setitimer(ITIMER_REAL)`` and a ``SIGALRM`` handler, so it works in
    the main thread of a process (an ingest worker, or ``--workers 1`` in
    the CLI process); elsewhere (a thread) there is no way to interrupt
    Python code, and the block runs unbounded. The previous handler and any
    running outer timer (less the time spent here) are restored on exit.

    >>> with time_limit(0.05, "slow.pdf"):
    ...     while True:
    ...         pass
    Traceback (most recent call last):
    ...
    hotline_etl.errors.DocumentTimeout: slow.pdf: parse timed out: parsing took more than 0.05 s (max_seconds; raise it with --max-seconds or Limits(max_seconds=...))
    """
    if seconds is None or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    started = time.monotonic()

    def expire(signum, frame):
        raise DocumentTimeout(name, "max_seconds", seconds, round(time.monotonic() - started, 3),
                              f"parsing took more than {seconds} s", LIMIT_OPTIONS["max_seconds"])

    previous_handler = signal.signal(signal.SIGALRM, expire)
    # The timer repeats: cleanup code run while the first DocumentTimeout unwinds may spin too
    # (pdfplumber's close() walks the same self-referencing page tree again).
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds, TIMEOUT_REPEAT_SECONDS)
    try:
        yield
    finally:
        # Disarm before the old handler returns: a late SIGALRM must not reach a default handler
        # (which would kill the process).
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if outer_delay:
            left = outer_delay - (time.monotonic() - started)
            # An outer timer that should have fired while we held the signal fires at once.
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), outer_interval)


@contextlib.contextmanager
def time_limit_paused() -> Iterator[None]:
    """Stop the clock of an enclosing :func:`time_limit` in the block; it runs on afterwards.

    For work whose cost is known to be bounded and is limited otherwise: the
    OCR engine on one page (``max_ocr_pages`` bounds the pages). Outside the
    main thread, or with no timer running, it does nothing.

    >>> with time_limit(0.2, "scan.png"):
    ...     with time_limit_paused():
    ...         time.sleep(0.3)
    ...     "still parsing"
    'still parsing'
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    delay, interval = signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        if delay:
            signal.setitimer(signal.ITIMER_REAL, delay, interval)


def limits_markdown() -> str:
    """The limits table of ``docs/limits.md``: field, default, option, what is checked, error.

    >>> limits_markdown().splitlines()[2]
    '| `max_file_bytes` | 50 MB | `--max-file-mb` | file size, before the file is read (`stat`) | `FileTooLarge` |'
    """
    lines = ["| field | default | option | checked | error when hit |", "|---|---|---|---|---|"]
    for name, info in LIMIT_INFO.items():
        value = getattr(DEFAULT_LIMITS, name)
        unit = {"MB": " MB", "RATIO": "×"}.get(info.option_unit, f" {info.option_unit.lower()}")
        default = "none" if value is None else f"{value / info.scale:g}{unit}"
        lines.append(f"| `{name}` | {default} | `{info.option}` | {info.checked} | `{info.error.__name__}` |")
    return "\n".join(lines)
