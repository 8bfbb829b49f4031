"""What the table layouts work on and what they return.

A :class:`Block` is a stretch of the view that may hold tables: a run of
lines with pipes, a run of short lines without pipes, or a real table of a
DOCX/PDF/HTML container. A layout reads a block into one or more
:class:`Grid` objects: rows of :class:`~hotline_etl.extract.table_cells.Cell`
as printed (each cell knows where it stands in the source), caption and
header rows included; what the rows mean is decided later.

>>> Grid("row-per-line", 0.9, ()).cut
False
"""

from __future__ import annotations

from dataclasses import dataclass

from ...script import TableView
from ..table_cells import Cell


@dataclass(frozen=True, slots=True)
class Block:
    """A stretch of the view that may hold tables.

    ``kind`` is ``pipe`` (lines holding ``|``), ``plain`` (short lines
    without pipes under header words), ``spaced`` (lines whose cells are set
    apart by tabs or runs of spaces, under a header line of such cells) or
    ``real`` (``tables`` holds a real table, and the ones that continue it
    across a page break).
    ``lines`` are unit indices of its non-blank lines, ``texts`` their
    simplified text (sliced once, in the pass that found the block);
    ``multi`` is the number of those lines of a pipe block holding two
    non-empty ``|``-separated parts or more (a row) rather than one or none
    (a cell). ``tail`` is the short
    pipe-less line right after the block, if any; ``at_end`` says that
    nothing follows the block (and its tail) in the text, so a short last row
    is one the excerpt cut.
    """

    kind: str
    lines: tuple[int, ...] = ()
    texts: tuple[str, ...] = ()
    multi: int = 0
    tail: int | None = None
    at_end: bool = False
    tables: tuple[TableView, ...] = ()


@dataclass(frozen=True, slots=True)
class Grid:
    """Rows of cells as printed, from one layout, with how sure the layout was.

    ``cut`` is set when the text ends inside the table: its last row may be
    short, and a cell of kind ``cut`` lost its end.
    """

    layout: str
    confidence: float
    rows: tuple[tuple[Cell, ...], ...]
    cut: bool = False
