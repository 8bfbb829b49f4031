"""The readers whose libraries are slow to import, each importing its module when first called.

pdfplumber, python-docx and the OCR engine take most of a second to import,
which a process that reads only text (a worker's start-up) need not pay.
Plain import statements inside the functions, in a module that is not a
package ``__init__``, so the parse-path fingerprint
(:mod:`hotline_etl.dataset.fingerprint`) still follows them.

>>> read_pdf.__module__
'hotline_etl.readers.on_demand'
"""

from __future__ import annotations

from ..document import Document


def read_docx(*args, **kwargs) -> Document:
    """:func:`hotline_etl.readers.docx.read_docx`, imported on first use."""
    from .docx import read_docx as read

    return read(*args, **kwargs)


def read_pdf(*args, **kwargs) -> Document:
    """:func:`hotline_etl.readers.pdf.read_pdf`, imported on first use."""
    from .pdf import read_pdf as read

    return read(*args, **kwargs)


def read_image(*args, **kwargs) -> Document:
    """:func:`hotline_etl.readers.image.read_image`, imported on first use."""
    from .image import read_image as read

    return read(*args, **kwargs)


def read_legacy_word(*args, **kwargs) -> Document:
    """:func:`hotline_etl.readers.office.read_legacy_word`, imported on first use."""
    from .office import read_legacy_word as read

    return read(*args, **kwargs)


def read_rtf(*args, **kwargs) -> Document:
    """:func:`hotline_etl.readers.office.read_rtf`, imported on first use."""
    from .office import read_rtf as read

    return read(*args, **kwargs)
