"""How much the container readers cost over the libraries they sit on.

PDF: ``hotline_etl.parse`` (read, views, extraction) against pdfplumber's bare
``extract_text()`` + ``extract_tables()`` over every page of the same file
(target ratio <= 1.0). DOCX: ``hotline_etl.parse`` against a bare python-docx
load and walk of paragraphs and table cells (target <= 1.5). Median of
``--repeat`` rounds (default 9), the three timings interleaved in each round.

    python benchmarks/bench_readers.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import docx
import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import hotline_etl  # noqa: E402
from hotline_etl.readers import load  # noqa: E402

PDF = ROOT / "fixtures/pdf/seed_trad_ruled_table_repeated_header.pdf"
DOCX = ROOT / "fixtures/docx/seed_trad_heading_styles_table.docx"
TARGETS = {"pdf": 1.0, "docx": 1.5}


def bare_pdfplumber(data: bytes) -> None:
    """What a script using pdfplumber directly would do: all text and all tables of every page."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def bare_python_docx(data: bytes) -> None:
    """Load, then read every paragraph and every table cell in body order."""
    document = docx.Document(io.BytesIO(data))
    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            for row in item.rows:
                for cell in row.cells:
                    cell.text
        else:
            item.text


def median_seconds(functions: dict, argument, repeat: int) -> dict[str, float]:
    """Median wall time of each ``function(argument)`` over ``repeat`` rounds, after one warm-up.

    The functions run in turn within each round, so a busy machine slows all
    of them alike and the ratios stay comparable.
    """
    times: dict[str, list[float]] = {key: [] for key in functions}
    for key, function in functions.items():
        function(argument)
    for _ in range(repeat):
        for key, function in functions.items():
            start = time.perf_counter()
            function(argument)
            times[key].append(time.perf_counter() - start)
    return {key: statistics.median(values) for key, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    """Print medians and ratios; exit 0 (figures are for reading, not a gate)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    rows = []
    for kind, path, bare in (("pdf", PDF, bare_pdfplumber), ("docx", DOCX, bare_python_docx)):
        data = path.read_bytes()
        medians = median_seconds({"parse": lambda d: hotline_etl.parse(d, name=path.name),
                                  "reader": lambda d: load(d, path.name), "bare": bare}, data, args.repeat)
        rows.append((kind, path.name, medians["parse"], medians["reader"], medians["bare"]))
    print(f"{'format':6} {'parse (s)':>10} {'reader (s)':>11} {'bare lib (s)':>13} {'ratio':>7} {'target':>7}  fixture")
    for kind, name, ours, reader, base in rows:
        print(f"{kind:6} {ours:10.3f} {reader:11.3f} {base:13.3f} {ours / base:6.2f}x {TARGETS[kind]:6.1f}x  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
