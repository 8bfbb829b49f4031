"""Compaction: rewrite a partition's many small files into one (``hotline-etl compact OUT``).

Every ingest batch writes one file per table per partition, so a dataset
grown by many small runs collects small files. Compacting a table-partition
streams the committed rows of its files (row group by row group: memory stays
flat) into one new file, renames it into place, records the move in the
manifest (one line: the commit point) and deletes the old files. A run killed
in between leaves either an unreferenced new file or unreferenced old ones,
which the next run deletes. ``ingest`` compacts a partition by itself once it
holds :data:`AUTO_COMPACT_FILES` files, or when the run itself wrote it more
than one (its batches closed on time or size in the middle of a year).

Files written under an older schema (before a column was added) are left
alone: their rows are parsed again under the new schema by the next ingest.

>>> from hotline_etl.dataset import compact
>>> report = compact("out")  # doctest: +SKIP
>>> report.files_before, report.files_after  # doctest: +SKIP
(40, 10)
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from . import writer
from .manifest import DATA_SUFFIX, Manifest, data_path
from .schema import TABLES

#: A table-partition with this many committed files is compacted at the end of an ingest.
AUTO_COMPACT_FILES = 8


@dataclass
class CompactReport:
    """What a compaction did: partitions rewritten, their files before and after, time taken."""

    partitions: int = 0
    files_before: int = 0
    files_after: int = 0
    rows: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """One line for ``hotline-etl compact``."""
        if not self.partitions:
            return f"nothing to compact ({self.seconds:.1f} s)"
        return (f"{self.partitions} partitions compacted: {self.files_before} files -> {self.files_after} "
                f"({self.rows} rows rewritten) in {self.seconds:.1f} s")


def partition_files(manifest: Manifest) -> dict[tuple[str, int], list[str]]:
    """Committed data files by ``(table, year)``.

    >>> m = Manifest()
    >>> m.put({"sha256": "ab" * 32, "bulletin_id": "ab" * 8, "status": "ok", "path": "a.txt", "paths": ["a.txt"],
    ...        "year": 2020, "tables": {"bulletins": 1}, "files": {"bulletins": "r1-b1"}})
    >>> partition_files(m)
    {('bulletins', 2020): ['bulletins/year=2020/r1-b1.parquet']}
    """
    out: dict[tuple[str, int], list[str]] = {}
    for path in sorted(manifest.holders):
        table, part, _ = path.split("/", 2)
        out.setdefault((table, int(part.partition("=")[2])), []).append(path)
    return out


def _current_schema(out: Path, path: str, table: str) -> bool:
    return table in TABLES and pq.read_schema(out / path).equals(TABLES[table], check_metadata=False)


def compact_partitions(out: Path, manifest: Manifest, *, min_files: int | None = None,
                       new_prefix: str | None = None) -> CompactReport:
    """Merge the files of every table-partition that has at least ``min_files`` (None:
    :data:`AUTO_COMPACT_FILES`), or, with ``new_prefix``, two or more files whose names start with it (the
    batches of one run), under the caller's lock. New files are named ``r<run>-c<n>`` after the run's
    number (:meth:`~.manifest.Manifest.this_run`).
    """
    min_files = AUTO_COMPACT_FILES if min_files is None else min_files
    started = time.monotonic()
    report = CompactReport()
    n = 0
    for (table, year), paths in partition_files(manifest).items():
        new = sum(1 for p in paths if new_prefix and p.rpartition("/")[2].startswith(new_prefix))
        if len(paths) < max(min_files, 2) and new < 2:
            continue
        paths = [p for p in paths if _current_schema(out, p, table)]
        if len(paths) < 2:
            continue
        n += 1
        name = f"r{manifest.this_run()}-c{n}"
        staged = writer.merge(out, [(p, manifest.owners(p)) for p in paths], data_path(table, year, name))
        writer.publish(out, [staged])
        manifest.move(table, year, [p.rpartition("/")[2][: -len(DATA_SUFFIX)] for p in paths], name, staged.rows)
        writer.remove(out, paths)
        manifest.record_files({p: 0 for p in paths})
        report.partitions += 1
        report.files_before += len(paths)
        report.files_after += 1
        report.rows += staged.rows
    report.seconds = time.monotonic() - started
    return report
