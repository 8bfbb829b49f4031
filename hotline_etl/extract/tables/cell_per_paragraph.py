"""Layout ``cell-per-paragraph``: one cell per line or paragraph, no pipes at all.

The block starts at a run of header words (see
:func:`~hotline_etl.extract.tables.blocks.find_blocks`); its cells are laid
out by :func:`~hotline_etl.extract.tables.stream.rows_from_stream`. Nothing
marks where a cell ends, so when the excerpt stops inside the table the last
cell may be cut short: it is kept as printed with kind ``cut``.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.tables.blocks import find_blocks
>>> v = build_view(load("单位\\n\\n受理量\\n\\n办结数\\n\\n甲镇\\n\\n3\\n\\n3\\n\\n乙乡\\n\\n2\\n\\n1\\n\\n附言:以上数据截至月底,供参考。"))
>>> [[c.simp for c in r] for r in read(v, find_blocks(v)[0])[0].rows]
[['单位', '受理量', '办结数'], ['甲镇', '3', '3'], ['乙乡', '2', '1']]
"""

from __future__ import annotations

from ...script import View
from ..table_cells import make_cell
from .grid import Block, Grid
from .stream import rows_from_stream

NAME = "cell-per-paragraph"


def recognise(view: View, block: Block) -> float:
    """Certain for a block of short lines under header words."""
    return 1.0 if block.kind == "plain" else 0.0


def read(view: View, block: Block) -> list[Grid]:
    """The block as one grid."""
    stream = [make_cell(view, u, view.starts[u], view.ends[u]) for u in block.lines]
    rows = rows_from_stream(stream)
    if not rows:
        return []
    cut = block.at_end and len(rows[-1]) < max(len(r) for r in rows)
    if cut:
        rows[-1][-1] = rows[-1][-1]._replace(kind="cut")
    return [Grid(NAME, 0.0, tuple(tuple(r) for r in rows), cut)]
