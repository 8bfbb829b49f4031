"""pdfplumber's ruled-table finder with a linear cell search.

``pdfplumber.table.intersections_to_cells`` scans every later intersection
for every intersection and rebuilds edge sets on each comparison: on a
40-row statistics table that is most of ``find_tables``. This finder runs
pdfplumber's own pipeline (``get_edges`` → ``edges_to_intersections`` → cells →
``cells_to_tables`` → ``Table``) with the same cell search over indexed points
and precomputed edge sets, so it returns the same cells, faster.
``tests/test_readers_pdf.py`` checks the equivalence on the fixtures.

>>> from pathlib import Path
>>> import io, pdfplumber
>>> data = Path("fixtures/pdf/seed_trad_ruled_table_repeated_header.pdf").read_bytes()
>>> with pdfplumber.open(io.BytesIO(data)) as pdf:
...     [len(t.rows) for t in find_ruled_tables(pdf.pages[2])]
[41]
"""

from __future__ import annotations

from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.utils import obj_to_bbox

#: Ruling lines and rectangles on a page from which table detection is worth running (text PDFs and scans).
MIN_RULINGS = 6

Point = tuple[float, float]
BBox = tuple[float, float, float, float]


def find_ruled_tables(page) -> list[Table]:
    """The tables ``page.find_tables()`` finds with its default (ruling lines) settings."""
    return _LinearTableFinder(page).tables


class _LinearTableFinder(TableFinder):
    def __init__(self, page, settings=None):
        # Same steps as TableFinder.__init__, with the cell search replaced.
        self.page = page
        self.settings = TableSettings.resolve(settings)
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges, self.settings.intersection_x_tolerance, self.settings.intersection_y_tolerance)
        self.cells = intersections_to_cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]


def intersections_to_cells(intersections: dict) -> list[BBox]:
    """For each intersection (in sorted order), the smallest cell it opens, as pdfplumber defines it.

    A cell runs from a point to a point below it and a point right of it,
    each joined to it by a common edge, closed by the bottom-right point
    joined to both. Points are indexed by column and row, and each point's
    edges are turned into sets once.
    """
    points = sorted(intersections)
    vertical = {p: {obj_to_bbox(e) for e in intersections[p]["v"]} for p in points}
    horizontal = {p: {obj_to_bbox(e) for e in intersections[p]["h"]} for p in points}
    by_x: dict[float, list[Point]] = {}
    by_y: dict[float, list[Point]] = {}
    for point in points:  # sorted by (x, y): each column's points top-down, each row's left-right
        by_x.setdefault(point[0], []).append(point)
        by_y.setdefault(point[1], []).append(point)
    position_in_column = {p: i for column in by_x.values() for i, p in enumerate(column)}
    position_in_row = {p: i for row in by_y.values() for i, p in enumerate(row)}

    def connects(a: Point, b: Point) -> bool:
        if a[0] == b[0] and vertical[a] & vertical[b]:
            return True
        return a[1] == b[1] and bool(horizontal[a] & horizontal[b])

    cells = []
    for point in points:
        below = by_x[point[0]][position_in_column[point] + 1:]
        right = by_y[point[1]][position_in_row[point] + 1:]
        cell = _smallest_cell(point, below, right, intersections, connects)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(point, below, right, intersections, connects) -> BBox | None:
    for below_point in below:
        if not connects(point, below_point):
            continue
        for right_point in right:
            if not connects(point, right_point):
                continue
            corner = (right_point[0], below_point[1])
            if corner in intersections and connects(corner, right_point) and connects(corner, below_point):
                return (point[0], point[1], corner[0], corner[1])
    return None
