"""Open a dataset written by ``hotline-etl ingest``: pandas DataFrames, pyarrow datasets, DuckDB views.

>>> ds = open_dataset("out")  # doctest: +SKIP
>>> ds.bulletins[["period_start", "hotline_orders_received"]].head()  # doctest: +SKIP
>>> ds.duckdb().sql("select year, count(*) from bulletins group by year").fetchall()  # doctest: +SKIP

Only committed files are read: when the root has a manifest, a table is the
set of files its entries own, so a dataset opened while an ingest runs (or
after one was killed) shows each document either as before or as after its
update, never both. Without a manifest every ``*.parquet`` file under the
table folder is read.
"""

from __future__ import annotations

import os
from collections import Counter
from functools import cached_property
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as pads

from .manifest import MANIFEST_NAME, Manifest, entry_files
from .schema import PARTITION_SCHEMA, TABLE_NAMES, TABLES
from .writer import DATA_SUFFIX

#: The extra that provides DuckDB and Polars.
QUERY_EXTRA = "hotline_etl[query]"


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
    """

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        if not self.root.is_dir():
            raise FileNotFoundError(f"{self.root}: no dataset here (run `hotline-etl ingest ARCHIVE {self.root}` first)")
        self._frames: dict[str, Any] = {}
        self._con = None

    def __repr__(self) -> str:
        return f"HotlineDataset({str(self.root)!r}, documents={len(self._manifest)})"

    @cached_property
    def _manifest(self) -> Manifest:
        return Manifest.load(self.root)

    def _files(self, table: str) -> list[str]:
        if (self.root / MANIFEST_NAME).exists():
            files = sorted(f for e in self._manifest for f in entry_files(e) if f.startswith(table + "/"))
            return [str(self.root / f) for f in files]
        base = self.root / table
        return sorted(str(p) for p in base.rglob("*" + DATA_SUFFIX) if not p.name.startswith((".", "_"))) \
            if base.is_dir() else []

    def arrow_dataset(self, table: str) -> pads.Dataset:
        """The pyarrow dataset of ``table`` (committed files, explicit hive partitioning)."""
        if table not in TABLES:
            raise KeyError(f"no table {table!r}; tables: {', '.join(TABLE_NAMES)}")
        return pads.dataset(self._files(table), schema=table_schema(table), format="parquet",
                            partitioning=pads.partitioning(PARTITION_SCHEMA, flavor="hive"),
                            partition_base_dir=str(self.root / table))

    def arrow(self, table: str) -> pa.Table:
        """``table`` as one pyarrow Table."""
        return self.arrow_dataset(table).to_table()

    def frame(self, table: str):
        """``table`` as a pandas DataFrame (cached; the attribute of the same name returns it).

        Integer and boolean columns use pandas' nullable dtypes (``Int64``,
        ``boolean``), so a count stays an integer and a missing one is ``<NA>``
        rather than turning the column into floats.
        """
        if table not in self._frames:
            self._frames[table] = self.arrow(table).to_pandas(types_mapper=_nullable_dtype)
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
                total.update(e["tables"])
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


def open_dataset(root: str | os.PathLike) -> HotlineDataset:
    """Open the dataset at ``root`` (the OUT_DIR of ``hotline-etl ingest``).

    >>> ds = open_dataset("out")  # doctest: +SKIP
    >>> len(ds.bulletins), ds.unit_stats.is_total.sum()  # doctest: +SKIP
    (30, 30)
    """
    return HotlineDataset(root)
