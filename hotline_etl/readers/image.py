"""Image files (a scanned or photographed page: PNG, JPEG, TIFF, GIF, BMP, WebP) read by OCR.

Each frame of the file is a page (a multi-page TIFF is a whole bulletin);
each is OCR'd (:mod:`.ocr`, the ``[ocr]`` extra) and laid out by the PDF
reader's code, so paragraphs, tables and running headers come out as they
do from a PDF. The resolution is the file's own (``dpi`` in its header)
or, when it does not say, the one that makes the page A4.

>>> doc = read_image(Path("fixtures/ocr/seed_simp_scan_page1_200dpi.png").read_bytes(), "p1.png")  # doctest: +SKIP
>>> doc.blocks[0].text, doc.ocr_pages  # doctest: +SKIP
('一、基本情况', (1,))
"""

from __future__ import annotations

import io
import warnings

from ..document import Document, ReaderWarning
from ..errors import CorruptDocument, NoTextLayer, UnreadableDocument
from ..limits import Limits
from .ocr import MIN_SCAN_DPI, page_dpi, recognise_page, render_dpi, require_engine
from .pdf import assemble_pages, layout_page

#: Points of an A4 page, the size assumed for an image that does not state its resolution.
A4_POINTS = (595.3, 841.9)
#: A resolution an image header states below this is a placeholder (72 dpi from a screenshot tool).
MIN_STATED_DPI = 90


def read_image(data: bytes, name: str, limits: Limits | None = None) -> Document:
    """OCR every frame of an image file into a Document (``format`` ``image``), under ``limits``."""
    limits = Limits.resolve(limits)
    if not limits.ocr:  # before decoding anything
        limits.check_ocr_pages(1, name, "an image (a scanned or photographed page) has no text but what OCR reads")
    require_engine(name)
    from PIL import Image, ImageSequence, UnidentifiedImageError  # installed with the [ocr] extra

    try:
        with warnings.catch_warnings():
            # A picture of hundreds of megapixels is not a page: refuse it instead of inflating it.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(data))
            frames = [frame.copy() for frame in ImageSequence.Iterator(picture)]
            kind = picture.format
            stated = picture.info.get("dpi")
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise UnreadableDocument(name, f"the image is too large to be a page ({exc})",
                                 "scale it to 300 dpi or less") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CorruptDocument(name, f"the image cannot be decoded ({exc})", "download or copy the file again") from exc
    limits.check_ocr_pages(len(frames), name, f"an image of {len(frames)} page{'s' if len(frames) > 1 else ''}")
    notes = [f"{kind} image, {len(frames)} frame{'s' if len(frames) > 1 else ''}, read by OCR"]
    reader_warnings: list[ReaderWarning] = []
    pages_items = []
    for number, frame in enumerate(frames, start=1):
        native = _stated_dpi(stated) or page_dpi(frame.size, A4_POINTS)
        if native < MIN_SCAN_DPI:
            raise NoTextLayer(name, f"the image is {frame.width}x{frame.height} pixels, {native:g} dpi for a page: "
                                    "too coarse to read by OCR", "scan or photograph it again at 150 dpi or more")
        dpi = render_dpi(native)
        if dpi != native:
            frame = frame.resize((round(frame.width * dpi / native), round(frame.height * dpi / native)))
        page = recognise_page(frame, dpi, name)
        pages_items.append(layout_page(page.chars, page.tables(), number, notes, reader_warnings))
        notes.append(page.describe(number))
    return assemble_pages(name, "image", pages_items, notes, reader_warnings, tuple(range(1, len(frames) + 1)))


def _stated_dpi(stated) -> float | None:
    """The resolution in the image's header, when it is a real one."""
    try:
        value = float(max(stated))
    except (TypeError, ValueError):
        return None
    return value if value >= MIN_STATED_DPI else None
