"""A parsed :class:`~hotline_etl.model.Bulletin` (or a failed file) as rows of the dataset tables.

Pure functions from the model to ``{table name: [row dict, ...]}`` in the
column names of :mod:`hotline_etl.dataset.schema`; no I/O. Tables without
rows for a document are left out of the result.

>>> rows = error_rows(SourceInfo("a.txt", "ab" * 32, 0, "txt"), UnreadableDocument("a.txt", "the file is empty"))
>>> rows["errors"][0]["error_class"], rows["errors"][0]["bulletin_id"]
('UnreadableDocument', 'abababababababab')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .._version import __version__
from ..document import Origin
from ..errors import HotlineError, UnreadableDocument  # noqa: F401  (UnreadableDocument: doctest)
from ..model import HEADLINE_FIELDS, Bulletin, Finding, Percent, UnitRef
from ..script import OPENCC_CONFIG, OPENCC_VERSION, to_simplified
from .schema import CASE_HANDLER, SCHEMA_VERSION, SOURCE_TYPE, TABLES, UNKNOWN_YEAR

Rows = dict[str, list[dict[str, Any]]]
#: One table's rows as columns: column name -> values.
Columns = dict[str, list[Any]]

#: Length of ``bulletin_id``: a prefix of the SHA-256 hex digest (64 bits).
BULLETIN_ID_LENGTH = 16

#: Order in which unit lists are written to unit_mentions.
LIST_ORDER = ("top_township", "top_department", "commended", "overdue", "mailbox_overdue", "returned", "overdue_open")

_SOURCE_FIELDS = tuple(f.name for f in SOURCE_TYPE)
if Origin._fields != _SOURCE_FIELDS:  # an Origin is written as the source struct as it is (a tuple)
    raise ImportError(f"Origin fields {Origin._fields} differ from the source struct's {_SOURCE_FIELDS}")

#: Columns of the ``tables`` table after the key columns; the first six are the printed table's, the same for
#: each of its cells.
_CELL_COLUMNS = tuple(TABLES["tables"].names[2:])
PRINTED_TABLE_COLUMNS = _CELL_COLUMNS[:6]


class Runs(list):
    """A column built as runs of one value, one after another: a list of every value, which also keeps its
    runs (``values``, ``counts``), so the codec sends each run once rather than every value.

    >>> column = Runs()
    >>> column.add("a", 2); column.add("b", 1)
    >>> column, column.values, column.counts
    (['a', 'a', 'b'], ['a', 'b'], [2, 1])
    """

    __slots__ = ("values", "counts")

    def __init__(self) -> None:
        super().__init__()
        self.values: list[Any] = []
        self.counts: list[int] = []

    def add(self, value: Any, n: int) -> None:
        """Append ``n`` times ``value``."""
        self.extend([value] * n)
        self.values.append(value)
        self.counts.append(n)


def _repeated(value: Any, n: int) -> Runs:
    column = Runs()
    column.add(value, n)
    return column


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What the ingest knows about a file before parsing it."""

    path: str        # relative to the archive root, POSIX separators
    sha256: str      # hex digest of the bytes
    size: int
    format: str      # detected from the bytes

    @property
    def bulletin_id(self) -> str:
        return bulletin_id(self.sha256)


def bulletin_id(sha256_hex: str) -> str:
    """The document key: a prefix of the bytes' SHA-256.

    >>> bulletin_id("0bd1a52a453bee82" + "0" * 48)
    '0bd1a52a453bee82'
    """
    return sha256_hex[:BULLETIN_ID_LENGTH]


def partition_year(period_start: dt.date | None) -> int:
    """The ``year=`` partition of a document (:data:`UNKNOWN_YEAR` without a known period).

    >>> partition_year(dt.date(2020, 5, 1)), partition_year(None)
    (2020, 0)
    """
    return period_start.year if period_start is not None else UNKNOWN_YEAR


def _simp(text: str | None) -> str | None:
    return to_simplified(text) if text is not None else None


def _source(origin: Origin | None) -> dict[str, int | None] | None:
    """An origin as the ``source`` struct's row value (a dict; :func:`bulletin_columns` keeps the tuple)."""
    return None if origin is None else dict(zip(_SOURCE_FIELDS, origin))


def _simp_all(texts) -> list[str]:
    """Many one-line texts in simplified script with one OpenCC call (a table's cells)."""
    texts = list(texts)
    joined = to_simplified("\n".join(texts)).split("\n")
    return joined if len(joined) == len(texts) else [to_simplified(t) for t in texts]


def _simp_col(texts: list[str | None]) -> list[str | None]:
    """A column in simplified script (None stays None), with one OpenCC call for the whole column."""
    present = [t for t in texts if t is not None]
    if not present:
        return list(texts)
    simplified = iter(_simp_all(present))
    return [None if t is None else next(simplified) for t in texts]


def _percent(prefix: str, values: list[Percent | None]) -> Columns:
    return {f"{prefix}_pct": [None if p is None else p.value for p in values],
            f"{prefix}_decimals": [None if p is None else p.decimals for p in values],
            f"{prefix}_raw": [None if p is None else p.raw for p in values]}


def _unit(prefix: str, units: list[UnitRef | None]) -> Columns:
    return {f"{prefix}_id": [None if u is None else u.unit_id for u in units],
            f"{prefix}_name": [None if u is None else u.name for u in units],
            f"{prefix}_kind": [None if u is None else u.kind for u in units],
            f"{prefix}_method": [None if u is None else u.method for u in units],
            f"{prefix}_score": [None if u is None else u.score for u in units],
            f"{prefix}_candidates": [None if u is None else list(u.candidates) for u in units],
            f"{prefix}_damaged": [None if u is None else u.damaged for u in units]}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def as_columns(rows: list[dict[str, Any]]) -> Columns:
    """Row dicts (all with the same keys) as columns.

    >>> as_columns([{"a": 1, "b": "x"}, {"a": 2, "b": None}])
    {'a': [1, 2], 'b': ['x', None]}
    """
    return {name: [row[name] for row in rows] for name in rows[0]} if rows else {}


def bulletin_rows(b: Bulletin, src: SourceInfo) -> Rows:
    """Every table's rows for one parsed bulletin (tables without rows are left out): the rows of
    :func:`bulletin_columns`, with each ``source`` struct as a dict.

    >>> import hotline_etl, hashlib, pathlib
    >>> data = pathlib.Path("fixtures/seed/000_0bd1a52a453bee82.txt").read_bytes()
    >>> src = SourceInfo("seed.txt", hashlib.sha256(data).hexdigest(), len(data), "txt")
    >>> len(bulletin_rows(hotline_etl.parse(data), src)["unit_stats"])
    60
    """
    out: Rows = {}
    for table, columns in bulletin_columns(b, src).items():
        if "source" in columns:
            columns = {**columns, "source": [_source(o) for o in columns["source"]]}
        if "sources" in columns:
            columns = {**columns, "sources": [[_source(o) for o in os] for os in columns["sources"]]}
        names = list(columns)
        out[table] = [dict(zip(names, values)) for values in zip(*columns.values())]
    return out


def bulletin_columns(b: Bulletin, src: SourceInfo) -> dict[str, Columns]:
    """Every table's rows for one parsed bulletin as columns (column name -> values, in the order of the
    table's schema), built column by column; a ``source`` value is the :class:`~hotline_etl.document.Origin`
    tuple itself (Arrow reads a tuple as a struct). Tables without rows are left out.

    >>> import hotline_etl, hashlib, pathlib
    >>> data = pathlib.Path("fixtures/seed/000_0bd1a52a453bee82.txt").read_bytes()
    >>> src = SourceInfo("seed.txt", hashlib.sha256(data).hexdigest(), len(data), "txt")
    >>> columns = bulletin_columns(hotline_etl.parse(data), src)
    >>> columns["unit_stats"]["received"][:3], len(columns["tables"]["cell"])
    ([245, 212, 181], 600)
    """
    bid, start = src.bulletin_id, b.period.start
    out: dict[str, Columns] = {}

    def put(table: str, n: int, columns: Columns) -> None:
        if n:
            out[table] = {"bulletin_id": _repeated(bid, n), "period_start": _repeated(start, n), **columns}

    classes = [("categories", c) for c in b.categories] + [("request_types", c) for c in b.request_types]
    names = [c.name for _, c in classes]
    put("categories", len(classes), {
        "list_name": [n for n, _ in classes], "classification": [c.classification for _, c in classes],
        "rank": [c.rank for _, c in classes], "category_raw": names, "category": _simp_col(names),
        "count": [c.count for _, c in classes], **_percent("share", [c.share for _, c in classes]),
        "source": [c.source for _, c in classes]})

    table = b.table
    if table is not None:
        stat = list(table.rows) + ([table.total] if table.total is not None else [])
        units = [r.unit_raw for r in stat]
        put("unit_stats", len(stat), {
            "row_number": list(range(1, len(stat) + 1)), "is_total": [r is table.total for r in stat],
            "unit_raw": units, "unit": _simp_col(units), **_unit("unit", [r.unit for r in stat]),
            "received": [r.received for r in stat], "due": [r.due for r in stat],
            "handled": [r.handled for r in stat], **_percent("completion_rate", [r.completion_rate for r in stat]),
            "on_time": [r.on_time for r in stat], **_percent("on_time_rate", [r.on_time_rate for r in stat]),
            "rework": [r.rework for r in stat], **_percent("rework_rate", [r.rework_rate for r in stat]),
            "grade": [r.grade for r in stat], "extra": [list(r.extra) for r in stat],
            "source": [r.sources.get("unit_raw") for r in stat]})
    put("tables", *_printed_tables(b, table.table_index if table is not None else None))

    mentions: list[tuple[Any, ...]] = []  # list name, position, unit as printed, UnitRef, count, total, stated, origin
    for name in LIST_ORDER + tuple(n for n in b.lists if n not in LIST_ORDER):
        lst = b.lists.get(name)
        if lst is not None:
            mentions += [(name, position, i.unit_raw, i.unit, i.count, lst.total, lst.stated_units, i.source)
                         for position, i in enumerate(lst.items, start=1)]
    cases = b.cases
    mentions += [(CASE_HANDLER, c.number, c.handler_raw, c.handler_unit, None, None, None, c.handler_source)
                 for c in cases if c.handler_raw is not None]
    m = list(zip(*mentions)) or [()] * 8
    put("unit_mentions", len(mentions), {
        "list_name": list(m[0]), "position": list(m[1]), "unit_raw": list(m[2]), "unit": _simp_col(list(m[2])),
        **_unit("unit", list(m[3])), "count": list(m[4]), "list_total": list(m[5]),
        "list_stated_units": list(m[6]), "source": list(m[7])})
    put("cases", len(cases), {
        "number": [c.number for c in cases], "caller_raw": [c.caller for c in cases],
        "caller": _simp_col([c.caller for c in cases]), "contact_date": [c.date for c in cases],
        "request_type": _simp_col([c.request_type for c in cases]), "handler_raw": [c.handler_raw for c in cases],
        "handler": _simp_col([c.handler_raw for c in cases]), **_unit("handler", [c.handler_unit for c in cases]),
        "request_raw": [c.request for c in cases], "request": _simp_col([c.request for c in cases]),
        "response_raw": [c.response for c in cases], "response": _simp_col([c.response for c in cases]),
        "source": [c.source for c in cases]})
    topics = b.hot_topics
    put("hot_topics", len(topics), {
        "position": list(range(1, len(topics) + 1)), "topic_raw": [t.topic for t in topics],
        "topic": _simp_col([t.topic for t in topics]), "count": [t.count for t in topics],
        **_percent("share", [t.share for t in topics]), "focus_raw": [t.focus for t in topics],
        "focus": _simp_col([t.focus for t in topics]), "source": [t.source for t in topics]})
    sections = b.sections
    put("sections", len(sections), {
        "position": list(range(1, len(sections) + 1)), "kind": [s.kind for s in sections],
        "heading_raw": [s.heading for s in sections], "heading": _simp_col([s.heading for s in sections]),
        "text_raw": [s.text_raw for s in sections], "text": [s.text_simplified for s in sections],
        "source": [s.source for s in sections]})
    findings = [_finding_values(position, f) for position, f in enumerate(b.findings, start=1)]
    put("findings", len(findings), as_columns(findings))
    figures = b.figures
    put("figures", len(figures), {
        "position": list(range(1, len(figures) + 1)), "phrase_raw": [f.phrase for f in figures],
        "phrase": _simp_col([f.phrase for f in figures]), "number_raw": [f.number_raw for f in figures],
        "value": [_number(f.value) for f in figures], "unit": [f.unit for f in figures],
        **_percent("share", [f.share for f in figures]), "field": [f.field for f in figures],
        "approximate": [f.approximate for f in figures], "precision": [f.precision for f in figures],
        "section": [f.section for f in figures], "source": [f.source for f in figures]})
    warnings = b.warnings
    put("warnings", len(warnings), {
        "position": list(range(1, len(warnings) + 1)), "code": [w.code for w in warnings],
        "message": [w.message for w in warnings], "source": [w.source for w in warnings]})

    h = b.headline
    lists = b.lists
    put("bulletins", 1, {name: [value] for name, value in {
        "period_end": b.period.end, "period_label_raw": b.period.label, "period_label": _simp(b.period.label),
        "period_kind": b.period.kind, "period_granularity": b.period.granularity,
        "period_month_start": b.period.start_partial.month if b.period.start_partial else None,
        "period_month_end": b.period.end_partial.month if b.period.end_partial else None,
        "source_path": src.path, "source_format": b.format,
        "source_encoding": b.encoding, "source_sha256": src.sha256, "source_size": src.size, "script": b.script,
        "issuer_raw": b.issuer, "issuer": _simp(b.issuer), "scope": b.scope.name if b.scope else None,
        "issued_on": b.issued_on,
        "hotline_orders_received": h.hotline_orders_received.value, "mailbox_letters": h.mailbox_letters.value,
        "praise": h.praise.value, "direct_answers": h.direct_answers.value, "dispatched": h.dispatched.value,
        "completed": h.completed.value, "in_progress": h.in_progress.value,
        "headline_approximate": [n for n in HEADLINE_FIELDS if getattr(h, n).approximate],
        "overdue_total": lists["overdue"].total if "overdue" in lists else None,
        "mailbox_overdue_total": lists["mailbox_overdue"].total if "mailbox_overdue" in lists else None,
        "returned_total": lists["returned"].total if "returned" in lists else None,
        "category_rows": len(b.categories), "request_type_rows": len(b.request_types),
        "unit_stat_rows": len(table.rows) if table else 0,
        "has_total_row": bool(table and table.total is not None),
        "table_layout": table.report.layout if table else None,
        "reading_notes": list(b.reading_notes),
        "case_rows": len(b.cases), "hot_topic_rows": len(b.hot_topics),
        "warning_count": len(b.warnings), "finding_count": len(b.findings), "duplicate_of": None,
        "parser_version": __version__, "schema_version": SCHEMA_VERSION,
        "opencc_version": OPENCC_VERSION, "opencc_config": OPENCC_CONFIG,
    }.items()})
    return out


def _printed_tables(b: Bulletin, statistics: int | None) -> tuple[int, Columns]:
    """The ``tables`` table's rows (one per printed cell) as columns, and how many there are."""
    cols: dict[str, list[Any]] = {name: Runs() if name in PRINTED_TABLE_COLUMNS else [] for name in _CELL_COLUMNS}
    index, kind, caption, layout, is_stat, cut = (cols[n] for n in _CELL_COLUMNS[:6])
    row_number, column_number, header_raw, header, column_name, cell_raw, cell, is_total, source = (
        cols[n] for n in _CELL_COLUMNS[6:])
    for t in b.tables:
        width = len(t.header_raw)
        paths = list(t.header_raw)
        simp_paths = _simp_all(paths)
        names = list(t.columns)
        rows = list(zip(t.rows, t.totals))
        cells = [c for row, _ in rows for c in row]
        if not cells:
            continue
        n = len(cells)
        index.add(t.index, n)
        kind.add(t.kind, n)
        caption.add(t.caption, n)
        layout.add(t.layout, n)
        is_stat.add(t.index == statistics, n)
        cut.add(t.cut, n)
        cell_raw += cells
        cell += _simp_all(cells)
        sources = t.cell_sources
        for r, (row, total) in enumerate(rows, start=1):
            k = len(row)
            row_number += [r] * k
            column_number += range(1, k + 1)
            if k <= width:
                header_raw += paths[:k]
                header += simp_paths[:k]
            else:
                header_raw += paths + [f"#{c}" for c in range(width + 1, k + 1)]
                header += simp_paths + [f"#{c}" for c in range(width + 1, k + 1)]
            column_name += names[:k] + [None] * (k - len(names))
            is_total += [total] * k
            origins = sources[r - 1] if r - 1 < len(sources) else ()
            source += list(origins[:k]) + [None] * (k - len(origins))
    return len(cell_raw), cols


def finding_row(position: int, f: Finding, *, scope: str = "bulletin", field: str | None = None,
                bulletin_ids: tuple[str, ...] | None = None) -> dict[str, Any]:
    """A ``findings`` row (without the key columns): a bulletin's own finding, or with ``scope='archive'``
    one of the archive audit (``field``: the column compared; ``bulletin_ids``: every bulletin involved)."""
    row = _finding_values(position, f, scope=scope, field=field, bulletin_ids=bulletin_ids)
    return {**row, "sources": [_source(o) for o in row["sources"]]}


def _finding_values(position: int, f: Finding, *, scope: str = "bulletin", field: str | None = None,
                    bulletin_ids: tuple[str, ...] | None = None) -> dict[str, Any]:
    stated, computed = _number(f.stated), _number(f.computed)
    delta = _number(f.delta)
    if delta is None and stated is not None and computed is not None:
        delta = stated - computed
    return {"position": position, "check": f.check, "severity": f.severity, "subject": f.subject,
            "stated_value": stated, "stated_raw": _text(f.stated), "computed_value": computed,
            "computed_raw": _text(f.computed), "delta": delta, "message": f.message,
            "sources": list(f.sources), "scope": scope, "field": field,
            "bulletin_ids": list(bulletin_ids) if bulletin_ids is not None else None}


def error_rows(src: SourceInfo, exc: BaseException) -> Rows:
    """The ``errors`` row of a file that could not be parsed.

    A :class:`~hotline_etl.errors.HotlineError` gives its reason and hint; any
    other exception is a parser bug and is recorded as ``internal error``.
    """
    if isinstance(exc, HotlineError):
        kind, reason, hint = exc.kind, exc.reason, exc.hint
    else:
        kind, reason, hint = "internal error", f"{type(exc).__name__}: {exc}", "a parser bug: please report it with the file"
    return {"errors": [{
        "bulletin_id": src.bulletin_id, "period_start": None, "source_path": src.path, "source_sha256": src.sha256,
        "source_size": src.size, "source_format": src.format, "error_class": type(exc).__name__,
        "error_kind": kind, "reason": reason, "hint": hint, "message": str(exc), "parser_version": __version__,
    }]}
