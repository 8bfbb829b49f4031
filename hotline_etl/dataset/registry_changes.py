"""Which documents a change of the unit registry touches: replay their unit names under both registries.

A document's rows depend on the registry only through the units stage: each
unit name it prints is resolved in one county (inferred from the bulletin)
as of its period's first day. So when the registry changes, a parsed
document keeps exactly its rows if every name it printed resolves as before:
same unit, name and kind, same method and score, same candidates (and their
names, which the ``unit-unresolved`` warnings quote). The dataset holds
every resolved name (each ``<x>_raw`` column beside ``<x>_id``, ``<x>_method``
...) and what the county is inferred from (the issuer and the sections'
text), and the manifest holds the fingerprint of the registry each
document's rows were resolved with, whose files are kept under
``OUT_DIR/_registry/``.

Documents are re-parsed (``registry-changed``) when a name of theirs
resolves differently, and also, because then it cannot be told cheaply, when
the set of counties or the names protected from OpenCC folding changed, when
the old registry was not kept, or when replaying the old registry does not
reproduce the stored columns (the units stage resolves in a way this module
does not model). An errors row depends on the registry only when the parse
got as far as the units stage: files refused by a reader, by the extraction
(:data:`BEFORE_UNITS`) or by a structural limit keep theirs; the others (a
timeout, a parser bug) are parsed again.

>>> from hotline_etl.dataset.fingerprint import registry_texts
>>> affected_by_registry(Path("/nonexistent"), [], registry_texts(""))
set()
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace
from typing import Iterable

import pyarrow as pa
import pyarrow.compute as pc

from .. import errors
from ..errors import (DocxTooLarge, FileTooLarge, HtmlTooDeep, NotABulletin, TooManyPages, UnreadableDocument,
                      WorkerDied)
from ..units.apply import infer_county
from ..units.registry import Registry, read_registry_file
from ..units.resolve import Resolver
from .fingerprint import load_registry_snapshot
from .manifest import Entry
from .schema import TABLES

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


class _Replay:
    """Resolutions of names under one registry, memoised per (county, date, name)."""

    def __init__(self, registry: Registry):
        self.reg = registry
        self.resolvers: dict[tuple[str | None, dt.date | None], Resolver] = {}
        self.memo: dict[tuple[str | None, dt.date | None, str], tuple] = {}

    def stored_form(self, county: str | None, on: dt.date | None, raw: str) -> tuple:
        key = (county, on, raw)
        hit = self.memo.get(key)
        if hit is None:
            resolver = self.resolvers.get((county, on))
            if resolver is None:
                resolver = self.resolvers[(county, on)] = Resolver(self.reg, county, on)
            ref = resolver.run(raw)
            hit = self.memo[key] = (ref.unit_id, ref.name, ref.kind, ref.method, ref.score, tuple(ref.candidates),
                                    ref.damaged)
        return hit

    def candidate_names(self, form: tuple) -> tuple:
        return tuple(self.reg.units[c].name if c in self.reg.units else None for c in form[5])


def _committed(root: Path):
    from .reader import HotlineDataset  # the committed view (the manifest's files, interrupted runs filtered out)

    return HotlineDataset(root)


def _counties(root: Path, ids: set[str], registry: Registry) -> dict[str, str | None]:
    """The county each document was resolved in: :func:`infer_county` on its stored issuer and sections."""
    ds = _committed(root)
    wanted = pc.is_in(pc.field("bulletin_id"), value_set=pa.array(sorted(ids), pa.string()))
    issuers = ds.arrow_dataset("bulletins").to_table(columns=["bulletin_id", "issuer_raw"], filter=wanted)
    sections = ds.arrow_dataset("sections").to_table(columns=["bulletin_id", "position", "text_raw"], filter=wanted)
    texts: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for bid, position, text in zip(*(sections.column(c).to_pylist() for c in ("bulletin_id", "position", "text_raw"))):
        texts[bid].append((position, text or ""))
    out = {}
    for bid, issuer in zip(issuers.column("bulletin_id").to_pylist(), issuers.column("issuer_raw").to_pylist()):
        parts = [SimpleNamespace(text_raw=text) for _, text in sorted(texts.get(bid, ()))]
        out[bid] = infer_county(SimpleNamespace(issuer=issuer, sections=parts), registry)
    return out


def _stored_slots(root: Path, ids: set[str]) -> Iterable[tuple[str, dt.date | None, str, tuple]]:
    """``(bulletin_id, period_start, raw name, stored resolution)`` of every resolved name of the documents."""
    ds = _committed(root)
    wanted = pa.array(sorted(ids), pa.string())
    for table, prefixes in unit_slots().items():
        for prefix in prefixes:
            columns = ["bulletin_id", "period_start", f"{prefix}_raw", *(f"{prefix}_{f}" for f in SLOT_FIELDS)]
            data = ds.arrow_dataset(table).to_table(
                columns=columns,
                filter=pc.is_in(pc.field("bulletin_id"), value_set=wanted) & pc.is_valid(pc.field(f"{prefix}_method")))
            for row in zip(*(data.column(c).to_pylist() for c in columns)):
                bid, on, raw, *slot = row
                if raw is None:
                    continue
                slot[5] = tuple(slot[5] or ())
                yield bid, on, raw, tuple(slot)


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
            affected.update(e["sha256"] for e in group)  # county inference or folding may move: cannot tell
            continue
        affected |= _changed(root, group, old, new)
    return affected


def _before_units(error_class: str | None) -> bool:
    cls = getattr(errors, error_class, None) if error_class else None
    return isinstance(cls, type) and issubclass(cls, BEFORE_UNITS)


def _changed(root: Path, group: list[Entry], old: _Replay, new: _Replay) -> set[str]:
    by_id: dict[str, Entry] = {e["bulletin_id"]: e for e in group}
    counties = _counties(root, set(by_id), old.reg)  # the counties do not move: checked by the caller
    changed: set[str] = set()
    for bid, on, raw, stored in _stored_slots(root, set(by_id)):
        entry = by_id[bid]
        if entry["sha256"] in changed:
            continue
        county = counties.get(bid)
        before = old.stored_form(county, on, raw)
        if before != stored:  # the replay does not reproduce what the parse wrote: cannot tell
            changed.add(entry["sha256"])
            continue
        after = new.stored_form(county, on, raw)
        if after != before or new.candidate_names(after) != old.candidate_names(before):
            changed.add(entry["sha256"])
    return changed

