"""How a document's rows travel from a worker to the writer: its columns, pickled, per table.

A worker builds plain column lists (:func:`~.rows.bulletin_columns`); the
ingest process turns the buffered columns of many documents into one Arrow
table per row group (:func:`decode_columns`). Building Arrow per document
costs more than the rows do (a call per column of every small table), so it
is done once per row group instead.
"""

from __future__ import annotations

import pickle
from typing import Any, Iterable, Mapping

import pyarrow as pa

from .schema import TABLES

#: Schemas without field descriptions: what :func:`decode_columns` builds by default (the writer puts the
#: described schema on).
BARE = {table: pa.schema([f.remove_metadata() for f in schema]) for table, schema in TABLES.items()}

_CONVERSION_ERRORS = (pa.ArrowException, TypeError, ValueError)


def _bounds(type_: pa.DataType) -> tuple[int, int]:
    bits = type_.bit_width
    return (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if pa.types.is_signed_integer(type_) else (0, (1 << bits) - 1)


#: Table -> its integer columns and the values they can hold.
_INTEGER_COLUMNS = {table: {f.name: _bounds(f.type) for f in schema if pa.types.is_integer(f.type)}
                    for table, schema in BARE.items()}


def encode_columns(columns: Mapping[str, Mapping[str, list[Any]]]) -> dict[str, bytes]:
    """One document's columns (:func:`~.rows.bulletin_columns`) as what a worker's :class:`~.worker.Outcome` carries: per
    table, the columns pickled (a ``source`` as a plain tuple). Arrow is built by the ingest process once
    per row group of many documents (:func:`decode_columns`), not once per document here: building a
    small Arrow table costs far more than its rows do.

    >>> blob = encode_columns({"warnings": {"bulletin_id": ["ab"], "period_start": [None], "position": [1],
    ...                                     "code": ["period-missing"], "message": ["m"], "source": [None]}})
    >>> decode_columns("warnings", [blob["warnings"]]).column("code").to_pylist()
    ['period-missing']
    """
    out = {}
    for table, cols in columns.items():
        if not cols or not cols["bulletin_id"]:
            continue
        check_integers(table, cols)
        plain = dict(cols)
        if "source" in plain:
            plain["source"] = [None if o is None else tuple(o) for o in plain["source"]]
        if "sources" in plain:
            plain["sources"] = [[tuple(o) for o in os] for os in plain["sources"]]
        out[table] = pickle.dumps(plain, protocol=pickle.HIGHEST_PROTOCOL)
    return out


def check_integers(table: str, columns: Mapping[str, list[Any]]) -> None:
    """Raise ValueError when a value of an integer column does not fit its type (a count of 25 run-together
    digits in an int64 column): found in the worker, where it makes the document an errors row, rather than
    when the ingest process builds the row group of many documents.

    >>> check_integers("warnings", {"position": [1, None, 2**31]})
    Traceback (most recent call last):
    ...
    ValueError: warnings.position: 2147483648 does not fit int32
    """
    for name, (low, high) in _INTEGER_COLUMNS[table].items():
        values = [v for v in columns.get(name, ()) if v is not None]
        if values and (min(values) < low or max(values) > high):
            bad = next(v for v in values if not low <= v <= high)
            raise ValueError(f"{table}.{name}: {bad} does not fit {BARE[table].field(name).type}")


def decode_columns(table: str, blobs: Iterable[bytes], schema: pa.Schema | None = None) -> pa.Table:
    """The rows of several :func:`encode_columns` blobs of ``table``, in order, as one Arrow table in
    ``schema`` (default: the table's columns without field descriptions); raises
    ValueError naming the document whose value does not fit its column."""
    schema = BARE[table] if schema is None else schema
    blobs = list(blobs)
    merged: dict[str, list[Any]] = {name: [] for name in schema.names}
    for blob in blobs:
        for name, values in pickle.loads(blob).items():
            merged[name] += values
    try:
        return pa.Table.from_pydict(merged, schema=schema)
    except _CONVERSION_ERRORS as exc:
        for blob in blobs:  # which document? (a parser bug: its rows do not match the schema)
            cols = pickle.loads(blob)
            try:
                pa.Table.from_pydict(cols, schema=schema)
            except _CONVERSION_ERRORS:
                raise ValueError(f"rows of bulletin {cols['bulletin_id'][0]} do not fit the {table} table's "
                                 f"schema: {exc}") from exc
        raise
