"""Table helpers shared by the container readers (PDF, DOCX, HTML).

Every reader returns tables as rectangular grids: a merged cell's text is
given once, at its top-left grid position, and the positions it covers hold
empty cells. A table that a page break (PDF) or an author (DOCX) split in two,
repeating its header, is joined back into one.

>>> from hotline_etl.document import Cell, Origin, Table
>>> row = lambda *t: tuple(Cell(x, Origin()) for x in t)
>>> a = Table((row("單位", "受理"), row("縣人社局", "212")), Origin(table=1))
>>> b = Table((row("單位", "受理"), row("縣公安局", "133")), Origin(table=2))
>>> [[c.text for c in r] for r in join_continued_tables([a, b])[0].rows]
[['單位', '受理'], ['縣人社局', '212'], ['縣公安局', '133']]
"""

from __future__ import annotations

import dataclasses
import difflib

import regex

from ..document import Block, Cell, Origin, Table, nonspace_confidence, spread_confidence

_NUMERIC = regex.compile(r"^[-+]?\d[\d,.]*\s*%*$|^[-+]?\.\d+\s*%*$")
_LATIN_EDGE = regex.compile(r"[A-Za-z]")


def is_numeric_cell(text: str) -> bool:
    """``True`` for a count or a percentage as printed (``245``, ``99.31%``, ``0%``).

    >>> is_numeric_cell("99.31%"), is_numeric_cell("等級評價"), is_numeric_cell("")
    (True, False, False)
    """
    return bool(_NUMERIC.match(text.strip()))


def join_wrapped(parts: list[str]) -> str:
    """Join pieces of one logical text that a layout wrapped over several lines.

    Chinese text and numbers wrap anywhere, so pieces are glued without a
    separator; only two Latin letters meeting at the break get a space.

    >>> join_wrapped(["受理", "案件", "數"]), join_wrapped(["99.31", "%"]), join_wrapped(["Hot", "line"])
    ('受理案件數', '99.31%', 'Hot line')
    """
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and _LATIN_EDGE.match(out[-1]) and _LATIN_EDGE.match(part[0]):
            out += " "
        out += part
    return out


def header_row_count(rows: tuple[tuple[Cell, ...], ...]) -> int:
    """Leading rows without a numeric cell: the header (one or several rows)."""
    count = 0
    for row in rows:
        if any(is_numeric_cell(c.text) for c in row):
            break
        count += 1
    return count if count < len(rows) else 0


def _texts(rows) -> list[tuple[str, ...]]:
    return [tuple(c.text.replace("\n", "") for c in row) for row in rows]


#: Header rows read by OCR repeat a header when this share of their characters agree (a recogniser
#: reads the same bold header a little differently on each page: ``按期結率`` / ``按期结率``).
OCR_HEADER_SIMILARITY = 0.8


def _same_header(first, second) -> bool:
    """``second`` repeats the header rows ``first``: the same texts, or, read by OCR, nearly the same."""
    a, b = _texts(first), _texts(second)
    if a == b:
        return True
    ocr = all(c.confidence is not None for row in (*first, *second) for c in row)
    if not ocr or [len(r) for r in a] != [len(r) for r in b]:
        return False
    return difflib.SequenceMatcher(None, "|".join(map("|".join, a)), "|".join(map("|".join, b)),
                                   autojunk=False).ratio() >= OCR_HEADER_SIMILARITY


def join_continued_tables(blocks: list[Block], require_repeated_header: bool = True,
                          notes: list[str] | None = None) -> list[Block]:
    """Join runs of consecutive tables that continue the first one.

    A table continues the one just before it (no paragraph between) when it
    has the same number of columns and starts with the same header rows,
    which are dropped. With ``require_repeated_header=False`` (PDF pages,
    where a page break is the only thing between the parts) a continuation
    may also come without a repeated header, if it starts on a later page.
    Each join is described in ``notes`` when a list is given.
    """
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if isinstance(block, Table) and isinstance(previous, Table):
            joined = _continue(previous, block, require_repeated_header)
            if joined is not None:
                merged, dropped, rejoined = joined
                if notes is not None:
                    where = block.rows[0][0].origin
                    at = f"page {where.page}" if where.page is not None else f"table {where.table}"
                    added = len(block.rows) - dropped - rejoined
                    notes.append(f"table continued at {at} joined to the one before "
                                 f"({added} rows added, {dropped} repeated header rows dropped"
                                 + (", a row split by the break rejoined)" if rejoined else ")"))
                out[-1] = merged
                continue
        out.append(block)
    return out


def _continue(first: Table, second: Table, require_repeated_header: bool) -> tuple[Table, int, int] | None:
    """The joined table, the repeated header rows dropped and the split rows rejoined (0 or 1)."""
    width = len(first.rows[0]) if first.rows else 0
    if not second.rows or any(len(r) != width for r in second.rows[:1]) or width == 0:
        return None
    headers = header_row_count(first.rows)
    repeated = headers > 0 and _same_header(first.rows[:headers], second.rows[:headers])
    dropped = headers if repeated else 0
    if repeated:
        tail = second.rows[headers:]
    elif require_repeated_header or header_row_count(second.rows) > 0 or not _next_page(first, second):
        return None
    else:
        tail = second.rows
    rows = first.rows
    rejoined = int(bool(tail) and _is_row_remainder(tail[0], rows[-1]))
    if rejoined:
        # A row that the page break split (a unit name wrapped onto the next page): rejoin it.
        rows = rows[:-1] + (tuple(_joined_cell(a, b) for a, b in zip(rows[-1], tail[0])),)
        tail = tail[1:]
    return Table(rows + _renumber(tail, first.origin.table, len(rows)), first.origin), dropped, rejoined


def _joined_cell(a: Cell, b: Cell) -> Cell:
    """Cell ``a`` with the wrapped end ``b`` glued on (an OCR'd cell keeps each character's confidence)."""
    text = join_wrapped([a.text, b.text])
    if a.confidence is None and b.confidence is None:
        return Cell(text, a.origin)
    values = nonspace_confidence(a.text, a.confidence) + nonspace_confidence(b.text, b.confidence)
    return Cell(text, a.origin, spread_confidence(text, values))


def _is_row_remainder(row: tuple[Cell, ...], above: tuple[Cell, ...]) -> bool:
    """``row`` holds only the wrapped ends of cells of the data row ``above`` (``務中心``, a ``%``), no figure."""
    filled = [k for k, c in enumerate(row) if c.text.strip()]
    return (bool(filled) and len(filled) < len(row) / 2 and any(is_numeric_cell(c.text) for c in above)
            and not any(is_numeric_cell(row[k].text) for k in filled))


def _next_page(first: Table, second: Table) -> bool:
    """The second table starts on a later page than the first one ends (a page break split them)."""
    end, start = first.rows[-1][0].origin.page, second.rows[0][0].origin.page
    return end is not None and start is not None and start > end


def _renumber(rows, table: int | None, offset: int) -> tuple[tuple[Cell, ...], ...]:
    """Cells of a continuation keep their page but take the joined table's row numbers."""
    out = []
    for r, row in enumerate(rows, start=offset + 1):
        out.append(tuple(dataclasses.replace(c, origin=_with(c.origin, table=table, row=r)) for c in row))
    return tuple(out)


def _with(origin: Origin, **changes) -> Origin:
    fields = origin.to_dict()
    fields.update(changes)
    return Origin(**fields)


def renumber_tables(blocks: list[Block]) -> tuple[Block, ...]:
    """Number tables 1, 2, ... in document order after joining (origins say ``table k``)."""
    out: list[Block] = []
    number = 0
    for block in blocks:
        if isinstance(block, Table):
            number += 1
            if block.origin.table != number:
                rows = tuple(tuple(dataclasses.replace(c, origin=_with(c.origin, table=number)) for c in row)
                             for row in block.rows)
                block = Table(rows, _with(block.origin, table=number))
        out.append(block)
    return tuple(out)
