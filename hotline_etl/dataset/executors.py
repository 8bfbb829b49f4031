"""Where documents are parsed: executors keyed by name, each running :func:`process_document` on jobs.

>>> sorted(EXECUTORS)
['dask', 'process']
>>> get_executor("process") is run_in_process_pool
True

An executor takes the planned jobs and :class:`ExecutorSettings` and yields
one :class:`~hotline_etl.dataset.ingest.Outcome` per job as they complete,
with a bounded number of jobs in flight. Every staged file it yields lies
under ``OUT_DIR/_tmp/`` on the machine running the ingest: publishing and
committing stay with :func:`~hotline_etl.dataset.ingest.ingest`, the one
process holding the dataset's lock, whichever executor parsed.

- ``"process"``: a local ``spawn`` process pool (one process when ``workers`` is 1).
- ``"dask"``: the workers of a Dask cluster (``pip install 'hotline_etl[dask]'``):
  a local cluster of ``workers`` processes, or the cluster at ``scheduler``.
  Workers read the archive at the same absolute path and stage into a scratch
  folder of their own; the Parquet bytes come back to this process, which
  writes them under ``OUT_DIR/_tmp/`` (see docs/dask.md).
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Callable, Iterator, Sequence

from ..errors import HotlineError
from . import writer
from .ingest import IN_FLIGHT_PER_WORKER, Job, Outcome, code_fingerprint, process_document

#: The extra that installs Dask's distributed scheduler.
DASK_EXTRA = "hotline_etl[dask]"
#: Local Dask workers when ``workers`` is not given (threads_per_worker is always 1: parsing holds the GIL).
DASK_LOCAL_WORKERS = 2
#: Environment setting that lets Dask workers start processes (they are daemonic by default).
DASK_DAEMON_ENV = "DASK_DISTRIBUTED__WORKER__DAEMON"
#: Seconds to wait for a remote cluster to have at least one worker.
DASK_WORKER_TIMEOUT = 60.0


class ExecutorError(HotlineError):
    """An executor cannot run: unknown name, missing extra, or a cluster that cannot do the work."""

    kind = "cannot run the ingest"
    code = "executor-error"


@dataclass(frozen=True, slots=True)
class ExecutorSettings:
    """How to run the jobs: ``workers`` (None: the executor's default) and a Dask ``scheduler`` address.

    >>> ExecutorSettings(workers=2).scheduler is None
    True
    """

    workers: int | None = None
    scheduler: str | None = None

    def __post_init__(self) -> None:
        if self.workers is not None and self.workers < 1:
            raise ValueError(f"workers must be at least 1, not {self.workers}")


Executor = Callable[[Sequence[Job], ExecutorSettings], Iterator[Outcome]]


# -- process pool --------------------------------------------------------------------------------

def _watch_parent(parent: int) -> None:
    """Pool initializer: exit when the ingest process dies (a SIGKILLed parent cannot stop its pool)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="hotline-etl-parent-watch", daemon=True).start()


def run_in_process_pool(jobs: Sequence[Job], settings: ExecutorSettings) -> Iterator[Outcome]:
    """Outcomes as they complete in a local process pool, at most ``workers * IN_FLIGHT_PER_WORKER`` in flight.

    ``workers`` None means one process per CPU; 1 parses in this process.

    >>> list(run_in_process_pool([], ExecutorSettings(workers=2)))
    []
    """
    if not jobs:
        return
    workers = settings.workers or os.cpu_count() or 1
    if workers <= 1:
        for job in jobs:
            yield process_document(job)
        return
    # spawn: workers start clean (no inherited threads or locks; same behaviour on every OS).
    context = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context,
                                initializer=_watch_parent, initargs=(os.getpid(),)) as pool:
        pending: set[cf.Future] = set()
        queue = iter(jobs)
        limit = workers * IN_FLIGHT_PER_WORKER
        try:
            while True:
                for job in queue:
                    pending.add(pool.submit(process_document, job))
                    if len(pending) >= limit:
                        break
                if not pending:
                    break
                done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                for future in done:
                    yield future.result()
        except BaseException:
            for future in pending:
                future.cancel()
            raise


# -- Dask ----------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ShippedOutcome:
    """A worker's outcome with its staged files' bytes instead of paths on the worker's disk."""

    outcome: Outcome
    files: tuple[tuple[str, str, bytes], ...]   # (staged file name, final relative path, Parquet bytes)


def stage_and_read(job: Job) -> ShippedOutcome:
    """Run :func:`process_document` with a private scratch folder as OUT_DIR and return the staged bytes.

    The scratch folder is removed before returning.

    >>> shipped = stage_and_read(Job("fixtures/archive", ("broken/empty.txt",), EMPTY_SHA256, "/unused"))
    >>> shipped.outcome.status, [final for _, final, _ in shipped.files]
    ('error', ['errors/year=0/e3b0c44298fc1c14.parquet'])
    """
    scratch = tempfile.mkdtemp(prefix="hotline-etl-stage-")
    try:
        outcome = process_document(dataclasses.replace(job, out_dir=scratch))
        files = tuple((Path(f.tmp).name, f.final, Path(f.tmp).read_bytes()) for f in outcome.staged)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return ShippedOutcome(dataclasses.replace(outcome, staged=()), files)


# One spawn pool per Dask worker process, as many processes as the worker has threads.
_PARSERS: cf.ProcessPoolExecutor | None = None
_PARSERS_LOCK = threading.Lock()


def _parsers(size: int) -> cf.ProcessPoolExecutor:
    global _PARSERS
    with _PARSERS_LOCK:
        if _PARSERS is None:
            _PARSERS = cf.ProcessPoolExecutor(max_workers=size, mp_context=multiprocessing.get_context("spawn"),
                                              initializer=_watch_parent, initargs=(os.getpid(),))
        return _PARSERS


def _shut_parsers_down() -> None:
    """Runs on each worker at the end of a run: stop its child processes (they would hold memory, and delay
    the worker's own shutdown)."""
    global _PARSERS
    with _PARSERS_LOCK:
        pool, _PARSERS = _PARSERS, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def process_and_ship(job: Job) -> ShippedOutcome:
    """The Dask task: :func:`stage_and_read` in the main thread of a child process of the worker.

    Dask runs tasks in worker threads, where ``SIGALRM`` cannot interrupt a
    parse, so ``Limits.max_seconds`` would not hold (a PDF that makes
    pdfminer spin would hold the worker for ever). In a child process the
    parse runs in its main thread, exactly as in a process-pool worker, and
    a crash takes down the child, not the Dask worker. The worker needs to
    read the archive, never to write the dataset.

    >>> process_and_ship(Job("fixtures/archive", ("broken/empty.txt",), EMPTY_SHA256, "/unused")).outcome.status
    'error'
    """
    global _PARSERS
    try:
        import distributed

        threads = distributed.get_worker().state.nthreads
    except (ImportError, ValueError):  # not on a Dask worker (a doctest, a direct call)
        threads = 1
    pool = _parsers(threads)
    try:
        return pool.submit(stage_and_read, job).result()
    except cf.process.BrokenProcessPool:
        with _PARSERS_LOCK:  # the next task starts a fresh pool; this one fails as in the process pool
            if _PARSERS is pool:
                _PARSERS = None
        raise


def land(shipped: ShippedOutcome, job: Job) -> Outcome:
    """Write shipped bytes under ``job.out_dir/_tmp/`` here: the outcome the process pool would have given.

    >>> job = Job("fixtures/archive", ("broken/empty.txt",), EMPTY_SHA256, tempfile.mkdtemp())
    >>> staged = land(stage_and_read(job), job).staged
    >>> [(Path(f.tmp).parent == Path(job.out_dir, "_tmp"), f.final) for f in staged]
    [(True, 'errors/year=0/e3b0c44298fc1c14.parquet')]
    """
    staged = []
    if shipped.files:
        tmp_dir = Path(job.out_dir, writer.TMP_DIR)
        tmp_dir.mkdir(parents=True, exist_ok=True)
        for name, final, data in shipped.files:
            tmp = tmp_dir / name
            tmp.write_bytes(data)
            staged.append(writer.StagedFile(str(tmp), final))
    return dataclasses.replace(shipped.outcome, job=job, staged=tuple(staged))


#: SHA-256 of zero bytes (the doctests' empty file).
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def _import_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise ExecutorError("--executor dask", f"Dask's distributed scheduler is not installed ({exc})",
                            f"pip install '{DASK_EXTRA}'") from exc
    return distributed


def _worker_facts(archive: str) -> tuple[str, bool, bool]:
    """Runs on each worker: its code fingerprint, whether it sees the archive, whether it may start processes."""
    return code_fingerprint(), os.path.isdir(archive), not multiprocessing.current_process().daemon


def _check_workers(client, archive: str) -> int:
    """Refuse a cluster whose workers run other code or cannot read the archive; return its thread count."""
    address = client.scheduler.address
    try:
        client.wait_for_workers(1, timeout=DASK_WORKER_TIMEOUT)
    except TimeoutError:
        raise ExecutorError(address, f"the cluster has no worker after {DASK_WORKER_TIMEOUT:.0f} s",
                            "start workers with `dask worker " + address + "`") from None
    try:
        facts = client.run(_worker_facts, archive)
    except Exception as exc:  # noqa: BLE001 - unpickling fails on workers without hotline_etl
        raise ExecutorError(address, f"the workers cannot run hotline_etl ({type(exc).__name__}: {exc})",
                            "install the same hotline_etl version in the workers' Python environment") from exc
    fingerprint = code_fingerprint()
    other = sorted(w for w, (fp, _, _) in facts.items() if fp != fingerprint)
    if other:
        raise ExecutorError(address, f"{len(other)} worker(s) run different hotline_etl code ({other[0]}, ...): "
                            "their rows would not match the manifest's fingerprint",
                            "install the same hotline_etl version on every worker and on this machine")
    blind = sorted(w for w, (_, sees, _) in facts.items() if not sees)
    if blind:
        raise ExecutorError(archive, f"{len(blind)} Dask worker(s) cannot read the archive ({blind[0]}, ...)",
                            "mount the archive at the same absolute path on every worker")
    daemonic = sorted(w for w, (_, _, may_fork) in facts.items() if not may_fork)
    if daemonic:
        raise ExecutorError(address, f"{len(daemonic)} Dask worker(s) are daemonic processes ({daemonic[0]}, ...), "
                            "which cannot start the child process a document is parsed in (under its time limit)",
                            f"start the workers with {DASK_DAEMON_ENV}=False (distributed.worker.daemon: false)")
    return sum(client.nthreads().values())


def run_on_dask(jobs: Sequence[Job], settings: ExecutorSettings) -> Iterator[Outcome]:
    """Outcomes as they complete on a Dask cluster, at most ``threads * IN_FLIGHT_PER_WORKER`` in flight.

    With ``settings.scheduler`` None a local cluster of ``workers`` (default
    2) single-threaded worker processes is started and closed afterwards;
    otherwise this connects to the scheduler at that address. Raises
    :class:`ExecutorError` when Dask is not installed or the workers cannot
    do the work.

    >>> job = Job("fixtures/archive", ("broken/empty.txt",), EMPTY_SHA256, tempfile.mkdtemp())
    >>> [o.status for o in run_on_dask([job], ExecutorSettings(workers=1))]  # doctest: +SKIP
    ['error']
    """
    if not jobs:
        return
    distributed = _import_distributed()
    with _connect(distributed, settings) as client:
        threads = _check_workers(client, jobs[0].archive)
        limit = max(threads, 1) * IN_FLIGHT_PER_WORKER
        run = uuid.uuid4().hex[:8]
        pending: dict[str, tuple[object, Job]] = {}   # key -> (future, job), done or not, until yielded

        def submit(job: Job):
            key = f"hotline-etl-parse-{job.sha256[:16]}-{run}"  # readable on the dashboard, unique per run
            future = client.submit(process_and_ship, job, key=key, pure=False)
            pending[key] = (future, job)
            return future

        queue = iter(jobs)
        # A sliding window: one job enters for each one that leaves, so memory stays flat.
        window = distributed.as_completed([submit(job) for job in islice(queue, limit)])
        try:
            for future in window:
                shipped = future.result()
                _, job = pending.pop(future.key)
                future.release()  # the scheduler forgets the result now, not when the generator ends
                for job_next in islice(queue, 1):
                    window.add(submit(job_next))
                yield land(shipped, job)
        finally:
            if pending:  # stopped early (an error, or the consumer closed us): nothing else may run
                client.cancel([future for future, _ in pending.values()])
            client.run(_shut_parsers_down)


class _connect:
    """Context manager: a Client on a new LocalCluster (closed on exit) or on the cluster at an address."""

    def __init__(self, distributed, settings: ExecutorSettings):
        self.distributed, self.settings = distributed, settings
        self.cluster = self.client = None

    def __enter__(self):
        d, s = self.distributed, self.settings
        try:
            if s.scheduler is None:
                import dask

                # Scheduler's HTTP server on a free port (":0"): 8787 may be taken by another cluster, and then
                # distributed warns and moves anyway. Non-daemonic workers: each parses in a child process of
                # its own (see process_and_ship).
                with dask.config.set({"distributed.worker.daemon": False}):
                    self.cluster = d.LocalCluster(n_workers=s.workers or DASK_LOCAL_WORKERS, threads_per_worker=1,
                                                  processes=True, dashboard_address=":0")
                self.client = d.Client(self.cluster)
            else:
                # Connect timeout: Dask's own `distributed.comm.timeouts.connect` (30 s unless configured).
                self.client = d.Client(s.scheduler)
        except OSError as exc:  # includes the TimeoutError of an unreachable scheduler
            self.__exit__(None, None, None)
            raise ExecutorError(s.scheduler or "local Dask cluster", f"cannot connect ({exc})",
                                "check the scheduler address (tcp://HOST:8786) and that it is running") from exc
        return self.client

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


EXECUTORS: dict[str, Executor] = {"process": run_in_process_pool, "dask": run_on_dask}


def get_executor(name: str) -> Executor:
    """The executor registered as ``name``; an :class:`ExecutorError` lists the known names otherwise.

    >>> get_executor("dask").__name__
    'run_on_dask'
    """
    try:
        return EXECUTORS[name]
    except KeyError:
        raise ExecutorError(repr(name), "no such executor", f"choose one of: {', '.join(sorted(EXECUTORS))}") from None
