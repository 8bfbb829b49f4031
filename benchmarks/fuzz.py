"""Longer structure-aware fuzzing than the test suite runs: ``python benchmarks/fuzz.py --count 5000 --seed 1``.

The same mutations as ``tests/test_fuzz_parse.py`` (seed lines and small
tables: drop, duplicate or swap lines, change digits, insert or remove
pipes), with a chosen number of examples and seed. Every input that makes
``parse`` raise anything but a :class:`~hotline_etl.errors.HotlineError`, or
hit the wall-time limit, is written to ``--out`` (one file per failure, with
the traceback beside it) and counted; the exit status is 1 when any failed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
os.chdir(ROOT)

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import hotline_etl  # noqa: E402
from fuzz_strategies import PREAMBLE, SEED_LINES, apply_mutations, mutation, pipe_table  # noqa: E402
from hotline_etl.errors import DocumentTimeout, HotlineError  # noqa: E402


def inputs():
    """Mutated seeds and mutated small tables (with or without the seed's opening), in equal measure."""
    seed = st.lists(mutation(), min_size=1, max_size=10).map(lambda e: apply_mutations(SEED_LINES, e))
    table = st.tuples(pipe_table(), st.lists(mutation(), max_size=6), st.booleans()).map(
        lambda t: apply_mutations((PREAMBLE if t[2] else []) + t[0], t[1]))
    return st.one_of(seed, table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="examples to run (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--max-seconds", type=float, default=10.0, help="wall-time limit per parse (default 10)")
    parser.add_argument("--out", type=Path, default=Path("out/fuzz"), help="where failing inputs are written")
    args = parser.parse_args(argv)
    stats = {"runs": 0, "bulletins": 0, "hotline_errors": 0, "failures": 0}
    started = time.monotonic()

    @settings(max_examples=args.count, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck), phases=[p for p in settings.default.phases if p.name != "shrink"])
    @given(inputs())
    def run(text: str) -> None:
        stats["runs"] += 1
        try:
            hotline_etl.parse(text, limits={"max_seconds": args.max_seconds}).to_dict()
            stats["bulletins"] += 1
        except DocumentTimeout as exc:
            _record(args.out, stats, text, f"hang: {exc}")
        except HotlineError:
            stats["hotline_errors"] += 1
        except Exception:  # noqa: BLE001 - that is what we are looking for
            _record(args.out, stats, text, traceback.format_exc())

    # A seeded run: hypothesis draws from this seed, so --seed reproduces a run.
    from hypothesis import seed as hypothesis_seed

    hypothesis_seed(args.seed)(run)()
    elapsed = time.monotonic() - started
    print(f"{stats['runs']} inputs in {elapsed:.1f} s: {stats['bulletins']} bulletins, "
          f"{stats['hotline_errors']} HotlineErrors, {stats['failures']} failures"
          + (f" (written to {args.out})" if stats["failures"] else ""))
    return 1 if stats["failures"] else 0


def _record(out: Path, stats: dict, text: str, report: str) -> None:
    stats["failures"] += 1
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"failure-{stats['failures']:04d}"
    stem.with_suffix(".txt").write_text(text, encoding="utf-8", errors="surrogatepass")
    stem.with_suffix(".traceback").write_text(report, encoding="utf-8")
    print(report.strip().splitlines()[-1], file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
