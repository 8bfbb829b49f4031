"""Lay cells out in columns without shifting a row when the source lost a cell.

A flat stream of cells (one cell per line) is walked against the kinds the
header's columns expect: a name for the unit, counts, rates, a grade. A cell
that does not fit its column but fits the next one, or that starts the next
row, means the source lost a cell there: a ``missing`` placeholder takes the
lost cell's place so the following cells and rows stay in their columns.

Where the lost cell sat inside a run of columns of one kind (received, due,
handled are all counts), each place in the run is tried and the printed
rates of the row decide: completion = handled / due, on-time = on_time /
handled (or / due), rework = rework / due, each compared at its printed
precision. A place that contradicts a printed rate is out; of the rest, the
one confirmed by the most rates wins when no other is confirmed by as many.
Otherwise the cells of the run are marked ``unaligned`` and their values are
left empty rather than guessed.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.stat_table import extract_table
>>> head = "單位 |\\n受理案件數 |\\n應辦理數 |\\n返工數 |\\n返工率 |\\n"
>>> t, w = extract_table(build_view(load(head + "甲鎮 |\\n4 |\\n1 |\\n25% |\\n乙鎮 |\\n3 |\\n2 |\\n1 |\\n50% |")))
>>> [(r.unit_raw, r.received, r.due, r.rework) for r in t.rows], [x.code for x in w]
([('甲鎮', None, 4, 1), ('乙鎮', 3, 2, 1)], ['table-cell-missing', 'table-total-missing'])
"""

from __future__ import annotations

from operator import attrgetter

from ..model import COUNT_FIELDS, RATE_FIELDS, Percent
from ..precision import agrees
from ..rate_definitions import RATES
from .numbers import parse_count
from .table_cells import Cell, is_grade, is_total_label

#: Rate field -> (numerator, accepted denominators) used to place a lost cell: the documented one and those seen.
RATE_DEFINITIONS: dict[str, tuple[str, tuple[str, ...]]] = {f: (r.numerator, r.denominators) for f, r in RATES.items()}


#: Measures (see table_cells.MEASURE_SYNONYMS) printed as counts or scores.
NUMERIC_MEASURES = ("rank", "score", "overdue", "open", "overdue_open", "dissatisfied")


def expected_kind(field: str | None) -> str:
    """The cell kind a column of ``field`` holds: name, seq, num, pct, grade, or any."""
    if field == "unit_raw":
        return "name"
    if field == "seq":
        return "seq"  # a number, or the total row's 合计
    if field in COUNT_FIELDS or field in NUMERIC_MEASURES:
        return "num"
    if field in RATE_FIELDS or (field or "").endswith("_pct"):
        return "pct"
    if field == "grade":
        return "grade"
    return "any"


def column_names(fields: list[str | None], header_raw: list[str]) -> list[str]:
    """Printed column names, for warnings."""
    return [h or (f or "?") for f, h in zip(fields, header_raw)]


#: Column kinds a cell fits exactly when it is of that kind (the others need a closer look).
_PLAIN_KINDS = frozenset({"num", "pct"})
_KIND = attrgetter("kind")


def _fits(cell: Cell, kind: str) -> bool:
    if cell.kind == "empty" or kind == "any":
        return True
    if kind == "name":
        return cell.kind == "text" and not is_grade(cell.simp)
    if kind == "seq":
        return cell.kind == "num" or is_total_label(cell.simp)
    if kind == "grade":
        return cell.kind == "text" and (is_grade(cell.simp) or len(cell.simp) <= 2)
    return cell.kind == kind


def _missing(before: Cell) -> Cell:
    """A placeholder for a lost cell, located where the next cell stands."""
    return before._replace(simp="", kind="missing", ends_row=False)


def align_stream(cells: list[Cell], fields: list[str | None]) -> list[list[Cell]]:
    """Rows of ``len(fields)`` cells from a flat stream, with lost cells put back as placeholders."""
    kinds = [expected_kind(f) for f in fields]
    width = len(kinds)
    first = _first_misfit(cells, kinds)
    # Up to the row holding the first cell that does not fit its column, the walk below would chunk (nearly
    # every table: to the end).
    start = len(cells) if first is None else first - first % width
    rows: list[list[Cell]] = [cells[k:k + width] for k in range(0, start, width)]
    i, n = start, len(cells)
    while i < n:
        row: list[Cell] = []
        gaps: list[int] = []
        while len(row) < width and i < n:
            j = len(row)
            cell = cells[i]
            kind = kinds[j]
            if cell.kind == kind and kind in _PLAIN_KINDS or _fits(cell, kind):
                row.append(cell)
                i += 1
            elif j > 0 and kinds[0] == "name" and _fits(cell, "name") and not _fits(cell, kinds[j]):
                # The next row starts: every remaining cell of this one was lost.
                while len(row) < width:
                    gaps.append(len(row))
                    row.append(_missing(cell))
            elif j + 1 < width and _fits(cell, kinds[j + 1]):
                gaps.append(j)
                row.append(_missing(cell))
            else:
                row.append(cell)  # a value of the wrong kind: kept in place, reported when read
                i += 1
        rows.append(_place_gaps(row, gaps, fields, kinds) if gaps else row)
    return rows


def _first_misfit(cells: list[Cell], kinds: list[str]) -> int | None:
    """The index of the first cell that does not fit the column it falls in when the stream is cut into rows of
    ``len(kinds)`` (see :func:`_fits`); None when every cell fits.

    Checked a column at a time (a column of counts or rates by the set of its kinds, a column of names or
    grades by its texts); a column that does not fit is then walked to its first misfit.
    """
    width = len(kinds)
    first = None
    for j, kind in enumerate(kinds):
        if kind == "any":
            continue
        column = cells[j::width]
        present = set(map(_KIND, column))
        if kind in _PLAIN_KINDS:
            if present <= {kind, "empty"}:
                continue
        elif kind in ("name", "grade") and present <= {"text", "empty"}:
            # The texts of the column: a name is no grade; a grade is one, or a short word.
            texts = [c.simp for c in column if c.kind == "text"]
            if not (kind == "name" and any(map(is_grade, texts))
                    or kind == "grade" and not all(len(t) <= 2 or is_grade(t) for t in texts)):
                continue
        row = next((r for r, c in enumerate(column) if not _fits(c, kind)), None)
        if row is not None and (first is None or row * width + j < first):
            first = row * width + j
    return first


def align_row(row: list[Cell], fields: list[str | None]) -> list[Cell]:
    """A row shorter than the header, realigned (a row-per-line table that lost a cell)."""
    if len(row) >= len(fields):
        return row
    aligned = align_stream(row, fields)
    return aligned[0] if len(aligned) == 1 else row


def _place_gaps(row: list[Cell], gaps: list[int], fields: list[str | None], kinds: list[str]) -> list[Cell]:
    """Move each placeholder to the place in its same-kind run that the printed rates confirm."""
    for gap in gaps:
        if row[gap].kind != "missing":
            continue
        lo = gap
        while lo > 0 and kinds[lo - 1] == kinds[gap] and row[lo - 1].kind != "missing":
            lo -= 1
        if lo == gap or kinds[gap] not in ("num", "pct"):
            continue
        present = [c for c in row[lo:gap + 1] if c.kind != "missing"]
        options = []
        for place in range(lo, gap + 1):
            candidate = list(row)
            candidate[lo:gap + 1] = present[:place - lo] + [row[gap]] + present[place - lo:]
            options.append((_rate_agreement(candidate, fields), candidate))
        agreeing = sorted(((n, c) for (ok, n), c in options if ok), key=lambda t: -t[0])
        if agreeing and (len(agreeing) == 1 or agreeing[0][0] > agreeing[1][0]):
            row = agreeing[0][1]
        else:
            row = row[:lo] + [c._replace(kind="unaligned") for c in row[lo:gap]] + row[gap:]
    return row


def _rate_agreement(row: list[Cell], fields: list[str | None]) -> tuple[bool, int]:
    """(no printed rate contradicts the counts, number of rates confirmed) for one placement."""
    counts: dict[str, int] = {}
    rates: dict[str, Percent] = {}
    for cell, field in zip(row, fields):
        if cell.kind == "num" and field in COUNT_FIELDS:
            value = parse_count(cell.simp)
            if value is not None:
                counts[field] = value
        elif cell.kind == "pct" and field in RATE_FIELDS:
            pct = Percent.parse(cell.simp)
            if pct is not None:
                rates[field] = pct
    confirmed = 0
    for field, pct in rates.items():
        numerator, denominators = RATE_DEFINITIONS[field]
        if numerator not in counts or not any(d in counts for d in denominators):
            continue
        if counts[numerator] == 0 and pct.value == 0:
            continue  # 0% fits any denominator: it confirms no placement
        checks = [agrees(pct, counts[numerator], counts[d]) for d in denominators if d in counts and counts[d] > 0]
        if not checks:
            continue
        if not any(checks):
            return False, confirmed
        confirmed += 1
    return confirmed > 0, confirmed
