"""Printed rates against the counts of their row, at the printed precision.

>>> from hotline_etl.model import Percent, StatRow
>>> row = StatRow("中洲鄉", due=24, handled=23, on_time=21, on_time_rate=Percent.parse("87.5%"))
>>> [f.check for f in check_row_rates(None, row)]
['rate-definition']
"""

from __future__ import annotations

from operator import attrgetter
from typing import Iterator

from ..model import Bulletin, Finding, StatRow, StatTable
from .catalogue import CATALOGUE
from .labels import column_label
from ..precision import agrees, percent_text, percent_value, printed_decimal
from ..rate_definitions import RATES

#: Rate field -> (numerator, documented denominator), SPEC §3 (:mod:`hotline_etl.rate_definitions`).
RATE_DEFINITIONS = {f: (r.numerator, r.denominator) for f, r in RATES.items()}
#: Other denominators tried, in this order, when the documented one does not give the printed rate
#: (the flow counts first: a rate over 应办理数 or 办理数 is a likelier slip than over 受理案件数).
ALTERNATIVE_DENOMINATORS = ("due", "handled", "received", "on_time", "rework")
#: (rate's Percent, numerator, denominator) of a row, one getter per rate (a table asks for them on every row).
_RATE_TERMS = tuple(attrgetter(rate.removesuffix("_pct"), numerator, denominator)
                    for rate, (numerator, denominator) in RATE_DEFINITIONS.items())


def _formula(table: StatTable | None, numerator: str, denominator: str, row: StatRow) -> str:
    return (f"{column_label(table, numerator)}/{column_label(table, denominator)} = "
            f"{getattr(row, numerator)}/{getattr(row, denominator)}")


def _alternative_denominator(row: StatRow, rate: str) -> str | None:
    """The first other count of the row that, under the same numerator, prints as the rate."""
    numerator, documented = RATE_DEFINITIONS[rate]
    p, top = row.rate(rate), getattr(row, numerator)
    for field in ALTERNATIVE_DENOMINATORS:
        if field in (numerator, documented):
            continue
        value = getattr(row, field)
        if value and agrees(p, top, value):
            return field
    return None


def check_row_rates(table: StatTable | None, row: StatRow) -> Iterator[Finding]:
    """``rate-mismatch``, ``rate-definition`` and ``rate-zero-denominator`` for one row."""
    zero_rates: list[str] = []
    zero_counts: dict[str, str] = {}
    zero_sources = []
    for rate, (numerator, denominator) in RATE_DEFINITIONS.items():
        p, top, bottom = row.rate(rate), getattr(row, numerator), getattr(row, denominator)
        if p is None or top is None or bottom is None:
            continue
        label = column_label(table, rate)
        if bottom == 0:
            zero_rates.append(f"{label} {p.raw}")
            zero_counts[denominator] = f"{column_label(table, denominator)} = 0"
            zero_sources += [row.sources.get(rate), row.sources.get(denominator)]
            continue
        if agrees(p, top, bottom):
            continue
        computed = percent_value(top, bottom, p.decimals)
        common = dict(
            stated=p.value, computed=float(computed), delta=float(printed_decimal(p) - computed),
            stated_raw=p.raw, formula=_formula(table, numerator, denominator, row),
            computed_text=percent_text(top, bottom, p.decimals))
        alternative = _alternative_denominator(row, rate)
        cells = (row.sources.get(rate), row.sources.get(numerator), row.sources.get(denominator))
        if alternative is None:
            yield CATALOGUE["rate-mismatch"].finding(f"{row.unit_raw} {label}", sources=cells, **common)
        else:
            yield CATALOGUE["rate-definition"].finding(
                f"{row.unit_raw} {label}", sources=cells + (row.sources.get(alternative),),
                alt_formula=_formula(table, numerator, alternative, row),
                alt_text=percent_text(top, getattr(row, alternative), p.decimals), **common)
    if zero_rates:
        yield CATALOGUE["rate-zero-denominator"].finding(
            row.unit_raw, stated=", ".join(zero_rates), sources=zero_sources,
            zeros=", ".join(zero_counts.values()))


def check_rates(b: Bulletin) -> Iterator[Finding]:
    """Every rate of every unit row, then of the total row."""
    if b.table is None:
        return
    rows = b.table.rows + ((b.table.total,) if b.table.total is not None else ())
    for row in rows:
        if _all_agree(row):
            continue  # nearly every row: its findings would be none
        yield from check_row_rates(b.table, row)


def _all_agree(row: StatRow) -> bool:
    """Every rate of ``row`` is printed and agrees with a non-zero documented denominator (no finding)."""
    for terms in _RATE_TERMS:
        p, top, bottom = terms(row)
        if p is None or top is None or bottom is None:
            continue
        if bottom == 0 or not agrees(p, top, bottom):
            return False
    return True
