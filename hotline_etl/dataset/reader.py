"""Open a dataset written by ``hotline-etl ingest``: pandas DataFrames, pyarrow datasets, DuckDB views.

>>> ds = open_dataset("out")  # doctest: +SKIP
>>> ds.bulletins[["period_start", "hotline_orders_received"]].head()  # doctest: +SKIP
>>> ds.duckdb().sql("select year, count(*) from bulletins group by year").fetchall()  # doctest: +SKIP

Only committed rows are read: when the root has a manifest, a table is the
set of files its entries own, so a dataset opened while an ingest runs (or
after one was killed) shows each document either as before or as after its
update, never both. A file that may also hold rows of documents that are not
committed (a batch published but killed before all its documents were
committed, rows retired but not yet removed) is read filtered to the
documents the manifest places in it. Without a manifest every ``*.parquet``
file under the table folder is read.

Copies of a bulletin (``bulletins.duplicate_of`` set by the archive audit,
docs/archive_audit.md) keep their ``bulletins``, ``findings``, ``warnings``
and ``errors`` rows, but their rows of the fact tables (:data:`FACT_TABLES`)
are left out, so nothing is counted twice; ``open_dataset(root,
duplicates=True)`` shows them too, for auditing.
"""

from __future__ import annotations

import os
from collections import Counter
from functools import cached_property
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as pads

import pyarrow.compute as pc

from .manifest import DATA_SUFFIX, MANIFEST_NAME, Manifest
from .schema import PARTITION_SCHEMA, TABLE_NAMES, TABLES

#: The extra that provides DuckDB and Polars.
QUERY_EXTRA = "hotline_etl[query]"
#: Tables of what a bulletin states: a copy's rows of these are left out unless ``duplicates=True``.
FACT_TABLES = ("categories", "unit_stats", "unit_mentions", "cases", "hot_topics", "sections", "tables", "figures")


def table_schema(table: str) -> pa.Schema:
    """The schema a reader sees for ``table``: its columns plus the ``year`` partition key."""
    schema = TABLES[table]
    return schema.append(PARTITION_SCHEMA.field("year"))


def _nullable_dtype(arrow_type: pa.DataType):
    import pandas as pd

    if pa.types.is_integer(arrow_type):
        return {8: pd.Int8Dtype(), 16: pd.Int16Dtype(), 32: pd.Int32Dtype(), 64: pd.Int64Dtype()}[arrow_type.bit_width]
    if pa.types.is_boolean(arrow_type):
        return pd.BooleanDtype()
    return None


class HotlineDataset:
    """A dataset root; each table is an attribute (a pandas DataFrame, loaded on first use).

    Attributes: ``bulletins``, ``categories``, ``unit_stats``, ``unit_mentions``,
    ``cases``, ``hot_topics``, ``sections``, ``findings``, ``warnings``,
    ``errors``, and ``manifest`` (one row per document, from the manifest).
    ``duplicates=True`` keeps the fact-table rows of copies of a bulletin
    (``bulletins.duplicate_of`` set); ``manifest`` reads through a manifest
    already in memory (the ingest's own, during a run).
    """

    def __init__(self, root: str | os.PathLike, *, duplicates: bool = False, manifest: Manifest | None = None):
        self.root = Path(root)
        if not self.root.is_dir():
            raise FileNotFoundError(f"{self.root}: no dataset here (run `hotline-etl ingest ARCHIVE {self.root}` first)")
        self.duplicates = duplicates
        self._frames: dict[str, Any] = {}
        self._con = None
        if manifest is not None:
            self.__dict__["_manifest"] = manifest  # the cached property's slot

    def __repr__(self) -> str:
        return f"HotlineDataset({str(self.root)!r}, documents={len(self._manifest)})"

    @cached_property
    def _manifest(self) -> Manifest:
        return Manifest.load(self.root)

    def _files(self, table: str) -> list[str]:
        if (self.root / MANIFEST_NAME).exists():
            files = sorted(f for f in self._manifest.files() if f.startswith(table + "/"))
            return [str(self.root / f) for f in files]
        base = self.root / table
        return sorted(str(p) for p in base.rglob("*" + DATA_SUFFIX) if not p.name.startswith((".", "_"))) \
            if base.is_dir() else []

    @cached_property
    def _dirty(self) -> set[str]:
        return self._manifest.dirty() if (self.root / MANIFEST_NAME).exists() else set()

    def arrow_dataset(self, table: str) -> pads.Dataset:
        """The pyarrow dataset of ``table`` (committed rows, explicit hive partitioning)."""
        if table not in TABLES:
            raise KeyError(f"no table {table!r}; tables: {', '.join(TABLE_NAMES)}")
        files = self._files(table)
        dirty = [f for f in files if Path(f).relative_to(self.root).as_posix() in self._dirty]
        clean = [f for f in files if f not in set(dirty)]
        dataset = self._files_dataset(table, clean)
        if dirty:
            # After an interrupted run (until the next one cleans up): each such file, only its committed documents.
            parts = [dataset]
            for f in dirty:
                owners = pa.array(sorted(self._manifest.owners(Path(f).relative_to(self.root).as_posix())), pa.string())
                rows = self._files_dataset(table, [f]).to_table(filter=pc.is_in(pc.field("bulletin_id"), value_set=owners))
                parts.append(pads.dataset(rows, schema=table_schema(table)))
            dataset = pads.dataset(parts)
        if table in FACT_TABLES and self._copies:
            hidden = pc.field("bulletin_id").isin(pa.array(sorted(self._copies), pa.string()))
            dataset = dataset.filter(~hidden)
        return dataset

    @cached_property
    def _copies(self) -> set[str]:
        """``bulletin_id`` of the copies whose fact-table rows are left out (none with ``duplicates=True``)."""
        if self.duplicates:
            return set()
        rows = self.arrow_dataset("bulletins").to_table(columns=["bulletin_id"], filter=pc.field("duplicate_of").is_valid())
        return set(rows.column("bulletin_id").to_pylist())

    def _files_dataset(self, table: str, files: list[str]) -> pads.Dataset:
        return pads.dataset(files, schema=table_schema(table), format="parquet",
                            partitioning=pads.partitioning(PARTITION_SCHEMA, flavor="hive"),
                            partition_base_dir=str(self.root / table))

    def arrow(self, table: str) -> pa.Table:
        """``table`` as one pyarrow Table."""
        return self.arrow_dataset(table).to_table()

    def frame(self, table: str):
        """``table`` as a pandas DataFrame (cached; the attribute of the same name returns it).

        Integer and boolean columns use pandas' nullable dtypes (``Int64``,
        ``boolean``), so a count stays an integer and a missing one is ``<NA>``
        rather than turning the column into floats. Label columns are
        categoricals with sorted categories, whatever order the documents were
        written in (files hold many documents, in the order they were parsed).
        """
        if table not in self._frames:
            frame = self.arrow(table).to_pandas(types_mapper=_nullable_dtype)
            for name in frame.columns:
                column = frame[name]
                if column.dtype == "category" and not column.cat.categories.is_monotonic_increasing:
                    frame[name] = column.cat.reorder_categories(sorted(column.cat.categories))
            self._frames[table] = frame
        return self._frames[table]

    def __getattr__(self, name: str):
        if name in TABLES:
            return self.frame(name)
        raise AttributeError(name)

    def __dir__(self):
        return [*super().__dir__(), *TABLE_NAMES]

    @property
    def manifest(self):
        """One row per document in the manifest: sha256, bulletin_id, status, path, paths, year, rows per table."""
        import pandas as pd

        rows = [{**{k: v for k, v in e.items() if k != "tables"}, "rows": sum(e["tables"].values())}
                for e in self._manifest]
        return pd.DataFrame(rows)

    def duckdb(self):
        """A DuckDB connection with every table registered as a view (needs the ``query`` extra).

        >>> open_dataset("out").duckdb().sql("select count(*) from unit_stats where not is_total")  # doctest: +SKIP
        """
        if self._con is None:
            try:
                import duckdb
            except ImportError as exc:
                raise ImportError(f"DuckDB is not installed: pip install '{QUERY_EXTRA}'") from exc
            con = duckdb.connect()
            for table in TABLE_NAMES:
                con.register(table, self.arrow_dataset(table))
            self._con = con
        return self._con

    @property
    def con(self):
        """Same as :meth:`duckdb`."""
        return self.duckdb()

    def polars(self, table: str):
        """``table`` as a Polars LazyFrame (needs the ``query`` extra)."""
        try:
            import polars as pl
        except ImportError as exc:
            raise ImportError(f"Polars is not installed: pip install '{QUERY_EXTRA}'") from exc
        return pl.scan_pyarrow_dataset(self.arrow_dataset(table))

    def counts(self) -> dict[str, int]:
        """Rows per table, from the manifest when there is one (no data file is opened)."""
        if (self.root / MANIFEST_NAME).exists():
            total: Counter = Counter()
            for e in self._manifest:
                copy = e["bulletin_id"] in self._copies
                total.update({t: n for t, n in e["tables"].items() if not (copy and t in FACT_TABLES)})
            return {t: total.get(t, 0) for t in TABLE_NAMES}
        return {t: self.arrow_dataset(t).count_rows() for t in TABLE_NAMES}

    def summary(self) -> str:
        """A short text summary: documents, years, rows per table, errors and findings by severity."""
        counts = self.counts()
        entries = list(self._manifest)
        ok = [e for e in entries if e["status"] == "ok"]
        years = Counter(e["year"] for e in ok)
        lines = [f"dataset {self.root}: {len(ok)} bulletins, {len(entries) - len(ok)} unreadable files",
                 "  years      " + (", ".join(f"{y or 'unknown'}: {n}" for y, n in sorted(years.items())) or "—"),
                 "  rows       " + ", ".join(f"{t} {n}" for t, n in counts.items())]
        findings = self.arrow("findings").column("severity").to_pylist() if counts["findings"] else []
        by_severity = Counter(findings)
        lines.append("  findings   " + (", ".join(f"{s} {by_severity[s]}" for s in ("error", "warning", "info")
                                                 if s in by_severity) or "none"))
        return "\n".join(lines)


def open_dataset(root: str | os.PathLike, *, duplicates: bool = False) -> HotlineDataset:
    """Open the dataset at ``root`` (the OUT_DIR of ``hotline-etl ingest``); ``duplicates=True`` keeps the
    fact-table rows of copies of a bulletin (see the module docstring).

    >>> ds = open_dataset("out")  # doctest: +SKIP
    >>> len(ds.bulletins), ds.unit_stats.is_total.sum()  # doctest: +SKIP
    (30, 30)
    """
    return HotlineDataset(root, duplicates=duplicates)
