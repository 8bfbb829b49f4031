"""Median time to parse the seed against its bare read plus one OpenCC conversion.

Run: ``python benchmarks/bench_parse.py [--repeat N]``. Prints the medians of
the full ``parse`` (read, views, extraction, unit resolution, audit), of each
stage, and of the baseline, with the ratios (target for the parse: at most
10). The baseline is measured in the same run, interleaved with the parse,
so machine noise affects both alike.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import opencc

import hotline_etl
from hotline_etl.checks import audit
from hotline_etl.extract import extract_bulletin
from hotline_etl.readers import load
from hotline_etl.script import build_view
from hotline_etl.units.apply import resolve_bulletin

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "000_0bd1a52a453bee82.txt"


def bare_read_and_convert(path: Path, converter: opencc.OpenCC) -> str:
    return converter.convert(path.read_bytes().decode("utf-8"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=300)
    ap.add_argument("--file", type=Path, default=SEED)
    args = ap.parse_args()
    converter = opencc.OpenCC("t2s")
    hotline_etl.parse(args.file)  # warm caches: compiled patterns, OpenCC dictionaries, registry
    times: dict[str, list[float]] = {k: [] for k in ("baseline", "parse", "read+view+extract", "units", "audit")}
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        hotline_etl.parse(args.file)
        t1 = time.perf_counter()
        bare_read_and_convert(args.file, converter)
        t2 = time.perf_counter()
        extracted = extract_bulletin(build_view(load(args.file)))
        t3 = time.perf_counter()
        resolved = resolve_bulletin(extracted)
        t4 = time.perf_counter()
        audit(resolved)
        t5 = time.perf_counter()
        for key, dt in zip(times, (t2 - t1, t1 - t0, t3 - t2, t4 - t3, t5 - t4)):
            times[key].append(dt)
    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
    base = med["baseline"]
    print(f"file: {args.file.name} ({args.file.stat().st_size} bytes), {args.repeat} runs, medians")
    print(f"{'read + OpenCC (baseline)':28s} {base:8.3f} ms")
    for key in ("parse", "read+view+extract", "units", "audit"):
        print(f"{key:28s} {med[key]:8.3f} ms   ratio {med[key] / base:6.1f}")
    print("target: parse ratio <= 10")


if __name__ == "__main__":
    main()
