"""OCR of page images: a scanned PDF page or a PNG/JPEG/TIFF file to positioned glyphs and ruling lines.

The ``[ocr]`` extra (``pip install 'hotline_etl[ocr]'``) installs
``rapidocr-onnxruntime``: PP-OCRv4 Chinese text detection and recognition
models shipped inside its wheel, run on the CPU by onnxruntime, nothing
fetched at run time. One engine is built per process, on first use.

What leaves this module is what a PDF page gives the layout code
(:mod:`.pdf_layout`): glyph dicts (``text``, ``x0``, ``x1``, ``top``,
``bottom``, ``size`` in points, plus the recogniser's ``confidence``) and
ruling lines as pdfplumber edges, so lines, paragraphs, ruled and unruled
tables, running headers and page numbers are rebuilt by the same code as
for text PDFs (docs/ocr.md).

- **Glyphs.** The detector finds text boxes (a line of text, or a table
  cell); the recogniser reads each box and says, per character, where in
  the box it stood (the CTC column) and how sure it was. Each character
  becomes a glyph with its own horizontal extent and the box's vertical one.
- **Skew.** The median slope of the wide boxes is the page's skew; every
  point is rotated back by it (and the image too, before ruling lines are
  looked for), so a page scanned a degree or two askew reads as a straight one.
- **Ruling lines** are found in the image by morphology: dark runs at least
  :data:`RULING_MIN_EM` text heights long, horizontal and vertical, each a
  pdfplumber edge; pdfplumber's table finder then builds the cells.
- **Script.** The recogniser's alphabet lacks some traditional characters
  (``監``, ``綜``, ``隊`` …): on a page in traditional script it can only say
  the simplified form. Such a character is given back its traditional form
  when the line, converted to traditional script, has one outside the
  alphabet at that place (:func:`restore_traditional`).

>>> page = recognise_page(Image.open("fixtures/ocr/seed_trad_scan_page1_200dpi.png"), 200)  # doctest: +SKIP
>>> page.chars[0]["text"], round(page.chars[0]["confidence"], 2)  # doctest: +SKIP
('一', 0.95)
"""

from __future__ import annotations

import math
import statistics
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import regex

from ..document import Block, Origin, Paragraph, ReaderWarning, Table
from ..errors import CorruptDocument, OcrUnavailable
from ..limits import Limits, time_limit_paused

if TYPE_CHECKING:
    import numpy as np
    from PIL.Image import Image

#: The extra that installs the OCR engine, and the command that installs it.
OCR_EXTRA = "hotline_etl[ocr]"
INSTALL_HINT = "pip install 'hotline_etl[ocr]'"

#: Text boxes the recogniser reads with a mean confidence below this are dropped: specks, stamps, smudges.
MIN_BOX_SCORE = 0.3
#: A figure (a number, or a table cell without Han characters) read with a confidence below this is reported
#: (``ocr-low-confidence``). On the scanned fixtures every misread figure scored under 0.4, and 18 of the
#: 2,284 figures read right scored under 0.5, most of them a lone ``0`` in a cell (docs/ocr.md).
LOW_CONFIDENCE = 0.5
#: Pages are rendered (PDF) or taken (images) at their own resolution, within these bounds in dots per inch.
MIN_DPI, MAX_DPI = 200.0, 300.0
#: A page scanned coarser than this is not read: body text would be under 10 pixels high, and what the
#: recogniser makes of it is noise, not figures.
MIN_SCAN_DPI = 70.0
#: A page image larger than this many pixels is scaled down first (a 600 dpi A3 scan).
MAX_PIXELS = 36_000_000
#: A page whose skew is below this (degrees) is left as it is.
MIN_SKEW = 0.15
#: Boxes at least this many times wider than tall set the skew.
SKEW_BOX_RATIO = 4.0
#: A dark run at least this many text heights long is a ruling line (longer than any stroke of a character).
RULING_MIN_EM = 2.5


#: One recognition at a time per process: the engine keeps per-call settings on itself.
_ENGINE_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def ocr_engine() -> Any:
    """The process's rapidocr engine (built once: loading the models takes a second).

    Raises :class:`ImportError` when the extra is not installed.
    """
    from rapidocr_onnxruntime import RapidOCR  # the [ocr] extra

    # The angle classifier is off: it turns some upright lines of figures upside down; pages come upright.
    return RapidOCR(use_cls=False, text_score=MIN_BOX_SCORE, intra_op_num_threads=engine_threads())


def engine_threads() -> int:
    """Threads the engine computes with: one in a worker process (an ingest pool or a Dask worker runs one
    parse per core already), else onnxruntime's default, every core (-1)."""
    import multiprocessing

    return 1 if multiprocessing.parent_process() is not None else -1


def engine_version() -> str:
    """``rapidocr-onnxruntime 1.4.4, onnxruntime 1.32.0``, or what is missing.

    >>> engine_version().startswith(("rapidocr-onnxruntime", "not installed"))
    True
    """
    from importlib import metadata

    try:
        return (f"rapidocr-onnxruntime {metadata.version('rapidocr-onnxruntime')}, "
                f"onnxruntime {metadata.version('onnxruntime')}")
    except metadata.PackageNotFoundError:
        return f"not installed ({INSTALL_HINT})"


def require_engine(name: str) -> Any:
    """The engine, or :class:`OcrUnavailable` naming the file and the install command."""
    try:
        return ocr_engine()
    except ImportError as exc:
        raise OcrUnavailable(name, "its pages are images whose text can only be read by OCR, and the OCR extra "
                                   "is not installed", INSTALL_HINT) from exc


@dataclass(frozen=True)
class OcrPage:
    """What OCR read on one page: glyphs and ruling lines in points (1/72 inch), the skew it undid, the dpi."""

    chars: list[dict]
    edges: list[dict]
    skew: float
    width: float
    height: float
    dpi: float
    restored: int = 0

    def describe(self, number: int) -> str:
        """The note a reader leaves for an OCR'd page.

        >>> OcrPage([], [], 1.2, 595.0, 842.0, 200.0, 3).describe(2)
        'page 2: read by OCR at 200 dpi, a skew of 1.20° undone, 3 characters restored to traditional script'
        """
        return (f"page {number}: read by OCR at {self.dpi:g} dpi"
                + (f", a skew of {self.skew:.2f}° undone" if self.skew else "")
                + (f", {self.restored} characters restored to traditional script" if self.restored else ""))

    def tables(self) -> list:
        """The ruled tables the page's ruling lines make (pdfplumber ``Table`` objects), as for a text PDF."""
        from .pdf_tables import MIN_RULINGS, find_ruled_tables

        if len(self.edges) < MIN_RULINGS:
            return []
        return find_ruled_tables(RulingPage(self.edges, self.width, self.height))


def recognise_page(image: "Image", dpi: float, name: str = "<image>") -> OcrPage:
    """Read one page image (``dpi`` dots per inch) into glyphs and ruling lines, deskewed, in points.

    The engine's time is not counted in ``max_seconds`` (:func:`~hotline_etl.limits.time_limit_paused`).
    """
    import numpy as np

    engine = require_engine(name)
    if image.width * image.height > MAX_PIXELS:
        factor = math.sqrt(MAX_PIXELS / (image.width * image.height))
        image = image.resize((int(image.width * factor), int(image.height * factor)))
        dpi *= factor
    grey = np.asarray(image.convert("L"))
    scale = 72.0 / dpi
    height, width = grey.shape
    with _ENGINE_LOCK, time_limit_paused():
        result, _ = engine(_bgr(grey), use_cls=False, return_word_box=True, text_score=MIN_BOX_SCORE)
    boxes = [_Box.of(item) for item in (result or []) if item[1].strip()]
    restored = restore_traditional(boxes, alphabet(engine))
    skew = _skew(boxes)
    skew = refine_skew(grey, skew) if skew else 0.0
    centre = (width / 2.0, height / 2.0)
    chars = [glyph for box in boxes for glyph in box.glyphs(skew, centre, scale)]
    em_px = statistics.median([b.height for b in boxes]) if boxes else 0.0
    edges = find_rulings(_rotate(grey, skew), em_px, scale) if em_px else []
    return OcrPage(chars, edges, skew, width * scale, height * scale, round(dpi, 1), restored)


def ocr_pdf_pages(data: bytes, name: str, pages: list[tuple[int, float | None]],
                  limits: Limits) -> dict[int, OcrPage]:
    """OCR the given pages (number, resolution of its scan) of a PDF, each rendered at :func:`render_dpi`."""
    import pypdfium2 as pdfium

    require_engine(name)
    out: dict[int, OcrPage] = {}
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise CorruptDocument(name, f"its scanned pages cannot be rendered ({exc})",
                              "download or copy the file again") from exc
    try:
        for number, native in pages:
            dpi = render_dpi(native)
            page = document[number - 1]
            try:
                image = page.render(scale=dpi / 72.0, grayscale=True).to_pil()
            finally:
                page.close()
            out[number] = recognise_page(image, dpi, name)
    finally:
        document.close()
    return out


def alphabet(engine: Any) -> frozenset[str]:
    """The characters the recogniser can output."""
    return _alphabet(id(engine), tuple(engine.text_rec.postprocess_op.character))


@lru_cache(maxsize=2)
def _alphabet(_engine_id: int, characters: tuple[str, ...]) -> frozenset[str]:
    return frozenset(characters)


@lru_cache(maxsize=None)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


#: Share of a page's script-specific characters that must be traditional for :func:`restore_traditional` to act.
TRADITIONAL_SHARE = 0.5


def restore_traditional(boxes: list["_Box"], known: frozenset[str]) -> int:
    """Give back their traditional form to characters the recogniser could not say, on a traditional page.

    The recogniser's alphabet lacks some traditional characters (``監``,
    ``綜``); seeing one, it says the simplified form (``监``) or nothing. When
    most script-specific characters of the page are traditional, a simplified
    character whose one traditional form (:func:`traditional_form`) is not in
    the alphabet is replaced by it. Characters the recogniser could have said
    as printed are left alone: ``大云山`` stays (``雲`` is in the alphabet).
    Returns the number of characters replaced.
    """
    t2s = _opencc("t2s")
    text = "".join(box.text for box in boxes)
    specific = [ch for ch in set(text) if "\u3400" <= ch <= "\u9fff"]
    forms = {ch: traditional_form(ch) for ch in specific}
    trad = sum(text.count(ch) for ch in specific if t2s.convert(ch) != ch)
    simp = sum(text.count(ch) for ch in specific if forms[ch] is not None)
    if trad + simp == 0 or trad / (trad + simp) < TRADITIONAL_SHARE:
        return 0
    unsayable = {ch: form for ch, form in forms.items() if form is not None and form not in known}
    restored = 0
    for box in boxes:
        chars = [unsayable.get(c, c) for c in box.text]
        restored += sum(a != b for a, b in zip(chars, box.text))
        box.text = "".join(chars)
    return restored


@lru_cache(maxsize=None)
def traditional_form(ch: str) -> str | None:
    """The one traditional form of a simplified character, when the mainland, Taiwan and Hong Kong
    standards agree on it (``监`` → ``監``); None for a character that is not simplified (``核``) or
    whose traditional form differs by standard (``众`` → ``衆``/``眾``).

    >>> traditional_form("监"), traditional_form("核"), traditional_form("众")
    ('監', None, None)
    """
    forms = {_opencc(config).convert(ch) for config in ("s2t", "s2tw", "s2hk")}
    form = forms.pop() if len(forms) == 1 else None
    return form if form is not None and form != ch and len(form) == 1 else None


def _bgr(grey: "np.ndarray") -> "np.ndarray":
    import cv2

    return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)


@dataclass
class _Box:
    """One text box: its corners, text, and per character a box and a confidence."""

    points: list[tuple[float, float]]
    text: str
    score: float
    char_boxes: list[list[tuple[float, float]]] | None
    char_scores: list[float]

    @classmethod
    def of(cls, item: list) -> "_Box":
        points = [(float(x), float(y)) for x, y in item[0]]
        text, score = item[1], float(item[2])
        words = item[3] if len(item) > 3 else None
        scores = [float(c) for c in item[5]] if len(item) > 5 else []
        # One box per character, left to right (rapidocr sorts them by x; the text reads left to right).
        char_boxes = [[(float(x), float(y)) for x, y in w] for w in words] if words and len(words) == len(text) else None
        if len(scores) != len(text):
            scores = [score] * len(text)
        return cls(points, text, score, char_boxes, scores)

    @property
    def height(self) -> float:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = self.points
        return (math.dist((x0, y0), (x3, y3)) + math.dist((x1, y1), (x2, y2))) / 2

    @property
    def width(self) -> float:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = self.points
        return (math.dist((x0, y0), (x1, y1)) + math.dist((x3, y3), (x2, y2))) / 2

    @property
    def slope(self) -> float:
        """Angle of the top edge in degrees (positive: rising to the right on the image, y pointing down)."""
        (x0, y0), (x1, y1) = self.points[0], self.points[1]
        return math.degrees(math.atan2(y0 - y1, x1 - x0))

    def glyphs(self, skew: float, centre: tuple[float, float], scale: float) -> list[dict]:
        """The box's characters as glyph dicts, rotated back by ``skew`` and scaled to points."""
        corners = [_unrotate(p, skew, centre) for p in self.points]
        left, right = min(x for x, _ in corners), max(x for x, _ in corners)
        top, bottom = min(y for _, y in corners), max(y for _, y in corners)
        if self.char_boxes is not None:
            spans = []
            for box in self.char_boxes:
                xs = [_unrotate(p, skew, centre)[0] for p in box]
                spans.append((min(xs), max(xs)))
            spans = close_gaps(self.text, spans)
        else:
            spans = spread_glyphs(self.text, left, right)
        size = (bottom - top) * scale
        # A space the recogniser read is left as the gap it is (wide enough, it separates table cells).
        return [{"text": ch, "x0": x0 * scale, "x1": max(x1, x0 + 1) * scale, "top": top * scale,
                 "bottom": bottom * scale, "size": size, "upright": True, "fontname": "",
                 "confidence": conf}
                for ch, (x0, x1), conf in zip(self.text, spans, self.char_scores) if not ch.isspace()]


def close_gaps(text: str, spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Character extents of one text box made to touch where no space was read between them.

    The recogniser places each character by the CTC column where it fired,
    which is rough: two digits of ``2557`` may seem a third of a character
    apart, which the layout would read as a word space. Within a box, neighbours
    without a recognised space between them meet halfway.

    >>> close_gaps("25 7", [(0, 8), (12, 20), (30, 31), (40, 48)])
    [(0, 10.0), (10.0, 20), (30, 31), (40, 48)]
    """
    out = [list(span) for span in spans]
    for k in range(len(text) - 1):
        if text[k].isspace() or text[k + 1].isspace():
            continue
        middle = (out[k][1] + out[k + 1][0]) / 2
        out[k][1], out[k + 1][0] = middle, middle
    return [(a, b) for a, b in out]


def spread_glyphs(text: str, left: float, right: float) -> list[tuple[float, float]]:
    """Horizontal extents of ``text``'s characters spread over ``left``…``right``, a wide one twice a narrow one.

    >>> spread_glyphs("縣1", 0, 30)
    [(0.0, 20.0), (20.0, 30.0)]
    """
    from ..characters import is_wide

    weights = [2.0 if is_wide(ch) else 1.0 for ch in text]
    unit = (right - left) / (sum(weights) or 1.0)
    spans, x = [], float(left)
    for weight in weights:
        spans.append((x, x + weight * unit))
        x += weight * unit
    return spans


def _skew(boxes: list[_Box]) -> float:
    """The page's skew in degrees: the median slope of the wide boxes (0 when under :data:`MIN_SKEW`)."""
    slopes = [b.slope for b in boxes if b.height > 0 and b.width >= SKEW_BOX_RATIO * b.height]
    if not slopes:
        return 0.0
    skew = statistics.median(slopes)
    return skew if abs(skew) >= MIN_SKEW else 0.0


#: The projection search around the boxes' skew: this many degrees either way, in steps of this many.
SKEW_SEARCH, SKEW_STEP = 0.6, 0.05
#: Width the page is scaled to for the search (enough for text lines to make a sharp profile).
SKEW_SEARCH_WIDTH = 800


def refine_skew(grey: "np.ndarray", estimate: float) -> float:
    """The skew near ``estimate`` at which the page's rows of ink are sharpest (a projection profile).

    The boxes' slopes are rounded to whole pixels, and on a page of short table cells few boxes are
    wide enough to tell: 0.3° off is common. Turned by the right angle, text lines and rules fall on
    few rows, so the row sums change most sharply from row to row.
    """
    import cv2
    import numpy as np

    height, width = grey.shape
    small = cv2.resize(grey, (SKEW_SEARCH_WIDTH, max(int(height * SKEW_SEARCH_WIDTH / width), 1)),
                       interpolation=cv2.INTER_AREA)
    _, dark = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rows, cols = dark.shape
    best, best_score = estimate, -1.0
    for k in range(int(round(2 * SKEW_SEARCH / SKEW_STEP)) + 1):
        angle = estimate - SKEW_SEARCH + k * SKEW_STEP
        matrix = cv2.getRotationMatrix2D((cols / 2.0, rows / 2.0), -angle, 1.0)
        turned = cv2.warpAffine(dark, matrix, (cols, rows), flags=cv2.INTER_NEAREST, borderValue=0)
        score = float(np.sum(np.diff(turned.sum(axis=1, dtype=np.float64)) ** 2))
        if score > best_score:
            best, best_score = angle, score
    return round(best, 2) if abs(best) >= MIN_SKEW else 0.0


def _unrotate(point: tuple[float, float], skew: float, centre: tuple[float, float]) -> tuple[float, float]:
    """``point`` turned by ``skew`` degrees about ``centre``, the way :func:`_rotate` turns the image."""
    if not skew:
        return point
    a = math.radians(skew)
    dx, dy = point[0] - centre[0], point[1] - centre[1]
    # Image y points down: a line rising to the right by ``skew`` is levelled by turning it clockwise.
    return (centre[0] + dx * math.cos(a) - dy * math.sin(a), centre[1] + dx * math.sin(a) + dy * math.cos(a))


def _rotate(grey: "np.ndarray", skew: float) -> "np.ndarray":
    import cv2

    if not skew:
        return grey
    height, width = grey.shape
    matrix = cv2.getRotationMatrix2D((width / 2.0, height / 2.0), -skew, 1.0)
    return cv2.warpAffine(grey, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def find_rulings(grey: "np.ndarray", em_px: float, scale: float) -> list[dict]:
    """Horizontal and vertical ruling lines of a page image as pdfplumber edges (in points).

    Dark pixels (Otsu's threshold) opened with a line-shaped kernel
    :data:`RULING_MIN_EM` text heights long keep only runs longer than any
    stroke of a character; each connected run is one edge.
    """
    import cv2
    import numpy as np

    _, dark = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    length = max(int(RULING_MIN_EM * em_px), 10) | 1  # odd: an even kernel shifts what it keeps by a pixel
    edges: list[dict] = []
    for orientation, kernel in (("h", np.ones((1, length), np.uint8)), ("v", np.ones((length, 1), np.uint8))):
        runs = cv2.morphologyEx(dark, cv2.MORPH_OPEN, kernel)
        count, _, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        for x, y, w, h, _area in stats[1:count].tolist():
            if orientation == "h":
                middle = (y + h / 2.0) * scale
                x0, x1, top, bottom = x * scale, (x + w) * scale, middle, middle
            else:
                middle = (x + w / 2.0) * scale
                x0, x1, top, bottom = middle, middle, y * scale, (y + h) * scale
            edges.append({"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
                          "height": bottom - top, "orientation": orientation, "object_type": "line"})
    return edges


class RulingPage:
    """The part of a pdfplumber page that its table finder reads (``edges``), for rulings found in an image."""

    def __init__(self, edges: list[dict], width: float, height: float):
        self.edges = edges
        self.bbox = (0.0, 0.0, width, height)


def page_dpi(image_size: tuple[int, int], page_size: tuple[float, float]) -> float:
    """The resolution a page image was scanned at: its pixels over the page's inches.

    >>> page_dpi((1654, 2339), (595.3, 841.9))
    200.0
    """
    return round(72.0 * max(image_size[0] / page_size[0], image_size[1] / page_size[1]), 1)


def render_dpi(native: float | None) -> float:
    """The resolution a page is OCR'd at: its own, within :data:`MIN_DPI`…:data:`MAX_DPI`.

    A 110 dpi scan is enlarged to 200 dpi (on the 110 dpi fixture the fact F1
    goes from 0.915 at 150 dpi to 0.943); a 600 dpi scan is reduced to 300 dpi
    (no better read, four times the work).

    >>> render_dpi(110), render_dpi(250), render_dpi(600), render_dpi(None)
    (200.0, 250.0, 300.0, 200.0)
    """
    if native is None:
        return 200.0
    return min(max(float(native), MIN_DPI), MAX_DPI)


# ----------------------------------------------------------------------------- trust

_FIGURE = regex.compile(r"\d[\d.,]*%?")
_HAN = regex.compile(r"\p{Han}")


def ocr_warnings(blocks: tuple[Block, ...], pages: tuple[int, ...]) -> list[ReaderWarning]:
    """``ocr-used`` for the document, and ``ocr-low-confidence`` for every figure read with a doubtful confidence.

    A figure is a number (digits with their decimal point, separators and
    per-cent sign) or a table cell without Han characters (a count, a rate,
    a grade, or the letter a misread digit became).
    """
    if not pages:
        return []
    values = [c for block in blocks for c in _confidences(block)]
    mean = sum(values) / len(values) if values else None
    used = ReaderWarning("ocr-used", f"{_pages_text(pages)} read by OCR ({engine_version()}), mean confidence "
                                     f"{mean:.3f}: check doubtful values against the page image"
                         if mean is not None else f"{_pages_text(pages)} read by OCR: no text found",
                         Origin(page=pages[0], ocr=True))
    warnings = [used]
    for block in blocks:
        if isinstance(block, Paragraph) and block.confidence is not None:
            for m in _FIGURE.finditer(block.text):
                warnings += _doubt(m.group(), block.confidence[m.start():m.end()], block.origin.at(m.start()))
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    if cell.confidence is None or not cell.text.strip():
                        continue
                    if not _HAN.search(cell.text):
                        warnings += _doubt(cell.text, cell.confidence, cell.origin)
                    else:
                        for m in _FIGURE.finditer(cell.text):
                            warnings += _doubt(m.group(), cell.confidence[m.start():m.end()], cell.origin)
    return warnings


def _confidences(block: Block) -> list[float]:
    if isinstance(block, Paragraph):
        return list(block.confidence or ())
    return [c for row in block.rows for cell in row if cell.text.strip() for c in cell.confidence or ()]


def _doubt(text: str, confidence: tuple[float, ...], origin: Origin) -> list[ReaderWarning]:
    lowest = min(confidence) if confidence else 1.0
    if lowest >= LOW_CONFIDENCE:
        return []
    where = origin._replace(ocr=True, confidence=round(lowest, 3))
    return [ReaderWarning("ocr-low-confidence", f"{text!r} read by OCR with confidence {lowest:.2f} (below "
                                                f"{LOW_CONFIDENCE}): check it against the page image", where)]


def _pages_text(pages: tuple[int, ...]) -> str:
    """``page 3``, ``pages 1-4``, ``pages 1, 3``."""
    if len(pages) == 1:
        return f"page {pages[0]}"
    if list(pages) == list(range(pages[0], pages[-1] + 1)):
        return f"pages {pages[0]}-{pages[-1]}"
    return "pages " + ", ".join(map(str, pages))

