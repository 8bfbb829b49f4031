"""What OCR costs: seconds per scanned page, and the ingest of an archive in which one file in ten is a scan.

Run from the repository root, with the extra installed (``pip install -e '.[ocr]'``)::

    python benchmarks/bench_ocr.py [--workdir /tmp/bench_ocr] [--skip-ingest] [--scans NAME ...]

Prints:

- per scan fixture (fixtures/ocr), the wall and CPU seconds per page of
  ``hotline_etl.parse`` (render, recognise, lay out, extract), the engine
  already loaded, and its load time once. onnxruntime uses both cores; CPU
  seconds are what the pages cost whatever else runs on the machine, wall
  seconds what a user waited (the load average is printed beside them: the
  machine is shared); beside them each scan's fact-level F1 against the seed's
  record (tests/record_facts.py) and its misread figures: how many, and how
  many of them the audit's checks and ``ocr-low-confidence`` flagged (the
  helpers of tests/test_readers_ocr.py);
- the ingest (2 worker processes, as ``hotline-etl ingest --workers 2``) of an
  archive of 27 text, web, Word and PDF bulletins (fixtures/archive, fixtures/docx) and 3
  scanned 4-page PDFs (10 % of the files): documents and pages per second,
  against the same archive without the scans and with ``--no-ocr``, measured
  in the same run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import hotline_etl  # noqa: E402
from hotline_etl.readers.ocr import engine_version, ocr_engine  # noqa: E402
from record_facts import fact_f1, record_facts  # noqa: E402
from seed_expected import SEED  # noqa: E402
from test_readers_ocr import caught, misread_figures  # noqa: E402

SCANS = ["seed_simp_scan_200dpi.pdf", "seed_simp_scan_110dpi.pdf", "seed_simp_scan_200dpi_rotated.pdf",
         "seed_simp_scan_150dpi_unruled.pdf", "seed_trad_scan_200dpi.pdf"]
#: Scans in the ingest archive: 3 of 30 files.
ARCHIVE_SCANS = SCANS[:3]
ARCHIVE_OTHERS = 27


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def per_page(scans: list[str]) -> None:
    started = time.monotonic()
    ocr_engine()
    print(f"engine: {engine_version()}; loaded in {time.monotonic() - started:.1f} s")
    seed = hotline_etl.parse(SEED)
    truth = record_facts(seed.to_dict(sources=False))
    print(f"{'scan':40} {'pages':>5} {'wall s/page':>12} {'CPU s/page':>11} {'load avg':>9} {'F1':>6}  "
          "misread figures: flagged by audit / by confidence / not flagged")
    for name in scans:
        wall, cpu = time.monotonic(), cpu_seconds()
        bulletin = hotline_etl.parse(str(ROOT / "fixtures/ocr" / name))
        wall, cpu = time.monotonic() - wall, cpu_seconds() - cpu
        pages = len(bulletin.ocr_pages)
        f1, _, _ = fact_f1(truth, record_facts(bulletin.to_dict(sources=False)))
        flags = [caught(bulletin, seed, source) for _, _, _, source in misread_figures(bulletin, seed)]
        by_audit = sum(1 for how in flags if how - {"ocr-low-confidence"})
        by_confidence = sum(1 for how in flags if "ocr-low-confidence" in how)
        print(f"{name:40} {pages:5d} {wall / pages:12.1f} {cpu / pages:11.1f} {os.getloadavg()[0]:9.1f} {f1:6.3f}  "
              f"{len(flags)}: {by_audit} / {by_confidence} / {sum(1 for how in flags if not how)}")


def build_archive(root: Path, scans: bool) -> tuple[int, int]:
    """27 readable documents (fixtures/archive, fixtures/docx), and the scans; (files, scanned pages)."""
    root.mkdir(parents=True)
    documents = sorted(p for p in (ROOT / "fixtures/archive").rglob("*")
                       if p.is_file() and not p.name.startswith("_") and "broken" not in p.parts)
    documents = (documents + sorted((ROOT / "fixtures/docx").glob("*.docx")))[:ARCHIVE_OTHERS]
    for k, path in enumerate(documents):
        shutil.copyfile(path, root / f"{k:02d}_{path.name}")
    pages = 0
    if scans:
        for name in ARCHIVE_SCANS:
            shutil.copyfile(ROOT / "fixtures/ocr" / name, root / name)
            pages += 4
    return len(documents) + (len(ARCHIVE_SCANS) if scans else 0), pages


def ingest_seconds(archive: Path, out: Path, *extra: str) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "hotline_etl", "ingest", str(archive), str(out), "--workers", "2",
                    "--quiet", *extra], check=True, capture_output=True)
    return time.monotonic() - started


def ingest(workdir: Path) -> None:
    with_scans = workdir / "with_scans"
    without = workdir / "without_scans"
    files, pages = build_archive(with_scans, True)
    baseline_files, _ = build_archive(without, False)
    base = ingest_seconds(without, workdir / "out_base")
    full = ingest_seconds(with_scans, workdir / "out_ocr")
    off = ingest_seconds(with_scans, workdir / "out_no_ocr", "--no-ocr")
    print(f"\ningest, 2 workers (load average {os.getloadavg()[0]:.1f}):")
    print(f"  {baseline_files} files without scans: {base:6.1f} s, {baseline_files / base:5.2f} documents/s")
    print(f"  {files} files, {len(ARCHIVE_SCANS)} scans ({pages} pages): {full:6.1f} s, {files / full:5.2f} documents/s, "
          f"{pages / max(full - base, 1e-9):4.2f} scanned pages/s over the baseline; ratio to baseline {full / base:.1f}x")
    print(f"  the same with --no-ocr (scans become errors rows): {off:6.1f} s, ratio to baseline {off / base:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--scans", nargs="*", choices=SCANS, default=SCANS,
                        help="the scans to time (all five by default: about 20 CPU-seconds a page)")
    args = parser.parse_args()
    per_page(args.scans)
    if args.skip_ingest:
        return
    if args.workdir is not None:
        shutil.rmtree(args.workdir, ignore_errors=True)
        ingest(args.workdir)
    else:
        with tempfile.TemporaryDirectory(prefix="bench_ocr_") as tmp:
            ingest(Path(tmp))


if __name__ == "__main__":
    main()
