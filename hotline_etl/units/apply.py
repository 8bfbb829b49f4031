"""The units stage: fill every unit slot of a parsed bulletin.

Table rows (not the total row), the items of every list and the handler of
every case get a :class:`~hotline_etl.model.UnitRef`, resolved as of the
first day of the bulletin's period, within the bulletin's area
(:func:`resolution_area`). A name the registry does not know gets a derived
id within that area (one ``unit-derived`` warning per name, at its first
place); an unresolved name becomes a ``unit-unresolved`` warning (a damaged
one lists the bulletin's derived units it could be among its candidates), a
damaged name that still resolved a ``unit-damaged`` warning, each at the
place the name was printed.

>>> import hotline_etl
>>> b = resolve_bulletin(hotline_etl.parse("fixtures/seed/000_0bd1a52a453bee82.txt"))
>>> b.lists["returned"].items[5].unit.unit_id
'yueyang.traffic_police'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import regex
from rapidfuzz import fuzz

from ..document import Origin
from ..memo import memoised
from ..model import Bulletin, Case, ListItem, ParseWarning, StatRow, UnitRef, field_replacer
from .derive import is_derived
from .registry import Registry, default_registry
from .resolver import CANDIDATE_FLOOR, MAX_CANDIDATES, shared_resolver
from .rules import damage_pattern, read_printed

#: Warning codes this stage emits.
UNRESOLVED_CODE = "unit-unresolved"
DAMAGED_CODE = "unit-damaged"
DERIVED_CODE = "unit-derived"

# One field set on every row, item and case: a copy each, without dataclasses.replace's per-call field walk.
_ROW_WITH_UNIT = field_replacer(StatRow, "unit")
_ITEM_WITH_UNIT = field_replacer(ListItem, "unit")
_CASE_WITH_UNIT = field_replacer(Case, "handler_unit")

#: The registry county of a bulletin that names no area: it holds no unit, so nothing resolves.
NO_COUNTY = ""


def infer_county(bulletin: Bulletin, registry: Registry | None = None) -> str | None:
    """The registry county a bulletin is about, as the registry writes it (simplified), or None.

    The bulletin's scope (:attr:`~hotline_etl.model.Bulletin.scope`, read by
    the extract stage) decides when it is known: its area if that is a
    registry county, else None (a county the registry does not cover). With
    no scope: a registry county named in the issuer, else the one named most
    in the text.

    >>> from hotline_etl.model import Bulletin, Headline, Period
    >>> b = Bulletin("a", "txt", None, "traditional", Period(None, None, None), "岳陽縣熱線辦",
    ...              None, Headline(), (), {}, (), (), None, (), ())
    >>> infer_county(b)
    '岳阳县'
    """
    reg = registry if registry is not None else default_registry()
    if bulletin.scope is not None:
        area = reg.fold(bulletin.scope.raw)
        return area if area in reg.counties else None
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


def resolution_area(bulletin: Bulletin, registry: Registry | None = None) -> tuple[str | None, str | None]:
    """``(county, area)``: the registry county to search (None: every county) and the area of derived ids.

    A scope the registry does not cover is searched alone (no registry unit
    matches there) and is the area; a registry county is both; a bulletin
    without a scope uses :func:`infer_county` for both, and when that finds
    none, the registry is not searched at all (:data:`NO_COUNTY`: a 人社局 of
    an unnamed county is not the registry's) and no derived ids are made.

    >>> from hotline_etl.model import Bulletin, Headline, IssuerScope, Period
    >>> b = Bulletin("a", "txt", None, "traditional", Period(None, None, None), None, None, Headline(),
    ...              (), {}, (), (), None, (), (), scope=IssuerScope("灌云县", ("灌云县",), "灌雲縣", "title"))
    >>> resolution_area(b)
    ('灌云县', '灌云县')
    """
    reg = registry if registry is not None else default_registry()
    county = infer_county(bulletin, reg)
    if county is None and bulletin.scope is not None:
        return reg.fold(bulletin.scope.raw), reg.fold(bulletin.scope.raw)
    if county is None:
        return NO_COUNTY, None
    return county, county


def resolve_bulletin(
    bulletin: Bulletin, county: str | None = None, registry: Registry | None = None,
) -> Bulletin:
    """A new bulletin with every unit name resolved (the input is not changed).

    ``county`` (a registry county or any area, any script) defaults to
    :func:`resolution_area`. Running the stage twice adds no warning twice.

    >>> from hotline_etl.model import Bulletin, Headline, Period, UnitList, ListItem
    >>> import datetime as dt
    >>> b = Bulletin("a", "txt", None, "traditional", Period(dt.date(2020, 5, 1), None, None),
    ...              "岳陽縣熱線辦", None, Headline(), (),
    ...              {"returned": UnitList("returned", 1, (ListItem("交警大隊", 1),))}, (), (), None, (), ())
    >>> resolve_bulletin(b).lists["returned"].items[0].unit.unit_id
    'yueyang.traffic_police'
    """
    reg = registry if registry is not None else default_registry()
    area = county
    if county is None:
        county, area = resolution_area(bulletin, reg)
    stage = _Stage(reg, county, bulletin.period.start, area)
    stage.prime(_names(bulletin))

    table = bulletin.table
    resolve = stage.resolve
    if table is not None:
        rows = tuple([_ROW_WITH_UNIT(row, resolve(row.unit_raw, row.sources.get("unit_raw"))) for row in table.rows])
        table = replace(table, rows=rows)
    lists = {
        name: replace(ul, items=tuple([_ITEM_WITH_UNIT(item, resolve(item.unit_raw, item.source)) for item in ul.items]))
        for name, ul in bulletin.lists.items()
    }
    cases = tuple(
        _CASE_WITH_UNIT(case, resolve(case.handler_raw, case.handler_source or case.source))
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


def _names(bulletin: Bulletin) -> list[str]:
    names = [row.unit_raw for row in bulletin.table.rows] if bulletin.table is not None else []
    names += [item.unit_raw for ul in bulletin.lists.values() for item in ul.items]
    names += [case.handler_raw for case in bulletin.cases if case.handler_raw]
    return names


class _Stage:
    """Resolves names of one bulletin, once per distinct name, collecting warnings."""

    def __init__(self, registry: Registry, county: str | None, on: dt.date | None, area: str | None = None):
        self.reg = registry
        self.county = county
        self.resolver = shared_resolver(registry, county, on, area)
        self.cache: dict[str, UnitRef] = {}
        self.warnings: list[ParseWarning] = []
        self.derived_warned: set[str] = set()

    def prime(self, names: list[str]) -> None:
        """Resolve every name once; then a damaged unresolved one lists the derived units it may be."""
        for raw in dict.fromkeys(names):
            self.cache[raw] = self.resolver.run(raw)
        derived = [(ref.unit_id, ref.name) for ref in self.cache.values() if is_derived(ref.unit_id)]
        if not derived:
            return
        for raw, ref in self.cache.items():
            if ref.method == "unresolved" and ref.damaged:
                self.cache[raw] = replace(ref, candidates=self._with_derived(raw, ref.candidates, derived))

    def _with_derived(self, raw: str, candidates: tuple[str, ...], derived: list[tuple[str, str]]) -> tuple[str, ...]:
        # The derived units whose names the damaged one may have been (wildcard), then the most similar ones.
        best: dict[str, float] = {}
        for uid, name in derived:
            score = _derived_score(self.reg, raw, name)
            best[uid] = max(score, best.get(uid, 0.0))
        own = sorted((uid for uid, score in best.items() if score >= CANDIDATE_FLOOR), key=lambda u: (-best[u], u))
        return tuple(dict.fromkeys(own + list(candidates)))[:MAX_CANDIDATES]

    def resolve(self, raw: str, source: Origin | None) -> UnitRef:
        ref = self.cache.get(raw)
        if ref is None:
            ref = self.cache[raw] = self.resolver.run(raw)
        if ref.method == "derived":
            if raw not in self.derived_warned:
                self.derived_warned.add(raw)
                self.warnings.append(ParseWarning(DERIVED_CODE, _derived_message(self.reg, self.county, raw, ref), source))
        elif ref.method == "unresolved":
            self.warnings.append(ParseWarning(UNRESOLVED_CODE, _unresolved_message(self.reg, self.county, raw, ref), source))
        elif ref.damaged:
            self.warnings.append(ParseWarning(
                DAMAGED_CODE,
                f"unit name {raw!r} is damaged in print; resolved to {ref.name} ({ref.unit_id}) "
                f"by {ref.method} match: check the source",
                source,
            ))
        return ref


# The texts below are pure functions of their arguments and come back in every bulletin of a county
# (the same unknown names month after month): each is made once per worker.

@memoised()
def _damaged_name(registry: Registry, raw: str) -> tuple[regex.Pattern[str], str]:
    """The wildcard pattern of a damaged printed name (:func:`damage_pattern`) and its intact characters, folded."""
    printed = read_printed(raw)
    parts = [registry.fold(p) for p in printed.parts]
    return damage_pattern(parts, printed.gaps), "".join(parts)


@memoised()
def _derived_score(registry: Registry, raw: str, name: str) -> float:
    """How well the derived unit ``name`` fits the damaged printed ``raw``: 100 when the wildcard fits, else similarity."""
    rx, intact = _damaged_name(registry, raw)
    return 100.0 if rx.fullmatch(name) else float(fuzz.ratio(intact, name))


def _closest(registry: Registry, ref: UnitRef) -> str:
    return ", ".join(c if is_derived(c) else f"{registry.get(c).name} ({c})" for c in ref.candidates) or "none"


@memoised()
def _unresolved_message(registry: Registry, county: str | None, raw: str, ref: UnitRef) -> str:
    if county == NO_COUNTY:
        return (f"unit name {raw!r} cannot be resolved: the bulletin names no area (no scope in its sign-off, "
                "title or body, and no registry county in its text); resolve it with an explicit county")
    where = county or "any county"
    damaged = "damaged " if ref.damaged else ""
    return (
        f"{damaged}unit name {raw!r} is not in the unit registry for {where}; closest: {_closest(registry, ref)}. "
        "Add it as an alias (or a new unit) in a registry file named by HOTLINE_ETL_REGISTRY"
    )


@memoised()
def _derived_message(registry: Registry, county: str | None, raw: str, ref: UnitRef) -> str:
    return (
        f"unit name {raw!r} is not in the unit registry for {county or 'any county'}; given the derived id "
        f"{ref.unit_id} (closest registry units: {_closest(registry, ref)}). `hotline-etl units suggest` proposes "
        "registry rows for derived units"
    )
