"""A PDF page's characters from its content stream, without pdfminer's tokenizer or layout objects.

Where the PDF reader's time goes (cProfile, every producer fixture): about
nine tenths of it is pdfplumber computing ``page.chars``, and of that
pdfminer's content-stream tokenizer (``PSBaseParser``, a state machine called
once per token) takes half, building an ``LTChar`` per glyph and pdfplumber's
dict of 30 attributes from it most of the rest. The statistics table, the text
flow and the extractors are a few percent.

:class:`ContentPage` is a pdfplumber ``Page`` that reads its content
differently and gives the same values:

- the content streams are tokenized by one regular expression per token
  (:func:`content_operations`), with pdfminer's own rules for numbers, names,
  strings and hex strings, and each operator is dispatched from a table to
  pdfminer's own ``PDFPageInterpreter.do_*`` method, so the graphics and text
  state, fonts, Form XObjects and paths are pdfminer's;
- a glyph becomes a small dict (text, box, size, font, upright) computed with
  ``LTChar``'s and pdfplumber's formulas, not an ``LTChar`` and a 30-key dict;
- lines, rectangles, curves and images are pdfminer's layout objects, turned
  into dicts of their geometry only, so pdfplumber's edges and ruled-table
  finder run on them unchanged; ``dedupe_chars`` is pdfplumber's algorithm
  without its quadratic last step.

A stream the fast tokenizer does not reproduce exactly (an inline image, a
dictionary with an odd number of entries, an octal escape above 255) is
handed to pdfminer's tokenizer whole; every stream is when pdfminer's
interpreter is older than the one this module mirrors, or ``STRICT``.
``tests/test_readers_pdf_content.py`` checks glyph for glyph, edge for edge
and table cell for table cell that a :class:`ContentPage` gives pdfplumber's
values on every PDF fixture, and the tokenizer against pdfminer's on
generated streams (docs/pdf_speed.md).

>>> import io, pdfplumber
>>> from pathlib import Path
>>> data = Path("fixtures/pdf/seed_trad_unruled_table.pdf").read_bytes()
>>> with pdfplumber.open(io.BytesIO(data)) as pdf:
...     page = ContentPage.of(pdf.pages[0])
...     "".join(c["text"] for c in page.chars[:6])
'一、基本情況'
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator, Sequence
from operator import itemgetter
from typing import Any
from unicodedata import normalize as normalize_unicode

from pdfminer import settings
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine, LTRect
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import KWD, LIT, PSKeyword, literal_name
from pdfminer.utils import choplist, mult_matrix
from pdfplumber.page import FilteredPage, Page, fix_fontname_bytes
from pdfplumber.utils import cluster_objects, resolve_all
from pdfplumber.utils.exceptions import PdfminerException

log = logging.getLogger(__name__)


class FallBack(Exception):
    """The fast tokenizer would not read this content exactly as pdfminer does: let pdfminer read it."""


# ----------------------------------------------------------------------------- tokenizer

#: One token with the whitespace and comments before it, as pdfminer's ``PSBaseParser._parse_main``
#: dispatches on its first byte. Delimiters and whitespace are pdfminer's (``END_KEYWORD``,
#: ``END_LITERAL``, ``\s``); NUL is skipped like whitespace.
_TOKEN = re.compile(rb"""
    (?:[\s\x00]+|%[^\r\n]*)*
    (?:
      (?P<number>[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]*))
    | (?P<keyword>[A-Za-z][^#/%\[\]()<>{}\s]*)
    | /(?P<name>[^#/%\[\]()<>{}\s]*(?:\#[^/%\[\]()<>{}\s]*)*)
    | \((?P<plain>[^()\\]*)\)                             # a string without escapes or nesting
    | (?P<string>\()                                       # the start of any other string
    | (?P<dictbegin><<)
    | <(?P<hex>[0-9a-fA-F\s]*)
    | (?P<dictend>>>)
    | [-+>]                                                # a bare sign, or the '>' closing a hex string: no token
    | (?P<end>\Z)
    | (?P<other>.)                                         # any other byte is a one-byte keyword ([ ] { } ' " ...)
    )
""", re.VERBOSE | re.DOTALL)
_NAME_HEX = re.compile(rb"#([0-9a-fA-F]{0,2})")
_SPACE = re.compile(rb"\s")
_HEX_PAIR = re.compile(rb"[0-9a-fA-F]{2}|.", re.DOTALL)
_STRING_END = re.compile(rb"[()\\]")
_OCTAL = b"01234567"
_ESCAPES = {ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("f"): 12, ord("r"): 13, ord("("): 40, ord(")"): 41,
            ord("\\"): 92}
_KEYWORDS: dict[bytes, Any] = {b"true": True, b"false": False}

ARRAY_BEGIN, ARRAY_END, DICT_BEGIN, DICT_END = KWD(b"["), KWD(b"]"), KWD(b"<<"), KWD(b">>")
PROC_BEGIN, PROC_END = KWD(b"{"), KWD(b"}")
INLINE_IMAGE, INLINE_DATA = KWD(b"BI"), KWD(b"ID")


def _name(raw: bytes):
    """A literal as pdfminer interns it: ``#xx`` decoded (``#`` without hex digits dropped), UTF-8 if it decodes."""
    if b"#" in raw:
        raw = _NAME_HEX.sub(lambda m: bytes((int(m[1], 16),)) if m[1] else b"", raw)
    try:
        return LIT(str(raw, "utf-8"))
    except UnicodeDecodeError:
        return LIT(raw)


def _hex_string(digits: bytes) -> bytes:
    """pdfminer's hex string: whitespace dropped, pairs decoded, an odd last digit taken as its own value."""
    digits = _SPACE.sub(b"", digits)
    if len(digits) % 2 == 0:
        return bytes.fromhex(digits.decode("ascii"))
    return _HEX_PAIR.sub(lambda m: bytes((int(m[0], 16),)), digits)


def _string(data: bytes, i: int) -> tuple[bytes | None, int]:
    """A literal string from just after its ``(``, as pdfminer's ``_parse_string`` reads it.

    Nested parentheses are kept, escapes decoded (an unknown escape drops the
    backslash and the character after it, as pdfminer does; a backslash at a
    line end joins the lines). Returns the string and the position after its
    ``)``, or None when the data ends inside it (pdfminer drops such a string).
    """
    out = bytearray()
    depth = 1
    end = len(data)
    while True:
        m = _STRING_END.search(data, i)
        if m is None:
            return None, end
        j = m.start()
        out += data[i:j]
        c = data[j]
        if c == 0x5C:  # backslash
            i = j + 1
            digits = 0
            value = 0
            while digits < 3 and i < end and data[i] in _OCTAL:
                value = value * 8 + data[i] - 0x30
                digits += 1
                i += 1
            if digits:
                if value > 255:
                    raise FallBack("octal escape above 255")  # pdfminer fails an assertion here
                out.append(value)
                continue
            if i >= end:
                return None, end
            c = data[i]
            if c in _ESCAPES:
                out.append(_ESCAPES[c])
            elif c == 0x0D and i + 1 < end and data[i + 1] == 0x0A:
                i += 1
            i += 1
        elif c == 0x28:  # (
            depth += 1
            out.append(c)
            i = j + 1
        else:  # )
            depth -= 1
            i = j + 1
            if not depth:
                return bytes(out), i
            out.append(c)


def content_operations(data: bytes) -> Iterator[tuple[list, PSKeyword]]:
    """The operators of a content stream with their operands, as pdfminer's ``PDFContentParser`` reads them.

    Arrays, dictionaries and procedures become lists and dicts; a keyword
    inside an array stays an element of it; an unmatched ``]`` is ignored; an
    array still open at the end swallows everything after it (pdfminer never
    executes what follows). Operands are yielded with the operator that
    follows them, including operands left over before a later operator
    (pdfminer's interpreter keeps them on its stack). Raises
    :class:`FallBack` where pdfminer's parser would do something this one
    does not reproduce (an inline image, an odd dictionary).

    >>> [(args, op.name) for args, op in content_operations(b"BT /F1 12 Tf [(Hi) -250 <4e>] TJ ET")]
    [([], b'BT'), ([/'F1', 12], b'Tf'), ([[b'Hi', -250, b'N']], b'TJ'), ([], b'ET')]
    """
    operands: list = []
    context: list[tuple[str, list]] = []  # open arrays, dicts, procedures
    current = operands
    kind = ""
    pos = 0
    while True:
        for m in _TOKEN.finditer(data, pos):
            group = m.lastgroup
            if group == "number":
                raw = m[group]
                if b"." in raw:
                    try:
                        token = float(raw)
                    except ValueError:  # "." or "-.": no token
                        continue
                else:
                    token = int(raw)
            elif group == "keyword":
                raw = m[group]
                token = _KEYWORDS.get(raw)
                if token is None:
                    token = KWD(raw)
                    if token is INLINE_IMAGE:
                        raise FallBack("inline image")
                    if token is INLINE_DATA:
                        continue  # ID outside an inline image: pdfminer's parser drops it
                    if not context:
                        yield operands, token
                        operands = current = []
                        continue
            elif group == "plain":
                token = m[group]
            elif group == "name":
                token = _name(m[group])
            elif group == "hex":
                token = _hex_string(m[group])
            elif group == "string":
                token, pos = _string(data, m.end())
                if token is None:
                    return
                current.append(token)
                break  # go on after the string
            elif group == "dictbegin":
                context.append((kind, current))
                kind, current = "d", []
                continue
            elif group == "dictend":
                if kind != "d":
                    continue
                if len(current) % 2:
                    raise FallBack("dictionary with an odd number of entries")
                token = {literal_name(k): v for k, v in choplist(2, current) if v is not None}
                kind, current = context.pop()
            elif group == "other":  # a one-byte keyword
                token = KWD(m[group])
                if token is ARRAY_BEGIN or token is PROC_BEGIN:
                    context.append((kind, current))
                    kind, current = ("a" if token is ARRAY_BEGIN else "p"), []
                    continue
                if token is ARRAY_END or token is PROC_END:
                    if kind != ("a" if token is ARRAY_END else "p"):
                        continue
                    token = current
                    kind, current = context.pop()
                elif not context:
                    yield operands, token
                    operands = current = []
                    continue
            elif group == "end":
                return
            else:  # a bare sign or a '>' after a hex string
                continue
            current.append(token)
        else:
            return


# ----------------------------------------------------------------------------- interpreter

def _fast_path_available() -> bool:
    """Whether pdfminer's interpreter is the one this module mirrors (it has the circular-stream guard).

    In STRICT mode pdfminer raises on what it otherwise skips; the fast path does not, so it steps aside.
    """
    return hasattr(PDFPageInterpreter, "subinterp") and not settings.STRICT


class _FastInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter with :func:`content_operations` for its tokenizer."""

    #: Operator -> (unbound ``do_*`` method or None, operand count), filled as operators are met.
    _OPERATORS: dict[PSKeyword, tuple[Any, int]] = {}

    def execute(self, streams: Sequence[object]) -> None:
        # Which streams run is pdfminer's rule (skip inline streams and circular Form references).
        valid: list[PDFStream] = []
        self.stream_ids.clear()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None:
                log.warning("Execute called on non-indirect object (inline image?) %r", stream)
                continue
            if stream.objid in self.parent_stream_ids:
                log.warning("Refusing to execute circular reference to content stream %d", stream.objid)
            else:
                valid.append(stream)
                self.stream_ids.add(stream.objid)
        if not valid:
            return
        # pdfminer ends a token at a stream boundary (its fix for #1157): a newline does the same.
        data = b"\n".join(stream.get_data() for stream in valid)
        try:
            operations = list(content_operations(data))
        except FallBack:
            super().execute(valid)  # the streams already chosen: pdfminer's own warnings are not repeated
            return
        table = self._OPERATORS
        argstack = self.argstack
        for operands, operator in operations:
            argstack.extend(operands)
            entry = table.get(operator)
            if entry is None:
                entry = table[operator] = self._method(operator)
            method, nargs = entry
            if method is None:
                continue
            if nargs:
                args = argstack[-nargs:]
                del argstack[-nargs:]
                if len(args) == nargs:
                    method(self, *args)
            else:
                method(self)

    @classmethod
    def _method(cls, operator: PSKeyword) -> tuple[Any, int]:
        name = str(operator.name, "utf-8", "ignore")
        method = getattr(cls, "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q"), None)
        if method is None:
            return None, 0
        return method, method.__code__.co_argcount - 1

    def pop(self, n: int) -> list:
        # Colour operators (do_scn, do_SCN) pop their own operands; pdfminer's pop() rebinds
        # argstack, and execute() above holds the list, so pop in place.
        if n == 0:
            return []
        x = self.argstack[-n:]
        del self.argstack[-n:]
        return x


# ----------------------------------------------------------------------------- device

class _CharDevice(PDFPageAggregator):
    """Collects glyphs as small dicts in pdfplumber's coordinates; everything else as pdfminer's layout objects."""

    def __init__(self, page: Page) -> None:
        super().__init__(page.pdf.rsrcmgr, pageno=page.page_number, laparams=None)
        self.chars: list[dict[str, Any]] = []
        self._height = page.height
        self._mb_x0, self._mb_top = page.mediabox[:2]
        self._doctop = page.initial_doctop
        self._norm = page.pdf.unicode_norm
        self._fontnames: dict[int, Any] = {}

    def _fontname(self, font) -> Any:
        name = self._fontnames.get(id(font))
        if name is None:
            name = resolve_all(font.fontname)
            if isinstance(name, bytes):
                name = fix_fontname_bytes(name)
            self._fontnames[id(font)] = name
        return name

    def _add(self, text: str, box: tuple[float, float, float, float], fontname: Any, upright: bool) -> None:
        """A glyph as pdfplumber's ``process_object`` places it (y flipped, media box offset)."""
        x0, y0, x1, y1 = box
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        top = (self._height - y1) + self._mb_top
        if self._mb_x0 != 0:
            x0, x1 = x0 + self._mb_x0, x1 + self._mb_x0
        if self._norm is not None:
            text = normalize_unicode(self._norm, text)
        self.chars.append({"text": text, "x0": x0, "x1": x1, "top": top,
                           "bottom": (self._height - y0) + self._mb_top, "doctop": self._doctop + top,
                           "size": y1 - y0, "fontname": fontname, "upright": upright})

    def render_string(self, textstate, seq, ncs, graphicstate) -> None:
        """pdfminer's ``render_string`` + ``render_string_horizontal`` + ``render_char`` + ``LTChar``, fused."""
        font = textstate.font
        if font.is_vertical():
            super().render_string(textstate, seq, ncs, graphicstate)  # through render_char below
            return
        matrix = mult_matrix(textstate.matrix, self.ctm)
        fontsize = textstate.fontsize
        scaling = textstate.scaling * 0.01
        charspace = textstate.charspace * scaling
        wordspace = textstate.wordspace * scaling
        rise = textstate.rise
        if font.is_multibyte():
            wordspace = 0
        dxscale = 0.001 * fontsize * scaling
        a, b, c, d, e, f = matrix
        upright = a * d * scaling > 0 and b * c <= 0
        descent = font.get_descent() * fontsize
        bottom, top = descent + rise, descent + rise + fontsize
        fontname = self._fontname(font)
        x, y = textstate.linematrix
        needcharspace = False
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                for cid in font.decode(obj):
                    if needcharspace:
                        x += charspace
                    try:
                        text = font.to_unichr(cid)
                    except PDFUnicodeNotDefined:
                        text = self.handle_undefined_char(font, cid)
                    adv = font.char_width(cid) * fontsize * scaling
                    # pdfminer's translate_matrix and apply_matrix_rect, written out (same operations).
                    e1, f1 = x * a + y * c + e, x * b + y * d + f
                    left1, bottom1 = a * 0 + c * bottom + e1, b * 0 + d * bottom + f1
                    right1, bottom2 = a * adv + c * bottom + e1, b * adv + d * bottom + f1
                    right2, top1 = a * adv + c * top + e1, b * adv + d * top + f1
                    left2, top2 = a * 0 + c * top + e1, b * 0 + d * top + f1
                    self._add(text, (min(left1, left2, right1, right2), min(bottom1, bottom2, top1, top2),
                                     max(left1, left2, right1, right2), max(bottom1, bottom2, top1, top2)),
                              fontname, upright)
                    x += adv
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
            else:
                log.warning("Cannot render horizontal string because %r is not a valid int, float or bytes.", obj)
        textstate.linematrix = (x, y)

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
        """Vertical writing goes through pdfminer's own ``LTChar``, kept as a glyph dict."""
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        item = LTChar(matrix, font, fontsize, scaling, rise, text, font.char_width(cid), font.char_disp(cid), ncs,
                      graphicstate)
        self._add(item.get_text(), item.bbox, self._fontname(font), item.upright)
        return item.adv


# ----------------------------------------------------------------------------- page

class ContentPage(Page):
    """A pdfplumber page whose glyphs come from :class:`_FastInterpreter` and :class:`_CharDevice`.

    ``chars`` holds for each glyph only the keys the readers use (``text``,
    ``x0``, ``x1``, ``top``, ``bottom``, ``doctop``, ``size``, ``fontname``,
    ``upright``); lines, rectangles, curves and images only their geometry
    (``x0``, ``x1``, ``y0``, ``y1``, ``top``, ``bottom``, ``doctop``,
    ``width``, ``height``, ``pts`` for paths, ``srcsize`` for images). Each value is the one
    pdfplumber's ``Page`` gives; ``edges``, table finding and
    ``dedupe_chars`` work on them as on pdfplumber's.
    """

    cached_properties = Page.cached_properties + ["_content_chars"]

    @classmethod
    def of(cls, page: Page) -> Page:
        """The same page read the fast way; ``page`` itself when the fast path is not available.

        Also ``page`` itself when the PDF was opened with ``laparams`` (pdfminer's
        layout analysis, which the reader does not use and this page does not run).
        """
        if not _fast_path_available() or page.pdf.laparams is not None:
            return page
        return cls(page.pdf, page.page_obj, page_number=page.page_number, initial_doctop=page.initial_doctop)

    @property
    def layout(self):
        if hasattr(self, "_layout"):
            return self._layout
        device = _CharDevice(self)
        try:
            _FastInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
        except Exception as e:  # as pdfplumber's Page.layout does: the reader classifies the cause
            raise PdfminerException(e)
        self._content_chars = device.chars
        self._layout = device.get_result()
        return self._layout

    @property
    def chars(self) -> list[dict[str, Any]]:
        self.layout
        return self._content_chars

    @property
    def objects(self) -> dict[str, list[dict[str, Any]]]:
        """Lines, rects, curves and images (inside Form XObjects too) in pdfplumber's order and coordinates."""
        if hasattr(self, "_objects"):
            return self._objects
        objects: dict[str, list[dict[str, Any]]] = {}
        height = self.height
        mb_x0, mb_top = self.mediabox[:2]
        stack = [iter(self.layout)]
        while stack:
            for obj in stack[-1]:
                if isinstance(obj, LTContainer):
                    stack.append(iter(obj))
                    break
                kind = _KINDS.get(type(obj))
                if kind is None:
                    continue
                x0, y0, x1, y1 = obj.x0, obj.y0, obj.x1, obj.y1
                top = (height - y1) + mb_top
                if mb_x0 != 0:
                    x0, x1 = x0 + mb_x0, x1 + mb_x0
                item = {"object_type": kind, "x0": x0, "y0": y0, "x1": x1, "y1": y1, "width": obj.width,
                        "height": obj.height, "top": top, "bottom": (height - y0) + mb_top,
                        "doctop": self.initial_doctop + top}
                if kind != "image":
                    item["pts"] = [(mb_x0 + x, mb_top + height - y) for x, y in obj.pts]
                else:
                    item["srcsize"] = obj.srcsize  # its pixels: the resolution of a scan (readers/ocr.py)
                objects.setdefault(kind, []).append(item)
            else:
                stack.pop()
        self._objects = objects
        return objects

    def dedupe_chars(self, tolerance: float = 1, extra_attrs: tuple[str, ...] = ("fontname", "size")) -> FilteredPage:
        """pdfplumber's ``dedupe_chars`` (``utils.text.dedupe_chars``), with its last step in linear time.

        pdfplumber puts the kept glyphs back in page order with
        ``chars.index`` for each (quadratic: most of a fake-bold page's time);
        here each glyph's first equal is looked up in a table, which gives
        the same order.
        """
        chars = self.chars
        first: dict[tuple, int] = {}
        for position, char in enumerate(chars):
            first.setdefault(tuple(char.values()), position)
        key = itemgetter("upright", "text", *extra_attrs)
        position_key = itemgetter("doctop", "x0")
        kept = []
        for _, same in itertools.groupby(sorted(chars, key=key), key=key):
            for row in cluster_objects(list(same), itemgetter("doctop"), tolerance):
                for spot in cluster_objects(row, itemgetter("x0"), tolerance):
                    kept.append(sorted(spot, key=position_key)[0])
        page = FilteredPage(self, lambda x: True)
        page._objects = {**self.objects, "char": sorted(kept, key=lambda c: first[tuple(c.values())])}
        return page


#: pdfplumber's object type of each pdfminer layout object (``LTRect`` -> ``rect``).
_KINDS = {LTLine: "line", LTRect: "rect", LTCurve: "curve", LTImage: "image"}
