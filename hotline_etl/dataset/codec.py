"""How a document's rows travel from a worker to the writer: its columns, pickled, per table.

A worker builds plain column lists (:func:`~.rows.bulletin_columns`); the
ingest process turns the buffered columns of many documents into one Arrow
table per row group (:func:`decode_columns`). Building Arrow per document
costs more than the rows do (a call per column of every small table), so it
is done once per row group instead.
"""

from __future__ import annotations

import pickle
from itertools import groupby
from typing import Any, Iterable, Mapping

import pyarrow as pa

from ..document import Origin
from .rows import PRINTED_TABLE_COLUMNS, Runs
from .schema import SOURCE_TYPE, TABLES

#: Schemas without field descriptions: what :func:`decode_columns` builds by default (the writer puts the
#: described schema on).
BARE = {table: pa.schema([f.remove_metadata() for f in schema]) for table, schema in TABLES.items()}

_CONVERSION_ERRORS = (pa.ArrowException, TypeError, ValueError, OverflowError)

#: Columns sent as runs of one value (:func:`runs_of`): the key columns (one run per document), and in ``tables``
#: the columns of the printed table a cell is in (one run per printed table).
_KEYS = ("bulletin_id", "period_start")
_RUN_COLUMNS = {table: _KEYS for table in TABLES} | {"tables": _KEYS + PRINTED_TABLE_COLUMNS}
_RUNS = "#runs"
_ORIGIN_WIDTH = len(Origin._fields)
_NULL_ORIGIN = (None,) * _ORIGIN_WIDTH


def _bounds(type_: pa.DataType) -> tuple[int, int]:
    bits = type_.bit_width
    return (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if pa.types.is_signed_integer(type_) else (0, (1 << bits) - 1)


#: Table -> its integer columns and the values they can hold.
_INTEGER_COLUMNS = {table: {f.name: _bounds(f.type) for f in schema if pa.types.is_integer(f.type)}
                    for table, schema in BARE.items()}


def encode_columns(columns: Mapping[str, Mapping[str, list[Any]]]) -> dict[str, bytes]:
    """One document's columns (:func:`~.rows.bulletin_columns`) as what a worker's :class:`~.worker.Outcome` carries: per
    table, the columns pickled; a column of runs of one value (the key columns, a printed table's columns in
    ``tables``) as its runs (:func:`runs_of`), a ``source`` column as its struct's fields (:func:`split_origins`).
    Arrow is built by the ingest process once per row group of many documents (:func:`decode_columns`), not
    once per document here: building a small Arrow table costs far more than its rows do.

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
        plain[_RUNS] = {name: runs_of(plain.pop(name)) for name in _RUN_COLUMNS[table] if name in plain}
        if "source" in plain:
            plain["source"] = split_origins(plain["source"])
        if "sources" in plain:
            plain["sources"] = [[tuple(o) for o in os] for os in plain["sources"]]
        out[table] = pickle.dumps(plain, protocol=pickle.HIGHEST_PROTOCOL)
    return out


def runs_of(values: list[Any]) -> tuple[list[Any], list[int]]:
    """A column as runs of equal values: each run's value and length (a :class:`~.rows.Runs` column knows them;
    it is built by :meth:`~.rows.Runs.add` only).

    >>> runs_of(["a", "a", "b", "a"])
    (['a', 'b', 'a'], [2, 1, 1])
    """
    if isinstance(values, Runs):
        return values.values, values.counts
    runs = [(key[1], sum(1 for _ in group)) for key, group in groupby(values, key=_typed)]
    return [value for value, _ in runs], [n for _, n in runs]


def _typed(value: Any) -> tuple[type, Any]:
    return type(value), value  # 1 and True are equal; a run holds one value of one type


def split_origins(origins: list[tuple | None]) -> tuple[tuple[tuple[Any, ...], ...], list[bool] | None]:
    """A ``source`` column (:class:`~hotline_etl.document.Origin` tuples or None) as its struct's fields, one
    tuple of values per field, and which rows are null (None when none is): a few flat sequences pickle and
    become Arrow far faster than one small tuple per row.

    >>> from hotline_etl.document import Origin
    >>> fields, nulls = split_origins([Origin(line=3, char=0), None])
    >>> fields[:2], nulls
    (((3, None), (0, None)), [False, True])
    """
    if None in origins:
        nulls = [o is None for o in origins]
        origins = [_NULL_ORIGIN if o is None else o for o in origins]
    else:
        nulls = None
    fields = tuple(zip(*origins)) if origins else ((),) * _ORIGIN_WIDTH
    return fields, nulls


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
        values = columns.get(name)
        if not values:
            continue
        if isinstance(values, Runs):
            values = values.values
        nulls = values.count(None)
        if nulls == len(values):
            continue
        if nulls:
            values = [v for v in values if v is not None]
        if min(values) < low or max(values) > high:
            bad = next(v for v in values if not low <= v <= high)
            raise ValueError(f"{table}.{name}: {bad} does not fit {BARE[table].field(name).type}")


def decode_columns(table: str, blobs: Iterable[bytes], schema: pa.Schema | None = None) -> pa.Table:
    """The rows of several :func:`encode_columns` blobs of ``table``, in order, as one Arrow table in
    ``schema`` (default: the table's columns without field descriptions); raises
    ValueError naming the document whose value does not fit its column."""
    schema = BARE[table] if schema is None else schema
    blobs = list(blobs)
    merged: dict[str, list[Any]] = {name: [] for name in schema.names}
    runs = {name: ([], []) for name in _RUN_COLUMNS[table]}  # column -> values of its runs, their lengths
    origins: list[list[Any]] = [[] for _ in range(_ORIGIN_WIDTH)]
    nulls: list[bool] = []
    for blob in blobs:
        cols = pickle.loads(blob)
        for name, (values, counts) in cols.pop(_RUNS, {}).items():
            runs[name][0].extend(values)
            runs[name][1].extend(counts)
        for name, values in cols.items():
            if name in runs:  # columns pickled by hand: every value its own run
                runs[name][0].extend(values)
                runs[name][1].extend([1] * len(values))
            elif name != "source":
                merged[name] += values
            else:
                if isinstance(values, list):  # Origin tuples as they are (columns pickled by hand)
                    values = split_origins(values)
                fields, null = values
                for column, field_values in zip(origins, fields):
                    column += field_values
                nulls += null if null is not None else [False] * len(fields[0])
    try:
        return pa.Table.from_arrays([
            _source_array(origins, nulls) if f.name == "source" else
            _runs_array(*runs[f.name], f.type) if f.name in runs else
            pa.array(merged[f.name], type=f.type) for f in schema], schema=schema)
    except _CONVERSION_ERRORS as exc:
        if len(blobs) > 1:  # which document? (a parser bug: its rows do not match the schema)
            for blob in blobs:
                try:
                    decode_columns(table, [blob], schema)
                except ValueError as one:
                    raise one from exc
            raise
        ids = runs["bulletin_id"][0]
        raise ValueError(f"rows of bulletin {ids[0] if ids else None} do not fit the {table} table's schema: "
                         f"{exc}") from exc


def _runs_array(values: list[Any], counts: list[int], type_: pa.DataType) -> pa.Array:
    """Runs of values as one Arrow array: each value converted once, then repeated."""
    array = pa.array(values, type=type_)
    if len(counts) == sum(counts):
        return array
    indices: list[int] = []
    for i, n in enumerate(counts):
        indices += [i] * n
    return array.take(pa.array(indices, type=pa.int32()))


def _source_array(fields: list[list[Any]], nulls: list[bool]) -> pa.StructArray:
    children = [pa.array(values, type=f.type) for values, f in zip(fields, SOURCE_TYPE)]
    mask = pa.array(nulls, type=pa.bool_()) if True in nulls else None
    return pa.StructArray.from_arrays(children, fields=list(SOURCE_TYPE), mask=mask)
