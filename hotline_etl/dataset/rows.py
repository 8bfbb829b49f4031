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
from ..model import HEADLINE_FIELDS, Bulletin, Finding, ListItem, Percent, UnitRef
from ..script import OPENCC_CONFIG, OPENCC_VERSION, to_simplified
from .schema import CASE_HANDLER, SCHEMA_VERSION, SOURCE_TYPE, UNKNOWN_YEAR

Rows = dict[str, list[dict[str, Any]]]

#: Length of ``bulletin_id``: a prefix of the SHA-256 hex digest (64 bits).
BULLETIN_ID_LENGTH = 16

#: Order in which unit lists are written to unit_mentions.
LIST_ORDER = ("top_township", "top_department", "commended", "overdue", "mailbox_overdue", "returned", "overdue_open")

_SOURCE_FIELDS = tuple(f.name for f in SOURCE_TYPE)


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
    if origin is None:
        return None
    return {name: getattr(origin, name) for name in _SOURCE_FIELDS}


def _simp_all(texts) -> list[str]:
    """Many one-line texts in simplified script with one OpenCC call (a table's cells)."""
    texts = list(texts)
    joined = to_simplified("\n".join(texts)).split("\n")
    return joined if len(joined) == len(texts) else [to_simplified(t) for t in texts]


def _percent(prefix: str, p: Percent | None) -> dict[str, Any]:
    if p is None:
        return {f"{prefix}_pct": None, f"{prefix}_decimals": None, f"{prefix}_raw": None}
    return {f"{prefix}_pct": p.value, f"{prefix}_decimals": p.decimals, f"{prefix}_raw": p.raw}


def _unit(prefix: str, unit: UnitRef | None) -> dict[str, Any]:
    if unit is None:
        return {f"{prefix}_{k}": None for k in ("id", "name", "kind", "method", "score", "candidates", "damaged")}
    return {
        f"{prefix}_id": unit.unit_id, f"{prefix}_name": unit.name, f"{prefix}_kind": unit.kind,
        f"{prefix}_method": unit.method, f"{prefix}_score": unit.score,
        f"{prefix}_candidates": list(unit.candidates), f"{prefix}_damaged": unit.damaged,
    }


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def bulletin_rows(b: Bulletin, src: SourceInfo) -> Rows:
    """Every table's rows for one parsed bulletin (tables without rows are left out).

    >>> import hotline_etl, hashlib, pathlib
    >>> data = pathlib.Path("fixtures/seed/000_0bd1a52a453bee82.txt").read_bytes()
    >>> src = SourceInfo("seed.txt", hashlib.sha256(data).hexdigest(), len(data), "txt")
    >>> len(bulletin_rows(hotline_etl.parse(data), src)["unit_stats"])
    60
    """
    key = {"bulletin_id": src.bulletin_id, "period_start": b.period.start}
    out: Rows = {}

    def add(table: str, row: dict[str, Any]) -> None:
        out.setdefault(table, []).append({**key, **row})

    for list_name, classes in (("categories", b.categories), ("request_types", b.request_types)):
        for c in classes:
            add("categories", {"list_name": list_name, "classification": c.classification, "rank": c.rank,
                               "category_raw": c.name, "category": _simp(c.name), "count": c.count,
                               **_percent("share", c.share), "source": _source(c.source)})
    table = b.table
    if table is not None:
        stat_rows = list(table.rows) + ([table.total] if table.total is not None else [])
        for number, r in enumerate(stat_rows, start=1):
            add("unit_stats", {
                "row_number": number, "is_total": r is table.total,
                "unit_raw": r.unit_raw, "unit": _simp(r.unit_raw), **_unit("unit", r.unit),
                "received": r.received, "due": r.due, "handled": r.handled,
                **_percent("completion_rate", r.completion_rate), "on_time": r.on_time,
                **_percent("on_time_rate", r.on_time_rate), "rework": r.rework,
                **_percent("rework_rate", r.rework_rate), "grade": r.grade,
                "extra": list(r.extra), "source": _source(r.sources.get("unit_raw")),
            })
    statistics = table.table_index if table is not None else None
    for t in b.tables:
        head = {"table_index": t.index, "table_kind": t.kind, "table_caption": t.caption, "table_layout": t.layout,
                "is_statistics_table": t.index == statistics, "table_cut": t.cut}
        paths = list(zip(t.header_raw, _simp_all(t.header_raw)))
        simplified = iter(_simp_all([cell for row in t.rows for cell in row]))
        for r, (row, total) in enumerate(zip(t.rows, t.totals), start=1):
            origins = t.cell_sources[r - 1] if r - 1 < len(t.cell_sources) else ()
            for c, cell in enumerate(row, start=1):
                raw, simp = paths[c - 1] if c - 1 < len(paths) else (f"#{c}", f"#{c}")
                add("tables", {**head, "row_number": r, "column_number": c, "header_path_raw": raw,
                               "header_path": simp, "column_name": t.columns[c - 1] if c - 1 < len(t.columns) else None,
                               "cell_raw": cell, "cell": next(simplified), "is_total": total,
                               "source": _source(origins[c - 1] if c - 1 < len(origins) else None)})
    for name in LIST_ORDER + tuple(n for n in b.lists if n not in LIST_ORDER):
        lst = b.lists.get(name)
        if lst is None:
            continue
        for position, item in enumerate(lst.items, start=1):
            add("unit_mentions", _mention(name, position, item, lst.total, lst.stated_units))
    for case in b.cases:
        if case.handler_raw is not None:
            add("unit_mentions", {
                "list_name": CASE_HANDLER, "position": case.number, "unit_raw": case.handler_raw,
                "unit": _simp(case.handler_raw), **_unit("unit", case.handler_unit), "count": None,
                "list_total": None, "list_stated_units": None, "source": _source(case.handler_source)})
        add("cases", {
            "number": case.number, "caller_raw": case.caller, "caller": _simp(case.caller), "contact_date": case.date,
            "request_type": _simp(case.request_type), "handler_raw": case.handler_raw,
            "handler": _simp(case.handler_raw), **_unit("handler", case.handler_unit),
            "request_raw": case.request, "request": _simp(case.request),
            "response_raw": case.response, "response": _simp(case.response), "source": _source(case.source)})
    for position, t in enumerate(b.hot_topics, start=1):
        add("hot_topics", {"position": position, "topic_raw": t.topic, "topic": _simp(t.topic), "count": t.count,
                           **_percent("share", t.share), "focus_raw": t.focus, "focus": _simp(t.focus),
                           "source": _source(t.source)})
    for position, s in enumerate(b.sections, start=1):
        add("sections", {"position": position, "kind": s.kind, "heading_raw": s.heading, "heading": _simp(s.heading),
                         "text_raw": s.text_raw, "text": s.text_simplified, "source": _source(s.source)})
    for position, f in enumerate(b.findings, start=1):
        add("findings", finding_row(position, f))
    for position, f in enumerate(b.figures, start=1):
        add("figures", {"position": position, "phrase_raw": f.phrase, "phrase": _simp(f.phrase),
                        "number_raw": f.number_raw, "value": _number(f.value), "unit": f.unit,
                        **_percent("share", f.share), "field": f.field, "approximate": f.approximate,
                        "precision": f.precision, "section": f.section, "source": _source(f.source)})
    for position, w in enumerate(b.warnings, start=1):
        add("warnings", {"position": position, "code": w.code, "message": w.message, "source": _source(w.source)})

    h = b.headline
    lists = b.lists
    add("bulletins", {
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
    })
    return out


def _mention(name: str, position: int, item: ListItem, total: int | None, stated: int | None) -> dict[str, Any]:
    return {"list_name": name, "position": position, "unit_raw": item.unit_raw, "unit": _simp(item.unit_raw),
            **_unit("unit", item.unit), "count": item.count, "list_total": total, "list_stated_units": stated,
            "source": _source(item.source)}


def finding_row(position: int, f: Finding, *, scope: str = "bulletin", field: str | None = None,
                bulletin_ids: tuple[str, ...] | None = None) -> dict[str, Any]:
    """A ``findings`` row (without the key columns): a bulletin's own finding, or with ``scope='archive'``
    one of the archive audit (``field``: the column compared; ``bulletin_ids``: every bulletin involved)."""
    stated, computed = _number(f.stated), _number(f.computed)
    delta = _number(f.delta)
    if delta is None and stated is not None and computed is not None:
        delta = stated - computed
    return {"position": position, "check": f.check, "severity": f.severity, "subject": f.subject,
            "stated_value": stated, "stated_raw": _text(f.stated), "computed_value": computed,
            "computed_raw": _text(f.computed), "delta": delta, "message": f.message,
            "sources": [_source(o) for o in f.sources], "scope": scope, "field": field,
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
