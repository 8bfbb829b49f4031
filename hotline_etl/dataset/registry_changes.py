"""Which documents a change of the unit registry touches: replay their unit names under both registries.

A document's rows depend on the registry only through the units stage: the
unit names it prints are resolved together, in the area the bulletin speaks
for (its scope, else the registry county its issuer or text names), as of
its period's first day. So when the registry changes, a parsed document
keeps exactly its rows if every name it printed resolves as before: same
unit, name and kind, same method and score, same candidates (and their
names, which the ``unit-unresolved`` and ``unit-derived`` warnings quote).
The dataset holds every resolved name (each ``<x>_raw`` column beside
``<x>_id``, ``<x>_method`` ...) and what the area is read from (``scope``,
the issuer, the sections' text); the manifest holds the fingerprint of the
registry each document's rows were resolved with, whose files are kept under
``OUT_DIR/_registry/``. The replay runs the units stage itself
(:func:`~hotline_etl.units.apply.resolution_area` and its per-bulletin
resolver) on those stored names.

Documents are re-parsed (``registry-changed``) when a name of theirs
resolves differently, and also, because then it cannot be told cheaply, when
the set of counties or the names protected from OpenCC folding changed, when
the old registry was not kept, when replaying the old registry does not
reproduce the stored columns (the units stage resolves in a way this replay
does not see), or when the replay itself fails. An errors row depends on the
registry only when the parse got as far as the units stage: files refused by
a reader, by the extraction (:data:`BEFORE_UNITS`) or by a structural limit
keep theirs; the others (a timeout, a parser bug) are parsed again.

>>> from hotline_etl.dataset.fingerprint import registry_texts
>>> affected_by_registry(Path("/nonexistent"), [], registry_texts(""))
set()
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Iterable

import pyarrow as pa
import pyarrow.compute as pc

from .. import errors
from ..errors import (DocxTooLarge, FileTooLarge, HtmlTooDeep, NotABulletin, TooManyPages, UnreadableDocument,
                      WorkerDied)
from ..units import apply as units_stage
from ..units.registry import Registry, read_registry_file
from ..units.resolver import Resolver
from .fingerprint import load_registry_snapshot
from .manifest import Entry
from .schema import TABLES

log = logging.getLogger(__name__)

#: Errors raised before the units stage runs (reading, extraction, structural limits, a dead worker).
BEFORE_UNITS = (UnreadableDocument, NotABulletin, FileTooLarge, DocxTooLarge, HtmlTooDeep, TooManyPages, WorkerDied)

#: Columns of a resolved unit slot, after its prefix (``unit_``, ``handler_``): what the units stage fills.
SLOT_FIELDS = ("id", "name", "kind", "method", "score", "candidates", "damaged")


def registry_from_texts(texts: Iterable[tuple[str, str | bytes]]) -> Registry:
    """The registry the units stage builds from these files (``(name, content)`` in load order)."""
    files, units = [], []
    for name, text in texts:
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        files.append(name)
        units.extend(read_registry_file(name, text))
    return Registry(units, files)


def unit_slots() -> dict[str, list[str]]:
    """Table -> prefixes of its resolved-unit column groups (``unit`` for ``unit_raw``, ``unit_id`` ...).

    >>> unit_slots()["cases"]
    ['handler']
    """
    out: dict[str, list[str]] = {}
    for table, schema in TABLES.items():
        names = set(schema.names)
        for name in schema.names:
            if name.endswith("_method"):
                prefix = name[: -len("_method")]
                if f"{prefix}_raw" in names and all(f"{prefix}_{f}" in names for f in SLOT_FIELDS):
                    out.setdefault(table, []).append(prefix)
    return out


@dataclass
class _Stored:
    """What the dataset keeps of one document's units stage: its inputs and, per printed name, its output."""

    on: dt.date | None = None
    scope: str | None = None
    issuer: str | None = None
    sections: list[tuple[int, str]] = field(default_factory=list)
    slots: dict[str, tuple] = field(default_factory=dict)   # raw name -> stored resolution


class _MemoResolver:
    """A resolver of one (county, date, area) whose answers are kept: documents share most names."""

    def __init__(self, resolver: Resolver):
        self.resolver = resolver
        self.memo: dict[str, object] = {}

    def run(self, raw: str):
        ref = self.memo.get(raw)
        if ref is None:
            ref = self.memo[raw] = self.resolver.run(raw)
        return ref


class _Replay:
    """The units stage of one registry, replayed on stored documents."""

    def __init__(self, registry: Registry):
        self.reg = registry
        self.resolvers: dict[tuple, _MemoResolver] = {}

    def resolve(self, doc: _Stored) -> dict[str, tuple]:
        """Raw name -> resolution (in the stored columns' form, candidate names beside) for one document."""
        standin = SimpleNamespace(scope=SimpleNamespace(raw=doc.scope) if doc.scope else None, issuer=doc.issuer,
                                  sections=[SimpleNamespace(text_raw=t) for _, t in sorted(doc.sections)])
        county, area = units_stage.resolution_area(standin, self.reg)
        stage = units_stage._Stage(self.reg, county, doc.on, area)
        key = (county, doc.on, area)
        if key not in self.resolvers:
            self.resolvers[key] = _MemoResolver(stage.resolver)
        stage.resolver = self.resolvers[key]
        stage.prime(list(doc.slots))
        out = {}
        for raw in doc.slots:
            ref = stage.cache[raw]
            names = tuple(self.reg.units[c].name if c in self.reg.units else None for c in ref.candidates)
            out[raw] = ((ref.unit_id, ref.name, ref.kind, ref.method, ref.score, tuple(ref.candidates), ref.damaged),
                        names)
        return out


def _committed(root: Path):
    from .reader import HotlineDataset  # the committed view (the manifest's files, interrupted runs filtered out)

    return HotlineDataset(root)


def _stored(root: Path, ids: set[str]) -> dict[str, _Stored]:
    """The stored units-stage inputs and outputs of the documents ``ids`` (bulletin ids)."""
    ds = _committed(root)
    wanted = pc.is_in(pc.field("bulletin_id"), value_set=pa.array(sorted(ids), pa.string()))
    docs: dict[str, _Stored] = defaultdict(_Stored)
    columns = ["bulletin_id", "period_start", "issuer_raw"] + (["scope"] if "scope" in TABLES["bulletins"].names else [])
    data = ds.arrow_dataset("bulletins").to_table(columns=columns, filter=wanted)
    for row in zip(*(data.column(c).to_pylist() for c in columns)):
        doc = docs[row[0]]
        doc.on, doc.issuer = row[1], row[2]
        doc.scope = row[3] if len(row) > 3 else None
    data = ds.arrow_dataset("sections").to_table(columns=["bulletin_id", "position", "text_raw"], filter=wanted)
    for bid, position, text in zip(*(data.column(c).to_pylist() for c in ("bulletin_id", "position", "text_raw"))):
        docs[bid].sections.append((position, text or ""))
    for table, prefixes in unit_slots().items():
        for prefix in prefixes:
            columns = ["bulletin_id", f"{prefix}_raw", *(f"{prefix}_{f}" for f in SLOT_FIELDS)]
            data = ds.arrow_dataset(table).to_table(
                columns=columns, filter=wanted & pc.is_valid(pc.field(f"{prefix}_method")))
            for bid, raw, *slot in zip(*(data.column(c).to_pylist() for c in columns)):
                if raw is not None:
                    slot[5] = tuple(slot[5] or ())
                    docs[bid].slots[raw] = tuple(slot)
    return docs


def affected_by_registry(root: Path, entries: list[Entry], new_texts: list[tuple[str, bytes]]) -> set[str]:
    """SHA-256 of the ``entries`` whose rows would change under the registry made of ``new_texts``.

    ``entries`` are committed documents resolved with another registry
    (their ``registry`` fingerprint differs). See the module docstring for
    what counts as a change.
    """
    if not entries:
        return set()
    new = _Replay(registry_from_texts(new_texts))
    affected: set[str] = set()
    groups: dict[str | None, list[Entry]] = defaultdict(list)
    for e in entries:
        if e["status"] == "ok":
            groups[e.get("registry")].append(e)
        elif not _before_units(e.get("error_class")):
            affected.add(e["sha256"])
    for fingerprint, group in groups.items():
        old_texts = load_registry_snapshot(root, fingerprint) if fingerprint else None
        if old_texts is None:
            affected.update(e["sha256"] for e in group)
            continue
        old = _Replay(registry_from_texts(old_texts))
        if old.reg.counties != new.reg.counties or old.reg.folder.restore != new.reg.folder.restore:
            affected.update(e["sha256"] for e in group)  # the area of a bulletin, or folding, may move
            continue
        try:
            affected |= _changed(root, group, old, new)
        except Exception:  # noqa: BLE001 - a units stage this replay no longer fits: parse them all again
            log.warning("cannot replay the unit registry change; every document resolved with the old registry "
                        "is parsed again", exc_info=True)
            affected.update(e["sha256"] for e in group)
    return affected


def _before_units(error_class: str | None) -> bool:
    cls = getattr(errors, error_class, None) if error_class else None
    return isinstance(cls, type) and issubclass(cls, BEFORE_UNITS)


def _changed(root: Path, group: list[Entry], old: _Replay, new: _Replay) -> set[str]:
    by_id: dict[str, Entry] = {e["bulletin_id"]: e for e in group}
    changed: set[str] = set()
    for bid, doc in _stored(root, set(by_id)).items():
        before = old.resolve(doc)
        if any(before[raw][0] != stored for raw, stored in doc.slots.items()):
            changed.add(by_id[bid]["sha256"])  # the replay does not reproduce what the parse wrote: cannot tell
        elif new.resolve(doc) != before:
            changed.add(by_id[bid]["sha256"])
    return changed
