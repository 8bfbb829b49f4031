"""How much the container readers cost over the libraries they sit on.

PDF: ``hotline_etl.parse`` (read, views, extraction, units, audit) against
pdfplumber's bare ``extract_text()`` + ``extract_tables()`` over every page of
the same file, for the LibreOffice fixture and every producer's PDF in
fixtures/producers (reportlab, Chromium, LibreOffice at other widths and
fonts): target ratio <= 1.0 (issue 14), stretch <= 0.5 (issue 17 item 5).
DOCX: ``hotline_etl.parse`` against a bare python-docx load and walk of
paragraphs and table cells (target <= 1.5). Median of ``--repeat`` rounds
(default 15) of CPU time, the timings interleaved in each round. On a shared
virtual machine single runs vary by ±20 %. The PDF "floor" line is pdfplumber
parsing the page objects and nothing else: most of the bare side, and what
the reader paid before it read content streams itself (docs/pdf_speed.md).

    python benchmarks/bench_readers.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import gc
import io
import logging
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
PRODUCER_PDFS = sorted((ROOT / "fixtures/producers").glob("*.pdf"))
DOCX = ROOT / "fixtures/docx/seed_trad_heading_styles_table.docx"
TARGETS = {"pdf": 1.0, "docx": 1.5}
STRETCH = {"pdf": 0.5}


def bare_pdfplumber(data: bytes) -> None:
    """What a script using pdfplumber directly would do: all text and all tables of every page."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def pdf_parse_floor(data: bytes) -> None:
    """pdfminer/pdfplumber parsing every page's objects and nothing else: no reader can go below it."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.chars


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


def cpu_times(functions: dict, argument, repeat: int) -> dict[str, list[float]]:
    """CPU times of each ``function(argument)`` over ``repeat`` rounds, after one warm-up.

    CPU time of this (single-threaded) process, not wall time, so other work
    on the machine skews the ratios less; the functions run in turn within
    each round, each after a full garbage collection so none pays for the
    garbage of another.
    """
    times: dict[str, list[float]] = {key: [] for key in functions}
    for function in functions.values():
        function(argument)
    for _ in range(repeat):
        for key, function in functions.items():
            gc.collect()
            start = time.process_time()
            function(argument)
            times[key].append(time.process_time() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    """Print medians and ratios; exit 0 (figures are for reading, not a gate)."""
    # Bare pdfplumber prints pdfminer's font warnings (30 per Chromium PDF) on stderr; our reader turns
    # them into notes. Both sides pay the same for them; only the terminal is spared.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    print(f"median CPU seconds over {args.repeat} rounds")
    print(f"{'format':6} {'parse (s)':>10} {'reader (s)':>11} {'bare lib (s)':>13} {'ratio':>7} {'target':>7} "
          f"{'stretch':>7}  fixture")
    runs = [("pdf", PDF, bare_pdfplumber), *(("pdf", p, bare_pdfplumber) for p in PRODUCER_PDFS),
            ("docx", DOCX, bare_python_docx)]
    for kind, path, bare in runs:
        data = path.read_bytes()
        functions = {"parse": lambda d: hotline_etl.parse(d, name=path.name),
                     "reader": lambda d: load(d, path.name), "bare": bare}
        if kind == "pdf":
            functions["floor"] = pdf_parse_floor
        times = cpu_times(functions, data, args.repeat)
        med = {key: statistics.median(values) for key, values in times.items()}
        stretch = f"{STRETCH[kind]:6.1f}x" if kind in STRETCH else f"{'':7}"
        print(f"{kind:6} {med['parse']:10.3f} {med['reader']:11.3f} {med['bare']:13.3f} "
              f"{med['parse'] / med['bare']:6.2f}x {TARGETS[kind]:6.1f}x {stretch}  {path.name}")
        if kind == "pdf":
            print(f"{'':6} (floor: pdfplumber parsing the page objects, {med['floor']:.3f} s = "
                  f"{med['floor'] / med['bare']:.2f}x of bare)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
