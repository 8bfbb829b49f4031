"""The pipeline: read bytes -> views -> extract -> units -> audit.

>>> b = parse("fixtures/seed/000_0bd1a52a453bee82.txt")
>>> b.period.label, b.headline.hotline_orders_received.value
('5月份', 2557)
"""

from __future__ import annotations

import dataclasses
from typing import Any, Mapping

from .checks import audit as audit_bulletin
from .document import Document
from .extract import extract_bulletin
from .limits import Limits, time_limit
from .model import Bulletin
from .readers import Source, load, source_label
from .script import build_view
from .units.apply import resolve_bulletin


def parse(source: Source, *, name: str | None = None, audit: bool = True,
          limits: Limits | Mapping[str, Any] | None = None) -> Bulletin:
    """Parse one bulletin from a path, raw bytes or decoded text.

    A str is read as a path when it is one line naming a file (or ending like
    one, .txt/.html/.docx/.pdf); otherwise it is the bulletin's text. ``name``
    labels the source in errors and provenance. Raises a
    :class:`~hotline_etl.errors.HotlineError` subclass when the source cannot
    be read or holds no bulletin; a bulletin cut short parses, with
    ``warnings`` saying what is missing. The audit is the last stage: its
    findings fill ``findings`` (``audit=False`` leaves it empty).

    ``limits`` (a :class:`~hotline_etl.limits.Limits`, a mapping of its
    fields, or None for the defaults) bounds what a hostile file may cost:
    size, .docx inflation, HTML depth, PDF pages and wall time; each limit hit
    raises its :class:`~hotline_etl.errors.LimitExceeded` subclass.
    """
    limits = Limits.resolve(limits)
    with time_limit(limits.max_seconds, source_label(source, name)):
        return _parse(source, name, audit, limits)


def _parse(source: Source, name: str | None, audit: bool, limits: Limits) -> Bulletin:
    return parse_document(load(source, name, limits), audit=audit)


def parse_document(document: Document, *, audit: bool = True) -> Bulletin:
    """The stages after the reader: views, extraction, units and audit of a read ``document``.

    For a document read once and looked at twice (its reader's notes and its
    record), as when OCR makes reading the costly part.

    >>> from hotline_etl.readers import load
    >>> parse_document(load("fixtures/seed/000_0bd1a52a453bee82.txt")).headline.completed.value
    2574
    """
    view = build_view(document)
    bulletin = dataclasses.replace(extract_bulletin(view), pages=document.pages, ocr_pages=document.ocr_pages)
    bulletin = resolve_bulletin(bulletin)
    if not audit:
        return bulletin
    return dataclasses.replace(bulletin, findings=audit_bulletin(bulletin))
