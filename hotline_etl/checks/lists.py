"""Named unit lists against their own totals and against the table.

>>> from hotline_etl.model import ListItem, UnitList
>>> lst = UnitList("overdue", 5, (ListItem("甲镇", 2), ListItem("乙局", 2)))
>>> [f.message for f in check_list_totals({"overdue": lst})]
['overdue list (超期办结): the text says 5 but its 2 items add up to 4']
"""

from __future__ import annotations

from typing import Iterator, Mapping

from ..model import Bulletin, Finding, ListItem, StatRow, StatTable, UnitList
from .catalogue import CATALOGUE
from .labels import LIST_LABELS, column_label
from .names import RowIndex, bulletin_areas, row_index

#: Lists whose units are looked up in the table.
TABLE_LISTS = ("overdue", "overdue_open", "returned", "top_township", "top_department")


def _label(name: str) -> str:
    return LIST_LABELS.get(name, name)


def check_list_totals(lists: Mapping[str, UnitList]) -> Iterator[Finding]:
    """``list-total-mismatch`` and ``list-unit-count-mismatch`` for every list."""
    for name, lst in lists.items():
        counted = [i.count for i in lst.items if i.count is not None]
        if lst.total is not None and counted:
            computed = sum(counted)
            complete = len(counted) == len(lst.items)
            if (complete and computed != lst.total) or (not complete and computed > lst.total):
                yield CATALOGUE["list-total-mismatch"].finding(
                    _label(name), stated=lst.total, computed=computed, delta=lst.total - computed,
                    sources=(lst.source, *(i.source for i in lst.items)), n=len(counted))
        if lst.stated_units is not None and len(lst.items) > lst.stated_units:
            yield CATALOGUE["list-unit-count-mismatch"].finding(
                _label(name), stated=lst.stated_units, computed=len(lst.items),
                delta=lst.stated_units - len(lst.items), sources=(lst.source,))


def check_unmatched(lists: Mapping[str, UnitList], index: RowIndex) -> Iterator[Finding]:
    """``list-unit-unmatched``: units of table-checked lists that no table row fits."""
    for name in TABLE_LISTS:
        lst = lists.get(name)
        for item in lst.items if lst is not None else ():
            if index.find(item.unit_raw, item.unit) is None:
                yield CATALOGUE["list-unit-unmatched"].finding(
                    _label(name), stated=item.unit_raw, sources=(item.source,),
                    unit=item.unit_raw, list_label=_label(name))


def _late(row: StatRow) -> int | None:
    if row.handled is None or row.on_time is None:
        return None
    return row.handled - row.on_time


def check_overdue_list(lst: UnitList | None, table: StatTable | None, index: RowIndex) -> Iterator[Finding]:
    """``overdue-list-vs-table``: the overdue list against the rows with 辦理數 > 按期辦理數."""
    if lst is None or table is None or all(_late(r) is None for r in table.rows):
        return
    late = {index.key(r): r for r in table.rows if (_late(r) or 0) > 0}
    named: dict[str, tuple[ListItem, StatRow]] = {}
    for item in lst.items:
        row = index.find(item.unit_raw, item.unit)
        if row is not None:
            named.setdefault(index.key(row), (item, row))
    missing = [r for key, r in late.items() if key not in named]
    on_time = [(i, r) for key, (i, r) in named.items() if key not in late and _late(r) is not None]
    differ = [(i, r) for key, (i, r) in named.items()
              if key in late and i.count is not None and i.count != _late(r)]
    counts = [i.count for i in lst.items]
    stated = sum(counts) if counts and None not in counts else lst.total
    computed = sum(_late(r) for r in late.values())
    if not (missing or on_time or differ) and stated == computed:
        return
    details = ""
    if missing:
        details += " Not named: " + ", ".join(f"{r.unit_raw} ({_late(r)})" for r in missing) + "."
    if on_time:
        details += " Named but all on time in the table: " + ", ".join(i.unit_raw for i, _ in on_time) + "."
    if differ:
        details += " Counts differ: " + ", ".join(
            f"{i.unit_raw} {i.count} in the text, {_late(r)} in the table" for i, r in differ) + "."
    sources = [lst.source]
    for r in missing:
        sources += [r.sources.get("unit_raw"), r.sources.get("handled"), r.sources.get("on_time")]
    sources += [i.source for i, _ in on_time + differ]
    yield CATALOGUE["overdue-list-vs-table"].finding(
        _label("overdue"), stated=stated, computed=computed,
        delta=None if stated is None else stated - computed, sources=sources,
        n_named=len(lst.items), n_table=len(late), details=details,
        handled=column_label(table, "handled"), on_time=column_label(table, "on_time"))


def check_returned_list(lst: UnitList | None, table: StatTable, index: RowIndex) -> Iterator[Finding]:
    """``returned-exceeds-rework``: each returned unit's count against its 返工數."""
    for item in lst.items if lst is not None else ():
        row = index.find(item.unit_raw, item.unit)
        if row is None or item.count is None or row.rework is None or row.rework >= item.count:
            continue
        yield CATALOGUE["returned-exceeds-rework"].finding(
            item.unit_raw, stated=item.count, computed=row.rework, delta=item.count - row.rework,
            sources=(item.source, row.sources.get("rework")), rework=column_label(table, "rework"))


def check_open_list(lst: UnitList | None, table: StatTable | None, index: RowIndex) -> Iterator[Finding]:
    """``open-exceeds-unfinished``: each still-open unit's count against its 应办理数 − 办理数.

    >>> rows = (StatRow("甲镇", due=9, handled=9), StatRow("乙局", due=5, handled=3))
    >>> lst = UnitList("overdue_open", 3, (ListItem("甲镇", 1), ListItem("乙局", 2)))
    >>> [(f.subject, f.stated, f.computed) for f in check_open_list(lst, None, RowIndex(rows))]
    [('甲镇', 1, 0)]
    """
    for item in lst.items if lst is not None else ():
        row = index.find(item.unit_raw, item.unit)
        if row is None or row.due is None or row.handled is None:
            continue
        open_orders = item.count if item.count is not None else 1
        unfinished = row.due - row.handled
        if unfinished >= open_orders:
            continue
        yield CATALOGUE["open-exceeds-unfinished"].finding(
            item.unit_raw, stated=open_orders, computed=unfinished, delta=open_orders - unfinished,
            sources=(item.source, row.sources.get("due"), row.sources.get("handled")),
            due=column_label(table, "due"), handled=column_label(table, "handled"))


def check_lists(b: Bulletin) -> Iterator[Finding]:
    """Every check of this family: totals first, then the lists against the table."""
    yield from check_list_totals(b.lists)
    if b.table is None:
        return
    index = row_index(b.table.rows, bulletin_areas(b))
    yield from check_unmatched(b.lists, index)
    yield from check_overdue_list(b.lists.get("overdue"), b.table, index)
    yield from check_returned_list(b.lists.get("returned"), b.table, index)
    yield from check_open_list(b.lists.get("overdue_open"), b.table, index)
