"""Matching the units named in lists to table rows, and the kind of a unit.

Until every list item and row carries a resolved ``unit.unit_id`` (the units
stage), names are compared after :func:`unit_key`: simplified script, no
spaces, the county prefix and the 人民政府/政府 suffix dropped. A short name
that is the abbreviation of exactly one row name (``大云山管理处`` of
``大云山国家森林公园管理处``) matches that row too.

>>> unit_key("岳陽縣城市管理綜合執法局") == unit_key("縣城市管理綜合執法局")
True
>>> unit_kind("榮家灣鎮人民政府"), unit_kind("麻塘辦事處"), unit_kind("縣人社局")
('township', 'subdistrict', 'county_department')
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import regex

from ..model import StatRow, UnitRef
from ..script import to_simplified

#: County prefixes dropped from names (longest first). The county is the seed's; a bare 县 is any county's.
COUNTY_PREFIXES = ("岳阳县", "县")
#: Government suffixes dropped from township names (longest first).
GOVERNMENT_SUFFIXES = ("人民政府", "政府")
_SPACE = regex.compile(r"\s+")
_KINDS = (
    ("subdistrict", regex.compile(r"(?:街道|办事处)$")),
    ("township", regex.compile(r"[镇乡]$")),
    ("enterprise", regex.compile(r"公司$")),
)


@lru_cache(maxsize=4096)
def unit_key(name: str, unit: UnitRef | None = None) -> str:
    """The key two mentions of one unit share: its unit id when resolved, else its normalised name.

    >>> unit_key("榮家灣鎮政府") == unit_key("榮家灣鎮人民政府") == "荣家湾镇"
    True
    >>> unit_key("whatever", UnitRef("yy-0001", "荣家湾镇", "township", "exact"))
    'id:yy-0001'
    """
    if unit is not None and unit.unit_id:
        return f"id:{unit.unit_id}"
    key = _SPACE.sub("", to_simplified(name))
    for prefix in COUNTY_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix):]
            break
    for suffix in GOVERNMENT_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
            break
    return key


@lru_cache(maxsize=4096)
def unit_kind(name: str, unit: UnitRef | None = None) -> str:
    """``township``, ``subdistrict``, ``enterprise`` or ``county_department``; ``unit.kind`` wins when known.

    >>> unit_kind("中洲鄉"), unit_kind("縣供電公司")
    ('township', 'enterprise')
    """
    if unit is not None and unit.kind:
        return unit.kind
    key = unit_key(name)
    for kind, pattern in _KINDS:
        if pattern.search(key):
            return kind
    return "county_department"


def _is_abbreviation(short: str, long: str) -> bool:
    """``short`` keeps ``long``'s first character and last two, and its characters in order."""
    if len(short) < 3 or len(short) >= len(long) or short[0] != long[0] or short[-2:] != long[-2:]:
        return False
    rest = iter(long)
    return all(ch in rest for ch in short)


class RowIndex:
    """Table rows looked up by the name (or unit) of a list item.

    >>> rows = (StatRow("大云山國家森林公園管理處"), StatRow("縣交警大隊"))
    >>> idx = RowIndex(rows)
    >>> idx.find("大云山管理處").unit_raw, idx.find("交警大隊").unit_raw, idx.find("縣法院")
    ('大云山國家森林公園管理處', '縣交警大隊', None)
    """

    def __init__(self, rows: Sequence[StatRow]):
        self.rows = tuple(rows)
        self._keys = [unit_key(r.unit_raw, r.unit) for r in self.rows]
        self._by_key: dict[str, StatRow] = {}
        for key, row in zip(self._keys, self.rows):
            self._by_key.setdefault(key, row)
        self._by_name = {unit_key(r.unit_raw): r for r in self.rows}

    def find(self, name: str, unit: UnitRef | None = None) -> StatRow | None:
        """The row of the unit ``name`` (resolved as ``unit``), or None when none or several fit."""
        key = unit_key(name, unit)
        if key in self._by_key:
            return self._by_key[key]
        plain = unit_key(name)
        if plain in self._by_name:
            return self._by_name[plain]
        fits = [r for r in self.rows if _is_abbreviation(plain, unit_key(r.unit_raw))]
        return fits[0] if len(fits) == 1 else None

    def key(self, row: StatRow) -> str:
        """The key of a row of this index."""
        return unit_key(row.unit_raw, row.unit)
