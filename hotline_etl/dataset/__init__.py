"""The Parquet dataset (SPEC §6): schemas, rows, writer, manifest, ingest and reader.

The ingest (``ingest``, ``compact`` …) and the reader (``open_dataset``,
``HotlineDataset``) are imported on first use: a worker process imports
modules of this package to build rows, and this file runs first, so it loads
nothing a worker does not need (pyarrow's dataset module, pandas, the ingest loop).

>>> from hotline_etl.dataset import TABLE_NAMES
>>> "unit_stats" in TABLE_NAMES
True
"""

from __future__ import annotations

from .schema import SCHEMA_VERSION, TABLE_NAMES, TABLES

__all__ = ["ingest", "IngestReport", "DatasetBusy", "compact", "open_dataset", "HotlineDataset", "SCHEMA_VERSION",
           "TABLES", "TABLE_NAMES"]

_INGEST_NAMES = ("ingest", "IngestReport", "DatasetBusy", "compact")
_READER_NAMES = ("open_dataset", "HotlineDataset")


def __getattr__(name: str):
    if name in _INGEST_NAMES:
        from . import coordinator

        return getattr(coordinator, name)
    if name in _READER_NAMES:
        from . import reader

        return getattr(reader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
