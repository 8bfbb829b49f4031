"""The ``--max-...`` options of the commands that read documents, mapped to :class:`~hotline_etl.limits.Limits`.

Sizes are given in MB on the command line (bytes in ``Limits``); ``0`` switches a limit off.

>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> add_limit_options(parser)
>>> limits_from_args(parser.parse_args(["--max-file-mb", "5", "--max-seconds", "0"]))
Limits(max_file_bytes=5242880, max_seconds=None, max_docx_uncompressed_bytes=209715200, max_docx_ratio=200.0, max_html_depth=200, max_pdf_pages=500, max_ocr_pages=50, ocr=True)
>>> limits_from_args(parser.parse_args(["--no-ocr"])).ocr
False
"""

from __future__ import annotations

import argparse

from ..limits import DEFAULT_LIMITS, LIMIT_OPTIONS, MB, Limits

#: Limits field -> (scale from the option's unit to the field's, metavar, help).
_OPTIONS = {
    "max_file_bytes": (MB, "MB", "refuse files larger than this, before reading them"),
    "max_seconds": (1, "SECONDS", "stop parsing a document after this much wall time"),
    "max_docx_uncompressed_bytes": (MB, "MB", "refuse a .docx whose zip members would inflate to more (zip bombs)"),
    "max_docx_ratio": (1, "RATIO", "refuse a .docx member (over 1 MB) that inflates more than this many times"),
    "max_html_depth": (1, "LEVELS", "refuse a web page whose elements nest deeper"),
    "max_pdf_pages": (1, "PAGES", "refuse a PDF with more pages"),
    "max_ocr_pages": (1, "PAGES", "refuse a file with more scanned pages to read by OCR"),
}


def _default_text(field: str) -> str:
    value = getattr(DEFAULT_LIMITS, field)
    scale = _OPTIONS[field][0]
    return "off" if value is None else f"{value / scale:g}"


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    """Add one ``--max-...`` option per :class:`Limits` field (a group headed "per-document limits")."""
    group = parser.add_argument_group("per-document limits", "a file over a limit fails with its reason; 0 = no limit")
    for field, (_, metavar, text) in _OPTIONS.items():
        group.add_argument(LIMIT_OPTIONS[field], dest=field, type=float, default=None, metavar=metavar,
                           help=f"{text} (default {_default_text(field)})")
    group.add_argument("--no-ocr", dest="ocr", action="store_false",
                       help="do not read scanned pages and images by OCR (slow): such a file fails, saying why")


def limits_from_args(args: argparse.Namespace) -> Limits:
    """The Limits the options name: defaults where not given, None where 0; ValueError on negatives."""
    overrides = {}
    for field, (scale, _, _) in _OPTIONS.items():
        value = getattr(args, field, None)
        if value is None:
            continue
        if value < 0:
            raise ValueError(f"{LIMIT_OPTIONS[field]} must be 0 (no limit) or more, not {value:g}")
        whole = field != "max_seconds" and field != "max_docx_ratio"
        scaled = value * scale
        overrides[field] = None if value == 0 else (max(int(scaled), 1) if whole else scaled)
    if getattr(args, "ocr", True) is False:
        overrides["ocr"] = False
    return Limits.resolve(overrides)
