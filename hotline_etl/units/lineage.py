"""Unit lineage: which unit a merged or renamed unit became, for trend lines.

Each registry row names at most one ``successor_id`` (merged into / renamed
to) and any number of ``predecessor_ids``; the two sides must agree, and
following successors must never come back to a unit (checked on load by the
registry: :func:`~hotline_etl.units.registry.check_lineage`).

>>> current_successor("yueyang.food_drug_industry_commerce_quality_supervision")
'yueyang.market_supervision'
>>> import datetime as dt
>>> current_successor("yueyang.environmental_protection", on=dt.date(2018, 6, 1))
'yueyang.environmental_protection'
"""

from __future__ import annotations

import datetime as dt

from .registry import Registry, default_registry


def successor_chain(unit_id: str, registry: Registry | None = None) -> tuple[str, ...]:
    """``unit_id`` followed by each successor in turn, the current unit last.

    >>> successor_chain("yueyang.land_resources")
    ('yueyang.land_resources', 'yueyang.natural_resources')
    """
    reg = _registry(registry)
    chain = [reg.get(unit_id).unit_id]
    while (nxt := reg.get(chain[-1]).successor_id) is not None:
        chain.append(nxt)
    return tuple(chain)


def current_successor(unit_id: str, on: dt.date | None = None, registry: Registry | None = None) -> str:
    """The unit that ``unit_id`` had become on ``on`` (the latest one when ``on`` is None).

    A unit still existing on ``on`` is its own successor; so is a unit with
    no successor.

    >>> current_successor("yueyang.agriculture", on=dt.date(2020, 5, 1))
    'yueyang.agriculture_rural'
    """
    reg = _registry(registry)
    unit = reg.get(unit_id)
    while unit.successor_id is not None and (on is None or (unit.valid_to is not None and unit.valid_to < on)):
        unit = reg.get(unit.successor_id)
    return unit.unit_id


def _registry(registry: Registry | None) -> Registry:
    return registry if registry is not None else default_registry()
