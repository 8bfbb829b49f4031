"""How findings name things: table columns as printed, headline figures and lists in plain words.

>>> column_label(None, "on_time")
'按期办理数'
"""

from __future__ import annotations

from ..model import StatTable

#: Column names used when the table does not print one (simplified script, as in SPEC §3).
FIELD_LABELS = {
    "unit_raw": "部门名称", "received": "受理案件数", "due": "应办理数", "handled": "办理数",
    "completion_rate_pct": "办结率", "on_time": "按期办理数", "on_time_rate_pct": "按期办结率",
    "rework": "返工数", "rework_rate_pct": "返工率", "grade": "等级评价",
}
#: Headline figures in plain words.
HEADLINE_LABELS = {
    "hotline_orders_received": "received hotline orders (受理)",
    "dispatched": "dispatched orders (批转)",
    "completed": "completed orders (已办结)",
    "in_progress": "orders in progress (在办)",
}
#: Unit lists in plain words.
LIST_LABELS = {
    "overdue": "overdue list (超期办结)", "mailbox_overdue": "mailbox overdue list",
    "returned": "returned list (退回重办)", "top_township": "township ranking",
    "top_department": "department ranking", "commended": "commended units",
    "overdue_open": "still-open list (超期未办理)",
}


def column_label(table: StatTable | None, field: str) -> str:
    """The header of ``field``'s column as printed, else its standard name."""
    if table is not None and field in table.columns:
        index = table.columns.index(field)
        if index < len(table.header_raw) and table.header_raw[index].strip():
            return table.header_raw[index].strip()
    return FIELD_LABELS[field]
