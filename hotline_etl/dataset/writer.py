"""Write rows as Parquet: many documents per file, staged under ``_tmp/``, then renamed into place.

An ingest batch writes one file per table per partition,
``<table>/year=<YYYY>/<name>.parquet``, holding the rows of every document of
the batch in that partition (:class:`BatchWriter`); the name is the batch's
(``r<run>-b<n>``), unique in the dataset. Files are written completely under
``OUT_DIR/_tmp/`` (readers skip ``_``-prefixed names, and the table folders
never hold a partial file), streamed one row group at a time so memory stays
flat, then moved into place with :func:`os.replace`, which is atomic on one
file system. pyarrow's ``existing_data_behavior`` is never involved.

Rows leave a file by rewriting it: :func:`rewrite` keeps the rows of the
documents still committed there and replaces the file under the same name
(one atomic rename); :func:`merge` writes the committed rows of several files
of one partition into one (compaction).

>>> data_path("unit_stats", 2020, "r3-b1")
'unit_stats/year=2020/r3-b1.parquet'
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .._version import __version__
from .codec import decode_columns
from .manifest import DATA_SUFFIX, data_path
from .schema import META_PARSER_VERSION, TABLES

__all__ = ["TMP_DIR", "DATA_SUFFIX", "COMPRESSION", "StagedFile", "BatchWriter", "data_path", "publish", "discard",
           "rewrite", "merge", "remove"]

#: Staging folder under the dataset root (ignored by readers: leading underscore).
TMP_DIR = "_tmp"
#: Parquet compression of data files (readable by pyarrow, DuckDB and Polars).
COMPRESSION = "zstd"
#: A row group is written once a table-partition has buffered this many rows ...
ROW_GROUP_ROWS = 100_000
#: ... or this many bytes (text-heavy tables such as sections reach it first).
ROW_GROUP_BYTES = 8 << 20
#: Above this many buffered bytes in all, the largest buffers are written out early.
BUFFER_BYTES = 16 << 20
#: Encoded documents are turned into Arrow this many bytes at a time when a row group is written (the
#: Python values in between take several times their encoded size; the Arrow pieces are joined after).
DECODE_BYTES = 1 << 20
#: Table-partitions one batch may write (one open file each); a document that would open more
#: starts the next batch.
MAX_PARTS = 256


@dataclass(frozen=True, slots=True)
class StagedFile:
    """A fully written temporary file, the dataset path it will be renamed to, and its row count."""

    tmp: str     # absolute path under OUT_DIR/_tmp
    final: str   # path relative to OUT_DIR
    rows: int


def file_schema(table: str) -> pa.Schema:
    """The schema written into ``table``'s files: its declared schema plus the parser version."""
    schema = TABLES[table]
    return schema.with_metadata({**schema.metadata, META_PARSER_VERSION: __version__.encode()})


class _Part:
    """One table-partition of a batch: buffered tables and the writer of its file."""

    def __init__(self, table: str, year: int, tmp: Path, final: str):
        self.table, self.year = table, year
        self.tmp, self.final = tmp, final
        self.schema = file_schema(table)
        self.buffer: list[pa.Table | bytes] = []  # tables, or documents' columns (codec) decoded when written
        self.buffered_rows = 0
        self.buffered_bytes = 0
        self.writer: pq.ParquetWriter | None = None
        self.rows = 0


class BatchWriter:
    """Stream the rows of many documents into one file per table per partition, under ``_tmp/``.

    Every file of the batch is named ``name``; :meth:`accepts` says whether a
    document fits (a batch writes at most :data:`MAX_PARTS` table-partitions).

    >>> import tempfile
    >>> from hotline_etl.dataset.worker import to_arrow
    >>> w = BatchWriter(tempfile.mkdtemp(), "r1-b1")
    >>> w.add({"warnings": to_arrow("warnings", [{"bulletin_id": "ab", "period_start": None, "position": 1,
    ...        "code": "period-missing", "message": "m", "source": None}])}, 0)
    >>> [(f.final, f.rows) for f in w.close()]
    [('warnings/year=0/r1-b1.parquet', 1)]
    """

    def __init__(self, out_dir: str | os.PathLike, name: str):
        self.out_dir = Path(out_dir)
        self.name = name
        self.tmp_dir = self.out_dir / TMP_DIR / name
        self.parts: dict[tuple[str, int], _Part] = {}
        self.rows = 0
        self.buffered_bytes = 0
        self.documents = 0

    def accepts(self, tables: Iterable[str], year: int) -> bool:
        """True when a document with rows in ``tables`` (partition ``year``) fits in this batch."""
        new = sum(1 for t in tables if (t, year) not in self.parts)
        return not new or len(self.parts) + new <= MAX_PARTS

    def add(self, tables: Mapping[str, pa.Table], year: int) -> None:
        """Add one document's rows, all in partition ``year``: ``table -> pa.Table`` with the table's columns
        (field descriptions may be missing: the file gets the declared schema)."""
        self._add({t: (data, data.num_rows, data.nbytes) for t, data in tables.items()}, year)

    def add_streams(self, streams: Mapping[str, bytes], rows: Mapping[str, int], year: int) -> None:
        """Add one document's rows as encoded columns per table (:func:`~.codec.encode_columns`; ``rows``:
        row counts), kept as they came until their row group is written: then the buffered documents of a
        table-partition become one Arrow table at once."""
        self._add({t: (data, rows[t], len(data)) for t, data in streams.items()}, year)

    def _add(self, tables: Mapping[str, tuple[pa.Table | bytes, int, int]], year: int) -> None:
        for table, (data, rows, size) in tables.items():
            if not rows:
                continue
            part = self.parts.get((table, year))
            if part is None:
                tmp = self.tmp_dir / f"{table}.{year}{DATA_SUFFIX}"
                part = self.parts[(table, year)] = _Part(table, year, tmp, data_path(table, year, self.name))
            part.buffer.append(data)
            part.buffered_rows += rows
            part.buffered_bytes += size
            self.buffered_bytes += size
            self.rows += rows
            if part.buffered_rows >= ROW_GROUP_ROWS or part.buffered_bytes >= ROW_GROUP_BYTES:
                self._write(part)
        self.documents += 1
        if self.buffered_bytes > BUFFER_BYTES:
            for part in sorted(self.parts.values(), key=lambda p: p.buffered_bytes, reverse=True):
                if self.buffered_bytes <= BUFFER_BYTES // 2:
                    break
                self._write(part)

    def _write(self, part: _Part) -> None:
        if not part.buffer:
            return
        if part.writer is None:
            self.tmp_dir.mkdir(parents=True, exist_ok=True)
            part.writer = pq.ParquetWriter(part.tmp, part.schema, compression=COMPRESSION)
        pieces, blobs, size = [], [], 0
        for item in part.buffer + [None]:  # runs of column blobs become one table each, in order
            if isinstance(item, bytes) and size < DECODE_BYTES:
                blobs.append(item)
                size += len(item)
                continue
            if blobs:  # decoded a few documents at a time: their Python values are several times their pickles
                pieces.append(decode_columns(part.table, blobs, part.schema))
                blobs, size = [], 0
            if isinstance(item, bytes):
                blobs.append(item)
                size += len(item)
                continue
            if item is not None:
                pieces.append(pa.Table.from_arrays(item.columns, schema=part.schema))  # descriptions back on
        data = pieces[0] if len(pieces) == 1 else pa.concat_tables(pieces)
        part.writer.write_table(data, row_group_size=ROW_GROUP_ROWS)
        part.rows += data.num_rows
        self.buffered_bytes -= part.buffered_bytes
        part.buffer, part.buffered_rows, part.buffered_bytes = [], 0, 0

    def close(self) -> list[StagedFile]:
        """Write what is buffered and close every file; the staged files, ready to publish."""
        staged = []
        for part in self.parts.values():
            self._write(part)
            if part.writer is not None:
                part.writer.close()
                part.writer = None
                staged.append(StagedFile(str(part.tmp), part.final, part.rows))
        return staged

    def abort(self) -> None:
        """Close and delete everything written so far."""
        for part in self.parts.values():
            if part.writer is not None:
                part.writer.close()
                part.writer = None
        discard_dir(self.tmp_dir)


def publish(out_dir: str | os.PathLike, staged: Iterable[StagedFile]) -> None:
    """Move staged files into place, replacing any previous file of the same name atomically."""
    made: set[Path] = set()
    for f in staged:
        target = Path(out_dir, f.final)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        os.replace(f.tmp, target)


def discard(staged: Iterable[StagedFile]) -> None:
    """Remove staged files that will not be published."""
    for f in staged:
        Path(f.tmp).unlink(missing_ok=True)


def discard_dir(path: Path) -> None:
    """Remove a staging folder and what is in it (a batch that will not be published)."""
    if path.is_dir():
        for child in path.iterdir():
            child.unlink(missing_ok=True)
        path.rmdir()


def _filtered_batches(path: Path, keep: pa.Array | None) -> Iterable[pa.RecordBatch]:
    pf = pq.ParquetFile(path)
    for i in range(pf.num_row_groups):
        group = pf.read_row_group(i)
        if keep is not None:
            group = group.filter(pc.is_in(group.column("bulletin_id"), value_set=keep))
        if group.num_rows:
            yield group


def rewrite(out_dir: str | os.PathLike, rel: str, keep: set[str]) -> int:
    """Rewrite data file ``rel`` with only the rows of the documents (``bulletin_id``) in ``keep``.

    The new file replaces the old one under the same name in one rename
    (deleted when no row is left). Returns the rows the file now holds.
    """
    path = Path(out_dir, rel)
    meta = pq.read_metadata(path)
    if not keep:
        path.unlink(missing_ok=True)
        _remove_empty_parent(path)
        return 0
    keep_arr = pa.array(sorted(keep), pa.string())
    tmp = Path(out_dir, TMP_DIR, f"rewrite-{uuid.uuid4().hex[:12]}{DATA_SUFFIX}")
    tmp.parent.mkdir(parents=True, exist_ok=True)
    rows = _write_batches(tmp, pq.read_schema(path), _filtered_batches(path, keep_arr))
    if rows == meta.num_rows:
        tmp.unlink()
        return rows
    if rows == 0:
        tmp.unlink()
        path.unlink(missing_ok=True)
        _remove_empty_parent(path)
        return 0
    os.replace(tmp, path)
    return rows


def _write_batches(tmp: Path, schema: pa.Schema, batches: Iterable[pa.Table]) -> int:
    rows = 0
    pending: list[pa.Table] = []
    pending_rows = 0
    with pq.ParquetWriter(tmp, schema, compression=COMPRESSION) as writer:
        for group in batches:
            pending.append(pa.Table.from_arrays(group.columns, schema=schema))
            pending_rows += group.num_rows
            if pending_rows >= ROW_GROUP_ROWS:
                writer.write_table(pa.concat_tables(pending), row_group_size=ROW_GROUP_ROWS)
                rows += pending_rows
                pending, pending_rows = [], 0
        if pending:
            writer.write_table(pa.concat_tables(pending), row_group_size=ROW_GROUP_ROWS)
            rows += pending_rows
    return rows


def merge(out_dir: str | os.PathLike, sources: list[tuple[str, set[str]]], final: str) -> StagedFile:
    """Write the kept rows of several files of one partition into one staged file (compaction).

    ``sources`` lists ``(relative path, bulletin ids to keep from it)``, files
    of one schema (the first one's is written); the result is staged under
    ``_tmp/`` and renamed to ``final`` by :func:`publish`.
    """
    tmp = Path(out_dir, TMP_DIR, f"merge-{uuid.uuid4().hex[:12]}{DATA_SUFFIX}")
    tmp.parent.mkdir(parents=True, exist_ok=True)

    def batches():
        for rel, keep in sources:
            yield from _filtered_batches(Path(out_dir, rel), pa.array(sorted(keep), pa.string()))

    rows = _write_batches(tmp, pq.read_schema(Path(out_dir, sources[0][0])), batches())
    return StagedFile(str(tmp), final, rows)


def remove(out_dir: str | os.PathLike, paths: Iterable[str]) -> None:
    """Delete data files (relative paths); missing files are fine, empty partition folders go too."""
    for rel in paths:
        p = Path(out_dir, rel)
        p.unlink(missing_ok=True)
        _remove_empty_parent(p)


def _remove_empty_parent(path: Path) -> None:
    try:
        path.parent.rmdir()
    except OSError:  # not empty, or already gone
        pass
