"""The Parquet dataset (SPEC §6): schemas, rows, writer, manifest, ingest and reader.

The reader (``open_dataset``, ``HotlineDataset``) is imported on first use, so a
worker process that only parses does not load pyarrow's dataset module.

>>> from hotline_etl.dataset import TABLE_NAMES
>>> "unit_stats" in TABLE_NAMES
True
"""

from __future__ import annotations

from .coordinator import compact
from .coordinator import DatasetBusy, IngestReport, ingest
from . import archive_audit  # noqa: F401,E402  (registers the archive audit as an ingest stage)
from .schema import SCHEMA_VERSION, TABLE_NAMES, TABLES

__all__ = ["ingest", "IngestReport", "DatasetBusy", "compact", "open_dataset", "HotlineDataset", "SCHEMA_VERSION",
           "TABLES", "TABLE_NAMES"]


def __getattr__(name: str):
    if name in ("open_dataset", "HotlineDataset"):
        from . import reader

        return getattr(reader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
