"""A readable, plain-text summary of a parsed bulletin (what ``hotline-etl parse`` prints)."""

from __future__ import annotations

from collections import Counter

from .model import Bulletin, Figure, Percent

_LIST_LABELS = {
    "overdue": "overdue", "mailbox_overdue": "mailbox overdue", "returned": "returned",
    "top_township": "top townships", "top_department": "top departments", "commended": "commended",
    "overdue_open": "still open past deadline",
}


def _pct(p: Percent | None) -> str:
    return p.raw if p else "?"


def _n(value: int | None) -> str:
    return "—" if value is None else str(value)


def _fig(f: Figure) -> str:
    """A headline figure; ≈ marks one printed approximately (in 万)."""
    return ("≈" if f.approximate else "") + _n(f.value)


def summarize(b: Bulletin) -> str:
    """Several aligned lines describing ``b``; missing values show as —."""
    h = b.headline
    lines = [f"{b.source_name}  ({b.format}, {b.encoding or 'no encoding'}, {b.script})"]
    p = b.period
    span = f"{p.start} – {p.end}" if p.start else "year unknown"
    lines.append(f"  Period      {span} ({p.label or 'no label'})")
    lines.append(f"  Issuer      {b.issuer or '—'}, issued {b.issued_on or '—'}")
    lines.append(
        f"  Headline    received {_fig(h.hotline_orders_received)} · mailbox {_fig(h.mailbox_letters)}"
        f" · praise {_fig(h.praise)} · direct answers {_fig(h.direct_answers)}"
        f" · dispatched {_fig(h.dispatched)} · completed {_fig(h.completed)}"
        f" · in progress {_fig(h.in_progress)}")
    if b.figures:
        fed = sum(1 for f in b.figures if f.field)
        lines.append(f"  Figures     {len(b.figures)} stated, {fed} feed the headline")
    if b.categories:
        lines.append("  Categories  " + ", ".join(f"{c.name} {_n(c.count)} ({_pct(c.share)})" for c in b.categories))
    if b.lists:
        parts = []
        for name, label in _LIST_LABELS.items():
            lst = b.lists.get(name)
            if lst is None:
                continue
            total = f" {lst.total}" if lst.total is not None else ""
            parts.append(f"{label}{total} ({len(lst.items)} units)")
        lines.append("  Lists       " + " · ".join(parts))
    if b.cases:
        lines.append("  Cases       " + "; ".join(
            f"{c.number}. {c.caller or '?'} {c.date or '?'} {c.request_type or '?'} → {c.handler_raw or '?'}"
            for c in b.cases))
    if b.hot_topics:
        lines.append("  Hot topics  " + "; ".join(f"{t.topic} {_n(t.count)} ({_pct(t.share)})" for t in b.hot_topics))
    if b.table:
        t = b.table
        total = f"total received {_n(t.total.received)}, handled {_n(t.total.handled)}" if t.total else "no total row"
        lines.append(f"  Table       {len(t.rows)} units + {total}; {t.report.columns} columns, layout {t.report.layout}")
    else:
        lines.append("  Table       none found")
    if len(b.tables) > 1 or (b.tables and b.table is None):
        lines.append("  Tables      " + "; ".join(f"{t.index}. {t.kind} ({len(t.rows)} rows{', cut' if t.cut else ''})"
                                             for t in b.tables))
    if b.warnings:
        counts = Counter(w.code for w in b.warnings)
        lines.append(f"  Warnings    {len(b.warnings)}: " + ", ".join(f"{c} ×{n}" for c, n in counts.most_common()))
    return "\n".join(lines)
