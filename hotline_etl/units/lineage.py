"""Unit lineage: which unit a merged or renamed unit became, for trend lines.

Each registry row names at most one ``successor_id`` (merged into / renamed
to) and any number of ``predecessor_ids``; the two sides must agree, and
following successors must never come back to a unit (checked on load).

>>> current_successor("yueyang.food_drug_industry_commerce_quality_supervision")
'yueyang.market_supervision'
>>> import datetime as dt
>>> current_successor("yueyang.environmental_protection", on=dt.date(2018, 6, 1))
'yueyang.environmental_protection'
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Mapping

from ..errors import RegistryError

if TYPE_CHECKING:  # pragma: no cover
    from .registry import Registry, Unit


def check_lineage(units: Mapping[str, "Unit"]) -> None:
    """Raise :class:`RegistryError` for unknown ids, one-sided links or a successor cycle."""
    for unit in units.values():
        if unit.successor_id is not None:
            successor = units.get(unit.successor_id)
            if successor is None:
                raise RegistryError(unit.source, f"successor {unit.successor_id} of {unit.unit_id} is not in the registry")
            if unit.unit_id not in successor.predecessor_ids:
                raise RegistryError(
                    unit.source,
                    f"{unit.unit_id} names successor {successor.unit_id}, but {successor.unit_id} "
                    f"({successor.source}) does not list it in predecessor_ids",
                    "add it there, so both rows tell the same story",
                )
        for pid in unit.predecessor_ids:
            predecessor = units.get(pid)
            if predecessor is None:
                raise RegistryError(unit.source, f"predecessor {pid} of {unit.unit_id} is not in the registry")
            if predecessor.successor_id != unit.unit_id:
                raise RegistryError(
                    unit.source,
                    f"{unit.unit_id} lists predecessor {pid}, but {pid} ({predecessor.source}) "
                    f"names successor {predecessor.successor_id or 'none'}",
                    f"set successor_id of {pid} to {unit.unit_id}",
                )
    for start in units.values():
        seen = [start.unit_id]
        nxt = start.successor_id
        while nxt is not None:
            if nxt in seen:
                cycle = " -> ".join(seen[seen.index(nxt):] + [nxt])
                raise RegistryError(start.source, f"successor cycle {cycle}", "a unit cannot succeed itself; fix successor_id")
            seen.append(nxt)
            nxt = units[nxt].successor_id


def successor_chain(unit_id: str, registry: "Registry | None" = None) -> tuple[str, ...]:
    """``unit_id`` followed by each successor in turn, the current unit last.

    >>> successor_chain("yueyang.land_resources")
    ('yueyang.land_resources', 'yueyang.natural_resources')
    """
    reg = _registry(registry)
    chain = [reg.get(unit_id).unit_id]
    while (nxt := reg.get(chain[-1]).successor_id) is not None:
        chain.append(nxt)
    return tuple(chain)


def current_successor(unit_id: str, on: dt.date | None = None, registry: "Registry | None" = None) -> str:
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


def _registry(registry: "Registry | None") -> "Registry":
    if registry is not None:
        return registry
    from .registry import default_registry  # the registry module imports this one

    return default_registry()
