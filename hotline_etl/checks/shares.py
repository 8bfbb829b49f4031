"""Printed shares (占比) of categories and hot topics against the received orders.

When every share of a group misses the received orders but all of them fit
one other base, that base is what the bulletin divided by: it is reported as
the range of integers N for which each ``count / N`` prints as its share.

>>> from hotline_etl.model import Figure, Percent
>>> shares = [ShareItem("甲类", 371, Percent.parse("13.9%"), None), ShareItem("乙类", 369, Percent.parse("13.82%"), None)]
>>> [(f.check, f.computed) for f in check_share_group("category shares", shares, Figure(2557))]
[('share-base-mismatch', '2669–2671')]
"""

from __future__ import annotations

from typing import Iterator, NamedTuple, Sequence

from ..document import Origin
from ..model import Bulletin, Figure, Finding, Percent
from .catalogue import CATALOGUE
from ..precision import agrees, implied_bases, percent_text, percent_value, printed_decimal

#: Fewest shares that can establish an implied base (one share fits a wide range of bases by itself).
MIN_SHARES_FOR_BASE = 2


class ShareItem(NamedTuple):
    """A named count with its printed share."""

    name: str
    count: int
    share: Percent
    source: Origin | None


def implied_base(items: Sequence[ShareItem]) -> tuple[int, int | None] | None:
    """The bases every item's share fits, intersected; None when they fit no common base.

    The upper end is None when every share fits any large base.

    >>> implied_base([ShareItem("a", 1, Percent.parse("50%"), None), ShareItem("b", 1, Percent.parse("25%"), None)])
    """
    low, high = 1, None
    for item in items:
        bases = implied_bases(item.count, item.share)
        if bases is None:
            return None
        low = max(low, bases[0])
        if bases[1] is not None:
            high = bases[1] if high is None else min(high, bases[1])
    return (low, high) if high is None or low <= high else None


def check_share_group(label: str, items: Sequence[ShareItem], base: Figure) -> Iterator[Finding]:
    """``share-mismatch`` per share, or one ``share-base-mismatch`` when all fit another base.

    An approximate base (``9.67万件``) is no base for a printed share: nothing is checked.
    """
    if base.value is None or base.value <= 0 or base.approximate or not items:
        return
    missing = [i for i in items if not agrees(i.share, i.count, base.value)]
    if not missing:
        return
    if len(missing) == len(items) >= MIN_SHARES_FOR_BASE:
        bases = implied_base(items)
        if bases is not None:
            low, high = bases
            nearest = low if base.value < low else high
            implied = f"at least {low}" if high is None else f"{low}–{high}" if low < high else str(low)
            yield CATALOGUE["share-base-mismatch"].finding(
                label, stated=base.value, computed=implied,
                delta=base.value - nearest, sources=(base.source, *(i.source for i in items)), n=len(items))
            return
    for item in missing:
        computed = percent_value(item.count, base.value, item.share.decimals)
        yield CATALOGUE["share-mismatch"].finding(
            f"{label}: {item.name}", stated=item.share.value, computed=float(computed),
            delta=float(printed_decimal(item.share) - computed), sources=(item.source, base.source),
            count=item.count, base=base.value, stated_raw=item.share.raw,
            computed_text=percent_text(item.count, base.value, item.share.decimals))


def check_shares(b: Bulletin) -> Iterator[Finding]:
    """Category shares, then hot-topic shares, against the received hotline orders."""
    base = b.headline.hotline_orders_received
    groups = (
        ("category shares (事件分类)", b.categories, lambda c: c.name),
        ("hot-topic shares (热点)", b.hot_topics, lambda t: t.topic),
    )
    for label, records, name in groups:
        items = [ShareItem(name(r), r.count, r.share, r.source)
                 for r in records if r.count is not None and r.share is not None]
        yield from check_share_group(label, items, base)
