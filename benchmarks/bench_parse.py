"""Median time to parse the seed against its bare read plus one OpenCC conversion.

Run: ``python benchmarks/bench_parse.py [--repeat N]``. Prints both medians
and their ratio (target: at most 10). The baseline is measured in the same
run, interleaved with the parse, so machine noise affects both alike.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import opencc

import hotline_etl

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "000_0bd1a52a453bee82.txt"


def bare_read_and_convert(path: Path, converter: opencc.OpenCC) -> str:
    return converter.convert(path.read_bytes().decode("utf-8"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=300)
    ap.add_argument("--file", type=Path, default=SEED)
    args = ap.parse_args()
    converter = opencc.OpenCC("t2s")
    hotline_etl.parse(args.file)  # warm caches: compiled patterns, OpenCC dictionaries
    bare_read_and_convert(args.file, converter)
    parse_times, base_times = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        hotline_etl.parse(args.file)
        t1 = time.perf_counter()
        bare_read_and_convert(args.file, converter)
        t2 = time.perf_counter()
        parse_times.append(t1 - t0)
        base_times.append(t2 - t1)
    parse_ms = statistics.median(parse_times) * 1000
    base_ms = statistics.median(base_times) * 1000
    print(f"file: {args.file.name} ({args.file.stat().st_size} bytes), {args.repeat} runs")
    print(f"parse            median {parse_ms:8.3f} ms   (min {min(parse_times) * 1000:.3f})")
    print(f"read + OpenCC    median {base_ms:8.3f} ms   (min {min(base_times) * 1000:.3f})")
    print(f"ratio            {parse_ms / base_ms:8.1f}   (target <= 10)")


if __name__ == "__main__":
    main()
