"""Counts against counts: column sums, headline figures against the table, in-progress, row order.

>>> from hotline_etl.model import StatTable, StatRow, TableReport
>>> rows = (StatRow("甲镇", received=2), StatRow("乙局", received=3))
>>> t = StatTable(None, (), ("unit_raw", "received"), rows, StatRow("合计", received=6), TableReport("row-per-line", 2, 2, 4))
>>> [f.message for f in check_table_sums(t)]
['受理案件数: the unit rows add up to 5 but the total row says 6']
"""

from __future__ import annotations

from operator import attrgetter
from typing import Iterator

import regex

from ..model import COUNT_FIELDS, Bulletin, Finding, StatRow, StatTable
from .catalogue import CATALOGUE
from .labels import HEADLINE_LABELS, column_label

#: Headline figure -> the table column whose total it must equal.
HEADLINE_COLUMNS = {"hotline_orders_received": "received", "dispatched": "due", "completed": "handled"}
#: A units' intake column headed like this (转派工单, 交办件数 …) counts the orders passed on to the units:
#: its total is the bulletin's dispatched figure, not everything the hotline received (either script).
_PASSED_ON = regex.compile(r"转派|轉派|交办|交辦|派单|派單|派遣|转办|轉辦|派发|派發|批转|批轉|承办|承辦")
#: (part, whole) count pairs that must hold in every row: part <= whole.
ROW_ORDER = (("handled", "due"), ("on_time", "handled"))


def column_sum(rows: tuple[StatRow, ...], field: str) -> int | None:
    """The sum of ``field`` over ``rows``; None when a row lacks it or there are no rows."""
    values = list(map(attrgetter(field), rows))
    if not values or None in values:  # counts are ints or None: ``in`` finds None by identity
        return None
    return sum(values)


def check_table_sums(table: StatTable | None) -> Iterator[Finding]:
    """``table-sum-mismatch``: each count column's row sum against the total row."""
    if table is None or table.total is None:
        return
    for field in COUNT_FIELDS:
        stated = getattr(table.total, field)
        computed = column_sum(table.rows, field)
        if stated is None or computed is None or stated == computed:
            continue
        yield CATALOGUE["table-sum-mismatch"].finding(
            column_label(table, field), stated=stated, computed=computed, delta=stated - computed,
            sources=(table.total.sources.get(field), table.source))


def check_headline_against_table(b: Bulletin) -> Iterator[Finding]:
    """``headline-table-mismatch``: received, dispatched, completed against the table totals.

    A figure printed in 万 agrees with a total within its printed precision (:meth:`Figure.agrees`).
    """
    table = b.table
    if table is None:
        return
    for name, field in headline_columns(table).items():
        figure = getattr(b.headline, name)
        if table.total is not None and getattr(table.total, field) is not None:
            computed, where, cell = getattr(table.total, field), "total row", table.total.sources.get(field)
        else:
            computed, where, cell = column_sum(table.rows, field), "sum of the rows", table.source
        if figure.value is None or computed is None or figure.agrees(computed):
            continue
        yield CATALOGUE["headline-table-mismatch"].finding(
            HEADLINE_LABELS[name], stated=figure.value, computed=computed, delta=figure.value - computed,
            sources=(figure.source, cell), column=column_label(table, field), where=where)


def headline_columns(table: StatTable) -> dict[str, str]:
    """Which table column each headline figure is checked against (:data:`HEADLINE_COLUMNS`).

    When the units' intake column counts orders passed on to them (its header
    says 转派 / 交办 / 派单 …), its total is compared with ``dispatched`` (where
    the table has no 应办理数 column of its own) and never with ``received``:
    orders answered directly by the hotline never reach a unit.
    """
    pairs = dict(HEADLINE_COLUMNS)
    if _PASSED_ON.search(column_label(table, "received")):
        del pairs["hotline_orders_received"]
        if "due" not in table.columns:
            pairs["dispatched"] = "received"
    return pairs


def check_in_progress(b: Bulletin) -> Iterator[Finding]:
    """``in-progress-mismatch``: in_progress = dispatched − completed (exact figures only: 万 has no units digit)."""
    h = b.headline
    if None in (h.in_progress.value, h.dispatched.value, h.completed.value):
        return
    if h.dispatched.approximate or h.completed.approximate:
        return  # the difference of two rounded counts can be off by more than either's precision
    computed = h.dispatched.value - h.completed.value
    if not h.in_progress.agrees(computed):
        yield CATALOGUE["in-progress-mismatch"].finding(
            HEADLINE_LABELS["in_progress"], stated=h.in_progress.value, computed=computed,
            delta=h.in_progress.value - computed,
            sources=(h.in_progress.source, h.dispatched.source, h.completed.source),
            dispatched=h.dispatched.value, completed=h.completed.value)


def check_row_order(table: StatTable | None) -> Iterator[Finding]:
    """``count-exceeds``: handled ≤ due and on_time ≤ handled in every row (the total row too)."""
    if table is None:
        return
    rows = table.rows + ((table.total,) if table.total is not None else ())
    for row in rows:
        for part, whole in ROW_ORDER:
            a, b = getattr(row, part), getattr(row, whole)
            if a is None or b is None or a <= b:
                continue
            yield CATALOGUE["count-exceeds"].finding(
                row.unit_raw, stated=a, computed=b, delta=a - b,
                sources=(row.sources.get(part), row.sources.get(whole)),
                part=column_label(table, part), whole=column_label(table, whole))


def check_sums(b: Bulletin) -> Iterator[Finding]:
    """Every check of this family, in reading order."""
    yield from check_headline_against_table(b)
    yield from check_in_progress(b)
    yield from check_table_sums(b.table)
    yield from check_row_order(b.table)
