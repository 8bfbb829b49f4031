"""Shape ``transposed``: units as columns, measures as rows.

The header names units (``属地 | 海安县 | 如皋市 | …``) or periods, not
measures, and every row is a label followed by numbers (``数量 | 11 | 14``).
The grid is turned so that each unit is a row: the corner cell heads the
unit column and each row label heads a value column.

>>> recognise(["属地", "甲县", "乙区", "丙镇"], [["数量", "3", "5", "1"]])
1.0
>>> recognise(["单位", "受理量", "办结数"], [["甲县", "3", "2"]])
0.0
>>> recognise(["指标", "甲镇", "乙乡"], [["受理量", "5", "4"], ["办结量", "5", "3"], ["退回重办", "1", "0"]])
1.0
"""

from __future__ import annotations

from ..table_cells import Cell, cell_kind, header_field
from .header import Path
from .kinds import is_period_label, is_unit_name

NAME = "transposed"
#: Fewest columns (the corner and two units) for a table to be read as transposed.
MIN_TRANSPOSED_WIDTH = 3


def _texts(data) -> list[list[str]]:
    return [[c.simp if isinstance(c, Cell) else c for c in row] for row in data]


def recognise(labels: list[str], data) -> float:
    """Certain when the header names units or periods and every row is a label with numbers."""
    if len(labels) < MIN_TRANSPOSED_WIDTH or not data:
        return 0.0
    across = [x for x in labels[1:] if x]
    if not across or any(header_field(x) not in (None, "unit_raw") for x in across):
        return 0.0
    named = sum(is_unit_name(x) or is_period_label(x) for x in across)
    if named * 2 <= len(across):
        return 0.0
    rows = _texts(data)
    for row in rows:
        if not row or cell_kind(row[0]) != "text":
            return 0.0
        if any(cell_kind(x) == "text" for x in row[1:]):
            return 0.0
    # Row labels are measures; one may end like a unit's name (退回重办 ends in 办), most do not.
    if sum(is_unit_name(row[0]) for row in rows) * 2 >= len(rows):
        return 0.0
    return 1.0


def apply(paths: list[Path], data: list[list[Cell]], labels: list[str]) -> tuple[list[Path], list[list[Cell]]]:
    """Each unit column as a row, each row label as a column."""
    corner = paths[0] if paths else ()
    new_paths = [corner] + [(row[0],) for row in data]
    rows = []
    for j in range(1, len(paths)):
        unit = paths[j][-1] if paths[j] else data[0][0]._replace(simp="", kind="missing")
        row = [unit]
        for r in data:
            row.append(r[j] if j < len(r) else r[-1]._replace(simp="", kind="missing", ends_row=False))
        rows.append(row)
    return new_paths, rows
