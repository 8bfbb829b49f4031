"""Time to parse a bulletin (the seed by default) against its bare read plus one OpenCC conversion.

Run: ``python benchmarks/bench_parse.py [--repeat N] [--file F]``. The
baseline is measured in the same run as the parse, so machine noise affects
both alike. Run against another checkout (e.g. main, for a
before figure) with ``PYTHONPATH=/that/checkout``; stages it lacks are left
out. Three figures, each as best-of and median, wall clock
(``perf_counter``) and CPU time of this process (``process_time``, less
disturbed when other processes share the cores):

- **back to back** (warm): the baseline N times in a row, then the parse N
  times in a row, in alternating blocks; the target is a parse ratio of at
  most 10 (stretch 5); then the same with the parse's memos
  (:mod:`hotline_etl.memo`) cleared before each parse, as for a bulletin
  sharing no cell, name or phrase with any parsed before;
- **interleaved**: one parse, one baseline, one parse ... (each pays for the
  caches the other evicted);
- **stages**: each stage of one parse (read, script views, every extractor,
  units, audit), inclusive, from the same interleaved runs.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import opencc

import hotline_etl

try:
    from hotline_etl.memo import clear_memos
except ImportError:  # a checkout without the memo registry (``PYTHONPATH=/main/checkout`` for a before figure)
    def clear_memos() -> None:
        """Nothing registered to clear."""

# The modules whose references the pipeline calls (hotline_etl/pipeline.py; hotline_etl/parse.py before issue 18,
# for a before figure from an older checkout).
try:
    parse_module = importlib.import_module("hotline_etl.pipeline")
except ImportError:
    parse_module = importlib.import_module("hotline_etl.parse")
extract_module = importlib.import_module("hotline_etl.extract")

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "000_0bd1a52a453bee82.txt"
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
#: Block length of the back-to-back runs (long enough to be warm, short enough to share the noise).
BLOCK = 25
#: Stages timed inside a parse: (label, module holding the reference the pipeline calls, name).
STAGES = (
    ("read", parse_module, "load"),
    ("script views", parse_module, "build_view"),
    ("extract", parse_module, "extract_bulletin"),
    ("  sections", extract_module, "find_sections"),
    ("  categories", extract_module, "extract_classifications"),
    ("  unit lists", extract_module, "extract_unit_lists"),
    ("  tables", extract_module, "extract_tables"),
    ("  sign-off", extract_module, "extract_signoff"),
    ("  period", extract_module, "extract_period"),
    ("  stated figures", extract_module, "find_statements"),
    ("  headline", extract_module, "extract_headline"),
    ("  issuer scope", extract_module, "extract_issuer_scope"),
    ("  cases", extract_module, "extract_cases"),
    ("  hot topics", extract_module, "extract_hot_topics"),
    ("units", parse_module, "resolve_bulletin"),
    ("audit", parse_module, "audit_bulletin"),
)


def bare_read_and_convert(path: Path, converter: opencc.OpenCC) -> str:
    return converter.convert(path.read_bytes().decode("utf-8"))


def _timed(fn: Callable[[], object]) -> dict[str, float]:
    start = {k: c() for k, c in CLOCKS.items()}
    fn()
    return {k: c() - start[k] for k, c in CLOCKS.items()}


@contextmanager
def stage_clock(spent: dict[str, dict[str, float]]) -> Iterator[None]:
    """While active, each stage of :data:`STAGES` adds its time (per clock) to ``spent[label]``."""
    present = [(label, module, name) for label, module, name in STAGES if hasattr(module, name)]
    originals = [(module, name, getattr(module, name)) for _, module, name in present]
    for (label, module, name), (_, _, original) in zip(present, originals):
        def timed(*args, _f=original, _label=label, **kwargs):
            start = {k: c() for k, c in CLOCKS.items()}
            try:
                return _f(*args, **kwargs)
            finally:
                for k, c in CLOCKS.items():
                    spent[_label][k] += c() - start[k]
        setattr(module, name, timed)
    try:
        yield
    finally:
        for module, name, original in originals:
            setattr(module, name, original)


def _summary(values: list[float]) -> tuple[float, float]:
    return min(values) * 1000, statistics.median(values) * 1000


def _report(title: str, base: dict[str, list[float]], parse: dict[str, list[float]]) -> None:
    print(title)
    for clock in CLOCKS:
        b_best, b_med = _summary(base[clock])
        p_best, p_med = _summary(parse[clock])
        print(f"  {clock:4s} baseline best {b_best:7.3f} median {b_med:7.3f} ms | parse best {p_best:7.3f} "
              f"median {p_med:7.3f} ms | ratio best {p_best / b_best:6.1f} median {p_med / b_med:6.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=300, help="runs of each measurement (default 300)")
    ap.add_argument("--file", type=Path, default=SEED, help="a text bulletin (default: the seed)")
    args = ap.parse_args()
    converter = opencc.OpenCC("t2s")
    for _ in range(5):  # warm: compiled patterns, OpenCC dictionaries, the registry, memos
        hotline_etl.parse(args.file)
        bare_read_and_convert(args.file, converter)
    print(f"file: {args.file.name} ({args.file.stat().st_size} bytes), {args.repeat} runs per figure")

    base: dict[str, list[float]] = defaultdict(list)
    parse: dict[str, list[float]] = defaultdict(list)
    for _ in range(max(1, args.repeat // BLOCK)):
        for _ in range(BLOCK):
            for k, v in _timed(lambda: bare_read_and_convert(args.file, converter)).items():
                base[k].append(v)
        for _ in range(BLOCK):
            for k, v in _timed(lambda: hotline_etl.parse(args.file)).items():
                parse[k].append(v)
    _report("back to back (warm), target: parse ratio <= 10, stretch 5", base, parse)

    base, parse = defaultdict(list), defaultdict(list)
    for _ in range(max(1, args.repeat // BLOCK)):
        for _ in range(BLOCK):
            for k, v in _timed(lambda: bare_read_and_convert(args.file, converter)).items():
                base[k].append(v)
        for _ in range(BLOCK):
            clear_memos()
            for k, v in _timed(lambda: hotline_etl.parse(args.file)).items():
                parse[k].append(v)
    _report("back to back, memos cleared before each parse (a bulletin unlike any before it)", base, parse)

    base, parse = defaultdict(list), defaultdict(list)
    spent: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(CLOCKS, 0.0))
    stages: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    with stage_clock(spent):
        for _ in range(args.repeat):
            spent.clear()
            for k, v in _timed(lambda: hotline_etl.parse(args.file)).items():
                parse[k].append(v)
            for k, v in _timed(lambda: bare_read_and_convert(args.file, converter)).items():
                base[k].append(v)
            for label, by_clock in spent.items():
                for k, v in by_clock.items():
                    stages[label][k].append(v)
    _report("interleaved (stage clocks add a little to the parse)", base, parse)

    print("stages of the interleaved parses (inclusive; ratio to the interleaved baseline's median)")
    b_med = {k: statistics.median(v) * 1000 for k, v in base.items()}
    for label, _, _ in STAGES:
        if label not in stages:
            continue
        cells = []
        for clock in CLOCKS:
            best, med = _summary(stages[label][clock])
            cells.append(f"{clock} best {best:7.3f} median {med:7.3f} ms ({med / b_med[clock]:5.1f}x)")
        print(f"  {label:17s} " + " | ".join(cells))


if __name__ == "__main__":
    main()
