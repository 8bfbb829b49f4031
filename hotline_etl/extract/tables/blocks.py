"""Cut the view into blocks that may hold tables, in one pass over its lines.

A pipe block is a run of lines holding ``|``; blank lines may stand between
them, and so may one short line without a pipe (a row's last cell, or a
caption between two tables) unless it is a numbered heading or prose. A plain block starts at a run of short lines
that are header words (单位, 受理量, 办结率 ...) and goes on while lines stay
short, without pipes and without sentence punctuation: a table printed one
cell per paragraph. A spaced block starts at a line of header words set apart
by tabs or runs of spaces (``单位    受理数    办结率``) and goes on while lines
split so into no more cells than the header: a table printed with spaces,
as text taken from a PDF or a word processor's tab stops. Real tables
of DOCX/PDF/HTML documents are blocks of their own, in document order.

The lines are read once; the layouts then look only at their block.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> [b.kind for b in find_blocks(build_view(load("说明\\n单位 | 受理量\\n甲镇 | 3\\n附言")))]
['pipe']
"""

from __future__ import annotations

import re
from itertools import repeat
from operator import contains

import regex

from ...script import PAGE_MARK, View
from ..table_cells import header_field
from .grid import Block

#: Longest line without a pipe taken as a cell inside or right after a pipe run.
MAX_TRAILING_CELL = 40
#: Longest line taken as a cell of a table printed without pipes.
MAX_PLAIN_CELL = 40
#: Longest line taken as a header word of a table printed without pipes.
MAX_PLAIN_HEADER = 12
#: Header lines in a row that start a table printed without pipes.
MIN_PLAIN_HEADER = 3
# Sentence punctuation: a line holding it is prose, not a cell (a comma between digits is a
# thousands separator).
_PROSE = regex.compile(r"[。:：;；，]|,(?!\d)")
# A numbered heading (（三）…, 三、…, 2.…): the text goes on after the table, it is no cell.
_HEADING = regex.compile(r"^\s*(?:[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．](?!\d))")
# A page number left by a page break (script.PAGE_MARK): the view drops such lines; one read by a
# reader that keeps them is still no cell, nor a caption between two tables (the header repeated under
# it continues the table above).


# A line of two non-empty ``|``-separated parts or more: a non-blank character, a pipe, a non-blank character
# (``re``'s ``\s`` is ``str.isspace``, as ``strip`` uses).
_MULTI_CELL = re.compile(r"^(?:[^\S\n]|\|)*[^\s|][^|\n]*\|[^\n]*?[^\s|]", re.M)


#: A gap between the cells of a table printed with spaces: a tab, or two spaces or more (the
#: repair stage joins Han characters one or two spaces apart, so between two Han words it is three).
GAP = regex.compile(r"[ \t]*\t[ \t]*| {2,}")


def spaced_cells(text: str) -> list[str]:
    """The cells of a line printed with spaces (none when it has no gap).

    >>> spaced_cells("甲镇    12   98.5%"), spaced_cells("共受理 12 件")
    (['甲镇', '12', '98.5%'], [])
    """
    if "\t" not in text and "  " not in text:
        return []
    cells = [c for c in GAP.split(text.strip()) if c]
    return cells if len(cells) >= 2 else []


def _spaced_header(text: str) -> int:
    """The number of cells of a header line printed with spaces; 0 when the line is no such header."""
    cells = spaced_cells(text)
    if len(cells) < MIN_PLAIN_HEADER or any(len(c) > MAX_PLAIN_HEADER for c in cells):
        return 0
    return len(cells) if sum(header_field(c) is not None for c in cells) * 2 >= len(cells) else 0


def _may_be_cell(text: str) -> bool:
    stripped = text.strip()
    return 0 < len(stripped) <= MAX_TRAILING_CELL and not _HEADING.match(stripped) and not _PROSE.search(stripped)


def _multi_cell_lines(texts: list[str]) -> int:
    """How many of ``texts`` (lines with pipes) hold two non-empty ``|``-separated parts or more.

    One scan of the lines joined (a non-blank character, a pipe after it, a
    non-blank character after that) instead of splitting each line.
    """
    joined = "\n".join(texts)
    n = len(texts)
    if joined.count("\n") != n - 1:  # a line holding a line break itself: count line by line
        return sum(sum(1 for part in t.split("|") if part.strip()) >= 2 for t in texts)
    if joined.count("|") == n and joined.count("|\n") + joined.endswith("|") == n:
        return 0  # one pipe a line, and last on it (``cell |``, the seed's layout): one cell at most each
    return len(_MULTI_CELL.findall(joined))


def _line_texts(view: View) -> list[str]:
    """The simplified text of each line of ``view``: its units are joined by line breaks and hold none, so one
    split of the whole view gives them all (slicing each costs about twice as much)."""
    units = view.simp.split("\n")
    if len(units) == len(view.starts):
        return list(map(units.__getitem__, view.lines))
    simp, starts, ends = view.simp, view.starts, view.ends  # not so joined: slice each line
    return [simp[starts[u]:ends[u]] for u in view.lines]


def find_blocks(view: View) -> list[Block]:
    """Every block of ``view`` that may hold a table, in document order."""
    lines = view.lines
    texts = _line_texts(view)
    piped = list(map(contains, texts, repeat("|")))
    n = len(texts)
    found: list[tuple[float, Block]] = []
    k = 0
    while k < n:
        text = texts[k]
        if piped[k]:
            # The run of lines with pipes, found a run at a time (list.index); a short line between two may be a cell.
            j = k
            inside: list[int] = []  # lines without a pipe taken into the run
            while True:
                try:
                    gap = piped.index(False, j + 1)
                except ValueError:
                    j = n - 1
                    break
                j = gap - 1
                if gap + 1 < n and piped[gap + 1] and _may_be_cell(texts[gap]):
                    inside.append(gap)
                    j = gap + 1
                else:
                    break
            tail = j + 1 if j + 1 < n and _may_be_cell(texts[j + 1]) else None
            last = tail if tail is not None else j
            dropped = {i for i in inside if PAGE_MARK.match(texts[i])}
            if dropped:
                kept = [i for i in range(k, j + 1) if i not in dropped]
                kept_lines, kept_texts = tuple([lines[i] for i in kept]), tuple([texts[i] for i in kept])
            else:
                kept_lines, kept_texts = lines[k:j + 1], tuple(texts[k:j + 1])
            found.append((k, Block("pipe", kept_lines, kept_texts, _multi_cell_lines(kept_texts),
                                   lines[tail] if tail is not None else None, last == n - 1)))
            k = j + 1
            continue
        width = _spaced_header(text)
        if width:
            m = k + 1
            while m < n and not piped[m] and not _PROSE.search(texts[m]) \
                    and 2 <= len(spaced_cells(texts[m])) <= width:
                m += 1
            if m > k + 1:
                found.append((k, Block("spaced", tuple(lines[k:m]), tuple(texts[k:m]), 0, None, m == n)))
                k = m
                continue
        j = k
        while j < n and len(texts[j].strip()) <= MAX_PLAIN_HEADER and not piped[j] \
                and header_field(texts[j].strip()):
            j += 1
        if j - k >= MIN_PLAIN_HEADER:
            m = j
            while m < n and not piped[m] and len(texts[m].strip()) <= MAX_PLAIN_CELL \
                    and not _PROSE.search(texts[m]):
                m += 1
            kept = [i for i in range(k, m) if not PAGE_MARK.match(texts[i])]
            found.append((k, Block("plain", tuple(lines[i] for i in kept), tuple(texts[i] for i in kept),
                                   0, None, m == n)))
            k = m
        else:
            k = max(j, k + 1)
    found.extend(_real_blocks(view))
    found.sort(key=lambda p: p[0])
    return [b for _, b in found]


def _real_blocks(view: View) -> list[tuple[float, Block]]:
    """Real tables, those at the same place grouped (a table the reader could not join)."""
    out: list[tuple[float, Block]] = []
    for table, at in zip(view.tables, view.table_at):
        position = at - 0.5  # before the line that follows it
        if out and out[-1][0] == position:
            out[-1] = (position, Block("real", tables=out[-1][1].tables + (table,)))
        else:
            out.append((position, Block("real", tables=(table,))))
    return out
