"""What every PDF fixture reads as, captured once, so a faster PDF reader can prove it reads the same.

``tests/data/pdf_documents.json.gz`` holds, for every ``*.pdf`` under
``fixtures/``, the :class:`~hotline_etl.document.Document` the PDF reader
returned (blocks with their origins, warnings, notes) or the error it raised
(class and message). It was captured from main's code before the PDF text
layer changed (issue 17 item 5); ``tests/test_readers_pdf_identical.py``
compares the reader and the whole parse against it. Records are compared by
running the captured document through the current later stages, so a change
in extraction, units or audit (other issues) does not invalidate the capture.

Re-capture only when the PDF reader's output is meant to change (and say so
in the commit)::

    python tests/pdf_documents.py --write
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path
from typing import Any

from hotline_etl.document import Cell, Document, Origin, Paragraph, ReaderWarning, Table
from hotline_etl.errors import HotlineError
from hotline_etl.limits import Limits, time_limit
from hotline_etl.readers import load

ROOT = Path(__file__).resolve().parent.parent
CAPTURE = ROOT / "tests/data/pdf_documents.json.gz"
#: One fixture loops pdfminer for ever: a short wall-time limit turns it into its error quickly.
LIMITS = {"bad/object_refers_to_itself_hangs_pdfminer.pdf": Limits(max_seconds=1)}


def pdf_fixtures() -> list[str]:
    """Every PDF under fixtures/, as a path relative to it (``pdf/seed_trad_unruled_table.pdf``)."""
    return sorted(str(p.relative_to(ROOT / "fixtures")) for p in (ROOT / "fixtures").rglob("*.pdf"))


#: Scans read by OCR (issue 15) are not captured: a page costs seconds, and tests/test_readers_ocr.py scores them.
def captured_fixtures() -> list[str]:
    """The PDF fixtures the capture holds: every one but the scans of fixtures/ocr/."""
    return [f for f in pdf_fixtures() if not f.startswith("ocr/")]


def read_fixture(fixture: str) -> dict[str, Any]:
    """The reader's output for one fixture as JSON-ready data: a document, or the error raised."""
    limits = Limits.resolve(LIMITS.get(fixture))
    try:
        with time_limit(limits.max_seconds, fixture):
            document = load(ROOT / "fixtures" / fixture, name=Path(fixture).name, limits=limits)
    except HotlineError as exc:
        return {"error": type(exc).__name__, "message": str(exc)}
    return document_to_data(document)


def _origin(origin: Origin) -> list:
    """An origin's seven place fields; ``ocr`` and ``confidence`` too when read by OCR (issue 15)."""
    return list(origin) if origin.ocr else list(origin)[:7]


def document_to_data(document: Document) -> dict[str, Any]:
    """A document as plain data (origins as lists of their fields, see :func:`_origin`)."""
    def block(b):
        if isinstance(b, Paragraph):
            return {"text": b.text, "origin": _origin(b.origin), "heading": b.heading}
        return {"rows": [[[c.text, _origin(c.origin)] for c in row] for row in b.rows], "origin": _origin(b.origin)}

    return {
        "name": document.name, "format": document.format, "encoding": document.encoding,
        "blocks": [block(b) for b in document.blocks],
        "notes": list(document.notes),
        "warnings": [[w.code, w.message, _origin(w.origin) if w.origin else None] for w in document.warnings],
        "pages": document.pages, "ocr_pages": list(document.ocr_pages),
    }


def document_from_data(data: dict[str, Any]) -> Document:
    """The inverse of :func:`document_to_data`."""
    def block(b):
        if "text" in b:
            return Paragraph(b["text"], Origin(*b["origin"]), b["heading"])
        return Table(tuple(tuple(Cell(text, Origin(*origin)) for text, origin in row) for row in b["rows"]),
                     Origin(*b["origin"]))

    return Document(name=data["name"], format=data["format"], blocks=tuple(block(b) for b in data["blocks"]),
                    encoding=data["encoding"], notes=tuple(data["notes"]),
                    warnings=tuple(ReaderWarning(code, message, Origin(*origin) if origin else None)
                                   for code, message, origin in data["warnings"]),
                    pages=data["pages"], ocr_pages=tuple(data["ocr_pages"]))


def load_capture() -> dict[str, dict[str, Any]]:
    """The captured reads, by fixture path."""
    with gzip.open(CAPTURE, "rt", encoding="utf-8") as f:
        return json.load(f)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {CAPTURE.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    captured = {fixture: read_fixture(fixture) for fixture in captured_fixtures()}
    if args.write:
        CAPTURE.parent.mkdir(exist_ok=True)
        text = json.dumps(captured, ensure_ascii=False, indent=1, sort_keys=True)
        # mtime=0: the same capture gives the same bytes.
        with gzip.GzipFile(CAPTURE, "wb", mtime=0) as f:
            f.write(text.encode())
    for fixture, data in captured.items():
        print(f"{fixture}: {data.get('error') or str(len(data['blocks'])) + ' blocks'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
