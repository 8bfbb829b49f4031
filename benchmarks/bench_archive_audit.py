"""Benchmark the archive-audit stage of ``ingest`` on a generated archive: its share of a full ingest, and of a
re-run after one bulletin is added.

Text bulletins only (``make_archive.py --formats txt``). Run from the repository root (a few minutes; ``nice``
it on a shared machine)::

    python benchmarks/bench_archive_audit.py                 # 1,000 bulletins under a temp dir
    python benchmarks/bench_archive_audit.py --count 2500 --workdir /tmp/bench-aa --keep

Prints, for the full ingest and for the re-run: the whole ingest's time (the baseline, measured in the same
run), the stage's time and their ratio, and the stage's own summary line (checks run of planned).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import importlib  # noqa: E402

ingest_module = importlib.import_module("hotline_etl.dataset.coordinator")
ingest = ingest_module.ingest


def timed_ingest(archive: Path, out: Path, workers: int) -> tuple[float, float, str]:
    stage = ingest_module.ARCHIVE_STAGES["archive-audit"]
    spent = []

    def timed(run):
        t0 = time.perf_counter()
        stage(run)
        spent.append(time.perf_counter() - t0)

    ingest_module.ARCHIVE_STAGES["archive-audit"] = timed
    try:
        t0 = time.perf_counter()
        report = ingest(archive, out, workers=workers)
        total = time.perf_counter() - t0
    finally:
        ingest_module.ARCHIVE_STAGES["archive-audit"] = stage
    return total, spent[0], str(report.stages["archive-audit"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="bulletins in the generated archive (default 1000)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the archive and dataset")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-archive-audit-"))
    archive, out = work / "archive", work / "out"
    shutil.rmtree(work / "out", ignore_errors=True)
    if not archive.is_dir():
        subprocess.run([sys.executable, str(ROOT / "fixtures/make_archive.py"), "--count", str(args.count + 1),
                        "--out", str(archive), "--formats", "txt"], check=True, stdout=subprocess.DEVNULL)
    dated = sorted(p for p in archive.rglob("*.*") if re.search(r"-\d{4}-\d{2}\.", p.name))
    later = dated[len(dated) // 2]  # a monthly bulletin amid others: its carry-overs (and any span) re-run
    held = work / later.name
    shutil.move(later, held)
    try:
        total, stage, line = timed_ingest(archive, out, args.workers)
        print(f"full ingest of {args.count} bulletins: {total:.1f} s; archive-audit stage {stage:.2f} s "
              f"({stage / total:.3f} of the ingest)\n  {line}")
        shutil.move(held, later)
        total, stage, line = timed_ingest(archive, out, args.workers)
        print(f"re-run after adding {later.relative_to(archive)}: {total:.2f} s; stage {stage:.2f} s "
              f"({stage / total:.3f} of the re-run)\n  {line}")
    finally:
        if held.exists():
            shutil.move(held, later)
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
