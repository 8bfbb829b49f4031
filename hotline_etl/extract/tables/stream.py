"""Lay a flat stream of cells (one cell per line or paragraph) out in rows.

The source may close rows itself: a row's last cell printed without a pipe,
or a line of bare pipes that pads a short row with empty cells
(``||||||``). When it closes every data row, those are the rows. When it
closes only the rows above the data (a caption or header padded to the
table's width), that width cuts the rest. Otherwise the width is the one
that makes the columns most consistent in kind (names, counts, rates),
chosen among the header lengths the first number allows; lost cells are
then put back in place by :func:`~hotline_etl.extract.table_alignment.align_stream`.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.table_cells import make_cell
>>> v = build_view(load("单位\\n受理量\\n办结数\\n办结率\\n甲镇\\n3\\n3\\n100%"))
>>> [[c.simp for c in r] for r in rows_from_stream([make_cell(v, u, v.starts[u], v.ends[u]) for u in v.lines])]
[['单位', '受理量', '办结数', '办结率'], ['甲镇', '3', '3', '100%']]
"""

from __future__ import annotations

from operator import attrgetter

from ...model import COUNT_FIELDS, RATE_FIELDS
from ..table_alignment import align_stream
from ..table_cells import Cell, header_field

#: A cell longer than this before the header is a caption.
MAX_HEADER_CELL = 16
#: Fewest columns a table laid out from a stream may have.
MIN_STREAM_WIDTH = 2
#: Mapped count and rate columns from which lost cells are put back by the printed rates.
MIN_ALIGNED_VALUES = 3

_KIND, _ENDS_ROW = attrgetter("kind"), attrgetter("ends_row")


def rows_from_stream(cells: list[Cell]) -> list[list[Cell]]:
    """Rows of ``cells`` (see the module docstring); [] when no row structure is found."""
    if not cells:
        return []
    first_value = next((k for k, c in enumerate(cells) if c.kind in ("num", "pct")), len(cells))
    if not any(map(_ENDS_ROW, cells)):  # nothing closes a row: the seed's layout
        return _by_consistency(cells, first_value, False)
    ends = [k for k, c in enumerate(cells) if c.ends_row]
    segments = _closed_segments(ends, len(cells))
    closed_in_data = [s for s in segments if s[1] > first_value and s[2]]
    if len(closed_in_data) >= 2 and len({hi - lo for lo, hi, _ in closed_in_data[:-1]}) <= 1:
        return [cells[lo:hi] for lo, hi, _ in segments]
    above = [(lo, hi) for lo, hi, closed in segments if closed and hi <= first_value]
    if above:
        width = max(hi - lo for lo, hi in above)
        start = above[-1][1]
        return [cells[lo:hi] for lo, hi in above] + _chunk(cells[start:], width)
    return _by_consistency(cells, first_value, True)


def _closed_segments(ends: list[int], n: int) -> list[tuple[int, int, bool]]:
    """(start, end, closed by the source) of each run ending at a row end (cells ``ends``)."""
    out, lo = [], 0
    for k in ends:
        out.append((lo, k + 1, True))
        lo = k + 1
    if lo < n:
        out.append((lo, n, False))
    return out


def _chunk(cells: list[Cell], width: int, flagged: bool = True) -> list[list[Cell]]:
    """Rows of ``width`` cells; a row the source closes early ends there (``flagged``: some may)."""
    if not flagged:
        return [cells[k:k + width] for k in range(0, len(cells), width)]
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    for c in cells:
        row.append(c)
        if c.ends_row or len(row) == width:
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    return rows


def _by_consistency(cells: list[Cell], first_value: int, flagged: bool) -> list[list[Cell]]:
    start = next((k for k, c in enumerate(cells) if len(c.simp) <= MAX_HEADER_CELL), 0)
    caption, body = cells[:start], cells[start:]
    run = first_value - start
    widths = [w for w in (run - 1, run, run - 2) if w >= MIN_STREAM_WIDTH]
    if not widths or run >= len(body):
        return []
    kinds = None if flagged else list(map(_KIND, body))  # once for every width tried
    # The most consistent width, the header's run less one on a tie (as max() over (consistency, w == run - 1)):
    # a later width must beat the best so far, so its count stops once it cannot.
    best, most = widths[0], _consistency(body, kinds, widths[0], flagged)
    for w in widths[1:]:
        score = _consistency(body, kinds, w, flagged, beat=most)
        if score > most:
            best, most = w, score
    fields = [header_field(c.simp) for c in body[:best]]
    if sum(f in COUNT_FIELDS or f in RATE_FIELDS for f in fields) >= MIN_ALIGNED_VALUES and not flagged:
        rows = [body[:best], *align_stream(body[best:], fields)]
    else:
        rows = _chunk(body, best, flagged)
    return [[c] for c in caption] + rows


def _consistency(cells: list[Cell], kinds: list[str] | None, width: int, flagged: bool, beat: int = -1) -> int:
    """How many data rows agree, column by column, with the column's most common kind (empty cells agree).

    ``kinds`` are the kinds of ``cells``, taken once for all the widths tried
    (None when rows may end early: ``flagged``). With ``beat``, the count
    stops as soon as it cannot exceed ``beat`` (and is then at most ``beat``).
    """
    if flagged:
        data = [[c.kind for c in r] for r in _chunk(cells, width, flagged)[1:] if len(r) == width]
        columns = [[r[j] for r in data] for j in range(width)]
        rows = len(data)
    else:
        # Rows of fixed width: column j of the data rows is one slice of the kinds.
        rows = len(cells) // width - 1
        end = width * (rows + 1)
        columns = [kinds[j:end:width] for j in range(width, 2 * width)]
    if rows <= 0:
        return 0
    disagreeing: set[int] = set()
    for column in columns:
        present = [k for k in dict.fromkeys(column) if k != "empty"]  # in order of first appearance
        if len(present) > 1:
            majority = max(present, key=column.count)  # the first of the most common, as Counter.most_common
            disagreeing.update([r for r, k in enumerate(column) if k != majority and k != "empty"])
            if rows - len(disagreeing) <= max(beat, 0):
                return rows - len(disagreeing)  # the other columns can only lower it (a wrong width)
    return rows - len(disagreeing)
