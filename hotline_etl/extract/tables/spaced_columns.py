"""Layout ``spaced-columns``: a whole row on each line, cells set apart by tabs or runs of spaces.

Text taken from a PDF, or typed with a word processor's tab stops, prints a
table without pipes: ``单位    受理数    办结率`` over ``甲镇    64    100%``.
The block starts at such a header line (see
:func:`~hotline_etl.extract.tables.blocks.find_blocks`); each line is split
at its gaps (a tab, or two spaces or more). A row with fewer cells than the
header (an empty cell printed as nothing) is laid out later by the rates it
prints, as a row-per-line row that lost a cell is. A full last row the text
stops in whose last cell breaks its column (``96`` under ``97.9%``, ``99.``)
has that cell cut, as in a pipe table.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.tables.blocks import find_blocks
>>> v = build_view(load("单位    受理数    办结率\\n甲镇    64    100%\\n乙乡    9    88.89%\\n以上为本月数据。"))
>>> [[c.simp for c in r] for r in read(v, find_blocks(v)[0])[0].rows]
[['单位', '受理数', '办结率'], ['甲镇', '64', '100%'], ['乙乡', '9', '88.89%']]
"""

from __future__ import annotations

from ...script import View
from ..table_cells import Cell, make_cell
from .blocks import GAP
from .grid import Block, Grid
from .row_per_line import breaks_its_column

NAME = "spaced-columns"


def recognise(view: View, block: Block) -> float:
    """Certain for a block of lines split by gaps under a header line."""
    return 1.0 if block.kind == "spaced" else 0.0


def _cells(view: View, unit: int) -> list[Cell]:
    start, end = view.starts[unit], view.ends[unit]
    cells, pos = [], start
    for gap in GAP.finditer(view.simp, start, end):
        if gap.start() > pos:
            cells.append(make_cell(view, unit, pos, gap.start()))
        pos = gap.end()
    if pos < end:
        cells.append(make_cell(view, unit, pos, end))
    return [c for c in cells if c.simp]


def read(view: View, block: Block) -> list[Grid]:
    """The block as one grid; a last row shorter than the header at the end of the text is cut."""
    rows = [_cells(view, u) for u in block.lines]
    rows = [r for r in rows if r]
    if not rows:
        return []
    cut = block.at_end and len(rows[-1]) < len(rows[0])
    if block.at_end and not cut and len(rows) > 1 and breaks_its_column(rows):
        # A full last row whose last cell the text broke (``… 98.78%    96`` of ``96.3%``, ``99.``).
        rows[-1][-1] = rows[-1][-1]._replace(kind="cut")
        cut = True
    return [Grid(NAME, 0.0, tuple(tuple(r) for r in rows), cut)]
