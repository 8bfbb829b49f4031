"""The units stage: fill every unit slot of a parsed bulletin.

Table rows (not the total row), the items of every list and the handler of
every case get a :class:`~hotline_etl.model.UnitRef`, resolved as of the
first day of the bulletin's period. An unresolved name becomes a
``unit-unresolved`` warning, a damaged name that still resolved a
``unit-damaged`` warning, each at the place the name was printed.

>>> import hotline_etl
>>> b = resolve_bulletin(hotline_etl.parse("fixtures/seed/000_0bd1a52a453bee82.txt"))  # doctest: +SKIP
>>> b.lists["returned"].items[5].unit.unit_id  # doctest: +SKIP
'yueyang.traffic_police'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..document import Origin
from ..model import Bulletin, ParseWarning, UnitRef
from .registry import Registry, default_registry
from .resolve import Resolver

#: Warning codes this stage emits.
UNRESOLVED_CODE = "unit-unresolved"
DAMAGED_CODE = "unit-damaged"


def infer_county(bulletin: Bulletin, registry: Registry | None = None) -> str | None:
    """The registry county a bulletin is about: named in the issuer, else most named in its text.

    Returns the county as the registry writes it (simplified), or None when
    no registry county is named.

    >>> from hotline_etl.model import Bulletin, Headline, Period
    >>> b = Bulletin("a", "txt", None, "traditional", Period(None, None, None), "岳陽縣熱線辦",
    ...              None, Headline(), (), {}, (), (), None, (), ())
    >>> infer_county(b)
    '岳阳县'
    """
    reg = registry if registry is not None else default_registry()
    counties = sorted(reg.counties, key=len, reverse=True)
    if bulletin.issuer:
        issuer = reg.fold(bulletin.issuer)
        for county in counties:
            if county in issuer:
                return county
    text = reg.fold("\n".join(s.text_raw for s in bulletin.sections))
    counts = {county: text.count(county) for county in counties}
    best = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
    return best[0] if best[1] > 0 else None


def resolve_bulletin(
    bulletin: Bulletin, county: str | None = None, registry: Registry | None = None,
) -> Bulletin:
    """A new bulletin with every unit name resolved (the input is not changed).

    ``county`` defaults to :func:`infer_county`. Running the stage twice adds
    no warning twice.

    >>> from hotline_etl.model import Bulletin, Headline, Period, UnitList, ListItem
    >>> import datetime as dt
    >>> b = Bulletin("a", "txt", None, "traditional", Period(dt.date(2020, 5, 1), None, None),
    ...              "岳陽縣熱線辦", None, Headline(), (),
    ...              {"returned": UnitList("returned", 1, (ListItem("交警大隊", 1),))}, (), (), None, (), ())
    >>> resolve_bulletin(b).lists["returned"].items[0].unit.unit_id
    'yueyang.traffic_police'
    """
    reg = registry if registry is not None else default_registry()
    if county is None:
        county = infer_county(bulletin, reg)
    stage = _Stage(reg, county, bulletin.period.start)

    table = bulletin.table
    if table is not None:
        rows = tuple(
            replace(row, unit=stage.resolve(row.unit_raw, row.sources.get("unit_raw"))) for row in table.rows
        )
        table = replace(table, rows=rows)
    lists = {
        name: replace(ul, items=tuple(replace(item, unit=stage.resolve(item.unit_raw, item.source)) for item in ul.items))
        for name, ul in bulletin.lists.items()
    }
    cases = tuple(
        replace(case, handler_unit=stage.resolve(case.handler_raw, case.handler_source or case.source))
        if case.handler_raw else case
        for case in bulletin.cases
    )
    warnings = list(bulletin.warnings)
    seen = set(warnings)
    for w in stage.warnings:
        if w not in seen:
            seen.add(w)
            warnings.append(w)
    return replace(bulletin, table=table, lists=lists, cases=cases, warnings=tuple(warnings))


class _Stage:
    """Resolves names of one bulletin, once per distinct name, collecting warnings."""

    def __init__(self, registry: Registry, county: str | None, on: dt.date | None):
        self.reg = registry
        self.county = county
        self.resolver = Resolver(registry, county, on)
        self.cache: dict[str, UnitRef] = {}
        self.warnings: list[ParseWarning] = []

    def resolve(self, raw: str, source: Origin | None) -> UnitRef:
        ref = self.cache.get(raw)
        if ref is None:
            ref = self.cache[raw] = self.resolver.run(raw)
        if ref.method == "unresolved":
            self.warnings.append(ParseWarning(UNRESOLVED_CODE, self._unresolved_message(raw, ref), source))
        elif ref.damaged:
            self.warnings.append(ParseWarning(
                DAMAGED_CODE,
                f"unit name {raw!r} is damaged in print; resolved to {ref.name} ({ref.unit_id}) "
                f"by {ref.method} match: check the source",
                source,
            ))
        return ref

    def _unresolved_message(self, raw: str, ref: UnitRef) -> str:
        names = ", ".join(f"{self.reg.get(c).name} ({c})" for c in ref.candidates) or "none"
        where = self.county or "any county"
        damaged = "damaged " if ref.damaged else ""
        return (
            f"{damaged}unit name {raw!r} is not in the unit registry for {where}; closest: {names}. "
            "Add it as an alias (or a new unit) in a registry file named by HOTLINE_ETL_REGISTRY"
        )
