"""Benchmark ``hotline-etl ingest`` on generated text archives: throughput, files, memory, re-runs, reads.

Run from the repository root (takes several minutes; ``nice`` it on a shared machine)::

    python benchmarks/bench_ingest.py                       # 500, 2,500 and 20,000 bulletins under /tmp
    python benchmarks/bench_ingest.py --huge 0 --workdir /tmp/bench --reuse   # skip the 20,000 archive
    python benchmarks/bench_ingest.py --only-dask --dask 2000 --workdir /tmp/bench --reuse   # the Dask column

Prints, with the targets of issue 17 beside them:

- documents per second of a full ingest with 2 workers on ``--small`` (500) and
  ``--large`` (2,500) bulletins (target >= 300), beside the baseline measured
  in the same run: the same documents parsed by 2 bare processes that write
  nothing (their ratio is what the dataset side costs);
- where a document's time goes (one process, warm, on a sample): the parse
  itself, building its rows as columns in the worker, and the ingest process's
  share (Arrow, batching, Parquet, manifest), CPU time, plus a worker's start-up;
- peak RSS of the whole ingest process tree (main + workers, summed, polled
  every 100 ms from /proc), large vs small (target <= 1.2);
- Parquet files written for the large archive (target <= 100) and the floor the
  hive layout sets (tables with rows x year partitions);
- the time of a re-run of the unchanged large archive as a ratio of the full
  run (target <= 0.05);
- one changed bulletin re-ingested: files written and pre-existing files
  rewritten or removed, per table (target: at most 1 rewritten per table);
- ``open_dataset(OUT).unit_stats`` time at the large and ``--huge`` (20,000) sizes;
- the Dask column (``--dask N``, needs ``pip install 'hotline_etl[dask]'``):
  process pool vs a local Dask cluster, 2 workers each, and the overhead ratio.

Archives hold text bulletins only (``.txt`` in several encodings and both scripts), spread as a
province's archive is (``make_archive.periods_within``: many counties over ``--years`` years), unless
``--spread years`` asks for the generator's default (one year partition per 120 bulletins). Each
ingest runs as a subprocess (``python -m hotline_etl ingest``), so the figures include start-up,
exactly as a user sees them.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))

import make_archive  # noqa: E402

from hotline_etl.dataset import TABLE_NAMES  # noqa: E402

TEXT = ("txt",)


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
    """Seconds, peak RSS of the process tree (bytes) and the summary of one ingest."""
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
    return seconds, peak, err


def prepare(work: Path, count: int, reuse: bool, spread: str, years: int, formats: tuple[str, ...] = TEXT) -> Path:
    """The generated archive of ``count`` bulletins under ``work`` (kept when ``reuse`` and complete)."""
    archive = work / f"archive-{count}-{spread}-{'-'.join(formats)}"
    if not (reuse and (archive / make_archive.TRUTH_NAME).exists()):
        periods = make_archive.periods_within(count, years=years) if spread == "province" else None
        make_archive.make_archive(archive, count, pdf=False, formats=formats, spread=periods)
    return archive


def parquet_files(out: Path) -> list[Path]:
    return [p for t in TABLE_NAMES for p in (out / t).rglob("*.parquet")]


# -- baseline: the same documents parsed by bare processes -----------------------------------------

def _parse_files(paths: list[str]) -> int:
    from hotline_etl import parse

    done = 0
    for p in paths:
        try:
            parse(p)
        except Exception:  # noqa: BLE001 - broken files fail as they do in the ingest
            pass
        done += 1
    return done


def bare_parse(archive: Path, workers: int) -> float:
    """Seconds for ``workers`` fresh processes to parse every document (no rows, no files): the baseline."""
    import concurrent.futures as cf
    import multiprocessing

    from hotline_etl.dataset.coordinator import iter_archive

    paths = [str(p) for p, _ in iter_archive(archive)]
    chunks = [paths[i::workers] for i in range(workers)]
    start = time.perf_counter()
    with cf.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        assert sum(pool.map(_parse_files, chunks)) == len(paths)
    return time.perf_counter() - start


def per_document_split(archive: Path, sample: int) -> dict[str, float]:
    """Median milliseconds per document of each step, in one warm process, on ``sample`` documents."""
    from hotline_etl.dataset import writer
    from hotline_etl.dataset.coordinator import hash_file, iter_archive
    from hotline_etl.dataset.manifest import Manifest
    from hotline_etl.dataset.codec import encode_columns
    from hotline_etl.dataset.rows import SourceInfo, bulletin_columns
    from hotline_etl.dataset.worker import Job, Outcome
    from hotline_etl import parse
    from hotline_etl.readers import detect_format

    files = [p for p, rel in iter_archive(archive) if not rel.startswith(("broken/", "undated/", "mirror/"))][:sample]
    parse(files[0])  # warm: patterns, OpenCC dictionaries, registry
    warm = tempfile.mkdtemp(prefix="bench-warm-")  # and the ingest side: pyarrow's first conversion imports pandas
    columns = bulletin_columns(parse(files[0]), SourceInfo(files[0].name, "0" * 64, 0, "txt"))
    warm_batch = writer.BatchWriter(warm, "r1-b1")
    warm_batch.add_streams(encode_columns(columns), {t: len(c["bulletin_id"]) for t, c in columns.items()}, 2020)
    warm_batch.close()
    shutil.rmtree(warm, ignore_errors=True)
    steps: dict[str, list[float]] = {"parse": [], "rows+encode (worker)": [], "ingest process": []}
    tmp = Path(tempfile.mkdtemp(prefix="bench-split-"))
    batch = writer.BatchWriter(tmp, "r1-b1")
    manifest = Manifest(tmp / "_manifest.jsonl")
    for path in files:
        data = path.read_bytes()
        t0 = time.process_time()
        bulletin = parse(data, name=path.name)
        t1 = time.process_time()
        sha = hash_file(path)[0]
        columns = bulletin_columns(bulletin, SourceInfo(path.name, sha, len(data), detect_format(data)))
        encoded = encode_columns(columns)
        t2 = time.process_time()
        outcome = Outcome(Job(str(archive), (path.name,), sha, str(tmp)), "ok", sha, len(data), 2020,
                          {t: len(c["bulletin_id"]) for t, c in columns.items()}, encoded)
        batch.add_streams(outcome.data, outcome.tables, 2020)
        manifest.commit({"sha256": sha, "bulletin_id": sha[:16], "status": "ok", "path": path.name,
                         "paths": [path.name], "year": 2020, "tables": outcome.tables,
                         "files": dict.fromkeys(outcome.tables, "r1-b1")})
        t3 = time.process_time()
        for key, dt in zip(steps, (t1 - t0, t2 - t1, t3 - t2)):
            steps[key].append(dt)
    t = time.process_time()
    staged = batch.close()
    close_ms = (time.process_time() - t) / len(files)
    manifest.close()
    shutil.rmtree(tmp, ignore_errors=True)
    out = {k: statistics.median(v) * 1000 for k, v in steps.items()}
    out["ingest process"] += close_ms * 1000
    out["files"] = len(staged)
    return out


def worker_start_seconds() -> float:
    """Seconds for a fresh spawn process to import what a worker imports."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import hotline_etl.dataset.executors, hotline_etl.dataset.worker"],
                   check=True)
    return time.perf_counter() - start


# -- measurements --------------------------------------------------------------------------------

def full_run(archive: Path, out: Path, workers: int) -> tuple[float, int, str]:
    shutil.rmtree(out, ignore_errors=True)
    return run_ingest(archive, out, workers)


def changed_file_run(archive: Path, out: Path) -> dict[str, Counter]:
    """Re-ingest after changing one bulletin; per table: files written, and pre-existing files rewritten/removed."""
    before = {p: p.stat().st_mtime_ns for p in parquet_files(out)}
    victim = sorted(p for p in archive.rglob("*.txt") if "broken" not in p.parts)[len(before) % 97]
    original = victim.read_bytes()
    try:
        victim.write_bytes(original + "\n".encode())  # new bytes, same bulletin: a new hash
        run_ingest(archive, out, 2)
    finally:
        victim.write_bytes(original)
    after = {p: p.stat().st_mtime_ns for p in parquet_files(out)}
    counts: dict[str, Counter] = {"new": Counter(), "rewritten": Counter(), "removed": Counter()}
    for p in after:
        table = p.relative_to(out).parts[0]
        if p not in before:
            counts["new"][table] += 1
        elif after[p] != before[p]:
            counts["rewritten"][table] += 1
    for p in before:
        if p not in after:
            counts["removed"][p.relative_to(out).parts[0]] += 1
    return counts


def read_unit_stats(out: Path, rounds: int = 3) -> tuple[float, float, int]:
    """Best of ``rounds`` fresh processes: seconds of ``open_dataset(out).unit_stats`` including the first
    import of pandas and pyarrow.dataset, seconds of it with those imported already, and its row count."""
    code = ("import time, json, hotline_etl\n"
            f"t = time.perf_counter(); n = len(hotline_etl.open_dataset({str(out)!r}).unit_stats)\n"
            "cold = time.perf_counter() - t\n"
            f"t = time.perf_counter(); n = len(hotline_etl.open_dataset({str(out)!r}).unit_stats)\n"
            "print(json.dumps([cold, time.perf_counter() - t, n]))")
    cold, warm, rows = float("inf"), float("inf"), 0
    for _ in range(rounds):
        c, w, rows = json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                               text=True).stdout)
        cold, warm = min(cold, c), min(warm, w)
    return cold, warm, rows


def summary_line(err: str) -> str:
    return err.splitlines()[0] if err else ""


def bench_core(work: Path, args: argparse.Namespace) -> None:
    small = prepare(work, args.small, args.reuse, args.spread, args.years)
    large = prepare(work, args.large, args.reuse, args.spread, args.years)
    print(f"archives: {args.small} and {args.large} text bulletins ({args.spread} spread"
          + (f", {args.years} years" if args.spread == "province" else "") + ")")

    split = per_document_split(small, args.sample)
    total = split["parse"] + split["rows+encode (worker)"] + split["ingest process"]
    print(f"\nper document, one warm process, median CPU time of {args.sample} bulletins:")
    for key in ("parse", "rows+encode (worker)", "ingest process"):
        print(f"  {key:22s} {split[key]:7.2f} ms  ({split[key] / total:5.1%})")
    print(f"  worker start-up (spawn + imports): {worker_start_seconds():.2f} s per worker, once per run")
    worker_ms = split["parse"] + split["rows+encode (worker)"]
    print(f"  -> the parse is {split['parse'] / worker_ms:.0%} of a worker's time per document; 2 workers can do at "
          f"most {2000 / worker_ms:.0f} docs/s on 2 free cores")

    results = {}
    for label, archive, count in (("small", small, args.small), ("large", large, args.large)):
        base = bare_parse(archive, 2)
        out = work / f"out-{count}-{args.spread}"
        seconds, peak, err = full_run(archive, out, 2)
        results[label] = (seconds, peak, out, count)
        print(f"\nfull ingest, {count} docs, 2 workers: {seconds:6.1f} s = {count / seconds:6.1f} docs/s (target >= 300), "
              f"peak RSS {peak / 2**20:5.0f} MiB   [{summary_line(err)}]")
        print(f"  baseline, 2 bare processes parsing the same files: {base:6.1f} s = {count / base:6.1f} docs/s; "
              f"ingest / baseline time: {seconds / base:.2f}")

    s_small, s_large = results["small"], results["large"]
    print(f"\npeak RSS {args.large} vs {args.small} documents (2 workers): {s_large[1] / s_small[1]:.3f} (target <= 1.2)")
    out = s_large[2]
    files = parquet_files(out)
    partitions = {(p.relative_to(out).parts[0], p.parent.name) for p in files}
    years = {p.parent.name for p in files}
    print(f"Parquet files for {args.large} bulletins: {len(files)} (target <= 100) in {len(partitions)} table-partitions, "
          f"{len(years)} year partitions; the hive layout's floor is one file per table-partition")

    rerun, _, err = run_ingest(large, out, 2)
    print(f"incremental re-run of the unchanged {args.large} archive: {rerun:.2f} s = {rerun / s_large[0]:.3f} of the "
          f"full run (target <= 0.05)   [{summary_line(err)}]")

    changed = changed_file_run(large, out)
    rewritten = changed["rewritten"] + changed["removed"]
    print(f"one changed bulletin re-ingested: new files {sum(changed['new'].values())} "
          f"({', '.join(f'{t} {n}' for t, n in sorted(changed['new'].items()))}); pre-existing files rewritten or removed "
          f"per table: max {max(rewritten.values(), default=0)} (target <= 1): "
          + ", ".join(f"{t} {n}" for t, n in sorted(rewritten.items())))

    cold, warm, rows = read_unit_stats(out)
    print(f"open_dataset(OUT).unit_stats at {args.large} bulletins: {warm:.2f} s ({rows} rows; {cold:.2f} s with the "
          "first import of pandas and pyarrow.dataset; best of 3 fresh processes)")
    if args.huge:
        huge = prepare(work, args.huge, args.reuse, args.spread, args.huge_years)
        out_huge = work / f"out-{args.huge}-{args.spread}"
        if not (args.reuse and (out_huge / "_manifest.jsonl").exists()):
            seconds, _, err = full_run(huge, out_huge, 2)
            print(f"full ingest, {args.huge} docs, 2 workers: {seconds:6.1f} s = {args.huge / seconds:6.1f} docs/s   "
                  f"[{summary_line(err)}]")
        cold, warm, rows = read_unit_stats(out_huge)
        print(f"open_dataset(OUT).unit_stats at {args.huge} bulletins: {warm:.2f} s ({rows} rows, "
              f"{len(parquet_files(out_huge))} Parquet files; {cold:.2f} s with the first imports)")


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
            seconds, peak, err = run_ingest(archive, out, 2, executor)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            best[executor] = min(best.get(executor, seconds), seconds)
            print(f"round {round_}: full ingest, {count} docs, 2 workers, {executor:7}: {seconds:6.1f} s = "
                  f"{count / seconds:6.1f} docs/s, CPU {cpu:6.1f} s, peak RSS {peak / 2**20:6.0f} MiB   "
                  f"[{summary_line(err)}]")
    print(f"best of {rounds}: process pool {count / best['process']:.1f} docs/s, Dask {count / best['dask']:.1f} docs/s; "
          f"Dask overhead ratio (Dask s / process-pool s, 2 workers, {count} docs): {best['dask'] / best['process']:.3f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=500, help="bulletins in the small archive (default 500)")
    parser.add_argument("--large", type=int, default=2500, help="bulletins in the large archive (default 2500)")
    parser.add_argument("--huge", type=int, default=20000,
                        help="bulletins for the unit_stats read time (default 20000; 0 skips it)")
    parser.add_argument("--spread", choices=("province", "years"), default="province",
                        help="province: many counties over --years years (default); years: the generator's default")
    parser.add_argument("--years", type=int, default=10, help="years of the province spread (default 10)")
    parser.add_argument("--huge-years", type=int, default=20, help="years of the --huge archive (default 20)")
    parser.add_argument("--sample", type=int, default=200, help="documents timed step by step (default 200)")
    parser.add_argument("--dask", type=int, default=0,
                        help="documents in the Dask-vs-process-pool archive (default 0: skip the Dask column)")
    parser.add_argument("--only-dask", action="store_true", help="run only the Dask column")
    parser.add_argument("--rounds", type=int, default=2,
                        help="alternating process-pool/Dask rounds of the Dask column; the best of each counts (default 2)")
    parser.add_argument("--workdir", type=Path, default=None, help="where archives and datasets go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the generated archives and datasets")
    parser.add_argument("--reuse", action="store_true", help="reuse archives (and the --huge dataset) already in --workdir")
    args = parser.parse_args(argv)
    if args.dask and importlib.util.find_spec("distributed") is None:  # before minutes of generating archives
        raise SystemExit("the Dask column needs pip install 'hotline_etl[dask]' (or pass --dask 0)")

    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"work dir {work}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")
    if not args.only_dask:
        bench_core(work, args)
    if args.dask:
        formats = ("txt", "html", "docx")
        bench_dask(work, prepare(work, args.dask, args.reuse, "years", args.years, formats), args.dask, args.rounds)
    if not args.keep and args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
