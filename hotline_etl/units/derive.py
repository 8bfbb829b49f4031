"""Derived unit ids: a stable id for a unit the registry does not know, made from its folded name.

A name that no registry unit matches gets ``derived:<area>/<key>``: ``area``
is the bulletin's scope (the innermost area it speaks for, simplified:
``灌云县``, ``连云港市``) and ``key`` the name as the units stage normalises
it (:func:`name_key`: script folded, pinyin glosses, spaces and compatibility
forms gone, the area's name or bare level word dropped, long department names
contracted, 人民政府/政府 and 办事处/街道 dropped after a place). So one unit
printed ``灌雲縣人力資源和社會保障局`` in one month and ``县人社局`` the next gets one
id, and ``县公安局`` of two counties gets two.

>>> derived_id("灌云县", "人社局")
'derived:灌云县/人社局'
>>> split_derived_id("derived:灌云县/人社局"), split_derived_id("yueyang.court")
(('灌云县', '人社局'), None)
>>> name_key("灌雲縣人力資源和社會保障局", "灌云县") == name_key("縣 人社局", "灌雲縣") == "人社局"
True
"""

from __future__ import annotations

from collections import Counter

from .registry import Registry, default_registry
from .rules import normalise, read_printed

#: Every derived id starts with this; registry ids are ASCII slugs and never do.
DERIVED_PREFIX = "derived:"


def derived_id(area: str, key: str) -> str:
    """The derived id of normalised name ``key`` within ``area`` (both simplified)."""
    return f"{DERIVED_PREFIX}{area}/{key}"


def is_derived(unit_id: str | None) -> bool:
    """True for an id made by :func:`derived_id` (False for registry ids and None).

    >>> is_derived("derived:岳阳县/殡葬管理所"), is_derived("yueyang.court"), is_derived(None)
    (True, False, False)
    """
    return isinstance(unit_id, str) and unit_id.startswith(DERIVED_PREFIX)


def split_derived_id(unit_id: str | None) -> tuple[str, str] | None:
    """``(area, key)`` of a derived id; None for any other id. Areas never hold ``/``; keys may."""
    if not is_derived(unit_id):
        return None
    area, _, key = unit_id[len(DERIVED_PREFIX):].partition("/")
    return area, key


def name_key(name: str, area: str | None = None, registry: Registry | None = None) -> str:
    """The units stage's normalised key of printed ``name`` (any script) within ``area``.

    This is the one normaliser: registry aliases, resolution and derived ids
    all compare names by it. Pinyin glosses and compatibility forms are
    repaired, damage marks (``?h``) dropped, spaces removed, the script folded
    (registry names protected from OpenCC's lossy conversions), then
    :func:`~hotline_etl.units.rules.normalise` applies the prefix, suffix and
    abbreviation rules with ``area`` (any script; None: a bare ``县`` only).

    >>> name_key("榮家灣鎮(zhèn)人民政府"), name_key("岳陽縣 城市管理綜合執法局", "岳阳县")
    ('荣家湾镇', '城管执法局')
    >>> name_key("市市場監督管理局", "連雲港市"), name_key("洋  县人民政府", "汉中市")
    ('市场监管局', '洋县')
    """
    reg = registry if registry is not None else default_registry()
    areas = (reg.fold(area),) if area else ()
    return normalise(reg.fold(read_printed(name).intact), areas)


def canonical_name(area: str, names: Counter[str]) -> str:
    """The name to show for a derived unit printed as ``names`` (folded name -> times printed).

    The fullest printing wins: one naming the area, else the longest, else
    the most printed (then the first in code-point order, for a stable choice).

    >>> canonical_name("灌云县", Counter({"县人社局": 5, "灌云县人力资源和社会保障局": 1}))
    '灌云县人力资源和社会保障局'
    """
    return max(names, key=lambda n: (n.startswith(area), len(n), names[n], [-ord(c) for c in n]))
