"""What a grid's top rows say: captions, header rows, a label path per column, a name per column.

Caption rows hold one cell (a title over the table). Header rows are the
rows above the first number. With several header rows each column gets the
path of labels above it (``派遣案件总数/12345热线/按时办结``), found two ways:

- on a full grid (real tables, rows with outer pipes) a group label is printed
  once at its first column and spans the empty cells to its right that have
  sub-labels under them;
- when each header row lists only its own labels, left to right, padded at
  the end (HTML flattened to text: ``||||||`` lines), the spans are inferred:
  the number of groups per row follows from the table's width, the groups
  are the labels that name no column of their own (else the leftmost value
  columns; never the unit or 序号 column, nor a total label), and a group's
  sub-labels are an equal share of the next row.

A column is named by its lowest label (a field such as ``received``, a
measure such as ``score``, or None); a total label (``总计``) under a group
takes the group's name; a label repeated under sibling groups
(``12345热线/按时办结``, ``政民互动/按时办结``) is a breakdown and names no
field. Each field names one column at most.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.tables import read_grids
>>> (grid,) = read_grids(build_view(load("单位 | 受理情况 | | 办结情况 |\\n| 受理量 | 应办数 | 办结数 | 办结率\\n甲镇 | 3 | 3 | 2 | 66.67%")))
>>> captions, header, data = split_rows(grid.rows)
>>> [path_label(p) for p in header_paths(header, 5)]
['单位', '受理情况/受理量', '受理情况/应办数', '办结情况/办结数', '办结情况/办结率']
>>> column_names(header_paths(header, 5))
['unit_raw', 'received', 'due', 'handled', 'completion_rate_pct']
"""

from __future__ import annotations

from itertools import product
from operator import attrgetter

import regex

from ...model import TABLE_FIELDS
from ..table_cells import Cell, header_field, is_total_label
from .kinds import is_unit_name

#: Longest single cell that may still be a header word rather than a caption.
MAX_HEADER_LABEL = 16
#: Most header rows whose spans are inferred.
MAX_INFERRED_HEADER_ROWS = 4
_WS = regex.compile(r"\s+")
_SIMP = attrgetter("simp")

Path = tuple[Cell, ...]


def _key(cell: Cell) -> str:
    return _WS.sub("", cell.simp)


def is_caption_row(row: tuple[Cell, ...] | list[Cell]) -> bool:
    """A row holding one cell, first, that is a title rather than a header word."""
    filled = [c for c in row if c.simp]
    if len(filled) != 1 or not row[0].simp:
        return False
    return len(filled[0].simp) > MAX_HEADER_LABEL or header_field(filled[0].simp) is None


def split_rows(rows) -> tuple[list[Cell], list[list[Cell]], list[list[Cell]]]:
    """(caption cells, header rows, data rows) of a grid; empty rows are dropped."""
    rows = [list(r) for r in rows if any(map(_SIMP, r))]
    captions = []
    while len(rows) > 1 and is_caption_row(rows[0]):
        captions.append(rows.pop(0)[0])
    n = next((k for k, row in enumerate(rows) if any(c.kind in ("num", "pct") for c in row)), len(rows))
    if n == len(rows) > 1 and all(c.kind == "cut" for c in rows[-1]):
        # Cut inside the header: the fragment continues the header row it was cut from.
        rows[-2].extend(rows.pop())
        n -= 1
    return captions, rows[:n], rows[n:]


def wrapped_names(header_rows: list[list[Cell]]) -> tuple[list[list[Cell]], dict[int, str]]:
    """Header rows without a last row that only continues unit names wrapped onto it, and those names.

    A narrow column wraps a long unit name over two header lines (``縣自然資源`` / ``和規劃局``):
    the lower line holds labels only under some columns, each under a label that is no unit name
    on its own and makes one with it. Returns the other rows and ``{column: name as printed}``.

    >>> from hotline_etl.readers import load
    >>> from hotline_etl.script import build_view
    >>> from hotline_etl.extract.tables import read_grids
    >>> (grid,) = read_grids(build_view(load("指标 | 甲镇 | 县自然资源\\n | | 和规划局\\n受理量 | 3 | 4")))
    >>> rows, names = wrapped_names(split_rows(grid.rows)[1])
    >>> len(rows), names
    (1, {2: '县自然资源和规划局'})
    """
    if len(header_rows) < 2:
        return header_rows, {}
    above, below = header_rows[-2], header_rows[-1]
    names: dict[int, str] = {}
    for j, cell in enumerate(below):
        if not cell.simp:
            continue
        upper = above[j] if j < len(above) else None
        if upper is None or not upper.simp or is_unit_name(upper.simp) or not is_unit_name(upper.simp + cell.simp):
            return header_rows, {}
        names[j] = upper.raw.strip() + cell.raw.strip()
    return (header_rows[:-1], names) if names else (header_rows, {})


def header_paths(header_rows: list[list[Cell]], width: int) -> list[Path]:
    """The labels above each of ``width`` columns, top to bottom."""
    if not header_rows:
        return [()] * width
    if len(header_rows) > 1:
        inferred = _left_packed(header_rows, width)
        if inferred is not None:
            return inferred
    return _full_grid(header_rows, width)


def _full_grid(header_rows: list[list[Cell]], width: int) -> list[Path]:
    grid: list[list[Cell | None]] = [[r[j] if j < len(r) and r[j].simp else None for j in range(width)]
                                     for r in header_rows]
    for r in range(len(grid) - 1):
        above, below = grid[r], grid[r + 1]
        for j in range(width - 1):
            if above[j] is None or below[j] is None:
                continue  # no label, or a label merged downwards over one column
            m = j + 1
            while m < width and above[m] is None and below[m] is not None:
                above[m] = above[j]  # a group label spans the columns with sub-labels under it
                m += 1
    paths = []
    for j in range(width):
        path: list[Cell] = []
        for r in range(len(grid)):
            c = grid[r][j]
            if c is not None and (not path or path[-1] is not c):
                path.append(c)
        paths.append(tuple(path))
    return paths


def _left_packed(header_rows: list[list[Cell]], width: int) -> list[Path] | None:
    """Paths when every header row lists its own labels left to right (see the module docstring)."""
    labels = []
    for row in header_rows:
        n = next((k for k, c in enumerate(row) if not c.simp), len(row))
        if any(c.simp for c in row[n:]):
            return None  # an empty cell before a label: the row is a full grid
        labels.append(row[:n])
    counts = [len(x) for x in labels]
    k = len(labels)
    if k > MAX_INFERRED_HEADER_ROWS or all(n == width for n in counts) or 0 in counts:
        return None
    groups_total = sum(counts) - width
    options = [range(1, min(counts[r], counts[r + 1] // 2) + 1) for r in range(k - 1)]
    for groups in product(*options):
        if sum(groups) == groups_total:
            paths = _expand(labels, list(groups))
            if paths is not None and len(paths) == width:
                return paths
    return None


def _expand(labels: list[list[Cell]], groups: list[int]) -> list[Path] | None:
    """Leaf paths of the header tree with ``groups[r]`` group labels in row ``r``."""
    chosen: list[list[int]] = []
    for r, g in enumerate(groups):
        if len(labels[r + 1]) % g:
            return None
        candidates = [j for j, c in enumerate(labels[r])
                      if header_field(c.simp) not in ("unit_raw", "seq") and not is_total_label(c.simp)]
        if len(candidates) < g:
            return None
        candidates.sort(key=lambda j: (header_field(labels[r][j].simp) is not None, j))
        chosen.append(sorted(candidates[:g]))

    # A group's sub-labels are its equal share of the next row's labels.
    def walk_row(r: int, start: int, cells: list[Cell]) -> list[Path]:
        out: list[Path] = []
        groups_here = chosen[r] if r < len(chosen) else []
        share = len(labels[r + 1]) // len(groups_here) if groups_here else 0
        for offset, cell in enumerate(cells):
            j = start + offset
            if j in groups_here:
                i = groups_here.index(j)
                out.extend((cell, *p) for p in walk_row(r + 1, i * share, labels[r + 1][i * share:(i + 1) * share]))
            else:
                out.append((cell,))
        return out

    return walk_row(0, 0, labels[0])


def path_label(path: Path, raw: bool = False) -> str:
    """The labels of a path joined with ``/`` (simplified, or as printed with ``raw``)."""
    return "/".join(c.raw.strip() if raw else c.simp for c in path)


def column_names(paths: list[Path]) -> list[str | None]:
    """The field or measure each column names (see the module docstring)."""
    leaves: dict[str, int] = {}
    for p in paths:
        if len(p) >= 2:
            leaves[_key(p[-1])] = leaves.get(_key(p[-1]), 0) + 1
    names: list[str | None] = []
    taken: set[str] = set()
    for p in paths:
        if not p:
            name = None
        elif len(p) >= 2 and is_total_label(p[-1].simp):
            name = header_field(p[-2].simp)
        elif len(p) >= 2 and leaves.get(_key(p[-1]), 0) > 1:
            name = None  # a breakdown under one of several sibling groups
        else:
            name = header_field(p[-1].simp)
        if name in TABLE_FIELDS:
            if name in taken:
                name = None
            else:
                taken.add(name)
        names.append(name)
    return names
