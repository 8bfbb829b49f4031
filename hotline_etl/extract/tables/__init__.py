"""Table layouts: a registry of small named readers, as :mod:`hotline_etl.readers` has for formats.

The view is cut into blocks in one pass over its lines
(:func:`~.blocks.find_blocks`). Each layout of :data:`LAYOUTS` says how sure
it is that a block is printed its way (``recognise``, 0 to 1, from counts
made during that pass); the surest one reads the block into grids of cells
as printed (``read``). A grid's header may then show a shape
(:data:`SHAPES`): units side by side, or units as columns; the shape turns
it into one unit per row. Adding a layout or a shape is one module here,
registered below, and one test.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> [(g.layout, g.confidence, len(g.rows)) for g in read_grids(build_view(load("单位 | 受理量\\n甲镇 | 3")))]
[('row-per-line', 1.0, 2)]
"""

from __future__ import annotations

import dataclasses
from typing import Callable, NamedTuple

from ...script import View
from . import cell_per_line, cell_per_paragraph, real, row_per_line, side_by_side, spaced_columns, transposed
from .blocks import find_blocks
from .grid import Block, Grid

__all__ = ["LAYOUTS", "SHAPES", "Block", "Grid", "Layout", "Shape", "read_grids"]


class Layout(NamedTuple):
    """A way tables are printed: ``recognise(view, block)`` -> confidence, ``read(view, block)`` -> grids."""

    name: str
    recognise: Callable[[View, Block], float]
    read: Callable[[View, Block], list[Grid]]


class Shape(NamedTuple):
    """A way a grid is arranged: ``recognise(labels, data)`` -> confidence, ``apply`` -> one unit per row."""

    name: str
    recognise: Callable
    apply: Callable


#: Layout name -> reader, in the order ties are settled.
LAYOUTS: dict[str, Layout] = {m.NAME: Layout(m.NAME, m.recognise, m.read)
                              for m in (real, row_per_line, cell_per_line, cell_per_paragraph, spaced_columns)}
#: Shape name -> recogniser and transformation.
SHAPES: dict[str, Shape] = {m.NAME: Shape(m.NAME, m.recognise, m.apply) for m in (side_by_side, transposed)}


def read_grids(view: View) -> list[Grid]:
    """Every grid of ``view``, in document order, each read by the layout surest of its block."""
    grids: list[Grid] = []
    for block in find_blocks(view):
        confidence, layout = max(((lay.recognise(view, block), lay) for lay in LAYOUTS.values()),
                                 key=lambda p: p[0])
        if confidence <= 0:
            continue
        grids.extend(dataclasses.replace(g, confidence=round(confidence, 3)) for g in layout.read(view, block))
    return grids
