"""Saved web pages: the bulletin's paragraphs and tables, without the site around them.

lxml parses the page (it is already installed with python-docx and is a
forgiving HTML parser). The encoding is the one the page declares
(``<meta charset>`` or ``http-equiv``; GB2312/GBK are read as their superset
GB18030, as browsers do) or, when undeclared or wrong, the one detected by
:func:`~hotline_etl.readers.encoding.decode_text`.

The main content is found without per-site rules: scripts, styles, inputs and
``nav``/``header``/``footer``/``aside`` are dropped, then from ``<body>`` the
reader descends into the child holding most of the Chinese text that is not
link text, while one child holds nearly all of it (80%). Before that, blocks
whose class or id names chrome (nav, menu, footer, breadcrumb, copyright...)
are dropped unless they hold half the page's text. Inside the main content, block elements
and ``<br>`` end lines (one Paragraph per line), ``h1``-``h6`` or all-bold
lines are headings, and data tables become Table blocks whose
rowspan/colspan cells are given once on a full grid.

>>> page = "<html><body><div><p>一、基本情况</p><p>5月份共受理热线工单2557件</p></div></body></html>"
>>> [b.text for b in read_html(page.encode(), "a.html").blocks]
['一、基本情况', '5月份共受理热线工单2557件']
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from ..document import Block, Cell, Document, Origin, Paragraph, Table
from ..errors import UnreadableDocument
from ..limits import Limits
from ..characters import COMMON_HAN, fold_characters, is_wide
from .encoding import damage_tolerated, decode_lenient, decode_text_with_damage
from .text import damaged_bytes_note

#: Elements that never hold bulletin text. (Not <form>: ASP.NET sites wrap whole pages in one.)
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "object", "embed", "input", "select",
    "button", "textarea", "nav", "header", "footer", "aside", "head", "title", "meta", "link", "svg", "canvas",
})
#: Elements that end a line before and after their content.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt",
    "dd", "blockquote", "pre", "address", "center", "table", "tr", "caption", "hr", "figure", "figcaption",
    "body", "html", "td", "th", "tbody", "thead", "tfoot",
})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BOLD_TAGS = frozenset({"b", "strong"})
#: Descend into a child while it holds at least this share of the parent's text.
MAIN_CONTENT_SHARE = 0.8
#: A block named like chrome is dropped only while it holds less than this share of the text.
CHROME_MAX_SHARE = 0.5
#: A table cell holding this share of its table's text makes it a layout table.
LAYOUT_CELL_SHARE = 0.6
#: A rowspan/colspan above this is a markup error, not a layout.
MAX_SPAN = 200

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_:.\-]+)""", re.I)
_XML_DECL_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
#: Declared names mapped to the codec that reads what such pages really hold.
_CODEC_FOR = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
              "gb_2312-80": "gb18030", "euc-cn": "gb18030", "big5": "big5hkscs", "x-big5": "big5hkscs"}
#: Declarations too often wrong to trust over detection (pages saved as GBK declaring Latin-1).
_UNTRUSTED = {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "ascii", "us-ascii"}
_CHROME_HINT = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|footer|foot|header|banner|sidebar|breadcrumbs?|crumbs?|share|"
    r"copyright|related|search|login|contentinfo)(?:[\s_\-\d]|$)", re.I)
_HAN = re.compile(COMMON_HAN)
_SPACE_RUN = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")


def read_html(data: bytes, name: str, limits: Limits | None = None) -> Document:
    """Read a saved web page into the bulletin's paragraphs and tables (with line numbers).

    The page is parsed without network access and without lifting libxml2's
    size limits; an element tree deeper than ``limits.max_html_depth`` is
    refused before it is walked (the walk recurses).
    """
    limits = Limits.resolve(limits)
    text, encoding, notes = decode_html(data, name)
    try:
        root = lxml.html.document_fromstring(_XML_DECL_TEXT.sub("", text.replace("\x00", ""), count=1),
                                             parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableDocument(name, f"the HTML cannot be parsed ({exc})", "save the page again") from exc
    if limits.max_html_depth is not None:
        depth = tree_depth(root, limits.max_html_depth)
        if depth > limits.max_html_depth:
            raise limits.exceeded("max_html_depth", name, depth,
                                  f"elements nest more than {limits.max_html_depth} levels deep")
    title = root.findtext(".//title")
    if title and title.strip():
        notes.append(f"page title: {title.strip()}")
    _drop_chrome(root)
    body = root.find("body")
    body = body if body is not None else root
    _drop_hinted_chrome(body)
    main = _main_content(body)
    walker = _Walker()
    walker.walk(main)
    walker.flush()
    return Document(name=name, format="html", blocks=tuple(walker.blocks), encoding=encoding, notes=tuple(notes))


#: HTML entities are the named ones of HTML; a DTD in a page is not read, nothing is fetched.
_PARSER = lxml.html.HTMLParser(no_network=True, huge_tree=False, remove_pis=True)


def tree_depth(root, stop: int) -> int:
    """Nesting depth of ``root`` (1 for a lone element), counting no further than ``stop + 1``.

    Iterative, so a hostile tree cannot exhaust the stack here.

    >>> tree_depth(lxml.html.fromstring("<div><p><b>x</b></p></div>"), 100)
    3
    """
    deepest = depth = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > deepest:
            deepest = depth
            if deepest > stop:
                break
    return deepest


def decode_html(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Decode with the declared charset when it fits the bytes, else detect.

    >>> decode_html('<meta charset="gbk"><p>熱線</p>'.encode("gbk"), "a.html")[1]
    'gb18030'
    """
    notes: list[str] = []
    head = data[:4096]
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding, spots = decode_text_with_damage(data, name)
        return text, encoding, notes + ([damaged_bytes_note(encoding, spots)] if spots else [])
    match = _XML_DECL.search(head) or _META_CHARSET.search(head)
    declared = match.group(1).decode("ascii").lower() if match else None
    if declared and declared not in _UNTRUSTED:
        codec = _CODEC_FOR.get(declared, declared)
        try:
            codecs.lookup(codec)
            return data.decode(codec), codec, notes
        except LookupError:
            notes.append(f"declared charset {declared!r} is unknown; encoding detected instead")
        except UnicodeDecodeError as exc:
            text, spots = decode_lenient(data, codec)
            if damage_tolerated(text):
                return text, codec, notes + [damaged_bytes_note(codec, spots)]
            notes.append(f"declared charset {declared!r} does not fit byte {exc.start}; encoding detected instead")
    text, encoding, spots = decode_text_with_damage(data, name)
    return text, encoding, notes + ([damaged_bytes_note(encoding, spots)] if spots else [])


def _drop_chrome(root) -> None:
    for element in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove_keep_tail(element)
    for element in list(root.iter(*SKIP_TAGS)):
        if element.getparent() is not None and element.tag != "head":
            _remove_keep_tail(element)


def _drop_hinted_chrome(main) -> None:
    """Drop blocks whose class, id or role names site chrome, if they hold little of the text.

    The names are the generic ones of readability-style extractors (nav, menu,
    footer, breadcrumb, share, copyright...), not per-site rules; a block so
    named that holds half of the text or more is kept in case it is the
    article after all (``class="header-content"``).
    """
    weights: dict = {}
    total = _weigh(main, weights)
    for element in list(main.iter()):
        if not isinstance(element.tag, str) or element is main:
            continue
        names = " ".join(element.get(a) or "" for a in ("class", "id", "role"))
        if names and _CHROME_HINT.search(names) and weights.get(element, 0) < CHROME_MAX_SHARE * max(total, 1):
            _remove_keep_tail(element)


def _remove_keep_tail(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _main_content(body):
    """Descend from ``body`` into the child that holds nearly all non-link Chinese text."""
    weights: dict = {}
    _weigh(body, weights)
    node = body
    while True:
        children = [c for c in node if isinstance(c.tag, str)]
        if not children or _is_data_table(node):
            return node
        best = max(children, key=lambda c: weights.get(c, 0))
        if weights.get(best, 0) < MAIN_CONTENT_SHARE * weights.get(node, 0) or _is_data_table(best):
            return node
        node = best


def _weigh(element, weights: dict) -> int:
    """Han characters outside links in ``element`` (memoised per element)."""
    own = 0 if element.tag == "a" else len(_HAN.findall(element.text or ""))
    for child in element:
        if isinstance(child.tag, str):
            own += _weigh(child, weights) if element.tag != "a" else 0
        own += len(_HAN.findall(child.tail or ""))
    weights[element] = own
    return own


def _rows(table) -> list:
    return table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def _is_data_table(element) -> bool:
    """A table of two or more rows, some with two or more cells, none holding most of its text.

    Old county sites lay pages out with tables (logo | menu, sidebar | article,
    footer): one cell holds most of the text there, and such a table is read
    through like a div instead.
    """
    if element.tag != "table":
        return False
    rows = _rows(element)
    cells = [row.xpath("./td | ./th") for row in rows]
    if len(rows) < 2 or max(len(c) for c in cells) < 2:
        return False
    weights: dict = {}
    total = _weigh(element, weights)
    return not any(weights.get(cell, 0) >= LAYOUT_CELL_SHARE * total > 0 for row in cells for cell in row)


@dataclass
class _Walker:
    """Turns the content tree into blocks: a line ends at every block element and <br>."""

    blocks: list[Block] = field(default_factory=list)
    pieces: list[tuple[str, bool]] = field(default_factory=list)
    heading: bool = False
    line: int = 0
    tables: int = 0

    def walk(self, element, bold: bool = False) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            self.flush()
            return
        if tag == "table" and _is_data_table(element):
            self.flush()
            self.blocks.append(self._table(element))
            return
        block = tag in BLOCK_TAGS
        if block:
            self.flush()
        bold = bold or tag in BOLD_TAGS or tag in HEADING_TAGS
        if tag in HEADING_TAGS:
            self.heading = True
        if element.text:
            self.pieces.append((element.text, bold))
        for child in element:
            self.walk(child, bold)
            if child.tail:
                self.pieces.append((child.tail, bold))
        if block:
            self.flush()

    def flush(self) -> None:
        text = clean_text("".join(p for p, _ in self.pieces))
        if text:
            all_bold = all(b for p, b in self.pieces if clean_text(p))
            self.line += 1
            self.blocks.append(Paragraph(text, Origin(line=self.line), self.heading or all_bold))
        self.pieces = []
        self.heading = False

    def _table(self, table) -> Table:
        self.tables += 1
        number, first_line = self.tables, self.line + 1
        grid = _table_grid(table)
        rows = []
        for r, row in enumerate(grid, start=1):
            rows.append(tuple(Cell(text, Origin(line=first_line + r - 1, table=number, row=r, col=c))
                              for c, text in enumerate(row, start=1)))
        self.line += len(rows)
        return Table(tuple(rows), Origin(line=first_line, table=number))


def _span(cell, attribute: str) -> int:
    try:
        value = int((cell.get(attribute) or "1").strip())
    except ValueError:
        return 1
    return min(max(value, 1), MAX_SPAN)


def _table_grid(table) -> list[list[str]]:
    """Rows of cell texts on a full grid; a spanning cell's text at its top-left position only."""
    grid: list[list[str | None]] = []
    for r, tr in enumerate(_rows(table)):
        while len(grid) <= r:
            grid.append([])
        row = grid[r]
        col = 0
        for cell in tr.xpath("./td | ./th"):
            while col < len(row) and row[col] is not None:
                col += 1
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            text = _cell_text(cell)
            for dr in range(rowspan):
                while len(grid) <= r + dr:
                    grid.append([])
                target = grid[r + dr]
                while len(target) < col + colspan:
                    target.append(None)
                for dc in range(colspan):
                    target[col + dc] = text if dr == 0 and dc == 0 else ""
            col += colspan
    width = max((len(row) for row in grid), default=0)
    out = []
    for row in grid:
        cells = [c or "" for c in row] + [""] * (width - len(row))
        if any(cells):
            out.append(cells)
    return out


def _cell_text(cell) -> str:
    """A cell's lines (its paragraphs and <br>s) joined by newlines."""
    walker = _Walker()
    walker.walk(cell)
    walker.flush()
    lines = []
    for block in walker.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:  # a table nested in a cell: its rows as lines
            lines += [" ".join(c.text for c in row if c.text) for row in block.rows]
    return "\n".join(lines)


def clean_text(text: str) -> str:
    """Collapse HTML whitespace; a source line break between two CJK characters is dropped.

    >>> clean_text("  共受理\\n  工单 2557件\\u3000")
    '共受理工单 2557件'
    """
    def replace(match: re.Match) -> str:
        start, end = match.start(), match.end()
        if start == 0 or end == len(text):
            return ""
        if "\n" in match.group() and is_wide(text[start - 1]) and is_wide(text[end]):
            return ""
        return " "
    return _SPACE_RUN.sub(replace, fold_characters(text))
