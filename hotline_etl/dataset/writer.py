"""Write one document's rows as Parquet files: staged under ``_tmp/``, then renamed into place.

Each table's rows for a document go to one file,
``<table>/year=<YYYY>/<bulletin_id>.parquet``, so re-writing a document
replaces exactly its own files and never touches another document's rows
(pyarrow's ``existing_data_behavior`` is never involved). Files are first
written completely under ``OUT_DIR/_tmp/`` (readers skip ``_``-prefixed
names, and the table folders never hold a partial file), then moved into
place with :func:`os.replace`, which is atomic on one file system.

>>> data_path("unit_stats", 2020, "0bd1a52a453bee82")
'unit_stats/year=2020/0bd1a52a453bee82.parquet'
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from .._version import __version__
from .schema import META_PARSER_VERSION, TABLES

#: Staging folder under the dataset root (ignored by readers: leading underscore).
TMP_DIR = "_tmp"
#: Suffix of data files.
DATA_SUFFIX = ".parquet"
#: Parquet compression of data files (readable by pyarrow, DuckDB and Polars).
COMPRESSION = "zstd"


@dataclass(frozen=True, slots=True)
class StagedFile:
    """A fully written temporary file and the dataset path it will be renamed to."""

    tmp: str     # absolute path under OUT_DIR/_tmp
    final: str   # path relative to OUT_DIR


def data_path(table: str, year: int, bulletin_id: str) -> str:
    """Path, relative to the dataset root, of ``table``'s file for one document."""
    return f"{table}/year={year}/{bulletin_id}{DATA_SUFFIX}"


def to_arrow(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows of ``table`` as a pyarrow Table in its declared schema (raises on a type mismatch).

    >>> to_arrow("warnings", [{"bulletin_id": "ab", "period_start": None, "position": 1,
    ...                        "code": "period-missing", "message": "m", "source": None}]).num_rows
    1
    """
    schema = TABLES[table]
    schema = schema.with_metadata({**schema.metadata, META_PARSER_VERSION: __version__.encode()})
    return pa.Table.from_pylist(rows, schema=schema)


def stage(out_dir: str | os.PathLike, bulletin_id: str, year: int, rows: dict[str, list[dict[str, Any]]]) -> list[StagedFile]:
    """Write each table's rows of one document to a temporary file; nothing is visible yet."""
    tmp_dir = Path(out_dir, TMP_DIR)
    tmp_dir.mkdir(parents=True, exist_ok=True)
    staged = []
    token = uuid.uuid4().hex[:12]
    for table, table_rows in rows.items():
        if not table_rows:
            continue
        tmp = tmp_dir / f"{bulletin_id}.{table}.{token}{DATA_SUFFIX}"
        pq.write_table(to_arrow(table, table_rows), tmp, compression=COMPRESSION)
        staged.append(StagedFile(str(tmp), data_path(table, year, bulletin_id)))
    return staged


def publish(out_dir: str | os.PathLike, staged: Iterable[StagedFile]) -> None:
    """Move staged files into place, replacing any previous file of the same name atomically."""
    for f in staged:
        target = Path(out_dir, f.final)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(f.tmp, target)


def discard(staged: Iterable[StagedFile]) -> None:
    """Remove staged files that will not be published."""
    for f in staged:
        try:
            os.unlink(f.tmp)
        except FileNotFoundError:
            pass


def remove(out_dir: str | os.PathLike, paths: Iterable[str]) -> None:
    """Delete data files (relative paths); missing files are fine, empty partition folders go too."""
    parents = set()
    for rel in paths:
        p = Path(out_dir, rel)
        try:
            p.unlink()
        except FileNotFoundError:
            pass
        parents.add(p.parent)
    for parent in parents:
        try:
            parent.rmdir()
        except OSError:  # not empty, or already gone
            pass
