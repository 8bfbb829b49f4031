"""Benchmark ``hotline-etl ingest`` on generated archives: throughput, incremental re-run, memory.

Run from the repository root (takes a few minutes)::

    python benchmarks/bench_ingest.py                 # 1,000 and 5,000 documents under /tmp
    python benchmarks/bench_ingest.py --small 200 --large 1000   # quicker

Prints:

- documents per second of a full ingest with 1 and with 2 workers;
- the time of an incremental re-run (nothing changed) as a ratio of the full
  run (target <= 0.05);
- peak RSS of the whole ingest process tree (main process + pool workers,
  summed, polled every 100 ms from /proc) for the small and the large archive, and their
  ratio (target <= 1.2: memory must not grow with the archive).

Each ingest runs as a subprocess (``python -m hotline_etl ingest``), so the
figures include start-up, exactly as a user sees them. The archives contain
only containers that have a registered reader (others would fail fast and
flatter the rate).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))

import make_archive  # noqa: E402

from hotline_etl.readers import READERS  # noqa: E402


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` from /proc (Linux)."""
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            kids += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
    except OSError:
        pass
    return kids


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    tree, frontier = [pid], [pid]
    while frontier:
        kids = _children(frontier.pop())
        tree += kids
        frontier += kids
    return tree


def _psutil_tree_rss(pid: int) -> int:
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc] + proc.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def tree_rss(pid: int) -> int:
    """Summed RSS (bytes) of ``pid`` and its descendants: /proc on Linux (cheap), psutil elsewhere."""
    if Path(f"/proc/{pid}/task").exists():
        return sum(_rss(p) for p in _tree(pid))
    return _psutil_tree_rss(pid)


def run_ingest(archive: Path, out: Path, workers: int) -> tuple[float, int, str]:
    """Seconds, peak RSS of the process tree (bytes) and the summary line of one ingest."""
    cmd = [sys.executable, "-m", "hotline_etl", "ingest", str(archive), str(out), "--workers", str(workers), "--quiet"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.1)  # cheap enough not to steal CPU from the workers being measured
    seconds = time.perf_counter() - start
    _, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}):\n{err}")
    return seconds, peak, err.splitlines()[0] if err else ""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=1000, help="documents in the throughput archive (default 1000)")
    parser.add_argument("--large", type=int, default=5000, help="documents in the memory archive (default 5000)")
    parser.add_argument("--workdir", type=Path, default=None, help="where archives and datasets go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the generated archives and datasets")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse archives already generated in --workdir (generation takes minutes with .docx)")
    args = parser.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    work.mkdir(parents=True, exist_ok=True)
    formats = tuple(f for f in ("txt", "html", "docx") if f in READERS)
    print(f"work dir {work}; containers {', '.join(formats)}; {os.cpu_count()} CPUs")
    small, large = work / f"archive-{args.small}", work / f"archive-{args.large}"
    t = time.perf_counter()
    for archive, count in ((small, args.small), (large, args.large)):
        if not (args.reuse and (archive / make_archive.TRUTH_NAME).exists()):
            make_archive.make_archive(archive, count, pdf=False, formats=formats)
    print(f"archives ready in {time.perf_counter() - t:.1f} s")

    results = {}
    for workers in (1, 2):
        out = work / f"out-{args.small}-w{workers}"
        shutil.rmtree(out, ignore_errors=True)
        seconds, peak, line = run_ingest(small, out, workers)
        results[workers] = (seconds, peak)
        print(f"full ingest, {args.small} docs, {workers} worker(s): {seconds:6.1f} s = "
              f"{args.small / seconds:6.1f} docs/s, peak RSS {peak / 2**20:6.0f} MiB   [{line}]")
    rerun, _, line = run_ingest(small, work / f"out-{args.small}-w2", 2)
    print(f"incremental re-run (nothing changed): {rerun:.2f} s   [{line}]")
    for workers in (1, 2):
        print(f"  ratio to the full {workers}-worker run: {rerun / results[workers][0]:.3f} (target <= 0.05)")

    out = work / f"out-{args.large}-w2"
    shutil.rmtree(out, ignore_errors=True)
    seconds, peak_large, line = run_ingest(large, out, 2)
    print(f"full ingest, {args.large} docs, 2 workers: {seconds:6.1f} s = {args.large / seconds:6.1f} docs/s, "
          f"peak RSS {peak_large / 2**20:6.0f} MiB   [{line}]")
    ratio = peak_large / results[2][1]
    print(f"peak RSS {args.large} vs {args.small} documents (2 workers): {ratio:.3f} (target <= 1.2)")
    if not args.keep and args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
