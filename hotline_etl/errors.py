"""One error hierarchy for everything the library refuses to read.

Every message names the file and says what the user can do next, so a batch
log line is enough to act on. Each class has a stable ``code`` (kebab case,
like the warning and audit codes) and a short ``kind`` printed in the
message; the errors table of ``docs/codes.md`` is :func:`errors_markdown`.
A leaf module: it imports nothing from the package.

>>> NoTextLayer.code, NoTextLayer("a.pdf", "a scan").code
('no-text-layer', 'no-text-layer')
"""

from __future__ import annotations


class HotlineError(Exception):
    """Root of every error raised by hotline_etl; ``code`` names the class stably.

    >>> try:
    ...     raise NotABulletin("a.txt", "no hotline figures or statistics table found")
    ... except HotlineError as e:
    ...     print(e)
    a.txt: not a hotline bulletin: no hotline figures or statistics table found
    """

    kind = "error"
    code = "error"

    def __init__(self, source: str, reason: str, hint: str | None = None):
        self.source = source
        self.reason = reason
        self.hint = hint
        message = f"{source}: {self.kind}: {reason}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)

    def __reduce__(self):
        # Picklable with its fields, so a process pool (or Dask) can hand it back to the parent.
        return (self.__class__, (self.source, self.reason, self.hint))


class UnreadableDocument(HotlineError):
    """The bytes could not be turned into text (encoding, container, damage)."""

    kind = "unreadable document"
    code = "unreadable-document"


class UnsupportedFormat(UnreadableDocument):
    """The bytes are a format the library does not read."""

    kind = "unsupported format"
    code = "unsupported-format"


class NotABulletin(HotlineError):
    """The document was read but holds no hotline bulletin."""

    kind = "not a hotline bulletin"
    code = "not-a-bulletin"


class CorruptDocument(UnreadableDocument):
    """The container is truncated or damaged (a cut-off PDF, a broken .docx zip)."""

    kind = "corrupt or truncated file"
    code = "corrupt-document"


class EncryptedPdf(UnreadableDocument):
    """The PDF needs a password to open."""

    kind = "encrypted PDF"
    code = "encrypted-pdf"


class NoTextLayer(UnreadableDocument):
    """The PDF has no usable text: scanned pages, images only, or ``(cid:N)`` glyphs.

    Scanned pages and image files are read by OCR when the ``[ocr]`` extra is
    installed; the two subclasses say why they were not.
    """

    kind = "PDF without a text layer"
    code = "no-text-layer"


class OcrUnavailable(NoTextLayer):
    """Only OCR could read the file (scanned pages, an image) and the ``[ocr]`` extra is not installed."""

    kind = "needs OCR, which is not installed"
    code = "ocr-unavailable"


class OcrSwitchedOff(NoTextLayer):
    """Only OCR could read the file and OCR is switched off (``--no-ocr``, ``Limits(ocr=False)``)."""

    kind = "needs OCR, which is switched off"
    code = "ocr-switched-off"


class LegacyWordFormat(UnsupportedFormat):
    """A legacy Word .doc or WPS file (an OLE compound file)."""

    kind = "legacy .doc/.wps file"
    code = "legacy-word-format"


class NotADocx(UnsupportedFormat):
    """A zip archive that is not a Word .docx."""

    kind = "zip archive that is not a .docx"
    code = "not-a-docx"


class UnknownFormat(UnsupportedFormat):
    """Bytes of no format the library knows (images, archives, binaries)."""

    kind = "unknown format"
    code = "unknown-format"


class RegistryError(HotlineError):
    """A unit registry file is invalid: bad row, conflicting alias, successor cycle.

    ``source`` is the file being loaded; the reason names the other entry and
    file when two entries disagree.

    >>> print(RegistryError("extra.csv:4", "alias 县人社局 of x.a conflicts with y.b (base.csv:9)"))
    extra.csv:4: unit registry error: alias 县人社局 of x.a conflicts with y.b (base.csv:9)
    """

    kind = "unit registry error"
    code = "registry-error"


class PdfStructureError(CorruptDocument):
    """The PDF's object structure loops or nests too deeply to follow (a cyclic cross-reference)."""

    kind = "PDF structure cannot be followed"
    code = "pdf-structure"


class UnsafeDocument(UnreadableDocument):
    """The document carries content refused for safety (a DTD or entity declaration in a .docx part)."""

    kind = "unsafe document"
    code = "unsafe-document"


class LimitExceeded(HotlineError):
    """A per-document limit of :class:`~hotline_etl.limits.Limits` was hit.

    ``limit`` names the :class:`~hotline_etl.limits.Limits` field and
    ``option`` the ``hotline-etl ingest`` option that raises it (raisers take
    both from :meth:`Limits.exceeded <hotline_etl.limits.Limits.exceeded>`);
    the message says both, so a batch log line tells the operator what to change.

    >>> print(FileTooLarge("big.pdf", "max_file_bytes", 52428800, 60000000, option="--max-file-mb"))
    big.pdf: file too large: 60000000 bytes, more than the limit of 52428800 (max_file_bytes; raise it with --max-file-mb or Limits(max_file_bytes=...))
    """

    kind = "limit exceeded"
    code = "limit-exceeded"
    #: The unit the limit and the measured value are counted in.
    unit = ""

    def __init__(self, source: str, limit: str, allowed, actual, what: str | None = None, option: str | None = None):
        self.limit, self.allowed, self.actual, self.what, self.option = limit, allowed, actual, what, option
        unit = f" {self.unit}" if self.unit else ""
        reason = what or f"{actual}{unit}, more than the limit of {allowed}"
        hint = f"{limit}; raise it with {option + ' or ' if option else ''}Limits({limit}=...)"
        super().__init__(source, reason, hint)

    def __reduce__(self):
        return (self.__class__, (self.source, self.limit, self.allowed, self.actual, self.what, self.option))


class FileTooLarge(LimitExceeded):
    """The file is larger than ``max_file_bytes``: refused before it is read."""

    kind = "file too large"
    code = "file-too-large"
    unit = "bytes"


class DocumentTimeout(LimitExceeded):
    """Parsing took longer than ``max_seconds`` of wall time (a pathological PDF, say)."""

    kind = "parse timed out"
    code = "document-timeout"
    unit = "s"


class DocxTooLarge(LimitExceeded):
    """A .docx would decompress to more than allowed, or compresses too well to be real (a zip bomb)."""

    kind = "docx decompresses too far (zip bomb?)"
    code = "docx-too-large"


class HtmlTooDeep(LimitExceeded):
    """The HTML nests elements deeper than ``max_html_depth``."""

    kind = "HTML nested too deeply"
    code = "html-too-deep"
    unit = "levels"


class TooManyPages(LimitExceeded):
    """The PDF has more pages than ``max_pdf_pages``."""

    kind = "PDF has too many pages"
    code = "too-many-pages"
    unit = "pages"


class TooManyOcrPages(LimitExceeded):
    """More pages need OCR than ``max_ocr_pages`` allows (OCR costs seconds a page)."""

    kind = "too many pages to OCR"
    code = "too-many-ocr-pages"
    unit = "pages"


class WorkerDied(HotlineError):
    """The process parsing the file died (killed by the kernel for memory, a crash in a native library),
    twice: the ingest records the file and goes on.

    >>> print(WorkerDied("big.pdf", "the parser process was killed by signal SIGKILL, twice"))
    big.pdf: worker-died: the parser process was killed by signal SIGKILL, twice
    """

    kind = "worker-died"
    code = "worker-died"


def error_classes(root: type[HotlineError] = HotlineError) -> list[type[HotlineError]]:
    """``root`` and every subclass defined so far, parents before children, in definition order.

    Subclasses living in later modules (the dataset's ``DatasetBusy``) are
    listed once those modules are imported.

    >>> [c.__name__ for c in error_classes(LimitExceeded)][:3]
    ['LimitExceeded', 'FileTooLarge', 'DocumentTimeout']
    """
    out = [root]
    for sub in root.__subclasses__():
        out += error_classes(sub)
    return out


def errors_markdown(classes: list[type[HotlineError]] | None = None) -> str:
    """The errors table of ``docs/codes.md``: code, class (and its parent), kind, when it is raised.

    >>> errors_markdown().splitlines()[2]
    '| `error` | `HotlineError` | error | Root of every error raised by hotline_etl; ``code`` names the class stably. |'
    """
    lines = ["| code | class | kind | when |", "|---|---|---|---|"]
    for cls in classes if classes is not None else error_classes():
        parent = cls.__mro__[1].__name__
        name = f"`{cls.__name__}`" + (f" ({parent})" if issubclass(cls.__mro__[1], HotlineError) else "")
        when = (cls.__doc__ or "").strip().split("\n")[0].replace("|", "\\|")
        lines.append(f"| `{cls.code}` | {name} | {cls.kind} | {when} |")
    return "\n".join(lines)
