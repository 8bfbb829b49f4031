"""What a worker does with one document: read it (size first), parse it, and return its rows as columns.

This module is the root of the parse path (:data:`~.fingerprint.PARSE_ROOTS`):
everything it imports shapes a document's rows, and nothing else does.

>>> import hashlib
>>> sha = hashlib.sha256(Path("fixtures/seed/000_0bd1a52a453bee82.txt").read_bytes()).hexdigest()
>>> outcome = process_document(Job("fixtures/seed", ("000_0bd1a52a453bee82.txt",), sha, "/unused"))
>>> outcome.status, outcome.year, outcome.tables["unit_stats"]
('ok', 2020, 60)
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from .._version import __version__
from ..errors import HotlineError, WorkerDied
from ..limits import DEFAULT_LIMITS, Limits
from ..pipeline import parse
from ..readers import detect_format
from .codec import decode_columns, encode_columns
from .rows import SourceInfo, as_columns, bulletin_columns, error_rows, partition_year
from .schema import META_PARSER_VERSION, TABLES, UNKNOWN_YEAR

log = logging.getLogger(__name__)

#: Test hook: ``HOTLINE_ETL_WORKER_FAULT=<file name>`` makes a worker SIGKILL itself on that file (every
#: time; ``<file name>@<marker file>``: only while the marker file does not exist, which it then creates).
WORKER_FAULT_ENV = "HOTLINE_ETL_WORKER_FAULT"

#: Bytes read to name the format of a file the worker never finished (``worker-died`` rows).
FORMAT_PROBE_BYTES = 1 << 16


@dataclass(frozen=True, slots=True)
class Job:
    """One document to parse: its bytes' hash and every archive path holding them (owner first).

    ``size`` is the size the plan saw (None: unknown); ``out_dir`` is the dataset
    being written (workers never write there: the ingest process does).
    """

    archive: str
    paths: tuple[str, ...]
    sha256: str
    out_dir: str
    limits: Limits = DEFAULT_LIMITS
    size: int | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker did with a job.

    ``status``: ``ok``, ``error`` (an errors row), ``changed`` (the bytes no
    longer match the plan's hash) or ``vanished``. ``data`` holds each table's
    columns (:func:`~.codec.encode_columns`; :func:`tables_of` reads them as
    Arrow); ``tables`` their row counts; ``registry``, filled by the executor,
    the fingerprint of the unit registry the worker process loads.
    """

    job: Job
    status: str
    sha256: str
    size: int
    year: int
    tables: dict[str, int]
    data: dict[str, bytes] = field(default_factory=dict)
    error: str | None = None
    error_class: str | None = None
    registry: str | None = None
    #: Pages the document had (PDF, image frames) and how many of them were read by OCR: the progress bar's.
    pages: int = 0
    ocr_pages: int = 0


#: A made-up bulletin in traditional script that :func:`warm_up` parses: it reaches the stages and the
#: lazily compiled patterns a real bulletin reaches (period, headline figures, unit lists, statistics table).
WARM_UP_TEXT = """柳溪縣12345政務服務便民熱線2022年4月運行情況通報
4月，熱線共受理群眾訴求1,364件，其中轉辦工單902件，已辦結875件，辦結率97.0%，滿意率95.2%。
一、各單位辦理情況
序號\t單位\t受理案件數\t辦結數\t辦結率
1\t縣水務局\t41\t40\t97.6%
2\t縣林業局\t18\t18\t100%
合計\t59\t58\t98.3%
二、存在的問題
逾期未辦結單位為：縣水務局、柳溪鎮人民政府。
"""


def warm_up() -> None:
    """Load what the first parse of a process would load (the unit registry, OpenCC's dictionaries, the
    patterns compiled on first use) by parsing :data:`WARM_UP_TEXT`, so a worker pays it once at start, not
    inside the first document's time limit.

    >>> warm_up()  # a second call costs one small parse
    """
    from ..units.registry import default_registry

    default_registry()  # a broken registry raises here (the caller decides), not inside the parse below
    try:
        parse(WARM_UP_TEXT.encode("utf-8"), name="warm-up.txt")
    except HotlineError:  # pragma: no cover - the text is a bulletin; a parser change must not stop workers
        log.debug("warm-up parse failed", exc_info=True)


def to_arrow(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows of ``table`` as a pyarrow Table in its declared schema (raises on a type mismatch).

    >>> to_arrow("warnings", [{"bulletin_id": "ab", "period_start": None, "position": 1,
    ...                        "code": "period-missing", "message": "m", "source": None}]).num_rows
    1
    """
    schema = TABLES[table]
    schema = schema.with_metadata({**schema.metadata, META_PARSER_VERSION: __version__.encode()})
    return pa.Table.from_pylist(rows, schema=schema)


def _encode(rows: dict[str, list[dict[str, Any]]]) -> dict[str, bytes]:
    """Row dicts (an errors row) as :func:`encode_columns` blobs."""
    return encode_columns({table: as_columns(table_rows) for table, table_rows in rows.items()})


def tables_of(outcome: Outcome) -> dict[str, pa.Table]:
    """The rows an outcome carries, per table: each table's columns, without the field descriptions
    (the writer puts the declared schema on when it writes a file).

    >>> tables_of(worker_died(Job("fixtures/seed", ("000_0bd1a52a453bee82.txt",), "ab" * 32, "/x"),
    ...                       "signal SIGKILL"))["errors"].column("error_kind").to_pylist()
    ['worker-died']
    """
    return {table: decode_columns(table, [data]) for table, data in outcome.data.items()}


def process_document(job: Job) -> Outcome:
    """Parse one document and return its rows (runs in a worker process).

    The file's size is checked before it is read or hashed (a file over
    ``max_file_bytes`` is an errors row at once); a file whose bytes differ
    from the plan's hash is ``changed``. Every failure to parse becomes an
    ``errors`` row, an unexpected exception (a parser bug) too, so one bad file
    never stops a batch.
    """
    owner = job.paths[0]
    path = Path(job.archive, owner)
    if os.environ.get(WORKER_FAULT_ENV):
        _fault(owner)
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        return Outcome(job, "vanished", job.sha256, 0, UNKNOWN_YEAR, {})
    if job.size is not None and size != job.size:
        return Outcome(job, "changed", "", size, UNKNOWN_YEAR, {})
    limit = job.limits.max_file_bytes
    if limit is not None and size > limit:
        try:
            job.limits.check_file_size(size, owner)
        except HotlineError as exc:
            return _failed(job, job.sha256, size, "unknown", exc)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Outcome(job, "vanished", job.sha256, 0, UNKNOWN_YEAR, {})
    sha = hashlib.sha256(data).hexdigest()
    if sha != job.sha256:
        return Outcome(job, "changed", sha, len(data), UNKNOWN_YEAR, {})
    fmt = detect_format(data)
    try:
        bulletin = parse(data, name=owner, limits=job.limits)  # a limit hit is a HotlineError: an errors row
    except Exception as exc:  # noqa: BLE001 - recorded as an errors row, see docstring
        if not isinstance(exc, HotlineError):
            log.exception("internal error parsing %s", owner)
        return _failed(job, sha, len(data), fmt, exc)
    try:
        columns = bulletin_columns(bulletin, SourceInfo(owner, sha, len(data), fmt))
        encoded = encode_columns(columns)
    except Exception as exc:  # noqa: BLE001 - a value its column cannot hold (or a bug): an errors row
        log.exception("internal error building the rows of %s", owner)
        return _failed(job, sha, len(data), fmt, exc)
    return Outcome(job, "ok", sha, len(data), partition_year(bulletin.period.start),
                   {t: len(c["bulletin_id"]) for t, c in columns.items()}, encoded,
                   pages=bulletin.pages or 0, ocr_pages=len(bulletin.ocr_pages))


def _fault(owner: str) -> None:
    name, _, marker = os.environ[WORKER_FAULT_ENV].partition("@")
    if Path(owner).name != name:
        return
    if marker:
        try:
            Path(marker).touch(exist_ok=False)
        except FileExistsError:
            return
    os.kill(os.getpid(), signal.SIGKILL)


def _failed(job: Job, sha: str, size: int, fmt: str, exc: BaseException) -> Outcome:
    rows = {"errors": [row for path in job.paths
                       for row in error_rows(SourceInfo(path, sha, size, fmt), exc)["errors"]]}
    return Outcome(job, "error", sha, size, UNKNOWN_YEAR, {"errors": len(rows["errors"])}, _encode(rows),
                   error=str(exc), error_class=type(exc).__name__)


def worker_died(job: Job, how: str) -> Outcome:
    """The errors row of a document whose worker died on it twice (built by the ingest process).

    ``how`` says how the worker ended (``signal SIGKILL``, ``exit status 1``).
    The file is not parsed here: only its first bytes are read, for the format.
    """
    owner = job.paths[0]
    try:
        with open(Path(job.archive, owner), "rb") as fh:
            fmt = detect_format(fh.read(FORMAT_PROBE_BYTES))
    except OSError:
        fmt = "unknown"
    size = job.size if job.size is not None else 0
    exc = WorkerDied(owner, f"the parser process died ({how}) on this file, twice",
                     "it ran out of memory or crashed in a native library; the rest of the archive went on")
    return _failed(job, job.sha256, size, fmt, exc)


def describe_exit(exitcode: int | None) -> str:
    """How a process ended, in words: ``signal SIGKILL`` or ``exit status 3``.

    >>> describe_exit(-9), describe_exit(3)
    ('signal SIGKILL', 'exit status 3')
    """
    if exitcode is None:
        return "unknown exit"
    if exitcode < 0:
        try:
            return f"signal {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit status {exitcode}"
