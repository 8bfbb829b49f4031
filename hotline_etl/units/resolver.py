"""Resolve a printed unit name to a registry unit, or say why it cannot be.

Order (the first step that gives exactly one unit wins):

1. ``exact``: the script-folded name is a registry name or alias.
2. ``rule``: the rule-normalised name (county prefix, 人民政府/政府/办事处
   suffix, abbreviations; see :mod:`hotline_etl.units.rules`) equals the
   normalised form of a registry name or alias. A damaged name (``?h稅務局``)
   first has each damage mark stand for up to as many lost characters as the
   mark is long, matched against the folded names; this also counts as ``rule``.
3. ``fuzzy``: rapidfuzz ``ratio`` between normalised forms, accepted when the
   best unit scores at least :data:`FUZZY_THRESHOLD` and it is the only unit
   that does.
4. ``derived``: no registry unit comes near (none scores
   :data:`FUZZY_THRESHOLD`), the name is intact and names one unit, and the
   bulletin's area (``scope``) is known: the unit gets the derived id of its
   normalised name within the area (:mod:`hotline_etl.units.derive`), with
   the registry's closest units as candidates.
5. ``unresolved``: the name is kept, with up to :data:`MAX_CANDIDATES`
   candidates scoring at least :data:`CANDIDATE_FLOOR`. A damaged name is
   never given a derived id (it could stand for two units).

A date ``on`` picks, among units sharing a name, the one that existed that
day; a unit that had been merged or renamed by then gives way to its
successor (:func:`~hotline_etl.units.lineage.current_successor`).

>>> resolve("榮家灣鎮政府").unit_id
'yueyang.rongjiawan'
>>> r = resolve("?h稅務局")
>>> r.unit_id, r.method, r.damaged
('yueyang.taxation', 'rule', True)
>>> resolve("灌雲縣公安局", scope="灌云县").unit_id
'derived:灌云县/公安局'
"""

from __future__ import annotations

import datetime as dt
import weakref
from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..memo import on_clear
from ..model import UnitRef
from .derive import derived_id
from .lineage import current_successor
from .registry import Registry, Unit, default_registry
from .rules import damage_pattern, guess_kind, names_a_unit, normalise, read_printed

#: Lowest rapidfuzz ``ratio`` (0-100) at which a fuzzy match is accepted.
#: ratio = 2·matches / (len(a) + len(b)) on the normalised names. At 88 one
#: substituted character is rejected in any name of up to 8 characters
#: (水务局/税务局 67, 林业局/农业局 67, 交警大队/交警中队 75), and the sole
#: unique acceptances are near-identical longer names, such as a dropped 和 in
#: 公路建设养护中心 (94) or one character added to a name of 4 or more.
FUZZY_THRESHOLD = 88.0

#: Lowest score for a unit to be offered as a candidate of an unresolved name:
#: low on purpose (a shared word such as 管理 in names of about five
#: characters scores 36), since candidates only guide a maintainer.
CANDIDATE_FLOOR = 30.0

#: Most candidates reported for an unresolved name.
MAX_CANDIDATES = 3

#: A damaged name needs this many intact characters to be matched at all.
MIN_INTACT_CHARS = 3

#: Resolution methods, in the order they are tried.
METHODS = ("exact", "rule", "fuzzy", "derived", "unresolved")

#: Resolvers :func:`shared_resolver` keeps per registry (the least recently used go first).
MAX_SHARED_RESOLVERS = 256
#: Answers one resolver keeps; past this it starts afresh (a bound for very long batches).
MAX_KNOWN_NAMES = 20_000


@dataclass(frozen=True, slots=True)
class Candidate:
    """A unit a name could be, with its similarity score (0-100)."""

    unit_id: str
    name: str
    score: float


def resolve(
    name: str, county: str | None = None, on: dt.date | None = None, registry: Registry | None = None,
    scope: str | None = None,
) -> UnitRef:
    """Resolve printed unit ``name`` (any script) in ``county`` as of date ``on``.

    ``county`` (any script) limits the search to one county; None searches
    every county of the registry, or only ``scope`` when one is given.
    ``scope`` (an area in any script: a county, city or district) lets a name
    no registry unit matches get a derived id within it. Returns a
    :class:`~hotline_etl.model.UnitRef`; ``score`` is set for fuzzy matches
    (and the best candidate's score when unresolved), ``candidates`` holds
    the closest registry unit ids of an unresolved or derived name.

    >>> resolve("縣人社局").unit_id
    'yueyang.human_resources_social_security'
    >>> resolve("縣環保局", on=dt.date(2020, 5, 1)).unit_id
    'yueyang.ecology_environment'
    >>> resolve("縣殯葬管理所").method
    'unresolved'
    """
    reg = registry if registry is not None else default_registry()
    return Resolver(reg, county if county is not None or scope is None else scope, on, scope).run(name)


def candidates(
    name: str, county: str | None = None, registry: Registry | None = None, limit: int = MAX_CANDIDATES,
) -> tuple[Candidate, ...]:
    """The units ``name`` most resembles, best first (scores >= :data:`CANDIDATE_FLOOR`).

    >>> [c.unit_id for c in candidates("縣法院")][:1]
    ['yueyang.court']
    """
    reg = registry if registry is not None else default_registry()
    res = Resolver(reg, county, None)
    return res.ranked(res.rule_key(read_printed(name).intact))[:limit]


class Resolver:
    """Resolves names against the registry scope of one county and one date.

    Build it once for many names (a bulletin's): the scope is computed once.
    ``area`` (any script) is where derived ids are made; None makes none.

    >>> Resolver(default_registry(), "岳阳县", None).run("交警大隊").unit_id
    'yueyang.traffic_police'
    """

    def __init__(self, registry: Registry, county: str | None, on: dt.date | None, area: str | None = None):
        self.reg = registry
        self.on = on
        self.area = registry.fold(area) if area else None
        self.scope = registry.in_county(county)
        self.counties = tuple(dict.fromkeys(u.county for u in self.scope)) or registry.counties
        self.scope_ids = {u.unit_id for u in self.scope}
        self.known: dict[str, UnitRef] = {}

    def run(self, name: str) -> UnitRef:
        """The UnitRef of printed ``name``; each distinct name is resolved once per resolver."""
        ref = self.known.get(name)
        if ref is None:
            if len(self.known) >= MAX_KNOWN_NAMES:
                self.known.clear()
            ref = self.known[name] = self._run(name)
        return ref

    def _run(self, name: str) -> UnitRef:
        printed = read_printed(name)
        damaged = printed.damaged
        if damaged:
            found = self._wildcard(printed.parts, printed.gaps)
            if found is not None:
                return found
        text = printed.intact
        ids = self._lookup(self.reg.exact, self.reg.fold(text))
        if ids and not damaged:
            picked = self._pick(ids)
            if len(picked) == 1:
                return self._ref(picked.pop(), "exact", damaged=False)
            return self._unresolved(picked, None, damaged)
        key = self.rule_key(text)
        ids = ids or self._lookup(self.reg.rules, key)
        if ids:
            picked = self._pick(ids)
            if len(picked) == 1:
                return self._ref(picked.pop(), "rule", damaged=damaged)
            return self._unresolved(picked, None, damaged)
        ranked = self.ranked(key)
        above = [c for c in ranked if c.score >= FUZZY_THRESHOLD]
        if len(above) == 1:
            return self._ref(above[0].unit_id, "fuzzy", damaged=damaged, score=above[0].score)
        if not above and not damaged:
            derived = self.derive(text, ranked)
            if derived is not None:
                return derived
        best = ranked[0].score if ranked else None
        return self._unresolved([c.unit_id for c in ranked[:MAX_CANDIDATES]], best, damaged)

    def derive(self, text: str, ranked: tuple[Candidate, ...] = ()) -> UnitRef | None:
        """The derived unit of intact printed name ``text`` in the area; None without an area or a unit name."""
        if self.area is None:
            return None
        folded = self.reg.fold(text)
        if not names_a_unit(folded, self.area):
            return None
        return UnitRef(derived_id(self.area, normalise(folded, (self.area,))), folded, guess_kind(folded), "derived",
                       candidates=tuple(c.unit_id for c in ranked[:MAX_CANDIDATES]))

    def rule_key(self, text: str) -> str:
        return normalise(self.reg.fold(text), self.counties)

    def _lookup(self, index: dict[tuple[str, str], set[str]], key: str) -> set[str]:
        ids: set[str] = set()
        for county in self.counties:
            ids |= index.get((county, key), set())
        return ids & self.scope_ids

    def _pick(self, ids: set[str]) -> set[str]:
        # Units sharing a name: the one existing on the date; else each moved to its successor then.
        units = [self.reg.get(i) for i in sorted(ids)]
        if self.on is None:
            if len(units) > 1:
                current = [u for u in units if u.valid_to is None]
                if len(current) == 1:
                    return {current[0].unit_id}
            return {u.unit_id for u in units}
        valid = [u for u in units if u.valid_on(self.on)]
        if valid:
            return {u.unit_id for u in valid}
        return {current_successor(u.unit_id, self.on, self.reg) for u in units}

    def _wildcard(self, parts: tuple[str, ...], gaps: tuple[int, ...]) -> UnitRef | None:
        # A damage mark of n characters stands for at most n lost characters (?h for 。縣).
        folded = [self.reg.fold(p) if p else "" for p in parts]
        if sum(len(p) for p in folded) < MIN_INTACT_CHARS:
            return None
        rx = damage_pattern(folded, gaps)
        ids: set[str] = set()
        for index in (self.reg.exact, self.reg.rules):
            for (county, key), owners in index.items():
                if county in self.counties and rx.fullmatch(key):
                    ids |= owners & self.scope_ids
            if ids:
                break
        if not ids:
            return None
        picked = self._pick(ids)
        if len(picked) == 1:
            return self._ref(picked.pop(), "rule", damaged=True)
        return self._unresolved(picked, None, True)

    def ranked(self, key: str) -> tuple[Candidate, ...]:
        best: dict[str, float] = {}
        if not key:
            return ()
        for (county, rule_key), owners in self.reg.rules.items():
            if county not in self.counties:
                continue
            score = float(fuzz.ratio(key, rule_key))
            for uid in owners & self.scope_ids:
                for target in self._pick({uid}):
                    if score > best.get(target, -1.0):
                        best[target] = score
        ordered = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
        return tuple(
            Candidate(uid, self.reg.get(uid).name, round(score, 2))
            for uid, score in ordered if score >= CANDIDATE_FLOOR
        )

    def _ref(self, unit_id: str, method: str, damaged: bool, score: float | None = None) -> UnitRef:
        unit: Unit = self.reg.get(unit_id)
        return UnitRef(unit.unit_id, unit.name, unit.kind, method, score=score, damaged=damaged)

    def _unresolved(self, ids: set[str] | list[str], score: float | None, damaged: bool) -> UnitRef:
        # A set (several units share the name) has no order of its own: sort it; a ranking keeps its order.
        ordered = tuple(sorted(ids)) if isinstance(ids, set) else tuple(ids)
        return UnitRef(None, None, None, "unresolved", score=score, candidates=ordered, damaged=damaged)


class _Shared:
    """The resolvers of one registry, by what changes their answers."""

    def __init__(self, registry: Registry):
        # Every date the registry compares a day with (validity bounds): two days placed alike
        # among them get the same answer from every lookup, successor walk included.
        self.dates = sorted({d for u in registry for d in (u.valid_from, u.valid_to) if d is not None})
        self.date_set = frozenset(self.dates)
        self.resolvers: OrderedDict[tuple, Resolver] = OrderedDict()

    def date_class(self, on: dt.date | None) -> tuple[int, bool] | None:
        return None if on is None else (bisect_left(self.dates, on), on in self.date_set)


_SHARED: "weakref.WeakKeyDictionary[Registry, _Shared]" = weakref.WeakKeyDictionary()
on_clear(_SHARED.clear)


def shared_resolver(registry: Registry, county: str | None, on: dt.date | None, area: str | None = None) -> Resolver:
    """A :class:`Resolver` kept for the worker's lifetime, so a name is resolved once per batch, not per bulletin.

    Resolvers are kept per registry object (a registry is not changed once
    built; another file set is another object) and by everything else that
    changes an answer: the county searched, the area of derived ids, and
    where ``on`` falls among the registry's validity dates (days of one such
    interval get the same answers, so the bulletins of one county share a
    resolver across months).

    >>> r = shared_resolver(default_registry(), "岳阳县", dt.date(2020, 5, 1))
    >>> r is shared_resolver(default_registry(), "岳阳县", dt.date(2020, 6, 1)), r.run("交警大隊").unit_id
    (True, 'yueyang.traffic_police')
    """
    shared = _SHARED.get(registry)
    if shared is None:
        shared = _SHARED[registry] = _Shared(registry)
    key = (county, area, shared.date_class(on))
    resolver = shared.resolvers.get(key)
    if resolver is None:
        resolver = shared.resolvers[key] = Resolver(registry, county, on, area)
        if len(shared.resolvers) > MAX_SHARED_RESOLVERS:
            shared.resolvers.popitem(last=False)
    else:
        shared.resolvers.move_to_end(key)
    return resolver
