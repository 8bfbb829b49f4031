"""One error hierarchy for everything the library refuses to read.

Every message names the file and says what the user can do next, so a batch
log line is enough to act on.
"""

from __future__ import annotations


class HotlineError(Exception):
    """Root of every error raised by hotline_etl.

    >>> try:
    ...     raise NotABulletin("a.txt", "no hotline figures or statistics table found")
    ... except HotlineError as e:
    ...     print(e)
    a.txt: not a hotline bulletin: no hotline figures or statistics table found
    """

    kind = "error"

    def __init__(self, source: str, reason: str, hint: str | None = None):
        self.source = source
        self.reason = reason
        self.hint = hint
        message = f"{source}: {self.kind}: {reason}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)


class UnreadableDocument(HotlineError):
    """The bytes could not be turned into text (encoding, container, damage)."""

    kind = "unreadable document"


class UnsupportedFormat(UnreadableDocument):
    """The bytes are a format the library does not read."""

    kind = "unsupported format"


class NotABulletin(HotlineError):
    """The document was read but holds no hotline bulletin."""

    kind = "not a hotline bulletin"


class CorruptDocument(UnreadableDocument):
    """The container is truncated or damaged (a cut-off PDF, a broken .docx zip)."""

    kind = "corrupt or truncated file"


class EncryptedPdf(UnreadableDocument):
    """The PDF needs a password to open."""

    kind = "encrypted PDF"


class NoTextLayer(UnreadableDocument):
    """The PDF has no usable text: scanned pages, images only, or ``(cid:N)`` glyphs."""

    kind = "PDF without a text layer"


class LegacyWordFormat(UnsupportedFormat):
    """A legacy Word .doc or WPS file (an OLE compound file)."""

    kind = "legacy .doc/.wps file"


class NotADocx(UnsupportedFormat):
    """A zip archive that is not a Word .docx."""

    kind = "zip archive that is not a .docx"


class UnknownFormat(UnsupportedFormat):
    """Bytes of no format the library knows (images, archives, binaries)."""

    kind = "unknown format"


class RegistryError(HotlineError):
    """A unit registry file is invalid: bad row, conflicting alias, successor cycle.

    ``source`` is the file being loaded; the reason names the other entry and
    file when two entries disagree.

    >>> print(RegistryError("extra.csv:4", "alias 县人社局 of x.a conflicts with y.b (base.csv:9)"))
    extra.csv:4: unit registry error: alias 县人社局 of x.a conflicts with y.b (base.csv:9)
    """

    kind = "unit registry error"
