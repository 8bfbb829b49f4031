"""Where documents are parsed: executors keyed by name, each running :func:`process_document` on jobs.

>>> sorted(EXECUTORS)
['dask', 'process']
>>> get_executor("process") is run_in_process_pool
True

An executor takes the planned jobs and :class:`ExecutorSettings` and yields
one :class:`~hotline_etl.dataset.worker.Outcome` per job as they complete,
with a bounded number of jobs in flight. Outcomes carry the rows as Arrow
bytes; writing, publishing and committing stay with
:func:`~hotline_etl.dataset.coordinator.ingest`, the one process holding the
dataset's lock, whichever executor parsed.

A document that kills the process parsing it (a segfault in a native
library, the kernel's OOM killer, SIGKILL) is tried once more on its own;
when it dies again it becomes a ``worker-died`` errors row
(:func:`~hotline_etl.dataset.worker.worker_died`) and the run goes on.

- ``"process"``: a local pool of ``spawn`` processes, each fed a few jobs at a
  time over its own pipe, so the ingest knows which document each worker was
  on when it died (one process in this one when ``workers`` is 1: no
  isolation then);
- ``"dask"``: the workers of a Dask cluster (``pip install 'hotline_etl[dask]'``):
  a local cluster of ``workers`` processes, or the cluster at ``scheduler``.
  Workers read the archive at the same absolute path (see docs/dask.md).
"""

from __future__ import annotations

import atexit
import concurrent.futures as cf
import dataclasses
import gc
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterable, Iterator, Sequence

from ..errors import HotlineError
from ..units.registry import REGISTRY_ENV
from .fingerprint import code_fingerprint, registry_fingerprint, registry_in_use
from .worker import Job, Outcome, describe_exit, process_document, warm_up, worker_died

#: Jobs handed to each worker ahead of the one it is parsing (bounds memory; keeps it busy).
IN_FLIGHT_PER_WORKER = 2
#: Times a document may kill its worker before it is recorded as ``worker-died``.
WORKER_DEATHS_ALLOWED = 2
#: Jobs in flight per Dask worker thread (a task costs a round trip to the scheduler: keep the window deeper).
DASK_IN_FLIGHT_PER_THREAD = 4
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
    """In a worker: exit when the ingest process dies (a SIGKILLed parent cannot stop its workers)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="hotline-etl-parent-watch", daemon=True).start()


def _start_worker(parent: int) -> None:
    """Initializer of a parser process: exit with the ingest; load the registry before the first time limit.

    What start-up loads (modules, the registry, patterns, OpenCC's dictionaries) lives as long as the process:
    it is frozen out of the garbage collector, so the collections a document's parse triggers do not walk it
    again and again."""
    _watch_parent(parent)
    try:
        warm_up()
    except HotlineError:  # a broken registry: the first document reports it
        pass
    gc.collect()
    gc.freeze()


def parse_here(job: Job) -> Outcome:
    """:func:`process_document`, its outcome labelled with the unit registry this process loads.

    >>> parse_here(Job("fixtures/archive", ("broken/empty.txt",), EMPTY_SHA256, "/unused")).registry is not None
    True
    """
    outcome = process_document(job)
    try:
        registry = registry_in_use(os.environ.get(REGISTRY_ENV, ""))
    except HotlineError:  # a registry file that is not there: the parse failed on it too
        registry = None
    return dataclasses.replace(outcome, registry=registry)


def _reload_registry() -> None:
    """Make this process load the unit registry afresh: the units stage caches it per value of
    ``HOTLINE_ETL_REGISTRY``, so a process that ingests again after a registry file was edited (a
    notebook, ``--workers 1`` in a test) would resolve with the old content. Pool workers start fresh."""
    from ..units import registry

    cached = getattr(registry, "_cached_registry", None)
    if hasattr(cached, "cache_clear"):
        cached.cache_clear()
    registry_in_use.cache_clear()


def _serve(conn: multiprocessing.connection.Connection, parent: int) -> None:
    """A pool worker: parse the jobs that arrive on ``conn``, send each outcome back, in order."""
    _start_worker(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the ingest's to handle; it closes our pipe
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(parse_here(job))


class _Worker:
    def __init__(self, context) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, os.getpid()), name="hotline-etl-parser",
                                       daemon=True)
        self.process.start()
        child.close()
        self.jobs: deque[Job] = deque()   # sent, not answered; the first is the one being parsed

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.conn.close()


class ProcessPool:
    """Worker processes that can be started early (while the ingest plans) and then run the jobs.

    >>> with ProcessPool(1) as pool:
    ...     list(pool.run([]))
    []
    """

    def __init__(self, workers: int):
        self.size = workers
        self.workers: list[_Worker] = []
        # spawn: workers start clean (no inherited threads or locks; same behaviour on every OS).
        self.context = multiprocessing.get_context("spawn")

    def start(self) -> "ProcessPool":
        """Start the worker processes (they import the parser while the caller goes on)."""
        while len(self.workers) < self.size:
            self.workers.append(_Worker(self.context))
        return self

    def __enter__(self) -> "ProcessPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker: idle ones exit at once; one still starting (or stuck) is terminated."""
        for w in self.workers:
            w.stop()
        deadline = time.monotonic() + 0.5
        for w in self.workers:
            w.process.join(max(deadline - time.monotonic(), 0.01))
            if w.process.is_alive():
                w.process.terminate()
                w.process.join(5)
                if w.process.is_alive():
                    w.process.kill()
                    w.process.join()
        self.workers = []

    def run(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        """Outcomes as they complete; a document that kills its worker twice becomes a ``worker-died`` outcome."""
        queue = deque(jobs)
        if not queue:
            return
        self.size = min(self.size, len(queue)) if not self.workers else self.size
        self.start()
        deaths: Counter = Counter()
        while queue or any(w.jobs for w in self.workers):
            for w in list(self.workers):
                while queue and len(w.jobs) < IN_FLIGHT_PER_WORKER:
                    job = queue.popleft()
                    try:
                        w.conn.send(job)
                    except OSError:  # it died idle, or before we noticed
                        queue.appendleft(job)
                        yield from self._replace(w, queue, deaths)
                        break
                    w.jobs.append(job)
            busy = [w for w in self.workers if w.jobs]
            ready = set(multiprocessing.connection.wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
            for w in busy:
                if w.process.sentinel in ready:
                    while w.jobs and w.conn.poll():  # what it sent before it died
                        try:
                            outcome = w.conn.recv()
                        except (EOFError, OSError):
                            break
                        w.jobs.popleft()
                        yield outcome
                    yield from self._replace(w, queue, deaths)
                elif w.conn in ready:
                    try:
                        outcome = w.conn.recv()
                    except (EOFError, OSError):
                        yield from self._replace(w, queue, deaths)
                        continue
                    w.jobs.popleft()
                    yield outcome

    def _replace(self, w: _Worker, queue: deque[Job], deaths: Counter) -> Iterator[Outcome]:
        w.process.join()
        how = describe_exit(w.process.exitcode)
        w.conn.close()
        self.workers.remove(w)
        if w.jobs:
            culprit = w.jobs.popleft()
            queue.extendleft(reversed(w.jobs))  # handed over, never started: no blame
            deaths[culprit.sha256] += 1
            if deaths[culprit.sha256] >= WORKER_DEATHS_ALLOWED:
                yield worker_died(culprit, how)
            else:
                queue.appendleft(culprit)
        if queue:
            self.workers.append(_Worker(self.context))


def pool_size(settings: ExecutorSettings) -> int:
    """Worker processes for ``settings`` (None: one per CPU)."""
    return settings.workers or os.cpu_count() or 1


def run_in_process_pool(jobs: Sequence[Job], settings: ExecutorSettings, pool: ProcessPool | None = None
                        ) -> Iterator[Outcome]:
    """Outcomes as they complete in a local process pool (``pool``: one started earlier, closed here).

    ``workers`` None means one process per CPU; 1 parses in this process.

    >>> list(run_in_process_pool([], ExecutorSettings(workers=2)))
    []
    """
    if settings.workers == 1:
        if pool is not None:
            pool.close()
        if jobs:
            _reload_registry()
        for job in jobs:
            yield parse_here(job)
        return
    if not jobs:
        if pool is not None:
            pool.close()
        return
    pool = pool or ProcessPool(pool_size(settings))
    with pool:
        yield from pool.run(jobs)


# -- Dask ----------------------------------------------------------------------------------------

# One pool of spawn processes per Dask worker process, as many processes as the worker has threads.
_PARSERS: cf.ProcessPoolExecutor | None = None
_PARSERS_LOCK = threading.Lock()


def _parsers(size: int) -> cf.ProcessPoolExecutor:
    global _PARSERS
    with _PARSERS_LOCK:
        if _PARSERS is None:
            _PARSERS = cf.ProcessPoolExecutor(max_workers=size, mp_context=multiprocessing.get_context("spawn"),
                                              initializer=_start_worker, initargs=(os.getpid(),))
            # A worker that exits without the end-of-run call: shut the pool down while the interpreter is whole,
            # not in the garbage collector at teardown (concurrent.futures' weakref_cb then fails: "Exception ignored").
            atexit.unregister(_shut_parsers_down)  # once, however often a broken pool was replaced
            atexit.register(_shut_parsers_down)
        return _PARSERS


def _shut_parsers_down(broken: cf.ProcessPoolExecutor | None = None) -> None:
    """Runs on each worker at the end of a run (and at exit): stop its child processes (they would hold memory,
    and delay the worker's own shutdown). With ``broken``: that pool only (a task found it broken; the next
    task starts a fresh one)."""
    global _PARSERS
    with _PARSERS_LOCK:
        pool = _PARSERS if broken is None else broken
        if _PARSERS is pool:
            _PARSERS = None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def parse_alone(job: Job) -> Outcome:
    """Parse ``job`` in a process of its own; a ``worker-died`` outcome when that process dies.

    >>> parse_alone(Job("fixtures/archive", ("broken/empty.txt",), EMPTY_SHA256, "/unused")).status
    'error'
    """
    with ProcessPool(1) as pool:
        pool.start()
        outcomes = list(pool.run([job]))
        if outcomes:
            return outcomes[0]
    return worker_died(job, "the process exited")  # pragma: no cover - run() always answers


def process_and_ship(job: Job) -> Outcome:
    """The Dask task: :func:`process_document` in the main thread of a child process of the worker.

    Dask runs tasks in worker threads, where ``SIGALRM`` cannot interrupt a
    parse, so ``Limits.max_seconds`` would not hold (a PDF that makes
    pdfminer spin would hold the worker for ever). In a child process the
    parse runs in its main thread, exactly as in a process-pool worker, and
    a crash takes down the child, not the Dask worker: the document is then
    tried once more in a process of its own (:func:`parse_alone`), which
    gives it a ``worker-died`` outcome if it dies again. The worker needs to
    read the archive, never to write the dataset.

    >>> process_and_ship(Job("fixtures/archive", ("broken/empty.txt",), EMPTY_SHA256, "/unused")).status
    'error'
    """
    try:
        import distributed

        threads = distributed.get_worker().state.nthreads
    except (ImportError, ValueError):  # not on a Dask worker (a doctest, a direct call): no pool to keep
        return parse_alone(job)
    pool = _parsers(threads)
    try:
        return pool.submit(parse_here, job).result()
    except cf.process.BrokenProcessPool:
        _shut_parsers_down(broken=pool)
        return parse_alone(job)


#: SHA-256 of zero bytes (the doctests' empty file).
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def _import_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise ExecutorError("--executor dask", f"Dask's distributed scheduler is not installed ({exc})",
                            f"pip install '{DASK_EXTRA}'") from exc
    return distributed


def _worker_facts(archive: str) -> tuple[str, bool, bool, str]:
    """Runs on each worker: its code fingerprint, whether it sees the archive, whether it may start processes,
    and the fingerprint of the unit registry it would load."""
    try:
        registry = registry_fingerprint()
    except HotlineError as exc:  # HOTLINE_ETL_REGISTRY names a file this worker cannot see
        registry = f"unreadable ({exc})"
    return code_fingerprint(), os.path.isdir(archive), not multiprocessing.current_process().daemon, registry


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
    other = sorted(w for w, (fp, _, _, _) in facts.items() if fp != fingerprint)
    if other:
        raise ExecutorError(address, f"{len(other)} worker(s) run different hotline_etl code ({other[0]}, ...): "
                            "their rows would not match the manifest's fingerprint",
                            "install the same hotline_etl version on every worker and on this machine")
    registry = registry_fingerprint()
    elsewhere = sorted(w for w, (_, _, _, reg) in facts.items() if reg != registry)
    if elsewhere:
        raise ExecutorError(address, f"{len(elsewhere)} worker(s) would load another unit registry ({elsewhere[0]}: "
                            f"{facts[elsewhere[0]][3]}, here: {registry}): their unit ids would not match",
                            "give the workers the same HOTLINE_ETL_REGISTRY files as this machine")
    blind = sorted(w for w, (_, sees, _, _) in facts.items() if not sees)
    if blind:
        raise ExecutorError(archive, f"{len(blind)} Dask worker(s) cannot read the archive ({blind[0]}, ...)",
                            "mount the archive at the same absolute path on every worker")
    daemonic = sorted(w for w, (_, _, may_fork, _) in facts.items() if not may_fork)
    if daemonic:
        raise ExecutorError(address, f"{len(daemonic)} Dask worker(s) are daemonic processes ({daemonic[0]}, ...), "
                            "which cannot start the child process a document is parsed in (under its time limit)",
                            f"start the workers with {DASK_DAEMON_ENV}=False (distributed.worker.daemon: false)")
    return sum(client.nthreads().values())


def run_on_dask(jobs: Sequence[Job], settings: ExecutorSettings) -> Iterator[Outcome]:
    """Outcomes as they complete on a Dask cluster, at most ``threads * DASK_IN_FLIGHT_PER_THREAD`` in flight.

    With ``settings.scheduler`` None a local cluster of ``workers`` (default
    2) single-threaded worker processes is started and closed afterwards;
    otherwise this connects to the scheduler at that address. Raises
    :class:`ExecutorError` when Dask is not installed or the workers cannot
    do the work.

    >>> job = Job("fixtures/archive", ("broken/empty.txt",), EMPTY_SHA256, "/tmp/out")
    >>> [o.status for o in run_on_dask([job], ExecutorSettings(workers=1))]  # doctest: +SKIP
    ['error']
    """
    if not jobs:
        return
    distributed = _import_distributed()
    with _connect(distributed, settings) as client:
        threads = _check_workers(client, jobs[0].archive)
        limit = max(threads, 1) * DASK_IN_FLIGHT_PER_THREAD
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
                _, job = pending.pop(future.key)
                try:
                    outcome = future.result()
                except distributed.KilledWorker as exc:  # the Dask worker itself died on it, every time Dask tried
                    outcome = worker_died(job, f"Dask worker killed: {exc}")
                future.release()  # the scheduler forgets the result now, not when the generator ends
                for job_next in islice(queue, 1):
                    window.add(submit(job_next))
                yield outcome
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
