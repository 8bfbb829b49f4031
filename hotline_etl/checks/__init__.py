"""The audit stage: a bulletin's stated figures checked against each other.

``audit(bulletin)`` only reads the Bulletin and returns findings; the rules,
their stable codes and message templates are catalogued in
:mod:`hotline_etl.checks.catalogue`, one module per family of checks:

- ``sums``: column sums, headline figures against the table, in-progress, row order;
- ``ranges``: negative counts and rates above 100%;
- ``rates``: printed rates against their counts (and zero denominators);
- ``shares``: category and hot-topic shares against the received orders;
- ``lists``: list totals, the overdue and returned lists against the table;
- ``rankings``: rankings against the table by 受理案件数 within a kind of unit;
- ``grades``: grades against the rates.

>>> import hotline_etl
>>> b = hotline_etl.parse("fixtures/seed/000_0bd1a52a453bee82.txt")
>>> sorted({f.check for f in audit(b)})
['overdue-list-vs-table', 'rate-definition', 'rate-zero-denominator', 'share-base-mismatch', 'table-sum-mismatch']
"""

from __future__ import annotations

from typing import Callable, Iterable

from ..model import Bulletin, Finding
from .catalogue import CATALOGUE, SEVERITIES, Check, catalogue_markdown, severity_rank
from .grades import check_grades
from .lists import check_lists
from .rankings import check_rankings
from .ranges import check_ranges
from .rates import check_rates
from .sums import check_sums
from .shares import check_shares

#: Families of checks, in the order their findings are listed.
FAMILIES: tuple[Callable[[Bulletin], Iterable[Finding]], ...] = (
    check_sums, check_ranges, check_rates, check_shares, check_lists, check_rankings, check_grades,
)

__all__ = ["audit", "CATALOGUE", "SEVERITIES", "Check", "catalogue_markdown", "severity_rank", "FAMILIES"]


def audit(bulletin: Bulletin) -> tuple[Finding, ...]:
    """Every finding of every check on ``bulletin``, family by family, in reading order.

    Nothing is modified; attach the result with
    ``dataclasses.replace(bulletin, findings=audit(bulletin))`` (``parse`` does).
    """
    return tuple(f for family in FAMILIES for f in family(bulletin))
