"""Layout ``cell-per-line``: one cell per line, each ending with `` |`` (the seed's layout).

Some sources end each row with a cell printed without the pipe; some pad a
short row (a caption, a grouped header row, the last row of a side-by-side
table) with a line of bare pipes, one per empty cell (``||||||``), and a
line may hold a whole caption row (``| caption | |||||``). Those close rows
(a lone ``|`` is just an empty cell, often left by a rowspan);
the rest is laid out by :func:`~hotline_etl.extract.tables.stream.rows_from_stream`.
When the excerpt stops inside the table, a last line without its pipe is a
cell the cut shortened (kind ``cut``).

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.tables.blocks import find_blocks
>>> v = build_view(load("单位 |\\n受理量 |\\n办结率 |\\n甲镇 |\\n3 |\\n100% |"))
>>> [[c.simp for c in r] for r in read(v, find_blocks(v)[0])[0].rows]
[['单位', '受理量', '办结率'], ['甲镇', '3', '100%']]
"""

from __future__ import annotations

from itertools import repeat
from operator import add, itemgetter, sub

from ...script import View
from ..table_cells import Cell, cell_from, cell_kind, make_cell
from .grid import Block, Grid
from .stream import rows_from_stream

NAME = "cell-per-line"

# The first, second and third item: of a line partitioned at its pipe, or of a text.
_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)


def recognise(view: View, block: Block) -> float:
    """The share of the block's lines holding one cell or none."""
    if block.kind != "pipe" or not block.lines:
        return 0.0
    return (len(block.lines) - block.multi) / len(block.lines)


def line_cells(view: View, unit: int, text: str) -> list[Cell]:
    """The cells of line ``unit`` (its simplified ``text``); a line of several cells (or of bare pipes) ends its row."""
    start = view.starts[unit]
    bar = text.find("|")
    stripped = text.rstrip()
    if bar == len(stripped) - 1 and bar > 0:  # "cell |": the common case, built directly
        value = text[:bar]
        trimmed = value.strip()
        lead = len(value) - len(value.lstrip())
        return [Cell(trimmed, cell_kind(trimmed), view, unit, start + lead)]
    if not stripped.replace("|", "").strip():
        # Bare pipes: one empty cell per pipe. Several pad a short row and close it; a lone one is an
        # empty cell (a rowspan's place) wherever it stands.
        n = text.count("|")
        return [make_cell(view, unit, start, start)] * (n - 1) + [make_cell(view, unit, start, start, n > 1)]
    parts = text.split("|")
    pos = start
    cells = []
    if not parts[0].strip():  # a leading pipe opens the line: no cell before it
        pos += len(parts[0]) + 1
        parts = parts[1:]
    for k, part in enumerate(parts):
        if k < len(parts) - 1 or part.strip():
            cells.append(make_cell(view, unit, pos, pos + len(part)))
        pos += len(part) + 1
    if len(cells) >= 2:
        cells[-1] = cells[-1]._replace(ends_row=True)
    return cells


def read(view: View, block: Block) -> list[Grid]:
    """The block as one grid."""
    stream = _one_cell_lines(view, block)
    pipeless_ends = False
    if stream is None:
        stream, pipeless_ends = _cells(view, block)
    cut = False
    if block.tail is not None:
        t = block.tail
        tail = make_cell(view, t, view.starts[t], view.ends[t], True)
        if pipeless_ends:
            stream.append(tail)
        elif block.at_end:
            stream.append(tail._replace(kind="cut", ends_row=False))
            cut = True
    rows = rows_from_stream(stream)
    if not rows:
        return []
    if block.at_end and not cut:
        # A last row short of the table's width, or a header with no row under it yet.
        cut = len(rows[-1]) < max(map(len, rows)) \
            or not any(c.kind in ("num", "pct") for r in rows for c in r)
    return [Grid(NAME, 0.0, tuple(map(tuple, rows)), cut)]


def _one_cell_lines(view: View, block: Block) -> list[Cell] | None:
    """The cells when every line of the block is ``cell |`` (a cell, then its pipe last on the line: the seed's
    layout), made a column at a time in C-level passes; None when a line is printed otherwise."""
    texts = block.texts
    joined = "\n".join(texts)
    n = len(texts)
    if joined.count("|") == n and joined.count("|\n") == n - 1 == joined.count("\n") and joined.endswith("|"):
        # One pipe a line, last on it (the seed's lines, most often): no line needs partitioning.
        values = list(map(str.rstrip, texts, repeat("|")))
    else:
        parts = list(map(str.partition, texts, repeat("|")))
        values = list(map(_FIRST, parts))
        if not all(map(_SECOND, parts)) or "".join(map(_THIRD, parts)).strip():
            return None
    if not all(values):
        return None
    trimmed = list(map(str.strip, values))
    starts = map(view.starts.__getitem__, block.lines)
    if any(map(str.isspace, map(_FIRST, values))):  # a cell indented on its line: it starts after the spaces
        starts = map(add, starts, map(sub, map(len, values), map(len, map(str.lstrip, values))))
    return list(map(cell_from, zip(trimmed, map(cell_kind, trimmed), repeat(view), block.lines, starts, repeat(False))))


def _cells(view: View, block: Block) -> tuple[list[Cell], bool]:
    """The cells of the block line by line, and whether a line is a row's last cell printed without its pipe."""
    stream: list[Cell] = []
    append = stream.append
    starts = view.starts
    pipeless_ends = False
    for unit, text in zip(block.lines, block.texts):
        bar = text.find("|")
        if bar > 0 and (bar == len(text) - 1 or text[bar + 1:].isspace()):
            # "cell |", nearly every line of this layout: built here, as line_cells would
            value = text[:bar]
            trimmed = value.strip()
            lead = len(value) - len(value.lstrip()) if value[0].isspace() else 0
            append(cell_from((trimmed, cell_kind(trimmed), view, unit, starts[unit] + lead, False)))
        elif bar >= 0:
            stream.extend(line_cells(view, unit, text))
        else:
            # A row's last cell printed without its pipe.
            pipeless_ends = True
            append(make_cell(view, unit, starts[unit], view.ends[unit], True))
    return stream, pipeless_ends
