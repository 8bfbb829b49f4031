"""Grades (等级评价) against the rates: a unit at least as good as another should not grade worse.

Rates are recomputed exactly from the counts (completion = handled/due,
on-time = on_time/handled, rework = rework/due), so printed rounding cannot
make two equal units look different.

>>> from hotline_etl.model import StatRow
>>> good = StatRow("甲局", due=10, handled=10, on_time=10, rework=0, grade="C")
>>> poor = StatRow("乙局", due=10, handled=9, on_time=8, rework=1, grade="A")
>>> [(f.subject, f.stated, f.computed) for f in check_grade_order((good, poor))]
[('甲局', 'C', 'A')]
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd
from operator import attrgetter
from typing import Iterator, Sequence

from ..memo import memoised
from ..model import RATE_FIELDS, Bulletin, Finding, StatRow, StatTable
from ..rate_definitions import RATES
from .catalogue import CATALOGUE
from .labels import column_label

#: Grades from best to worst.
GRADE_ORDER = "ABCDE"
#: Units named in one finding before "and N more".
MAX_NAMED = 5


@memoised(maxsize=256)  # a table prints a handful of grades, row after row
def _grade_rank(grade: str | None) -> int | None:
    letter = (grade or "").strip().upper()[:1]
    return GRADE_ORDER.index(letter) if letter and letter in GRADE_ORDER else None


def _ratio(numerator: int, denominator: int) -> tuple[int, int]:
    """The fraction in lowest terms, denominator positive: equal pairs are equal rates (no Fraction per cell)."""
    g = gcd(numerator, denominator)
    if denominator < 0:
        g = -g
    return numerator // g, denominator // g


#: The counts of every rate (:mod:`hotline_etl.rate_definitions`), numerator then denominator, in one getter.
_TERMS = attrgetter(*(name for r in RATES.values() for name in (r.numerator, r.denominator)))
#: Where each rate's numerator and denominator are in ``_TERMS``, and its sign, so that higher is better.
_PLACES = tuple((2 * k, 2 * k + 1, 1 if r.higher_is_better else -1) for k, r in enumerate(RATES.values()))


def _rates(row: StatRow) -> tuple[tuple[int, int], ...] | None:
    """(completion, on-time, −rework) in lowest terms: higher is better in each; None when undefined."""
    terms = _TERMS(row)
    out = []
    for top_at, bottom_at, sign in _PLACES:
        top, bottom = terms[top_at], terms[bottom_at]
        if top is None or not bottom:
            return None
        out.append(_ratio(sign * top, bottom))
    return tuple(out)


def _in_order(values: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Distinct fractions, smallest first: by float when no two share a float (then its order is exact,
    rounding being monotonic), else by Fraction."""
    as_float = {p: p[0] / p[1] for p in values}
    ordered = sorted(values, key=as_float.__getitem__)
    if len(set(as_float.values())) < len(ordered):
        ordered.sort(key=lambda p: Fraction(*p))
    return ordered


def _ranked(rates: list[tuple[tuple[int, int], ...]]) -> list[tuple[int, ...]]:
    """Each rate replaced by its rank among the distinct values of its column (same order, int compares)."""
    columns = list(zip(*rates))
    ranks = []
    for column in columns:
        index = {v: i for i, v in enumerate(_in_order(set(column)))}
        ranks.append(list(map(index.__getitem__, column)))
    return list(zip(*ranks)) if rates else []


def check_grade_order(rows: Sequence[StatRow], table: StatTable | None = None) -> Iterator[Finding]:
    """``grade-order``: one finding per unit graded below a unit it is at least as good as."""
    rate_labels = ", ".join(column_label(table, f) for f in RATE_FIELDS)
    graded = [(r, _grade_rank(r.grade), _rates(r)) for r in rows]
    graded = [(r, g, m) for r, g, m in graded if g is not None and m is not None]
    graded = [(r, g, m) for (r, g, _), m in zip(graded, _ranked([m for _, _, m in graded]))]
    # The rows graded better than each grade, in table order (most rows share the best grades).
    above = {rank: [(o, g, m) for o, g, m in graded if g < rank] for rank in {g for _, g, _ in graded}}
    for row, rank, rates in graded:
        r0, r1, r2 = rates  # dominates m: at least as good in every rate, better in one
        better_graded = [(o, g) for o, g, m in above[rank] if r0 >= m[0] and r1 >= m[1] and r2 >= m[2] and rates != m]
        if not better_graded:
            continue
        best = min(g for _, g in better_graded)
        names = [f"{o.unit_raw} ({o.grade})" for o, _ in better_graded]
        if len(names) > MAX_NAMED:
            names = names[:MAX_NAMED] + [f"and {len(names) - MAX_NAMED} more"]
        yield CATALOGUE["grade-order"].finding(
            row.unit_raw, stated=row.grade, computed=GRADE_ORDER[best], delta=rank - best,
            sources=(row.sources.get("grade"), *(o.sources.get("grade") for o, _ in better_graded)),
            others=", ".join(names), rates=rate_labels)


def check_grades(b: Bulletin) -> Iterator[Finding]:
    """Grades of the unit rows (the total row is not graded against units)."""
    if b.table is not None:
        yield from check_grade_order(b.table.rows, b.table)
