"""Structure-aware fuzzing: mutated seeds and mutated small tables parse to a Bulletin or raise a
HotlineError, nothing else, and never hang (each parse runs under a wall-time limit)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hotline_etl
from hotline_etl.errors import DocumentTimeout, HotlineError
from fuzz_strategies import PREAMBLE, SEED_LINES, apply_mutations, mutation, pipe_table

#: Far above a parse's 30 ms: only a hang reaches it.
FUZZ_LIMITS = {"max_seconds": 10}
FUZZ_SETTINGS = dict(deadline=None, derandomize=True, database=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def parse_or_hotline_error(text: str):
    """The Bulletin, or None for a HotlineError other than a timeout; anything else fails the test."""
    try:
        b = hotline_etl.parse(text, limits=FUZZ_LIMITS)
    except DocumentTimeout:
        raise
    except HotlineError:
        return None
    assert isinstance(b, hotline_etl.Bulletin)
    b.to_dict()  # serialising must not fail either (the CLI and the dataset do it)
    return b


@settings(max_examples=200, **FUZZ_SETTINGS)
@given(st.lists(mutation(), min_size=1, max_size=6))
def test_mutated_seed(edits):
    parse_or_hotline_error(apply_mutations(SEED_LINES, edits))


@settings(max_examples=400, **FUZZ_SETTINGS)
@given(pipe_table(), st.lists(mutation(), max_size=4), st.booleans())
def test_mutated_small_table(table, edits, with_preamble):
    lines = (PREAMBLE if with_preamble else []) + table
    parse_or_hotline_error(apply_mutations(lines, edits))


@settings(max_examples=150, **FUZZ_SETTINGS)
@given(st.lists(mutation(), min_size=1, max_size=4), st.integers(0, 8))
def test_mutated_table_region_of_the_seed(edits, rows):
    # Edits aimed at the table: the header and a few rows (one cell per line) after the opening.
    start = SEED_LINES.index("部門名稱 |")
    region = SEED_LINES[start:start + 10 * (rows + 1)]
    lines = SEED_LINES[:start] + [apply_mutations(region, edits)] + SEED_LINES[start + len(region):]
    parse_or_hotline_error("\n".join(lines))
