"""Layout ``row-per-line``: a whole row on each line, cells between pipes.

Rows may carry outer pipes or not (``| a | b |``, ``a | b |``, ``a | b``),
as most of the block's lines do; a line with an outer pipe the others lack
(a header with a leading pipe, a row whose empty first cell is only a
leading pipe) reads it as an outer pipe only when that gives the table's
usual number of cells. Inner empty cells
stay, so columns keep their place; lines of empty cells and markdown rules
(``---|---``) are dropped. A line without a pipe between rows is a caption
or prose and separates two tables; so does a new header row after data
rows (a header repeated after a page break does not).

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.tables.blocks import find_blocks
>>> v = build_view(load("| 单位 | 受理量 |\\n甲镇 | 3 |\\n乙乡 | 4 |"))
>>> [[c.simp for c in r] for r in read(v, find_blocks(v)[0])[0].rows]
[['单位', '受理量'], ['甲镇', '3'], ['乙乡', '4']]
"""

from __future__ import annotations

from collections import Counter

import regex

from ...script import View
from ..table_cells import Cell, header_field, make_cell
from .grid import Block, Grid

NAME = "row-per-line"
_RULE = regex.compile(r"^:?-{3,}:?$")
# A number whose decimals the text cut: ``98.`` (of ``98.3%``).
# A number the text stops inside: ``98.`` (its decimals lost), ``4,2`` (a thousands group short).
_BROKEN_NUMBER = regex.compile(r"-?\d[\d,]*\.|-?\d{1,3}(?:,\d{3})*,\d{1,2}")


def recognise(view: View, block: Block) -> float:
    """The share of the block's lines holding two cells or more."""
    if block.kind != "pipe" or not block.lines:
        return 0.0
    return block.multi / len(block.lines)


def _cells(view: View, unit: int, text: str, lead: bool, trail: bool) -> list[Cell]:
    parts = text.split("|")
    pos = view.starts[unit]
    if lead:
        pos += len(parts[0]) + 1
        parts = parts[1:]
    if trail:
        parts = parts[:-1]
    cells = []
    for part in parts:
        cells.append(make_cell(view, unit, pos, pos + len(part)))
        pos += len(part) + 1
    return cells


def _read_lines(view: View, units: list[int], texts: list[str]) -> list[list[Cell]]:
    splits = [t.split("|") for t in texts]
    leads = [len(p) > 1 and not p[0].strip() for p in splits]
    trails = [len(p) > 1 and not p[-1].strip() for p in splits]
    outer_lead = sum(leads) * 2 > len(texts)
    outer_trail = sum(trails) * 2 > len(texts)
    default = [(lead and outer_lead, trail and outer_trail) for lead, trail in zip(leads, trails)]
    counts = [len(p) - a - b for p, (a, b) in zip(splits, default)]
    width = Counter(counts).most_common(1)[0][0]
    rows = []
    for u, text, parts, lead, trail, (a, b), n in zip(units, texts, splits, leads, trails, default, counts):
        if n != width:
            # An outer pipe the other lines do not print (a header's leading pipe) may open or close the
            # line rather than an empty cell: the reading that gives the table's width is taken.
            for a2, b2 in ((a or lead, b), (a, b or trail), (a or lead, b or trail)):
                if len(parts) - a2 - b2 == width:
                    a, b = a2, b2
                    break
        cells = _cells(view, u, text, a, b)
        filled = [c.simp for c in cells if c.simp]
        if not filled or all(_RULE.match(s) for s in filled):
            continue
        rows.append(cells)
    return rows


def _is_header_row(row: list[Cell]) -> bool:
    labels = [c.simp for c in row if c.simp]
    return len(labels) >= 2 and not any(c.kind in ("num", "pct") for c in row) \
        and sum(header_field(x) is not None for x in labels) * 2 >= len(labels)


def _split_at_headers(rows: list[list[Cell]]) -> list[list[list[Cell]]]:
    """Tables printed one after the other: a new header row after data rows starts the next."""
    tables: list[list[list[Cell]]] = [[]]
    headers: list[list[str]] = []
    seen_data = False
    for row in rows:
        numeric = any(c.kind in ("num", "pct") for c in row)
        if not numeric and seen_data and _is_header_row(row) and [c.simp for c in row] not in headers:
            tables.append([])
            headers, seen_data = [], False
        if not numeric and not seen_data:
            headers.append([c.simp for c in row])
        tables[-1].append(row)
        seen_data = seen_data or numeric
    return tables


def breaks_its_column(rows: list[list[Cell]]) -> bool:
    """Whether the last row's last cell is a number broken off (``98.``, ``4,2``) or not of the kind
    (``pct`` or ``num``) every data row above has in that column: a rate printed ``96`` under
    ``97.9%``. When the row is a measure line (units as columns: its label names a measure, or the
    column mixes kinds), the row's own values decide: ``97.6`` after rates only
    (``满意率 | 97.4% | 97.1% | 97.6``), while ``满意率 | 97.5% | 98.9%`` under counts is whole."""
    j = len(rows[-1]) - 1
    last = rows[-1][j]
    if _BROKEN_NUMBER.fullmatch(last.simp):
        return True
    kinds = {r[j].kind for r in rows[:-1] if len(r) > j and any(c.kind in ("num", "pct") for c in r)}
    if len(kinds) > 1 or (j > 1 and header_field(rows[-1][0].simp) not in (None, "unit_raw", "seq")):
        kinds = {c.kind for c in rows[-1][1:j] if c.kind != "empty"}
    return len(kinds) == 1 and kinds <= {"pct", "num"} and last.kind not in kinds | {"empty"}


def read(view: View, block: Block) -> list[Grid]:
    """One grid per run of row lines; a pipe-less line between them separates tables."""
    grids: list[list[list[Cell]]] = []
    run: list[int] = []
    text_of = dict(zip(block.lines, block.texts))
    for unit in (*block.lines, None):
        if unit is not None and "|" in text_of[unit]:
            run.append(unit)
            continue
        if run:
            parts = _split_at_headers(_read_lines(view, run, [text_of[u] for u in run]))
            for part in parts:
                # Each table read again on its own: its lines' outer pipes follow its own width.
                units = list(dict.fromkeys(r[0].unit for r in part))
                rows = _read_lines(view, units, [text_of[u] for u in units]) if len(parts) > 1 else part
                if rows:
                    grids.append(rows)
        run = []
    if not grids:
        return []
    cut = False
    if block.at_end:
        last = grids[-1]
        if block.tail is not None:
            # The excerpt stops inside a row: the fragment after the table is the start of a row.
            t = block.tail
            last.append([make_cell(view, t, view.starts[t], view.ends[t])._replace(kind="cut")])
            cut = True
        else:
            # A last row short of the table's width, or a header with no row under it yet.
            width = max(len(r) for r in last)
            cut = len(last[-1]) < width or not any(c.kind in ("num", "pct") for r in last for c in r)
            open_end = not text_of[last[-1][-1].unit].rstrip().endswith("|")
            if len(last[-1]) < width and open_end:
                # The excerpt stops right after a short row's last cell: it may be cut short
                # (``白塘县 | 4120 | 17`` of ``1766``), so it is read as no value.
                last[-1][-1] = last[-1][-1]._replace(kind="cut")
            elif open_end and breaks_its_column(last):
                # A full row whose last cell has another shape than the cells above it: the
                # excerpt cut it (``… | 2 | 96`` of ``96.6%`` under ``97.9%``, ``99.17% | 9``).
                last[-1][-1] = last[-1][-1]._replace(kind="cut")
                cut = True
    out = [Grid(NAME, 0.0, tuple(tuple(r) for r in rows)) for rows in grids]
    if cut:
        out[-1] = Grid(NAME, 0.0, out[-1].rows, cut=True)
    return out
