"""Registry rows proposed for derived units: bootstrap a county's registry from its archive.

:func:`suggest_units` takes every place a derived unit was named (a
:class:`Mention`: bulletin, derived id, name as printed, folded name, kind)
and proposes one registry unit per derived id, that is per folded name within
an area: every printed variant becomes an alias, the canonical name is the
fullest variant (one with the area's name, else the longest), and units of
the same area whose names are close (:data:`NEAR_DUPLICATE_SCORE`, or one an
abbreviation of the other) are flagged for the user to merge or keep apart.
:func:`write_registry_csv` writes them in the registry's columns (the
informational columns after them are ignored when the file is loaded), so the
reviewed file, given with ``--registry`` or ``HOTLINE_ETL_REGISTRY``, turns
the derived ids into curated ones.

>>> ms = [Mention("b1", "derived:灌云县/人社局", "灌雲縣人力資源和社會保障局", "灌云县人力资源和社会保障局", "county_department"),
...       Mention("b2", "derived:灌云县/人社局", "县人社局", "县人社局", "county_department")]
>>> s = suggest_units(ms)[0]
>>> s.name, s.aliases, s.bulletins, s.unit_id
('灌云县人力资源和社会保障局', ('县人社局', '灌雲縣人力資源和社會保障局'), 2, 'a3eae79.u79fb0f9a')
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import IO, Iterable, NamedTuple

from rapidfuzz import fuzz

from .derive import canonical_name, split_derived_id
from .registry import COLUMNS, KINDS, Registry

#: Lowest rapidfuzz ``ratio`` between two keys of one area flagged as a possible duplicate
#: (公安局/公安分局 86, 城管执法局/城管局 75); the user decides, nothing is merged.
NEAR_DUPLICATE_SCORE = 75.0

#: Columns written after the registry's own: for review only, ignored when the file is loaded.
REVIEW_COLUMNS = ("derived_id", "bulletins", "mentions", "near_duplicates")


class Mention(NamedTuple):
    """One place a derived unit is named: ``unit_name`` is the folded name, ``unit_raw`` as printed."""

    bulletin_id: str
    unit_id: str
    unit_raw: str
    unit_name: str
    unit_kind: str | None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed registry unit for one derived id."""

    unit_id: str
    county: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    derived_id: str
    bulletins: int
    mentions: int
    near_duplicates: tuple[tuple[str, float], ...] = ()

    def row(self) -> dict[str, str]:
        """The registry row (and the review columns) of this suggestion."""
        near = "; ".join(f"{uid} ({score:.0f})" for uid, score in self.near_duplicates)
        return {
            "unit_id": self.unit_id, "county": self.county, "name": self.name, "kind": self.kind,
            "aliases": ";".join(self.aliases), "valid_from": "", "valid_to": "", "predecessor_ids": "",
            "successor_id": "", "derived_id": self.derived_id, "bulletins": str(self.bulletins),
            "mentions": str(self.mentions), "near_duplicates": near,
        }


def suggest_units(mentions: Iterable[Mention], registry: Registry | None = None,
                  scope: str | None = None) -> list[Suggestion]:
    """One suggestion per derived id in ``mentions`` (other ids are skipped), ordered by area then name.

    ``scope`` keeps one area (simplified). ``registry`` gives the id prefix of
    an area it already covers (``yueyang.`` for 岳阳县).
    """
    by_id: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        parts = split_derived_id(m.unit_id)
        if parts is not None and (scope is None or parts[0] == scope):
            by_id[m.unit_id].append(m)
    out = []
    for uid, ms in by_id.items():
        area, key = split_derived_id(uid)
        name = canonical_name(area, Counter(m.unit_name for m in ms))
        kinds = Counter(m.unit_kind for m in ms if m.unit_kind in KINDS)
        aliases = tuple(sorted({m.unit_raw for m in ms} - {name}))
        out.append(Suggestion(
            unit_id=_slug(area, key, registry), county=area, name=name,
            kind=kinds.most_common(1)[0][0] if kinds else "other", aliases=aliases, derived_id=uid,
            bulletins=len({m.bulletin_id for m in ms}), mentions=len(ms),
        ))
    out.sort(key=lambda s: (s.county, s.name))
    return [_with_near(s, out) for s in out]


def _with_near(s: Suggestion, all_: list[Suggestion]) -> Suggestion:
    key = split_derived_id(s.derived_id)[1]
    near = []
    for other in all_:
        if other is s or other.county != s.county:
            continue
        other_key = split_derived_id(other.derived_id)[1]
        score = float(fuzz.ratio(key, other_key))
        if score >= NEAR_DUPLICATE_SCORE or _abbreviates(key, other_key) or _abbreviates(other_key, key):
            near.append((other.derived_id, round(score, 1)))
    near.sort(key=lambda n: (-n[1], n[0]))
    return Suggestion(s.unit_id, s.county, s.name, s.kind, s.aliases, s.derived_id, s.bulletins, s.mentions,
                      tuple(near))


def _abbreviates(short: str, long: str) -> bool:
    """``short`` keeps ``long``'s first character and last two, and its characters in order (大云山管理处)."""
    if len(short) < 3 or len(short) >= len(long) or short[0] != long[0] or short[-2:] != long[-2:]:
        return False
    rest = iter(long)
    return all(ch in rest for ch in short)


def _slug(area: str, key: str, registry: Registry | None) -> str:
    # Registry ids are ASCII slugs: the area's existing prefix where the registry has one, else a digest;
    # the unit part a digest of its key, so that a grown archive proposes the same id again.
    prefix = None
    if registry is not None:
        prefixes = {u.unit_id.split(".")[0] for u in registry.in_county(area)}
        prefix = prefixes.pop() if len(prefixes) == 1 else None
    if prefix is None:
        prefix = "a" + hashlib.sha256(area.encode()).hexdigest()[:6]
    return f"{prefix}.u{hashlib.sha256(f'{area}/{key}'.encode()).hexdigest()[:8]}"


def write_registry_csv(suggestions: Iterable[Suggestion], out: IO[str]) -> int:
    """Write a registry file of ``suggestions`` (registry columns, then the review columns); returns rows written.

    >>> import io
    >>> buf = io.StringIO()
    >>> write_registry_csv([], buf), buf.getvalue().splitlines()[-1].split(",")[-4:]
    (0, ['derived_id', 'bulletins', 'mentions', 'near_duplicates'])
    """
    out.write("# Proposed by `hotline-etl units suggest`: review each row (merge near-duplicates by moving\n"
              "# aliases, fix kinds, rename ids before first use), then load it with --registry or "
              "HOTLINE_ETL_REGISTRY.\n")
    writer = csv.DictWriter(out, fieldnames=COLUMNS + REVIEW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for s in suggestions:
        writer.writerow(s.row())
        n += 1
    return n
