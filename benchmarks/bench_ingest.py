"""Benchmark ``hotline-etl ingest`` on generated archives: throughput, incremental re-run, memory.

Run from the repository root (takes a few minutes)::

    python benchmarks/bench_ingest.py                 # 1,000 and 5,000 documents under /tmp
    python benchmarks/bench_ingest.py --small 200 --large 1000   # quicker
    python benchmarks/bench_ingest.py --only-dask --workdir /tmp/bench --reuse   # just the Dask column

Prints:

- documents per second of a full ingest with 1 and with 2 workers;
- the time of an incremental re-run (nothing changed) as a ratio of the full
  run (target <= 0.05);
- peak RSS of the whole ingest process tree (main process + pool workers,
  summed, polled every 100 ms from /proc) for the small and the large archive, and their
  ratio (target <= 1.2: memory must not grow with the archive);
- the Dask column (needs ``pip install 'hotline_etl[dask]'``): documents per
  second of the process pool and of ``--executor dask`` on a local cluster,
  both with 2 workers, on a ``--dask``-document archive (default 2,000), and
  the overhead ratio (Dask seconds / process-pool seconds; 1.0 = no overhead).

Each ingest runs as a subprocess (``python -m hotline_etl ingest``), so the
figures include start-up, exactly as a user sees them. The archives contain
only containers that have a registered reader (others would fail fast and
flatter the rate).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
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


def run_ingest(archive: Path, out: Path, workers: int, executor: str = "process") -> tuple[float, int, str]:
    """Seconds, peak RSS of the process tree (bytes) and the summary line of one ingest."""
    cmd = [sys.executable, "-m", "hotline_etl", "ingest", str(archive), str(out), "--workers", str(workers), "--quiet",
           "--executor", executor]
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


def prepare(work: Path, count: int, reuse: bool, formats: tuple[str, ...]) -> Path:
    """The generated archive of ``count`` documents under ``work`` (kept when ``reuse`` and complete)."""
    archive = work / f"archive-{count}"
    if not (reuse and (archive / make_archive.TRUTH_NAME).exists()):
        make_archive.make_archive(archive, count, pdf=False, formats=formats)
    return archive


def bench_dask(work: Path, archive: Path, count: int, rounds: int) -> None:
    """The Dask column: process pool against a local Dask cluster, 2 workers each, and the overhead ratio.

    The two alternate for ``rounds`` rounds and the fastest run of each counts, so load from
    elsewhere on the machine hits both alike; CPU seconds (user + sys of the process tree) are
    printed too, as they move less with such load than wall time does.
    """
    best: dict[str, float] = {}
    for round_ in range(1, rounds + 1):
        for executor in ("process", "dask"):
            out = work / f"out-{count}-{executor}-w2"
            shutil.rmtree(out, ignore_errors=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            seconds, peak, line = run_ingest(archive, out, 2, executor)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            best[executor] = min(best.get(executor, seconds), seconds)
            print(f"round {round_}: full ingest, {count} docs, 2 workers, {executor:7}: {seconds:6.1f} s = "
                  f"{count / seconds:6.1f} docs/s, CPU {cpu:6.1f} s, peak RSS {peak / 2**20:6.0f} MiB   [{line}]")
    print(f"best of {rounds}: process pool {count / best['process']:.1f} docs/s, Dask {count / best['dask']:.1f} docs/s; "
          f"Dask overhead ratio (Dask s / process-pool s, 2 workers, {count} docs): {best['dask'] / best['process']:.3f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=1000, help="documents in the throughput archive (default 1000)")
    parser.add_argument("--large", type=int, default=5000, help="documents in the memory archive (default 5000)")
    parser.add_argument("--dask", type=int, default=2000,
                        help="documents in the Dask-vs-process-pool archive (default 2000; 0 skips the Dask column)")
    parser.add_argument("--only-dask", action="store_true", help="run only the Dask column")
    parser.add_argument("--rounds", type=int, default=2,
                        help="alternating process-pool/Dask rounds of the Dask column; the best of each counts (default 2)")
    parser.add_argument("--workdir", type=Path, default=None, help="where archives and datasets go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the generated archives and datasets")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse archives already generated in --workdir (generation takes minutes with .docx)")
    args = parser.parse_args(argv)
    if args.dask and importlib.util.find_spec("distributed") is None:  # before minutes of generating archives
        raise SystemExit("the Dask column needs pip install 'hotline_etl[dask]' (or pass --dask 0)")

    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    work.mkdir(parents=True, exist_ok=True)
    formats = tuple(f for f in ("txt", "html", "docx") if f in READERS)
    print(f"work dir {work}; containers {', '.join(formats)}; {os.cpu_count()} CPUs")
    counts = [args.dask] if args.only_dask else [c for c in (args.small, args.large, args.dask) if c]
    t = time.perf_counter()
    archives = {count: prepare(work, count, args.reuse, formats) for count in dict.fromkeys(counts)}
    print(f"archives ready in {time.perf_counter() - t:.1f} s")

    if not args.only_dask:
        bench_process_pool(work, args, archives[args.small], archives[args.large])
    if args.dask:
        bench_dask(work, archives[args.dask], args.dask, args.rounds)
    if not args.keep and args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


def bench_process_pool(work: Path, args: argparse.Namespace, small: Path, large: Path) -> None:
    """Throughput with 1 and 2 workers, the incremental re-run, and peak RSS small vs large."""
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


if __name__ == "__main__":
    main()
