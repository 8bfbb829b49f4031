"""Rankings in the text (排名前N位) against the table ordered by 受理案件数 within the unit's kind.

Equal counts may stand in any order: a ranking is consistent when its units'
counts do not increase down the list and no unranked unit of the same kind has
more than the last ranked one.

>>> from hotline_etl.model import ListItem, StatRow, UnitList
>>> rows = (StatRow("甲镇", received=5), StatRow("乙镇", received=9), StatRow("丙局", received=50))
>>> lst = UnitList("top_township", None, (ListItem("甲镇", None),), stated_units=1)
>>> [f.computed for f in check_ranking("top_township", lst, rows)]
['乙镇 (9)']
"""

from __future__ import annotations

from typing import Iterator, Sequence

from ..model import Bulletin, Finding, StatRow, StatTable, UnitList
from .catalogue import CATALOGUE
from .labels import LIST_LABELS, column_label
from .names import bulletin_areas, row_index, unit_kind

#: Ranking list -> the unit kinds it ranks among (the kinds of the ranked units are added).
RANKING_KINDS = {
    "top_township": ("township", "subdistrict"),
    "top_department": ("county_department",),
}
#: Kinds in plain words.
KIND_LABELS = {"township": "townships", "subdistrict": "subdistricts", "county_department": "county departments",
               "enterprise": "enterprises", "court": "courts", "park": "parks", "other": "other units"}


def _names(rows: Sequence[StatRow]) -> str:
    return "、".join(f"{r.unit_raw} ({r.received})" for r in rows)


def check_ranking(name: str, lst: UnitList | None, rows: Sequence[StatRow],
                  table: StatTable | None = None, areas: Sequence[str] = ()) -> Iterator[Finding]:
    """``ranking-mismatch`` for one ranking list; skipped when a ranked unit is not in the table."""
    if lst is None or not lst.items:
        return
    index = row_index(tuple(rows), areas)
    ranked = [index.find(i.unit_raw, i.unit) for i in lst.items]
    if any(r is None or r.received is None for r in ranked):
        return  # reported as list-unit-unmatched; a partial ranking proves nothing
    kinds = tuple(dict.fromkeys((*RANKING_KINDS.get(name, ()), *(unit_kind(r.unit_raw, r.unit) for r in ranked))))
    pool = [r for r in rows if r.received is not None and unit_kind(r.unit_raw, r.unit) in kinds]
    ranked_keys = {index.key(r) for r in ranked}
    reasons = [f"{b.unit_raw} ({b.received}) is ranked below {a.unit_raw} ({a.received})."
               for a, b in zip(ranked, ranked[1:]) if b.received > a.received]
    floor = min(r.received for r in ranked)
    outranking = [r for r in pool if r.received > floor and index.key(r) not in ranked_keys]  # most rows: one compare
    if outranking:
        reasons.append(f"Not ranked though above {floor}: {_names(outranking)}.")
    if not reasons:
        return
    top = sorted(pool, key=lambda r: -r.received)[: len(ranked)]
    sources = [lst.source, *(i.source for i in lst.items)]
    sources += [r.sources.get("received") for r in ranked + outranking]
    yield CATALOGUE["ranking-mismatch"].finding(
        LIST_LABELS.get(name, name), stated="、".join(i.unit_raw for i in lst.items), computed=_names(top),
        sources=sources, received=column_label(table, "received"),
        kinds=" and ".join(KIND_LABELS.get(k, k) for k in kinds), reason=" ".join(reasons))


def check_rankings(b: Bulletin) -> Iterator[Finding]:
    """Every ranking list of the bulletin against its table."""
    if b.table is None:
        return
    for name in RANKING_KINDS:
        yield from check_ranking(name, b.lists.get(name), b.table.rows, b.table, bulletin_areas(b))
