"""Shape ``side-by-side``: two or more units printed in one row.

The header repeats itself (``单位|总工单数|得分|排名|单位|总工单数|得分|排名``);
each row is cut into as many records, left to right, and the empty part of
a short last row (padded with ``||||``) is dropped.

>>> recognise(["单位", "得分", "单位", "得分"], []), recognise(["单位", "得分", "排名", "得分"], [])
(1.0, 0.0)
"""

from __future__ import annotations

from ..table_cells import Cell, header_field
from .header import Path

NAME = "side-by-side"
#: Most units printed side by side in one row.
MAX_SIDE_BY_SIDE = 4


def _period(labels: list[str]) -> int:
    width = len(labels)
    for k in range(MAX_SIDE_BY_SIDE, 1, -1):
        if width % k == 0:
            p = width // k
            part = labels[:p]
            if all(labels[i * p:(i + 1) * p] == part for i in range(1, k)) \
                    and any(header_field(x) == "unit_raw" for x in part):
                return p
    return 0


def recognise(labels: list[str], data: list[list[Cell]]) -> float:
    """Certain when the header repeats a block holding a unit column."""
    return 1.0 if _period(labels) else 0.0


def apply(paths: list[Path], data: list[list[Cell]], labels: list[str]) -> tuple[list[Path], list[list[Cell]]]:
    """The first block's header, and one row per unit."""
    p = _period(labels)
    rows = []
    for row in data:
        for i in range(0, max(len(row), 1), p):
            part = row[i:i + p]
            if any(c.simp for c in part):
                rows.append(part)
    return paths[:p], rows
