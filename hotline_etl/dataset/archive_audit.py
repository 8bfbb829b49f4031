"""The archive audit over a dataset: an ingest stage (:data:`~.coordinator.ARCHIVE_STAGES`) and a read-only run.

The checks are :mod:`hotline_etl.checks.archive`; this module reads what they
need from the committed tables, and stores what they find:

- ``bulletins.duplicate_of`` of each copy of a bulletin (the canonical one's id);
- the archive findings as ``findings`` rows with ``scope = 'archive'``, filed
  under the bulletin they are about (its own findings keep their positions,
  archive findings come after them), with ``field`` and ``bulletin_ids``.

A document whose archive results change gets its ``bulletins`` and
``findings`` rows written again in a new file (``r<run>-a1``) and its entry
committed, the old rows retired, as for a re-parsed document; nothing else
about it changes. ``OUT_DIR/_archive_audit.json`` remembers, per check, the
bulletins it read (with the time each was ingested) and what it found, so the
next run re-runs only the checks whose bulletins changed: a file added to the
archive re-runs the checks of its period and of the multi-month bulletins and
carry-overs around it (:attr:`ArchiveAuditRun.checks` counts them). A run that parsed nothing, over the
same committed bulletins as the stage last finished with, does not import this module at all
(:func:`.archive_state.unchanged_run`).

>>> audit = audit_dataset("out")  # doctest: +SKIP
>>> [f.check for f in audit.findings]  # doctest: +SKIP
['duplicate-conflict', 'cumulative-mismatch', 'cumulative-incomplete', 'carry-over-mismatch']
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..checks import archive as checks
from ..checks.archive import ArchiveBulletin, ArchiveFinding, CheckResult
from ..checks.archive_report import BulletinInfo
from ..document import Origin
from ..model import Finding
from . import writer
from .archive_state import STATE_NAME, ArchiveAuditRun, archive_key, code_digest, load_state, save_state, totals
from .committing import commit, no_hook, retire
from .manifest import Entry, Manifest, entry_file
from .reader import HotlineDataset
from .rows import finding_row
from .schema import TABLES

if TYPE_CHECKING:
    from .coordinator import ArchiveRun

__all__ = ["STATE_NAME", "ArchiveAudit", "ArchiveAuditRun", "audit_dataset", "run_stage", "load_bulletins",
           "bulletin_infos"]

_HEADLINE = ("hotline_orders_received", "mailbox_letters", "praise", "direct_answers", "dispatched", "completed",
             "in_progress")
_COUNTS = ("received", "due", "handled", "on_time", "rework")


@dataclass(frozen=True)
class ArchiveAudit:
    """Every archive check of a dataset and what it found (``results``: check key -> result)."""

    bulletins: Mapping[str, ArchiveBulletin]
    results: Mapping[str, CheckResult]

    @property
    def findings(self) -> list[ArchiveFinding]:
        return [f for r in self.results.values() for f in r.findings]

    @property
    def duplicate_of(self) -> dict[str, str]:
        return {d: c for r in self.results.values() for d, c in r.duplicate_of.items()}


# -- reading -------------------------------------------------------------------------------------

def _rows(ds: HotlineDataset, table: str, columns: list[str], ids: Iterable[str] | None,
          where: pc.Expression | None = None) -> list[dict[str, Any]]:
    expr = where
    if ids is not None:
        keep = pc.field("bulletin_id").isin(pa.array(sorted(set(ids)), pa.string()))
        expr = keep if expr is None else expr & keep
    return ds.arrow_dataset(table).to_table(columns=columns, filter=expr).to_pylist()


def _successor():
    from ..units.derive import is_derived
    from ..units.lineage import current_successor

    cache: dict[str, str] = {}

    def successor(unit_id: str) -> str:
        if unit_id not in cache:
            try:
                cache[unit_id] = unit_id if is_derived(unit_id) else current_successor(unit_id)
            except KeyError:  # resolved with another registry: the id itself
                cache[unit_id] = unit_id
        return cache[unit_id]

    return successor


def load_bulletins(ds: HotlineDataset, ids: Iterable[str] | None = None, *, full: bool = True) -> dict[str, ArchiveBulletin]:
    """The bulletins of ``ds`` (all, or ``ids``) as :class:`ArchiveBulletin` records; ``full=False`` reads only
    area, period, path and format (enough to plan the checks)."""
    columns = ["bulletin_id", "source_path", "source_format", "scope", "issuer", "period_start", "period_end"]
    if full:
        columns += [*_HEADLINE, "headline_approximate"]
    heads = _rows(ds, "bulletins", columns, ids)
    if not full:
        return {h["bulletin_id"]: _record(h) for h in heads}
    wanted = [h["bulletin_id"] for h in heads]
    units: dict[str, dict[str, dict[str, int]]] = {}
    names: dict[str, dict[str, str]] = {}
    successor = _successor()
    for r in _rows(ds, "unit_stats", ["bulletin_id", "is_total", "unit_id", "unit", *_COUNTS], wanted,
                   ~pc.field("is_total")):
        key = checks.unit_key(r["unit_id"], r["unit"], successor)
        if key is None:
            continue
        names.setdefault(r["bulletin_id"], {}).setdefault(key, r["unit"])
        counts = units.setdefault(r["bulletin_id"], {}).setdefault(key, {})
        for c in _COUNTS:
            if r[c] is not None:
                counts[c] = counts.get(c, 0) + r[c]
    categories: dict[str, dict[str, int]] = {}
    for r in _rows(ds, "categories", ["bulletin_id", "list_name", "category", "count"], wanted,
                   pc.field("list_name") == "categories"):
        if r["count"] is not None and r["category"]:
            categories.setdefault(r["bulletin_id"], {})[r["category"]] = r["count"]
    carry: dict[str, int] = {}
    for r in _rows(ds, "figures", ["bulletin_id", "position", "phrase", "value", "unit", "approximate"], wanted,
                   pc.field("value").is_valid()):
        if (r["bulletin_id"] not in carry and r["unit"] != "%" and not r["approximate"]
                and checks.is_carry_over(r["phrase"])):
            carry[r["bulletin_id"]] = int(r["value"])
    return {h["bulletin_id"]: _record(h, units.get(h["bulletin_id"], {}), names.get(h["bulletin_id"], {}),
                                      categories.get(h["bulletin_id"], {}), carry.get(h["bulletin_id"]))
            for h in heads}


def _record(h: dict[str, Any], units=None, names=None, categories=None, carry=None) -> ArchiveBulletin:
    approximate = set(h.get("headline_approximate") or ())
    headline = {n: h[n] for n in _HEADLINE if h.get(n) is not None and n not in approximate}
    return ArchiveBulletin(h["bulletin_id"], h["source_path"], h["source_format"], h["scope"] or h["issuer"],
                           h["period_start"], h["period_end"], headline, units or {}, names or {}, categories or {},
                           carry)


def audit_dataset(root: str | os.PathLike) -> ArchiveAudit:
    """Every archive check over the committed dataset at ``root``, read-only (``hotline-etl audit --archive``)."""
    ds = HotlineDataset(root, duplicates=True)
    bulletins = load_bulletins(ds)
    plan = checks.plan_checks(bulletins.values())
    return ArchiveAudit(bulletins, {k: checks.run_check(k, [bulletins[m] for m in members])
                                    for k, members in plan.items()})


def bulletin_infos(root: str | os.PathLike, audit: ArchiveAudit) -> dict[str, BulletinInfo]:
    """What a report says of each bulletin of the dataset at ``root``: path, period, the copy ``audit`` says it
    duplicates, its own (scope 'bulletin') findings."""
    ds = HotlineDataset(root, duplicates=True)
    own: dict[str, list[Finding]] = {}
    columns = ["bulletin_id", "position", "check", "severity", "subject", "stated_value", "stated_raw",
               "computed_value", "computed_raw", "delta", "message", "sources", "scope"]
    own_only = pc.field("scope").is_null() | (pc.field("scope") != "archive")  # null: written before schema 6
    for r in sorted(_rows(ds, "findings", columns, None, own_only),
                    key=lambda r: (r["bulletin_id"], r["position"])):
        sources = tuple(Origin(**s) for s in r["sources"] or ())
        own.setdefault(r["bulletin_id"], []).append(Finding(
            r["check"], r["severity"], r["subject"], r["stated_raw"], r["computed_raw"], r["delta"], r["message"],
            sources))
    duplicate_of = audit.duplicate_of
    return {bid: BulletinInfo(bid, b.path, b.start, b.end, duplicate_of.get(bid), tuple(own.get(bid, ())),
                              unit_names=b.unit_names)
            for bid, b in sorted(audit.bulletins.items(), key=lambda kv: kv[1].path)}


# -- the ingest stage ----------------------------------------------------------------------------

def _outputs(result: Mapping[str, Any]) -> set[str]:
    """Bulletins whose rows a check's stored result writes to."""
    return {f["owner"] for f in result.get("findings", ())} | set(result.get("duplicate_of", {}))


def run_stage(run: ArchiveRun) -> None:
    """The ingest stage: re-run the checks whose bulletins changed, write the documents whose results changed."""
    root, manifest = run.root, run.manifest
    outcome = ArchiveAuditRun()
    run.report.stages["archive-audit"] = outcome
    ds = HotlineDataset(root, manifest=manifest, duplicates=True)
    by_id = {e["bulletin_id"]: e for e in manifest if e["status"] == "ok"}
    listing = load_bulletins(ds, full=False)
    plan = checks.plan_checks(listing.values())
    outcome.planned = len(plan)
    code = code_digest()
    previous = load_state(root, code)
    parsed = {manifest.entries[sha]["bulletin_id"] for sha in run.parsed if sha in manifest.entries}
    signature = {i: by_id[i].get("ingested_at") for i in listing if i in by_id}
    to_run = [k for k, members in plan.items()
              if k not in previous or previous[k]["members"] != {m: signature.get(m) for m in members}
              or parsed.intersection(members)]
    gone = [k for k in previous if k not in plan]
    if not to_run and not gone:
        outcome.findings, outcome.duplicates = totals(previous)
        save_state(root, code, previous, archive_key(manifest), outcome.planned)
        return
    save_state(root, code, {k: v for k, v in previous.items() if k not in to_run and k not in gone})  # until done
    records = load_bulletins(ds, {m for k in to_run for m in plan[k]})
    state = {k: v for k, v in previous.items() if k in plan}
    affected: set[str] = set()
    for k in gone:
        affected |= _outputs(previous[k])
    for k in to_run:
        result = checks.run_check(k, [records[m] for m in plan[k]])
        outcome.checks[k.split("|")[0]] += 1
        if k in previous:
            affected |= _outputs(previous[k])
        state[k] = {"members": {m: signature.get(m) for m in plan[k]},
                    "findings": [f.to_dict() for f in result.findings], "duplicate_of": dict(result.duplicate_of)}
        affected |= _outputs(state[k])
    ordered = {k: state[k] for k in plan if k in state}
    affected |= parsed & {i for v in ordered.values() for i in _outputs(v)}  # their fresh rows have no results
    outcome.rewritten = _write(root, manifest, {i: by_id[i] for i in sorted(affected) if i in by_id},
                               ordered, run.report)
    save_state(root, code, ordered, archive_key(manifest), outcome.planned)
    outcome.findings, outcome.duplicates = totals(ordered)


def _desired(state: Mapping[str, Any], ids: Iterable[str]) -> dict[str, tuple[str | None, list[ArchiveFinding]]]:
    ids = set(ids)
    out: dict[str, tuple[str | None, list[ArchiveFinding]]] = {i: (None, []) for i in ids}
    for result in state.values():
        for dup, canonical in result.get("duplicate_of", {}).items():
            if dup in ids:
                out[dup] = (canonical, out[dup][1])
        for f in result["findings"]:
            if f["owner"] in ids:
                out[f["owner"]][1].append(ArchiveFinding.from_dict(f))
    return out


def _read_docs(root: Path, entries: Mapping[str, Entry], table: str) -> dict[str, pa.Table]:
    """Each document's rows of ``table``, reading each file once."""
    by_file: dict[str, list[str]] = {}
    for bid, entry in entries.items():
        if table in entry["tables"]:
            by_file.setdefault(entry_file(entry, table), []).append(bid)
    out = {}
    for rel, ids in by_file.items():
        data = pq.ParquetFile(root / rel).read()
        for bid in ids:
            out[bid] = data.filter(pc.equal(data.column("bulletin_id"), bid))
    return out


_COMPARED = ("check", "severity", "subject", "stated_value", "computed_value", "delta", "message", "field",
             "bulletin_ids")


def _write(root: Path, manifest: Manifest, entries: Mapping[str, Entry], state: Mapping[str, Any], report) -> int:
    """Write the bulletins and findings rows of the documents whose stored archive results differ from
    ``state``; returns how many."""
    updates: list[tuple[Entry, pa.Table, pa.Table | None]] = []
    heads, owns = _read_docs(root, entries, "bulletins"), _read_docs(root, entries, "findings")
    for bid, (duplicate_of, found) in sorted(_desired(state, entries).items()):
        entry = entries[bid]
        head, own = heads.get(bid), owns.get(bid)
        if head is None or head.num_rows != 1:
            continue
        rows = own.to_pylist() if own is not None else []
        mine = [r for r in rows if r["scope"] != "archive"]
        wanted = [{"bulletin_id": bid, "period_start": head.column("period_start")[0].as_py(),
                   **finding_row(len(mine) + n, f.finding, scope="archive", field=f.field, bulletin_ids=f.bulletin_ids)}
                  for n, f in enumerate(found, start=1)]
        stored = [r for r in rows if r["scope"] == "archive"]
        if (head.column("duplicate_of")[0].as_py() == duplicate_of
                and [[r[c] for c in _COMPARED] for r in stored] == [[r[c] for c in _COMPARED] for r in wanted]):
            continue
        head = head.set_column(head.schema.get_field_index("duplicate_of"), TABLES["bulletins"].field("duplicate_of"),
                               pa.array([duplicate_of], pa.string()))
        findings = pa.Table.from_pylist(mine + wanted, schema=TABLES["findings"]) if mine or wanted else None
        updates.append((entry, head, findings))
    if not updates:
        return 0
    batch = writer.BatchWriter(root, f"r{manifest.this_run()}-a1")
    try:
        for entry, head, findings in updates:
            batch.add({"bulletins": head, **({"findings": findings} if findings is not None else {})}, entry["year"])
        staged = batch.close()
    except BaseException:
        batch.abort()
        raise
    writer.publish(root, staged)
    writer.discard_dir(root / writer.TMP_DIR / batch.name)
    manifest.record_files({f.final: f.rows for f in staged})
    report.files_written += len(staged)
    left: set[str] = set()
    for entry, head, findings in updates:
        files = {t: entry.get("files", {}).get(t, entry["bulletin_id"]) for t in entry["tables"]}
        tables = dict(entry["tables"])
        files["bulletins"] = batch.name
        if findings is not None:
            tables["findings"], files["findings"] = findings.num_rows, batch.name
        else:
            tables.pop("findings", None)
            files.pop("findings", None)
        left |= commit(root, manifest, {**entry, "tables": tables, "files": files}, (), no_hook, report)
    removed, rewritten = retire(root, manifest, left)
    report.files_removed += removed
    report.files_rewritten += rewritten
    return len(updates)
