"""Layout ``table``: a real table of a DOCX, PDF or HTML document.

The reader already gives a rectangular grid with merged cells once; tables
left at the same place with the same width are one table the reader could
not join (its repeated header is dropped).
"""

from __future__ import annotations

from ...script import View
from ..table_cells import Cell, make_cell
from .grid import Block, Grid

NAME = "table"


def recognise(view: View, block: Block) -> float:
    """Certain for a real table, never for text."""
    return 1.0 if block.kind == "real" else 0.0


def _header_rows(rows: list[list[Cell]]) -> int:
    return next((k for k, row in enumerate(rows) if any(c.kind in ("num", "pct") for c in row)), len(rows))


def read(view: View, block: Block) -> list[Grid]:
    """One grid per table of the block (continuations joined)."""
    grids: list[list[list[Cell]]] = []
    for table in block.tables:
        rows = [[make_cell(view, i, view.starts[i], view.ends[i]) for i in row] for row in table.rows]
        rows = [r for r in rows if any(c.simp for c in r)]
        if not rows:
            continue
        if grids and len(rows[0]) == len(grids[-1][0]):
            first = grids[-1]
            if [c.simp for c in rows[0]] == [c.simp for c in first[0]]:
                rows = rows[_header_rows(rows):]
            first.extend(rows)
            continue
        grids.append(rows)
    return [Grid(NAME, 1.0, tuple(tuple(r) for r in rows)) for rows in grids]
