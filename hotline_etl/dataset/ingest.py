"""Ingest an archive of bulletins into a Parquet dataset, incrementally and crash-safely.

>>> report = ingest("fixtures/archive", "/tmp/out", workers=1)  # doctest: +SKIP
>>> report.parsed, report.failed  # doctest: +SKIP
(30, 4)

Steps of a run (all under an exclusive ``fcntl.flock`` on ``OUT_DIR/_ingest.lock``):

1. **Recover**: delete ``_tmp/``; replay the manifest; delete data files no
   committed entry owns (left by a killed run); forget entries whose files
   are missing (they are parsed again). Compact the manifest.
2. **Plan**: walk the archive (:func:`iter_archive`), hash every file. A
   document is parsed when its bytes are new, when the code that produced
   its rows changed (:func:`code_fingerprint`), when ``force`` is set, or
   when the path its rows name went away; otherwise it is skipped.
3. **Parse and write** with an executor (:mod:`.executors`: a process pool,
   or a Dask cluster), a bounded number of documents in flight: a worker
   parses one file and its table files are staged under ``_tmp/``; the main
   process renames them into place, appends the
   manifest line that commits the document (and drops the hashes its paths
   held before), then deletes files no longer owned. Memory stays flat.
4. **Prune** (``prune=True``): documents whose files left the archive are
   dropped. Then the manifest is compacted again.

Test hooks (environment variables, read by the main process):
``HOTLINE_ETL_INGEST_FAULT=<stage>:<n>`` kills the process with SIGKILL when
the n-th document reaches ``published`` (files renamed, not committed),
``committed`` (manifest line written, old files not yet deleted) or
``cleaned``; ``HOTLINE_ETL_INGEST_DELAY=<seconds>`` sleeps before each
document is published.
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
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from .._version import __version__
from ..errors import HotlineError
from ..limits import DEFAULT_LIMITS, Limits
from ..pipeline import parse
from ..readers import READERS, detect_format
from ..readers.files import NON_DOCUMENT_SUFFIXES, find_documents  # noqa: F401  (NON_DOCUMENT_SUFFIXES: re-exported)
from ..script import OPENCC_CONFIG, OPENCC_VERSION
from . import writer
from .manifest import Entry, Manifest, entry_files
from .rows import SourceInfo, bulletin_id, bulletin_rows, error_rows, partition_year
from .schema import SCHEMA_VERSION, TABLE_NAMES, UNKNOWN_YEAR

log = logging.getLogger(__name__)

#: Lock file in the dataset root; one ingest at a time holds it.
LOCK_NAME = "_ingest.lock"

#: Documents parsed ahead of the writer per worker (bounds memory and staged files).
IN_FLIGHT_PER_WORKER = 4

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
    ``_``-prefixed names, :data:`NON_DOCUMENT_SUFFIXES` and ``exclude`` (the
    output folder when it sits inside the archive); the format is detected
    from the bytes.

    >>> [rel for _, rel in iter_archive("fixtures/seed")]
    ['000_0bd1a52a453bee82.txt']
    """
    return find_documents(archive, exclude)


def hash_file(path: Path) -> tuple[str, int]:
    """SHA-256 hex digest and size of a file, read in chunks."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Digest of everything that shapes the rows: the package's code, versions, readers, OpenCC.

    A document ingested under another fingerprint is parsed again, so an
    upgrade (or a newly registered reader) never leaves stale rows behind.
    """
    h = hashlib.sha256()
    for part in (__version__, str(SCHEMA_VERSION), OPENCC_VERSION, OPENCC_CONFIG, ",".join(sorted(READERS))):
        h.update(part.encode() + b"\0")
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


# -- the worker ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Job:
    """One document to parse: its bytes' hash and every archive path holding them (owner first)."""

    archive: str
    paths: tuple[str, ...]
    sha256: str
    out_dir: str
    limits: Limits = DEFAULT_LIMITS


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker did with a job: staged files and the facts the manifest needs."""

    job: Job
    status: str                      # ok | error | changed (bytes differ from the planned hash) | vanished
    sha256: str
    size: int
    year: int
    tables: dict[str, int]
    staged: tuple[writer.StagedFile, ...]
    error: str | None = None


def process_document(job: Job) -> Outcome:
    """Parse one document and stage its rows (runs in a worker process).

    Every failure to read the file becomes an ``errors`` row; an unexpected
    exception (a parser bug) too, so one bad file never stops a batch.
    """
    owner = job.paths[0]
    try:
        data = Path(job.archive, owner).read_bytes()
    except FileNotFoundError:
        return Outcome(job, "vanished", job.sha256, 0, UNKNOWN_YEAR, {}, ())
    sha = hashlib.sha256(data).hexdigest()
    if sha != job.sha256:
        return Outcome(job, "changed", sha, len(data), UNKNOWN_YEAR, {}, ())
    src = SourceInfo(owner, sha, len(data), detect_format(data))
    error = None
    try:
        bulletin = parse(data, name=owner, limits=job.limits)  # a limit hit is a HotlineError: an errors row
    except Exception as exc:  # noqa: BLE001 - recorded as an errors row, see docstring
        if not isinstance(exc, HotlineError):
            log.exception("internal error parsing %s", owner)
        rows = {"errors": [row for path in job.paths
                           for row in error_rows(SourceInfo(path, sha, len(data), src.format), exc)["errors"]]}
        status, year, error = "error", UNKNOWN_YEAR, str(exc)
    else:
        rows = bulletin_rows(bulletin, src)
        status, year = "ok", partition_year(bulletin.period.start)
    staged = writer.stage(job.out_dir, bulletin_id(sha), year, rows)
    return Outcome(job, status, sha, len(data), year, {t: len(r) for t, r in rows.items() if r}, tuple(staged), error)


# -- the run -------------------------------------------------------------------------------------

@dataclass
class IngestReport:
    """Counts of one run; ``failures`` lists (path, message) of files that failed in this run."""

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
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for the end of ``hotline-etl ingest``."""
        rate = self.parsed / self.seconds if self.seconds else 0.0
        lines = [
            f"{self.files} files, {self.documents} distinct documents in {self.seconds:.1f} s: "
            f"{self.parsed} parsed ({rate:.1f}/s), {self.skipped} unchanged (skipped), {self.failed} failed"
            + (f", {self.duplicates} byte-identical copies" if self.duplicates else ""),
        ]
        if self.recovered_orphans or self.recovered_entries:
            lines.append(f"recovered from an interrupted run: {self.recovered_orphans} stray files removed, "
                         f"{self.recovered_entries} incomplete documents re-queued")
        if self.changed_during_run:
            lines.append(f"{self.changed_during_run} files changed or vanished while reading: run again to pick them up")
        if self.pruned:
            lines.append(f"{self.pruned} documents no longer in the archive were removed (--prune)")
        if self.not_in_archive:
            lines.append(f"{self.not_in_archive} documents are no longer in the archive; their rows stay "
                         "(use --prune to remove them)")
        if self.archive_errors:
            lines.append(f"{self.archive_errors} archive files cannot be parsed: see the errors table")
        for path, message in self.failures[:20]:
            lines.append(f"  failed: {message}" if message.startswith(path) else f"  failed: {path}: {message}")
        if len(self.failures) > 20:
            lines.append(f"  ... and {len(self.failures) - 20} more in the errors table")
        return "\n".join(lines)


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


def recover(out_dir: Path, manifest: Manifest) -> tuple[int, int]:
    """Undo what a killed run left: staged files, data files nobody owns, entries with missing files.

    Returns ``(stray files removed, entries re-queued)``.
    """
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
    owned = manifest.files()
    orphans = on_disk - owned
    writer.remove(out_dir, orphans)
    incomplete = [sha for sha, e in manifest.entries.items() if not set(entry_files(e)) <= on_disk]
    for sha in incomplete:
        writer.remove(out_dir, entry_files(manifest.entries[sha]))
        manifest.entries.pop(sha)
    return len(orphans), len(incomplete)


def ingest(archive: str | os.PathLike, out_dir: str | os.PathLike, *, workers: int | None = None,
           force: bool = False, prune: bool = False, wait: float = 0.0, progress: bool = False,
           limits: Limits | None = None, executor: str = "process", scheduler: str | None = None) -> IngestReport:
    """Parse every document under ``archive`` into the dataset at ``out_dir``; see the module docstring.

    ``executor`` names where documents are parsed (:data:`~.executors.EXECUTORS`):
    ``"process"``, a local pool of ``workers`` processes (None: one per CPU;
    1: in this process), or ``"dask"``, a Dask cluster (a local one of
    ``workers`` processes, default 2, or the one at ``scheduler``). Publishing
    and committing always happen here. ``limits`` bound each document
    (:class:`~hotline_etl.limits.Limits`; a document last parsed under other
    limits is parsed again), on either executor. Raises :class:`DatasetBusy`
    when another ingest holds the dataset for longer than ``wait`` seconds.
    """
    # Imported here: executors.py builds on this module's Job, Outcome and process_document.
    from .executors import ExecutorSettings, get_executor

    run_jobs = get_executor(executor)
    settings = ExecutorSettings(workers=workers, scheduler=scheduler)
    started = time.monotonic()
    archive = Path(archive)
    if not archive.is_dir():
        raise HotlineError(str(archive), "the archive is not a directory", "pass the folder holding the bulletins")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    limits = Limits.resolve(limits)
    report = IngestReport()
    hook = _fault_hook()
    with DatasetLock(out, wait):
        manifest = Manifest.load(out)
        report.recovered_orphans, report.recovered_entries = recover(out, manifest)
        manifest.compact()

        # Plan: hash every file, group byte-identical copies; the owner is the first path.
        by_sha: dict[str, list[str]] = {}
        for path, rel in iter_archive(archive, exclude=out):
            report.files += 1
            sha, _ = hash_file(path)
            by_sha.setdefault(sha, []).append(rel)
        report.documents = len(by_sha)
        report.duplicates = report.files - report.documents
        old_by_path = manifest.by_path()
        superseded: dict[str, set[str]] = {}
        for sha, paths in by_sha.items():
            for p in paths:
                old = old_by_path.get(p)
                if old is not None and old != sha and old not in by_sha:
                    superseded.setdefault(sha, set()).add(old)
        fingerprint = code_fingerprint()
        jobs: list[Job] = []
        for sha, paths in sorted(by_sha.items(), key=lambda kv: kv[1][0]):
            e = manifest.entries.get(sha)
            if (force or e is None or e.get("fingerprint") != fingerprint or e.get("limits") != limits.key()
                    or e["path"] != paths[0]
                    or (e["status"] == "error" and e["paths"] != paths)):
                jobs.append(Job(str(archive.resolve()), tuple(paths), sha, str(out.resolve()), limits))
                continue
            report.skipped += 1
            if e["paths"] != paths or superseded.get(sha):
                _commit(out, manifest, {**e, "paths": paths}, superseded.get(sha, ()), hook=None)

        bar = _progress_bar(len(by_sha), progress)
        bar.update(report.skipped)
        try:
            for outcome in run_jobs(jobs, settings):
                if outcome.status in ("changed", "vanished"):
                    writer.discard(outcome.staged)
                    report.changed_during_run += 1
                else:
                    entry = _entry(outcome, fingerprint)
                    hook("publishing")
                    writer.publish(out, outcome.staged)
                    hook("published")
                    _commit(out, manifest, entry, superseded.get(outcome.sha256, ()), hook)
                    if outcome.status == "ok":
                        report.parsed += 1
                    else:
                        report.failed += 1
                        report.failures.append((outcome.job.paths[0], outcome.error or ""))
                bar.update(1)
                bar.set_postfix(parsed=report.parsed, skipped=report.skipped, failed=report.failed, refresh=False)
        finally:
            bar.close()

        gone = [sha for sha in manifest.entries if sha not in by_sha]
        if prune:
            for sha in gone:
                files = entry_files(manifest.entries[sha])
                manifest.drop(sha)
                writer.remove(out, files)
            report.pruned = len(gone)
        else:
            report.not_in_archive = len(gone)
        report.archive_errors = sum(1 for sha in by_sha if manifest.entries.get(sha, {}).get("status") == "error")
        manifest.compact()
    report.seconds = time.monotonic() - started
    return report


def _entry(outcome: Outcome, fingerprint: str) -> Entry:
    return {
        "sha256": outcome.sha256, "bulletin_id": bulletin_id(outcome.sha256), "status": outcome.status,
        "path": outcome.job.paths[0], "paths": list(outcome.job.paths), "year": outcome.year,
        "tables": outcome.tables, "size": outcome.size, "parser_version": __version__, "fingerprint": fingerprint,
        "limits": outcome.job.limits.key(),
        "ingested_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


def _commit(out: Path, manifest: Manifest, entry: Entry, drop, hook: Callable[[str], None] | None) -> None:
    """Commit ``entry`` (files already in place), then delete files no committed entry owns any more."""
    previous = manifest.entries.get(entry["sha256"])
    dropped = [manifest.entries[sha] for sha in drop if sha in manifest.entries and sha != entry["sha256"]]
    manifest.commit(entry, [e["sha256"] for e in dropped])
    if hook:
        hook("committed")
    keep = set(entry_files(entry))
    stale = set(entry_files(previous)) - keep if previous else set()
    for e in dropped:
        stale |= set(entry_files(e)) - keep
    writer.remove(out, stale)
    if hook:
        hook("cleaned")


def _progress_bar(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="ingest", disable=not enabled, dynamic_ncols=True, smoothing=0.1)
