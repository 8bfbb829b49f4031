"""The unit registry: CSV files of units with aliases, validity dates and lineage.

The built-in registry ships as package data (``units/data/*.csv``); users add
files for other counties with a path option or the ``HOTLINE_ETL_REGISTRY``
environment variable (``os.pathsep``-separated files or folders of ``*.csv``).
All files merge into one :class:`Registry`. Loading refuses, naming both
entries and both files, an alias that folds to the same key as another
unit's in the same county while both exist, a duplicate ``unit_id``, and a
successor cycle.

>>> reg = default_registry()
>>> reg.get("yueyang.court").name
'岳阳县人民法院'
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence

from ..errors import RegistryError
from .fold import Folder, is_traditional_only
from .rules import normalise

#: Environment variable naming extra registry files or folders (os.pathsep-separated).
REGISTRY_ENV = "HOTLINE_ETL_REGISTRY"

#: The columns of a registry file, in order.
COLUMNS = (
    "unit_id", "county", "name", "kind", "aliases",
    "valid_from", "valid_to", "predecessor_ids", "successor_id",
)

#: Kinds a unit may have.
KINDS = ("township", "subdistrict", "county_department", "court", "enterprise", "park", "other")

_UNIT_ID = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, slots=True)
class Unit:
    """One registry entry. ``source`` is ``file:line`` of the row.

    >>> u = default_registry().get("yueyang.agriculture")
    >>> u.valid_on(dt.date(2019, 2, 1)), u.valid_on(dt.date(2020, 5, 1))
    (True, False)
    """

    unit_id: str
    county: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    valid_from: dt.date | None
    valid_to: dt.date | None
    predecessor_ids: tuple[str, ...]
    successor_id: str | None
    source: str

    def valid_on(self, on: dt.date) -> bool:
        """True when the unit existed on ``on``."""
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )

    def overlaps(self, other: "Unit") -> bool:
        """True when the two units existed on at least one common day."""
        lo = max(self.valid_from or dt.date.min, other.valid_from or dt.date.min)
        hi = min(self.valid_to or dt.date.max, other.valid_to or dt.date.max)
        return lo <= hi

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)


class Registry:
    """Units from one or more registry files, with the keys the resolver matches on.

    ``exact`` maps ``(county, folded name)`` and ``rules`` maps
    ``(county, normalised name)`` to unit ids.

    >>> reg = default_registry()
    >>> sorted(reg.exact[("岳阳县", "县人社局")])
    ['yueyang.human_resources_social_security']
    """

    def __init__(self, units: Sequence[Unit], files: Sequence[str] = ()):
        self.files = tuple(files)
        self.units: dict[str, Unit] = {}
        for unit in units:
            if unit.unit_id in self.units:
                first = self.units[unit.unit_id]
                raise RegistryError(
                    unit.source, f"unit_id {unit.unit_id} is already defined at {first.source}",
                    "give the unit another id, or edit the existing row instead of repeating it",
                )
            self.units[unit.unit_id] = unit
        self.counties = tuple(dict.fromkeys(u.county for u in self.units.values()))
        protected = set(self.counties)
        for unit in self.units.values():
            protected.add(unit.name)
            protected.add(normalise(unit.name, self.counties))
        self.folder = Folder(protected)
        for unit in self.units.values():
            self._check_names(unit)
        check_lineage(self.units)
        self.exact: dict[tuple[str, str], set[str]] = {}
        self.rules: dict[tuple[str, str], set[str]] = {}
        self._index()

    def _check_names(self, unit: Unit) -> None:
        for what, text in (("county", unit.county), ("name", unit.name)):
            trad = [c for c in text if is_traditional_only(c)]
            if trad:
                raise RegistryError(
                    unit.source,
                    f"{what} {text!r} of {unit.unit_id} is in traditional script ({''.join(trad)})",
                    "write canonical names in simplified script; traditional forms go in aliases",
                )
            if self.folder.fold(text) != text:
                raise RegistryError(
                    unit.source,
                    f"{what} {text!r} of {unit.unit_id} changes under script folding "
                    f"(to {self.folder.fold(text)!r})",
                    "write it without spaces or full-width forms",
                )

    def _index(self) -> None:
        owners: dict[tuple[str, str], list[tuple[Unit, str]]] = {}
        for unit in self.units.values():
            for printed in unit.names:
                key = self.fold(printed)
                if not key:
                    raise RegistryError(unit.source, f"an alias of {unit.unit_id} is empty after folding")
                seen = owners.setdefault((unit.county, key), [])
                for other, other_printed in seen:
                    if other.unit_id != unit.unit_id and other.overlaps(unit):
                        raise RegistryError(
                            unit.source,
                            f"alias {printed!r} of {unit.unit_id} and alias {other_printed!r} of "
                            f"{other.unit_id} ({other.source}) both fold to {key!r} in county "
                            f"{unit.county} while both units exist",
                            "keep the alias on one unit only, or give the units disjoint "
                            "valid_from/valid_to dates if the name was reused",
                        )
                seen.append((unit, printed))
                self.exact.setdefault((unit.county, key), set()).add(unit.unit_id)
                rule_key = normalise(key, (unit.county,))
                self.rules.setdefault((unit.county, rule_key), set()).add(unit.unit_id)

    def fold(self, text: str) -> str:
        """The script-folded key of ``text`` (registry names are kept as they are).

        >>> default_registry().fold("大雲山管理處")
        '大云山管理处'
        """
        return self.folder.fold(text)

    def get(self, unit_id: str) -> Unit:
        """The unit with ``unit_id``; KeyError names the id when there is none."""
        try:
            return self.units[unit_id]
        except KeyError:
            raise KeyError(f"no unit {unit_id!r} in the registry ({', '.join(self.files)})") from None

    def in_county(self, county: str | None) -> list[Unit]:
        """Units of ``county`` (any script), or all units when ``county`` is None.

        >>> len(default_registry().in_county("岳陽縣"))
        64
        """
        if county is None:
            return list(self.units.values())
        county = self.fold(county)
        return [u for u in self.units.values() if u.county == county]

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units.values())

    def __len__(self) -> int:
        return len(self.units)


def read_registry_file(path: str | os.PathLike[str], text: str | None = None) -> list[Unit]:
    """Parse one registry CSV into units (``#`` lines are comments).

    The header starts with :data:`COLUMNS`; named columns after them (such as
    the review columns ``units suggest`` writes) are read past and ignored.

    >>> units = read_registry_file("extra.csv", "unit_id,county,name,kind,aliases,valid_from,"
    ...     "valid_to,predecessor_ids,successor_id\\nx.a,平江县,平江县民政局,county_department,县民政局,,,,")
    >>> units[0].unit_id, units[0].aliases
    ('x.a', ('县民政局',))
    """
    name = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise RegistryError(name, f"cannot read the registry file: {e}", "check the path and that it is UTF-8") from e
    units: list[Unit] = []
    header: list[str] | None = None
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in next(csv.reader([line]))]
        where = f"{name}:{lineno}"
        if header is None:
            header = cells
            if tuple(header[:len(COLUMNS)]) != COLUMNS or not all(header[len(COLUMNS):]):
                raise RegistryError(where, f"header is {','.join(header)}",
                                    f"use exactly: {','.join(COLUMNS)} (named columns may follow; they are ignored)")
            continue
        if len(cells) != len(header):
            raise RegistryError(where, f"row has {len(cells)} cells, expected {len(header)}",
                                "quote cells that contain commas; separate aliases with ';'")
        units.append(_unit_from_row(dict(zip(COLUMNS, cells)), where))
    if header is None:
        raise RegistryError(name, "no header row", f"start the file with: {','.join(COLUMNS)}")
    return units


def _unit_from_row(row: dict[str, str], where: str) -> Unit:
    unit_id = row["unit_id"]
    if not _UNIT_ID.match(unit_id):
        raise RegistryError(where, f"unit_id {unit_id!r} is not an ASCII slug like 'yueyang.market_supervision'")
    for column in ("county", "name"):
        if not row[column]:
            raise RegistryError(where, f"{unit_id} has no {column}")
    if row["kind"] not in KINDS:
        raise RegistryError(where, f"{unit_id} has kind {row['kind']!r}", f"use one of {', '.join(KINDS)}")
    valid_from = _parse_date(row["valid_from"], where, end=False)
    valid_to = _parse_date(row["valid_to"], where, end=True)
    if valid_from and valid_to and valid_from > valid_to:
        raise RegistryError(where, f"{unit_id} has valid_from {valid_from} after valid_to {valid_to}")
    predecessors = _split(row["predecessor_ids"])
    for pid in predecessors:
        if not _UNIT_ID.match(pid):
            raise RegistryError(where, f"predecessor id {pid!r} of {unit_id} is not a unit id")
    successor = row["successor_id"] or None
    if successor is not None and not _UNIT_ID.match(successor):
        raise RegistryError(where, f"successor id {successor!r} of {unit_id} is not a unit id")
    return Unit(
        unit_id=unit_id, county=row["county"], name=row["name"], kind=row["kind"],
        aliases=_split(row["aliases"]), valid_from=valid_from, valid_to=valid_to,
        predecessor_ids=predecessors, successor_id=successor, source=where,
    )


def _split(cell: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip() for p in cell.split(";") if p.strip()))


def _parse_date(text: str, where: str, end: bool) -> dt.date | None:
    # YYYY and YYYY-MM stand for their first day (valid_from) or last day (valid_to).
    if not text:
        return None
    m = _DATE.match(text)
    if not m:
        raise RegistryError(where, f"date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if month is None:
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        if day is None:
            if not end:
                return dt.date(year, int(month), 1)
            first_next = dt.date(year + int(month) // 12, int(month) % 12 + 1, 1)
            return first_next - dt.timedelta(days=1)
        return dt.date(year, int(month), int(day))
    except ValueError as e:
        raise RegistryError(where, f"date {text!r} is not a calendar date ({e})") from None


def builtin_registry_files() -> list[str]:
    """Paths of the registry files shipped with the package.

    >>> [Path(p).name for p in builtin_registry_files()]
    ['yueyang.csv']
    """
    folder = resources.files("hotline_etl.units") / "data"
    return sorted(str(p) for p in folder.iterdir() if p.name.endswith(".csv"))


def registry_paths_from_env(value: str | None = None) -> list[str]:
    """Registry paths named by ``HOTLINE_ETL_REGISTRY`` (or ``value``), folders expanded.

    >>> registry_paths_from_env("")
    []
    """
    if value is None:
        value = os.environ.get(REGISTRY_ENV, "")
    return _expand(p for p in value.split(os.pathsep) if p.strip())


def _expand(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(str(f) for f in sorted(path.glob("*.csv")))
        elif path.exists():
            out.append(str(path))
        else:
            raise RegistryError(str(path), "registry file not found",
                                f"fix the path given with --registry or {REGISTRY_ENV}")
    return out


def load_registry(
    paths: Iterable[str | os.PathLike[str]] = (), *, builtin: bool = True, env: bool = True,
) -> Registry:
    """Merge the built-in registry, ``HOTLINE_ETL_REGISTRY`` and ``paths`` into one registry.

    >>> len(load_registry(env=False))
    64
    """
    files = (builtin_registry_files() if builtin else []) + (registry_paths_from_env() if env else [])
    files += _expand(paths)
    files = list(dict.fromkeys(files))
    units: list[Unit] = []
    for f in files:
        units.extend(read_registry_file(f))
    return Registry(units, files)


def default_registry() -> Registry:
    """The built-in registry merged with the files ``HOTLINE_ETL_REGISTRY`` names (cached per value).

    >>> default_registry().get("yueyang.rongjiawan").name
    '荣家湾镇'
    """
    return _cached_registry(os.environ.get(REGISTRY_ENV, ""))


@lru_cache(maxsize=8)
def _cached_registry(env_value: str) -> Registry:
    files = builtin_registry_files() + registry_paths_from_env(env_value)
    units: list[Unit] = []
    for f in dict.fromkeys(files):
        units.extend(read_registry_file(f))
    return Registry(units, list(dict.fromkeys(files)))


def check_lineage(units: Mapping[str, Unit]) -> None:
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
