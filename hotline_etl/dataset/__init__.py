"""The Parquet dataset (SPEC §6): schemas, rows, writer, manifest, ingest and reader.

The ingest (``ingest``, ``compact``) and the reader (``open_dataset``,
``HotlineDataset``) are imported on first use, so a worker process that only
parses loads neither the coordinator nor pandas and pyarrow's dataset module.

>>> from hotline_etl.dataset import TABLE_NAMES
>>> "unit_stats" in TABLE_NAMES
True
"""

from __future__ import annotations

import importlib

from .schema import SCHEMA_VERSION, TABLE_NAMES, TABLES

__all__ = ["ingest", "IngestReport", "DatasetBusy", "compact", "open_dataset", "HotlineDataset", "SCHEMA_VERSION",
           "TABLES", "TABLE_NAMES"]

#: Name -> the submodule that defines it, imported on first use.
_ON_FIRST_USE = {"ingest": "coordinator", "IngestReport": "coordinator", "DatasetBusy": "coordinator",
                 "compact": "coordinator", "open_dataset": "reader", "HotlineDataset": "reader"}


def __getattr__(name: str):
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
