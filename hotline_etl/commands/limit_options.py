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

from ..limits import DEFAULT_LIMITS, LIMIT_INFO, Limits


def _default_text(field: str) -> str:
    value = getattr(DEFAULT_LIMITS, field)
    return "off" if value is None else f"{value / LIMIT_INFO[field].scale:g}"


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    """Add one ``--max-...`` option per :class:`Limits` field (a group headed "per-document limits")."""
    group = parser.add_argument_group("per-document limits", "a file over a limit fails with its reason; 0 = no limit")
    for field, info in LIMIT_INFO.items():
        group.add_argument(info.option, dest=field, type=float, default=None, metavar=info.option_unit,
                           help=f"{info.help} (default {_default_text(field)})")
    group.add_argument("--no-ocr", dest="ocr", action="store_false",
                       help="do not read scanned pages and images by OCR (slow): such a file fails, saying why")


def limits_from_args(args: argparse.Namespace) -> Limits:
    """The Limits the options name: defaults where not given, None where 0; ValueError on negatives."""
    overrides = {}
    for field, info in LIMIT_INFO.items():
        value = getattr(args, field, None)
        if value is None:
            continue
        if value < 0:
            raise ValueError(f"{info.option} must be 0 (no limit) or more, not {value:g}")
        whole = Limits.whole(field)
        scaled = value * info.scale
        overrides[field] = None if value == 0 else (max(int(scaled), 1) if whole else scaled)
    if getattr(args, "ocr", True) is False:
        overrides["ocr"] = False
    return Limits.resolve(overrides)
