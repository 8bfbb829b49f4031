"""Ingest an archive of bulletins into a Parquet dataset, incrementally and crash-safely.

>>> report = ingest("fixtures/archive", "/tmp/out", workers=1)  # doctest: +SKIP
>>> report.parsed, report.failed  # doctest: +SKIP
(30, 4)

Steps of a run (all under an exclusive ``fcntl.flock`` on ``OUT_DIR/_ingest.lock``):

1. **Recover**: delete ``_tmp/``; replay the manifest; delete data files no
   committed entry owns (left by a killed run), rewrite files that also hold
   rows of uncommitted documents, forget entries whose files are missing
   (they are parsed again); compact the manifest if the killed run left lines in it.
2. **Plan** (:func:`plan`): walk the archive (:func:`iter_archive`) and hash
   every file whose size and times differ from those recorded when it was
   last hashed. A document is parsed, for a recorded reason
   (:data:`~.fingerprint.REASONS`), when its bytes are new, when the parse-path
   code, the unit registry (only the documents whose unit columns it changes,
   :mod:`.registry_changes`) or the limits changed, when the path its rows
   name went away, or with ``force``; otherwise it is skipped.
3. **Parse and write**: an executor (:mod:`.executors`: a process pool, or a
   Dask cluster) parses documents with a bounded number in flight and hands
   back their rows as Arrow; the rows of many documents stream into one
   Parquet file per table per partition (a batch, :class:`~.writer.BatchWriter`,
   closed at :data:`BATCH_ROWS` rows or after :data:`BATCH_SECONDS`). A
   closed batch's files are renamed into place, then each of its documents
   is committed by one manifest line (which also drops the hashes its paths
   held before), then rows no committed document owns any more are retired:
   a file left with none is deleted, one left with some is rewritten under
   its name. Memory stays flat.
4. **Prune** (``prune=True``): documents whose files left the archive are dropped.
5. **Archive stages** (:data:`ARCHIVE_STAGES`): checks over the whole archive run.
6. **Compact** partitions that hold ``compact.AUTO_COMPACT_FILES`` files or
   more, or more than one file of this run's batches
   (:func:`~.compact.compact_partitions`); compact the manifest if the run
   changed it. A run that changes nothing writes nothing.

Test hooks (environment variables, read by the main process):
``HOTLINE_ETL_INGEST_FAULT=<stage>:<n>`` kills the process with SIGKILL when
the n-th document reaches ``published`` (its batch's files renamed, the
document not committed), ``committed`` (its manifest line written, rows it
retires not yet removed) or ``cleaned`` (files it left without rows deleted);
``HOTLINE_ETL_INGEST_DELAY=<seconds>`` sleeps before each document is added
to a batch.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import hashlib
import logging
import os
import shutil
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .._version import __version__
from ..errors import HotlineError
from ..limits import Limits
from ..readers.files import NON_DOCUMENT_SUFFIXES, find_documents  # noqa: F401  (NON_DOCUMENT_SUFFIXES: re-exported)
from . import writer
from .archive_state import unchanged_run
from .committing import commit, no_hook, retire
from .compaction import CompactReport, compact_partitions
from .fingerprint import (REASONS, code_fingerprint, fingerprint_texts, prune_registry_snapshots, registry_texts,
                          save_registry_snapshot)
from .manifest import Entry, Manifest, entry_file, entry_files
from .rows import bulletin_id
from .schema import TABLE_NAMES
from .worker import Job, Outcome

__all__ = ["ingest", "plan", "IngestReport", "Plan", "PlannedDocument", "DatasetBusy", "Job", "Outcome",
           "iter_archive", "hash_file", "ARCHIVE_STAGES", "ArchiveRun"]

log = logging.getLogger(__name__)

#: Lock file in the dataset root; one ingest at a time holds it.
LOCK_NAME = "_ingest.lock"
#: Cache of the parse path's syntax-tree digests, so a run after no code edit parses no module.
CODE_CACHE_NAME = "_code_fingerprint.json"

#: A batch is closed (published and committed) once it holds this many rows in all tables ...
BATCH_ROWS = 1_000_000
#: ... or has been open this long: what a killed run can lose, at most.
BATCH_SECONDS = 300.0
#: A recorded hash is trusted from the file's size and times only if the file had not been modified for
#: this long when it was hashed (a write in the same clock tick as the hash would go unseen otherwise).
STAT_SETTLE_NS = 2_000_000_000

_HASH_CHUNK = 1 << 20


class DatasetBusy(HotlineError):
    """Another ingest holds the dataset's lock."""

    kind = "dataset busy"
    code = "dataset-busy"


# -- the archive ---------------------------------------------------------------------------------

def iter_archive(archive: str | os.PathLike, exclude: str | os.PathLike | None = None) -> Iterator[tuple[Path, str]]:
    """``(absolute path, relative POSIX path)`` of every candidate document, in sorted order.

    The file policy of :func:`hotline_etl.readers.files.find_documents` (the
    same as ``hotline-etl parse DIR``): everything is read except hidden and
    ``_``-prefixed names, :data:`NON_DOCUMENT_SUFFIXES`, the pictures of saved
    web pages (:func:`~hotline_etl.readers.files.is_web_asset`) and ``exclude``
    (the output folder when it sits inside the archive); the format is
    detected from the bytes.

    >>> [rel for _, rel in iter_archive("fixtures/seed")]
    ['000_0bd1a52a453bee82.txt']
    """
    return find_documents(archive, exclude)


def hash_file(path: Path) -> tuple[str, int]:
    """SHA-256 hex digest and size of a file, read in chunks (memory stays flat whatever the size)."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


# -- the report ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PlannedDocument:
    """A document the plan parses: its bytes' hash, every path holding them (owner first), size, reason."""

    sha256: str
    paths: tuple[str, ...]
    size: int
    reason: str


@dataclass
class IngestReport:
    """Counts of one run; ``failures`` lists (path, message) of files that failed in this run.

    ``reasons`` counts the parsed documents by why they were parsed;
    ``planned`` lists them (what ``--dry-run`` prints); ``registry_unaffected``
    counts documents resolved with another registry whose unit columns that
    registry does not change (kept, not parsed).
    """

    files: int = 0
    documents: int = 0
    parsed: int = 0
    skipped: int = 0
    failed: int = 0
    duplicates: int = 0
    changed_during_run: int = 0
    pruned: int = 0
    not_in_archive: int = 0
    recovered_orphans: int = 0
    recovered_entries: int = 0
    archive_errors: int = 0
    worker_died: int = 0
    registry_unaffected: int = 0
    batches: int = 0
    files_written: int = 0
    files_rewritten: int = 0
    files_removed: int = 0
    compacted_partitions: int = 0
    #: Pages of the documents parsed in this run, and of those the pages read by OCR (slow: seconds each).
    pages: int = 0
    ocr_pages: int = 0
    seconds: float = 0.0
    dry_run: bool = False
    reasons: Counter = field(default_factory=Counter)
    stages: dict = field(default_factory=dict)  # archive stage name -> what it did (its str() is a summary line)
    planned: list[PlannedDocument] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for the end of ``hotline-etl ingest``."""
        if self.dry_run:
            return self.plan_text()
        rate = self.parsed / self.seconds if self.seconds else 0.0
        lines = [
            f"{self.files} files, {self.documents} distinct documents in {self.seconds:.1f} s: "
            f"{self.parsed} parsed ({rate:.1f}/s), {self.skipped} unchanged (skipped), {self.failed} failed"
            + (f", {self.duplicates} byte-identical copies" if self.duplicates else ""),
        ]
        if self.reasons:
            lines.append("parsed because: " + ", ".join(f"{r} {n}" for r, n in _by_reason(self.reasons)))
        if self.registry_unaffected:
            lines.append(f"{self.registry_unaffected} documents resolved with the previous unit registry keep "
                         "their rows (the change does not touch the names they print)")
        if self.ocr_pages:
            lines.append(f"{self.pages} pages read, {self.ocr_pages} of them by OCR")
        if self.recovered_orphans or self.recovered_entries:
            lines.append(f"recovered from an interrupted run: {self.recovered_orphans} stray files removed or "
                         f"rewritten without uncommitted rows, {self.recovered_entries} incomplete documents re-queued")
        if self.changed_during_run:
            lines.append(f"{self.changed_during_run} files changed or vanished while reading: run again to pick them up")
        if self.worker_died:
            lines.append(f"{self.worker_died} files killed the process parsing them, twice: see the errors table "
                         "(worker-died)")
        if self.pruned:
            lines.append(f"{self.pruned} documents no longer in the archive were removed (--prune)")
        if self.not_in_archive:
            lines.append(f"{self.not_in_archive} documents are no longer in the archive; their rows stay "
                         "(use --prune to remove them)")
        if self.archive_errors:
            lines.append(f"{self.archive_errors} archive files cannot be parsed: see the errors table")
        if self.files_written or self.files_rewritten or self.files_removed or self.compacted_partitions:
            lines.append(f"data files: {self.files_written} written in {self.batches} batch(es), "
                         f"{self.files_rewritten} rewritten, {self.files_removed} removed"
                         + (f"; {self.compacted_partitions} partitions compacted" if self.compacted_partitions else ""))
        lines += [str(outcome) for outcome in self.stages.values()]
        for path, message in self.failures[:20]:
            lines.append(f"  failed: {message}" if message.startswith(path) else f"  failed: {path}: {message}")
        if len(self.failures) > 20:
            lines.append(f"  ... and {len(self.failures) - 20} more in the errors table")
        return "\n".join(lines)

    def plan_text(self) -> str:
        """The plan, one document per line (``reason<TAB>path``), then the counts: what ``--dry-run`` prints."""
        lines = [f"{d.reason}\t{d.paths[0]}" for d in self.planned]
        counts = ", ".join(f"{r} {n}" for r, n in _by_reason(self.reasons)) or "nothing"
        lines.append(f"{self.files} files, {self.documents} distinct documents: would parse {len(self.planned)} "
                     f"({counts}), skip {self.skipped} unchanged"
                     + (f"; {self.registry_unaffected} keep their rows under the new unit registry"
                        if self.registry_unaffected else ""))
        if self.not_in_archive:
            lines.append(f"{self.not_in_archive} documents are no longer in the archive (--prune would remove them)")
        return "\n".join(lines)


def _by_reason(counts: Counter) -> list[tuple[str, int]]:
    order = list(REASONS)
    return sorted(counts.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))


# -- locking and faults --------------------------------------------------------------------------

class DatasetLock:
    """Exclusive ``flock`` on ``OUT_DIR/_ingest.lock``; waits up to ``timeout`` seconds, then refuses."""

    def __init__(self, out_dir: Path, timeout: float = 0.0):
        self.path = out_dir / LOCK_NAME
        self.timeout = timeout
        self.fd: int | None = None

    def __enter__(self) -> "DatasetLock":
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    os.close(fd)
                    raise
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
                    os.close(fd)
                    raise DatasetBusy(str(self.path.parent), f"another ingest (pid {holder}) is writing this dataset",
                                      "wait for it to finish, or pass --wait SECONDS to queue behind it") from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the flock; the kernel does the same when a process dies
            self.fd = None


def _fault_hook() -> Callable[[str], None]:
    spec = os.environ.get("HOTLINE_ETL_INGEST_FAULT", "")
    delay = float(os.environ.get("HOTLINE_ETL_INGEST_DELAY", "0") or 0)
    stage, _, n = spec.partition(":")
    count = {"n": 0}
    target = int(n) if n.isdigit() else 0

    def hook(where: str) -> None:
        if where == "publishing" and delay:
            time.sleep(delay)
        if stage and where == stage:
            count["n"] += 1
            if count["n"] >= target:
                os.kill(os.getpid(), signal.SIGKILL)
    return hook


def recover(out_dir: Path, manifest: Manifest) -> tuple[int, set[str]]:
    """Undo what a killed run left: staged files, data files nobody owns, rows of uncommitted documents,
    entries with missing files. Returns ``(stray files removed or rewritten, sha256 of entries re-queued)``."""
    shutil.rmtree(out_dir / writer.TMP_DIR, ignore_errors=True)
    for stale in out_dir.glob("_manifest.jsonl.*.tmp"):
        stale.unlink(missing_ok=True)
    on_disk = set()
    for table in TABLE_NAMES:
        base = out_dir / table
        if not base.is_dir():
            continue
        for dirpath, _, filenames in os.walk(base):
            for name in filenames:
                if name.endswith(writer.DATA_SUFFIX) and not name.startswith((".", "_")):
                    on_disk.add(Path(dirpath, name).relative_to(out_dir).as_posix())
    incomplete = {sha for sha, e in manifest.entries.items() if not set(entry_files(e)) <= on_disk}
    for sha in incomplete:
        manifest.forget(sha)  # in memory: the journal is compacted after recovery
    manifest.note_rows({p: 0 for p in set(manifest.file_rows) - on_disk})
    stray = (on_disk - manifest.files()) | manifest.dirty()
    removed, rewritten = retire(out_dir, manifest, stray)
    return removed + rewritten, incomplete


# -- the plan ------------------------------------------------------------------------------------

@dataclass
class Plan:
    """What a run will do: documents to parse (with reasons), and what the archive looks like."""

    documents: list[PlannedDocument]
    by_sha: dict[str, list[str]]             # sha256 -> paths (owner first), every document in the archive
    sizes: dict[str, int]
    stats: dict[str, list[int] | None]       # path -> [size, mtime_ns, ctime_ns] when settled
    superseded: dict[str, set[str]]          # sha256 -> older hashes its paths held (to drop on commit)
    refresh: list[str]                       # skipped documents whose entry changes (paths, registry, stats)
    code: str
    registry: str
    registry_files: list[tuple[str, bytes]]
    limits: Limits
    registry_unaffected: int = 0


def _stat_key(st: os.stat_result, now_ns: int) -> list[int] | None:
    if st.st_mtime_ns > now_ns - STAT_SETTLE_NS or st.st_ctime_ns > now_ns - STAT_SETTLE_NS:
        return None  # modified just now: the same size and times could hide a second write
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def plan(archive: Path, out: Path, manifest: Manifest, limits: Limits, *, force: bool = False,
         recovered: set[str] = frozenset(), files: list[tuple[Path, str]] | None = None) -> Plan:
    """Decide which documents to parse and why (see the module docstring); reads no data file unless the
    unit registry changed (then the stored unit columns are replayed, :mod:`.registry_changes`)."""
    code = code_fingerprint(out / CODE_CACHE_NAME if out.is_dir() else None)
    texts = registry_texts()
    registry = fingerprint_texts(texts)
    now_ns = time.time_ns()
    old_by_path = manifest.by_path()
    by_sha: dict[str, list[str]] = {}
    sizes: dict[str, int] = {}
    stats: dict[str, list[int] | None] = {}
    for path, rel in (files if files is not None else iter_archive(archive, exclude=out)):
        try:
            st = path.stat()
            key = _stat_key(st, now_ns)
            old = old_by_path.get(rel)
            sha = None
            if old is not None and not force and key is not None \
                    and manifest.entries[old].get("stats", {}).get(rel) == key:
                sha, size = old, st.st_size
            if sha is None:
                sha, size = hash_file(path)
                if size != st.st_size:
                    key = None  # written while we read it
        except FileNotFoundError:  # removed since the walk saw it: as if it had not been there
            continue
        stats[rel] = key
        by_sha.setdefault(sha, []).append(rel)
        sizes[sha] = size
    superseded: dict[str, set[str]] = {}
    for sha, paths in by_sha.items():
        for p in paths:
            old = old_by_path.get(p)
            if old is not None and old != sha and old not in by_sha:
                superseded.setdefault(sha, set()).add(old)

    documents: dict[str, str] = {}
    registry_candidates: list[Entry] = []
    refresh: list[str] = []
    for sha, paths in sorted(by_sha.items(), key=lambda kv: kv[1][0]):
        e = manifest.entries.get(sha)
        reason = _reason(e, sha, paths, old_by_path, recovered, force, code, limits)
        if reason is not None:
            documents[sha] = reason
        elif e.get("registry") != registry:
            registry_candidates.append(e)
        elif e["paths"] != paths or superseded.get(sha) or _stats_of(paths, stats) != e.get("stats", {}):
            refresh.append(sha)
    unaffected = 0
    if registry_candidates:
        from .registry_changes import affected_by_registry  # imports the units stage: only when needed

        affected = affected_by_registry(out, registry_candidates, texts)
        for e in registry_candidates:
            if e["sha256"] in affected:
                documents[e["sha256"]] = "registry-changed"
            else:
                refresh.append(e["sha256"])
                unaffected += 1
    planned = [PlannedDocument(sha, tuple(by_sha[sha]), sizes[sha], reason)
               for sha, reason in sorted(documents.items(), key=lambda kv: by_sha[kv[0]][0])]
    return Plan(planned, by_sha, sizes, stats, superseded, refresh, code, registry, texts, limits, unaffected)


def _reason(e: Entry | None, sha: str, paths: list[str], old_by_path: dict[str, str], recovered: set[str],
            force: bool, code: str, limits: Limits) -> str | None:
    if e is None:
        if sha in recovered:
            return "recovered"
        return "file-changed" if any(old_by_path.get(p) not in (None, sha) for p in paths) else "new"
    if e["path"] != paths[0] or (e["status"] == "error" and e["paths"] != paths):
        return "path-changed"
    if e.get("fingerprint") != code:
        return "parser-changed"
    if e.get("limits") != limits.key():
        return "limits-changed"
    if force:
        return "forced"
    return None


def _stats_of(paths: list[str], stats: dict[str, list[int] | None]) -> dict[str, list[int]]:
    return {p: stats[p] for p in paths if stats.get(p) is not None}


# -- archive stages ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ArchiveRun:
    """What an archive stage sees: the dataset root, its manifest (every document of the run committed),
    the documents parsed in this run, and the run's report."""

    root: Path
    manifest: Manifest
    parsed: frozenset[str]
    report: IngestReport


#: Checks over the whole archive (duplicates across formats, cumulative bulletins against their months):
#: name -> stage, run in order once every document of a run is committed and pruning is done, before
#: compaction and the run's last manifest compaction. A stage writes through :mod:`.writer` and commits
#: through ``run.manifest`` like the document loop does (every row an entry owns carries its ``bulletin_id``).
ARCHIVE_STAGES: dict[str, Callable[[ArchiveRun], None]] = {}


def _archive_audit(run: ArchiveRun) -> None:
    """The archive audit (:mod:`.archive_audit`), imported when a run reaches it: it reads the dataset with
    pyarrow.dataset, which neither a worker nor a run that stops earlier needs."""
    if not run.parsed:  # nothing new: the same committed bulletins as last time give the same results
        kept = unchanged_run(run.root, run.manifest)
        if kept is not None:
            run.report.stages["archive-audit"] = kept
            return
    from .archive_audit import run_stage

    run_stage(run)


ARCHIVE_STAGES["archive-audit"] = _archive_audit


# -- writing batches -----------------------------------------------------------------------------

class _Batches:
    """Documents' rows -> batch files -> published -> one commit per document -> retired rows."""

    def __init__(self, out: Path, manifest: Manifest, the_plan: Plan, report: IngestReport,
                 hook: Callable[[str], None]):
        self.out, self.manifest, self.plan, self.report, self.hook = out, manifest, the_plan, report, hook
        self.batch: writer.BatchWriter | None = None
        self.pending: list[Entry] = []
        self.seq = 0
        self.opened = 0.0

    def add(self, outcome: Outcome, reason: str) -> None:
        if self.batch is not None and not self.batch.accepts(outcome.data, outcome.year):
            self.flush()
        if self.batch is None:
            self.seq += 1
            self.batch = writer.BatchWriter(self.out, f"r{self.manifest.this_run()}-b{self.seq}")
            self.opened = time.monotonic()
        self.batch.add_streams(outcome.data, outcome.tables, outcome.year)
        self.pending.append(self._entry(outcome, reason))
        if self.batch.rows >= BATCH_ROWS or time.monotonic() - self.opened >= BATCH_SECONDS:
            self.flush()

    def _entry(self, outcome: Outcome, reason: str) -> Entry:
        paths = list(outcome.job.paths)
        return {
            "sha256": outcome.sha256, "bulletin_id": bulletin_id(outcome.sha256), "status": outcome.status,
            "path": paths[0], "paths": paths, "year": outcome.year, "tables": outcome.tables,
            "files": {t: self.batch.name for t in outcome.tables},
            "stats": _stats_of(paths, self.plan.stats), "size": outcome.size, "parser_version": __version__,
            "fingerprint": self.plan.code, "registry": outcome.registry or self.plan.registry,
            "limits": outcome.job.limits.key(), "error_class": outcome.error_class,
            "reason": reason,
            "ingested_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }

    def flush(self) -> None:
        if self.batch is None:
            return
        staged = self.batch.close()
        self.batch_name, self.batch = self.batch.name, None
        writer.publish(self.out, staged)
        writer.discard_dir(self.out / writer.TMP_DIR / self.batch_name)
        self.manifest.record_files({f.final: f.rows for f in staged})
        self.report.batches += 1
        self.report.files_written += len(staged)
        pending, self.pending = self.pending, []
        later: set[str] = set()
        for entry in pending:
            self.hook("published")
            later |= commit(self.out, self.manifest, entry, self.plan.superseded.get(entry["sha256"], ()), self.hook,
                            self.report)
        removed, rewritten = retire(self.out, self.manifest, later)
        self.report.files_removed += removed
        self.report.files_rewritten += rewritten


# -- the run -------------------------------------------------------------------------------------

def ingest(archive: str | os.PathLike, out_dir: str | os.PathLike, *, workers: int | None = None,
           force: bool = False, prune: bool = False, wait: float = 0.0, progress: bool = False,
           limits: Limits | None = None, executor: str = "process", scheduler: str | None = None,
           dry_run: bool = False) -> IngestReport:
    """Parse every document under ``archive`` into the dataset at ``out_dir``; see the module docstring.

    ``executor`` names where documents are parsed (:data:`~.executors.EXECUTORS`):
    ``"process"``, a local pool of ``workers`` processes (None: one per CPU;
    1: in this process), or ``"dask"``, a Dask cluster (a local one of
    ``workers`` processes, default 2, or the one at ``scheduler``). Publishing
    and committing always happen here. ``limits`` bound each document
    (:class:`~hotline_etl.limits.Limits`; a document last parsed under other
    limits is parsed again), on either executor. ``dry_run`` only plans:
    nothing is written, and ``report.planned`` says what would be parsed and
    why. Raises :class:`DatasetBusy` when another ingest holds the dataset
    for longer than ``wait`` seconds.
    """
    # Imported here: executors.py builds on the worker module; the Dask one imports Dask only when used.
    from .executors import ExecutorSettings, ProcessPool, get_executor, pool_size, run_in_process_pool

    run_jobs = get_executor(executor)
    settings = ExecutorSettings(workers=workers, scheduler=scheduler)
    started = time.monotonic()
    archive = Path(archive)
    if not archive.is_dir():
        raise HotlineError(str(archive), "the archive is not a directory", "pass the folder holding the bulletins")
    out = Path(out_dir)
    limits = Limits.resolve(limits)
    report = IngestReport(dry_run=dry_run)
    if dry_run:
        manifest = Manifest.load(out) if out.is_dir() else Manifest()
        the_plan = plan(archive, out, manifest, limits, force=force)
        _count_plan(report, the_plan, manifest)
        report.seconds = time.monotonic() - started
        return report
    out.mkdir(parents=True, exist_ok=True)
    hook = _fault_hook()
    pool = None
    with DatasetLock(out, wait):
        manifest = Manifest.load(out)
        report.recovered_orphans, recovered = recover(out, manifest)
        report.recovered_entries = len(recovered)
        if recovered or not manifest.is_compact:
            manifest.compact()

        files = list(iter_archive(archive, exclude=out))
        if run_jobs is run_in_process_pool and (settings.workers or 2) > 1 and _work_likely(files, manifest, force):
            pool = ProcessPool(min(pool_size(settings), len(files))).start()  # imports overlap with hashing
        try:
            the_plan = plan(archive, out, manifest, limits, force=force, recovered=recovered, files=files)
            _count_plan(report, the_plan, manifest)
            if the_plan.documents:
                _validate_registry(the_plan)
            if the_plan.documents or the_plan.refresh:
                save_registry_snapshot(out, the_plan.registry_files)  # what the next run compares against
            _refresh(out, manifest, the_plan, report)

            batches = _Batches(out, manifest, the_plan, report, hook)
            reasons = {d.sha256: d.reason for d in the_plan.documents}
            jobs = [Job(str(archive.resolve()), d.paths, d.sha256, str(out.resolve()), limits, d.size)
                    for d in the_plan.documents]
            bar = _progress_bar(len(the_plan.by_sha), progress)
            bar.update(report.skipped)
            parsed: set[str] = set()
            try:
                outcomes = run_jobs(jobs, settings, pool) if pool is not None else run_jobs(jobs, settings)
                pool = None  # the executor owns it now
                for outcome in outcomes:
                    if outcome.status in ("changed", "vanished"):
                        report.changed_during_run += 1
                    else:
                        hook("publishing")
                        batches.add(outcome, reasons[outcome.job.sha256])
                        parsed.add(outcome.sha256)
                        report.pages += outcome.pages
                        report.ocr_pages += outcome.ocr_pages
                        if outcome.status == "ok":
                            report.parsed += 1
                        else:
                            report.failed += 1
                            report.failures.append((outcome.job.paths[0], outcome.error or ""))
                            report.worker_died += outcome.error_class == "WorkerDied"
                    bar.update(1)
                    bar.set_postfix(parsed=report.parsed, skipped=report.skipped, failed=report.failed,
                                    pages=report.pages, ocr_pages=report.ocr_pages, refresh=False)
                batches.flush()
            finally:
                bar.close()
                if batches.batch is not None:
                    batches.batch.abort()
        finally:
            if pool is not None:
                pool.close()

        gone = [sha for sha in manifest.entries if sha not in the_plan.by_sha]
        if prune:
            left: set[str] = set()
            for sha in gone:
                left |= set(entry_files(manifest.entries[sha]))
                manifest.drop(sha)
            removed, rewritten = retire(out, manifest, left)
            report.files_removed += removed
            report.files_rewritten += rewritten
            report.pruned = len(gone)
        else:
            report.not_in_archive = len(gone)
        for stage in ARCHIVE_STAGES.values():
            stage(ArchiveRun(out, manifest, frozenset(parsed), report))
        written = f"r{manifest.run}-b" if report.batches else None  # this run's batches (run number taken)
        report.compacted_partitions = compact_partitions(out, manifest, new_prefix=written).partitions
        report.archive_errors = sum(1 for sha in the_plan.by_sha
                                    if manifest.entries.get(sha, {}).get("status") == "error")
        prune_registry_snapshots(out, {e.get("registry") for e in manifest.entries.values()})
        if manifest.appended:
            manifest.compact()
    report.seconds = time.monotonic() - started
    return report


def _refresh(out: Path, manifest: Manifest, the_plan: Plan, report: IngestReport) -> None:
    """Commit the skipped documents whose entry moves on (paths, file times, registry fingerprint): no parse."""
    left: set[str] = set()
    for sha in the_plan.refresh:
        paths = the_plan.by_sha[sha]
        refreshed = {**manifest.entries[sha], "paths": paths, "stats": _stats_of(paths, the_plan.stats),
                     "registry": the_plan.registry}
        left |= commit(out, manifest, refreshed, the_plan.superseded.get(sha, ()), no_hook, report)
    removed, rewritten = retire(out, manifest, left)
    report.files_removed += removed
    report.files_rewritten += rewritten


def _count_plan(report: IngestReport, the_plan: Plan, manifest: Manifest) -> None:
    report.files = sum(len(p) for p in the_plan.by_sha.values())
    report.documents = len(the_plan.by_sha)
    report.duplicates = report.files - report.documents
    report.skipped = report.documents - len(the_plan.documents)
    report.planned = the_plan.documents
    report.reasons = Counter(d.reason for d in the_plan.documents)
    report.registry_unaffected = the_plan.registry_unaffected
    if report.dry_run:
        report.not_in_archive = sum(1 for sha in manifest.entries if sha not in the_plan.by_sha)


def _work_likely(files: list[tuple[Path, str]], manifest: Manifest, force: bool) -> bool:
    """A cheap guess, before hashing, that the run will parse something (then workers start at once)."""
    if force:
        return True
    known = manifest.by_path()
    return any(rel not in known for _, rel in files)


def _validate_registry(the_plan: Plan) -> None:
    """Refuse the run before parsing anything when the unit registry does not load (every document
    would fail with the same error)."""
    from .registry_changes import registry_from_texts

    registry_from_texts(the_plan.registry_files)


def _progress_bar(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="ingest", disable=not enabled, dynamic_ncols=True, smoothing=0.1)


def compact(out_dir: str | os.PathLike, *, min_files: int = 2, wait: float = 0.0) -> CompactReport:
    """Compact every table-partition of the dataset at ``out_dir`` holding ``min_files`` files or more.

    Takes the dataset's ingest lock (waiting up to ``wait`` seconds, else
    :class:`DatasetBusy`) and first recovers what
    an interrupted run left, as ``ingest`` does.
    """
    out = Path(out_dir)
    if not out.is_dir():
        raise FileNotFoundError(f"{out}: no dataset here (run `hotline-etl ingest ARCHIVE {out}` first)")
    with DatasetLock(out, wait):
        manifest = Manifest.load(out)
        recover(out, manifest)
        report = compact_partitions(out, manifest, min_files=min_files)
        if manifest.appended or not manifest.is_compact:
            manifest.compact()
    return report
