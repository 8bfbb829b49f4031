"""Values outside what they can be: negative counts, rates above 100%.

A count of work orders is never negative and a share of them never exceeds
100%; such a cell is a typing slip or damage, and every sum or rate check
that uses it inherits the error, so it is named on its own.

>>> from hotline_etl.model import Percent, StatRow
>>> row = StatRow("甲镇", received=-3, completion_rate=Percent.parse("120%"))
>>> [f.message for f in check_row_ranges(None, row)]
['甲镇 受理案件数 is -3: a count cannot be negative', '甲镇 办结率 is printed 120%: a rate cannot exceed 100%']
"""

from __future__ import annotations

from operator import attrgetter
from typing import Iterator

from ..model import COUNT_FIELDS, RATE_FIELDS, Bulletin, Finding, StatRow, StatTable
from .catalogue import CATALOGUE
from .labels import column_label


_COUNTS = attrgetter(*COUNT_FIELDS)
_RATES = attrgetter(*(f.removesuffix("_pct") for f in RATE_FIELDS))


def _in_range(row: StatRow) -> bool:
    """No count below 0 and no rate above 100% (:func:`check_row_ranges` would find nothing)."""
    for value in _COUNTS(row):
        if value is not None and value < 0:
            return False
    for p in _RATES(row):
        if p is not None and p.value > 100:
            return False
    return True


def check_row_ranges(table: StatTable | None, row: StatRow) -> Iterator[Finding]:
    """``negative-count`` and ``rate-above-100`` for one table row."""
    for field in COUNT_FIELDS:
        value = getattr(row, field)
        if value is not None and value < 0:
            yield CATALOGUE["negative-count"].finding(
                f"{row.unit_raw} {column_label(table, field)}", stated=value, sources=(row.sources.get(field),))
    for field in RATE_FIELDS:
        p = row.rate(field)
        if p is not None and p.value > 100:
            yield CATALOGUE["rate-above-100"].finding(
                f"{row.unit_raw} {column_label(table, field)}", stated=p.value, delta=round(p.value - 100, 6),
                stated_raw=p.raw, sources=(row.sources.get(field),))


def check_ranges(b: Bulletin) -> Iterator[Finding]:
    """Every unit row, then the total row."""
    if b.table is None:
        return
    rows = b.table.rows + ((b.table.total,) if b.table.total is not None else ())
    for row in rows:
        if not _in_range(row):  # nearly every row is: its findings would be none
            yield from check_row_ranges(b.table, row)
