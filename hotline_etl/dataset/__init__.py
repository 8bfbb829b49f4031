"""The Parquet dataset (SPEC §6): schemas, rows, writer, manifest, ingest and reader.

>>> from hotline_etl.dataset import TABLE_NAMES
>>> "unit_stats" in TABLE_NAMES
True
"""

from __future__ import annotations

from .ingest import DatasetBusy, IngestReport, ingest
from .reader import HotlineDataset, open_dataset
from .schema import SCHEMA_VERSION, TABLE_NAMES, TABLES

__all__ = ["ingest", "IngestReport", "DatasetBusy", "open_dataset", "HotlineDataset", "SCHEMA_VERSION", "TABLES",
           "TABLE_NAMES"]
