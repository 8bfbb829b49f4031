"""Matching the units named in lists to table rows, and the kind of a unit.

Two mentions are one unit when the units stage gave them the same unit id.
Otherwise their names are compared by the units stage's own normalised key
(:func:`name_key`): pinyin glosses and damage marks dropped, script folded by
the registry's :class:`~hotline_etl.units.fold.Folder` (which keeps registry
names intact), then :func:`hotline_etl.units.rules.normalise` (an area prefix,
人民政府/政府 after a place, 办事处/街道 after a subdistrict dropped; long
department names contracted), as :func:`hotline_etl.units.derive.name_key`
does. The area prefixes are every county of the unit registry plus the area
the units stage resolved the bulletin in (its scope, or the registry county
it names), so a second county's bulletin matches ``平江县民政局`` with
``县民政局`` as the seed's county does. A short name that is the abbreviation of exactly one
row name (``大云山管理处`` of ``大云山国家森林公园管理处``) matches that row too.

>>> unit_key("岳陽縣城市管理綜合執法局") == unit_key("縣城市管理綜合執法局")
True
>>> unit_kind("榮家灣鎮人民政府"), unit_kind("麻塘辦事處"), unit_kind("縣人社局")
('township', 'subdistrict', 'county_department')
"""

from __future__ import annotations

from typing import Sequence

import regex

from ..memo import memoised, on_clear
from ..model import Bulletin, StatRow, UnitRef
from ..units.apply import resolution_area
from ..units.registry import Registry, default_registry
from ..units.rules import normalise, read_printed

_KINDS = (
    ("subdistrict", regex.compile(r"(?:街道|办事处)(?:人民政府|政府)?$")),
    ("township", regex.compile(r"[镇乡](?:人民政府|政府)?$")),
    ("enterprise", regex.compile(r"公司$")),
)


def bulletin_areas(bulletin: Bulletin) -> tuple[str, ...]:
    """The area the units stage resolved ``bulletin`` in (:func:`~hotline_etl.units.apply.resolution_area`).

    >>> from hotline_etl.model import Bulletin, Headline, IssuerScope, Period
    >>> bulletin_areas(Bulletin("a", "txt", None, "simplified", Period(None, None, None), None, None, Headline(),
    ...                         (), {}, (), (), None, (), (), scope=IssuerScope("平江县", ("平江县",), "平江縣", "title")))
    ('平江县',)
    """
    area = resolution_area(bulletin)[1]
    return (area,) if area else ()


def name_key(name: str, areas: Sequence[str] = ()) -> str:
    """The units stage's normalised key of printed ``name`` (any script), with ``areas`` as extra prefixes.

    >>> name_key("榮家灣鎮(zhèn)政府"), name_key("衡东县城管执法局", ["衡東縣"]), name_key("衡东县城管执法局")
    ('荣家湾镇', '城管执法局', '衡东县城管执法局')
    """
    return _name_key(default_registry(), name, tuple(areas))


@memoised()
def _name_key(registry: Registry, name: str, areas: tuple[str, ...]) -> str:
    prefixes = (*registry.counties, *(registry.fold(a) for a in areas))
    return normalise(registry.fold(read_printed(name).intact), prefixes)


def unit_key(name: str, unit: UnitRef | None = None, areas: Sequence[str] = ()) -> str:
    """The key two mentions of one unit share: its unit id when resolved, else :func:`name_key`.

    >>> unit_key("榮家灣鎮政府") == unit_key("榮家灣鎮人民政府") == "荣家湾镇"
    True
    >>> unit_key("whatever", UnitRef("yy-0001", "荣家湾镇", "township", "exact"))
    'id:yy-0001'
    """
    if unit is not None and unit.unit_id:
        return f"id:{unit.unit_id}"
    return name_key(name, areas)


def unit_kind(name: str, unit: UnitRef | None = None) -> str:
    """``township``, ``subdistrict``, ``enterprise`` or ``county_department``; ``unit.kind`` wins when known.

    >>> unit_kind("中洲鄉"), unit_kind("縣供電公司")
    ('township', 'enterprise')
    """
    if unit is not None and unit.kind:
        return unit.kind
    return _kind_of_name(default_registry(), name)


@memoised()
def _kind_of_name(registry: Registry, name: str) -> str:
    folded = registry.fold(read_printed(name).intact)
    for kind, pattern in _KINDS:
        if pattern.search(folded):
            return kind
    return "county_department"


def _is_abbreviation(short: str, long: str) -> bool:
    """``short`` keeps ``long``'s first character and last two, and its characters in order."""
    if len(short) < 3 or len(short) >= len(long) or short[0] != long[0] or short[-2:] != long[-2:]:
        return False
    rest = iter(long)
    return all(ch in rest for ch in short)


class RowIndex:
    """Table rows looked up by the name (or unit) of a list item; ``areas`` as for :func:`name_key`.

    >>> rows = (StatRow("大云山國家森林公園管理處"), StatRow("縣交警大隊"))
    >>> idx = RowIndex(rows)
    >>> idx.find("大云山管理處").unit_raw, idx.find("交警大隊").unit_raw, idx.find("縣法院")
    ('大云山國家森林公園管理處', '縣交警大隊', None)
    """

    def __init__(self, rows: Sequence[StatRow], areas: Sequence[str] = ()):
        self.rows = tuple(rows)
        self.areas = tuple(areas)
        self._registry = default_registry()  # name_key's, looked up once rather than per name
        self._by_key: dict[str, StatRow] = {}
        for row in self.rows:
            self._by_key.setdefault(self.key(row), row)
        self._names = [self._name_key(r.unit_raw) for r in self.rows]
        self._by_name = dict(zip(self._names, self.rows))

    def find(self, name: str, unit: UnitRef | None = None) -> StatRow | None:
        """The row of the unit ``name`` (resolved as ``unit``), or None when none or several fit."""
        key = self._unit_key(name, unit)
        if key in self._by_key:
            return self._by_key[key]
        plain = self._name_key(name)
        if plain in self._by_name:
            return self._by_name[plain]
        fits = [r for r, n in zip(self.rows, self._names) if _is_abbreviation(plain, n)]
        return fits[0] if len(fits) == 1 else None

    def key(self, row: StatRow) -> str:
        """The key of a row of this index."""
        return self._unit_key(row.unit_raw, row.unit)

    def _name_key(self, name: str) -> str:
        return _name_key(self._registry, name, self.areas)

    def _unit_key(self, name: str, unit: UnitRef | None) -> str:
        # unit_key, with the index's registry
        return f"id:{unit.unit_id}" if unit is not None and unit.unit_id else self._name_key(name)


_LAST_INDEX: list[tuple[tuple[StatRow, ...], tuple[str, ...], RowIndex]] = []
on_clear(_LAST_INDEX.clear)


def row_index(rows: tuple[StatRow, ...], areas: Sequence[str] = ()) -> RowIndex:
    """The :class:`RowIndex` of ``rows``, built once for all the checks of one bulletin.

    The last index built is reused while the same rows (the same tuple: a
    bulletin's rows never change) are asked for with the same areas and the
    same default registry (the one the index's name keys fold with).

    >>> rows = (StatRow("甲镇"),)
    >>> row_index(rows) is row_index(rows)
    True
    """
    areas = tuple(areas)
    if _LAST_INDEX:
        last_rows, last_areas, last = _LAST_INDEX[0]
        if last_rows is rows and last_areas == areas and last._registry is default_registry():
            return last
    index = RowIndex(rows, areas)
    _LAST_INDEX[:] = [(rows, areas, index)]
    return index
