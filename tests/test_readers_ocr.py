"""Scanned bulletins read by OCR (issue 15): the [ocr] extra, provenance, trust, limits.

fixtures/ocr/ holds the seed's PDFs rendered to page images and wrapped as
image-only PDFs (fixtures/make_ocr_fixtures.py). Each scan is scored by the
facts a researcher takes from it (tests/record_facts.py) against the seed's
record; the floors below are the F1 measured on this machine (rapidocr 1.4.4,
onnxruntime 1.32) less a margin for another CPU's rounding, and the facts
each scan misses are named beside it (docs/ocr.md).

Tests that need the engine skip when the extra is missing (``make test``
installs it); the rest (errors without the extra, OCR switched off, limits,
the layout of recognised glyphs, confidence in provenance) run everywhere.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

import hotline_etl
from hotline_etl.document import Origin, Paragraph, Table
from hotline_etl.errors import NoTextLayer, OcrSwitchedOff, OcrUnavailable, TooManyOcrPages
from hotline_etl.extract import extract_bulletin
from hotline_etl.limits import Limits
from hotline_etl.pipeline import parse_document
from hotline_etl.model import COUNT_FIELDS, HEADLINE_FIELDS, RATE_FIELDS
from hotline_etl.readers import load
from hotline_etl.readers.ocr import INSTALL_HINT, LOW_CONFIDENCE, close_gaps, ocr_warnings, spread_glyphs
from hotline_etl.readers.pdf import assemble_pages, layout_page
from hotline_etl.script import build_view
from record_facts import fact_f1, record_facts
from seed_expected import SEED

OCR = Path("fixtures/ocr")
try:
    import rapidocr_onnxruntime  # noqa: F401
    HAVE_OCR = True
except ImportError:
    HAVE_OCR = False
needs_ocr = pytest.mark.skipif(not HAVE_OCR, reason="the [ocr] extra (rapidocr-onnxruntime) is not installed")

#: Scan -> F1 floor: the F1 measured here less two facts' worth (0.02) for another CPU's rounding in
#: onnxruntime, never under the issue's target (0.95 at 200 dpi, 0.90 at 110 dpi). Measured, and what is missed:
F1_FLOORS = {
    # 0.962: 筻 is in no script of the recogniser's alphabet (筻口镇 in three facts); 月田镇 read 月由镇 once.
    "seed_simp_scan_200dpi.pdf": 0.95,
    # 0.943 (rendered at 200 dpi): 筻, 月田/月由, two lone "0" cells read as "。" and "o" (both flagged below).
    "seed_simp_scan_110dpi.pdf": 0.92,
    # 0.972: only 筻.
    "seed_simp_scan_200dpi_rotated.pdf": 0.95,
    # 0.972: only 筻.
    "seed_simp_scan_150dpi_unruled.pdf": 0.95,
    # 0.768. Traditional script: the alphabet lacks 40 of the seed's traditional characters and the model reads
    # 辦 as 瓣 or 辨 (the returned list and 在辦 are lost with it); digits are read as well as in simplified.
    "seed_trad_scan_200dpi.pdf": 0.74,
}


#: Scans whose tests `make test` leaves out for CI time (OCR costs about 20 CPU-seconds a page); `make test-slow`
#: runs them. The 200 and 110 dpi scans (the issue's two targets) always run.
SLOW_SCANS = {"seed_simp_scan_200dpi_rotated.pdf", "seed_simp_scan_150dpi_unruled.pdf", "seed_trad_scan_200dpi.pdf"}
SCANS = [pytest.param(name, marks=pytest.mark.slow) if name in SLOW_SCANS else name for name in sorted(F1_FLOORS)]


@lru_cache(maxsize=None)
def _loaded(name: str):
    """Each scan is OCR'd once in a test session (seconds a page)."""
    return load(str(OCR / name))


@lru_cache(maxsize=None)
def _parsed(name: str):
    return parse_document(_loaded(name))


@lru_cache(maxsize=None)
def _seed():
    return hotline_etl.parse(SEED)


# ----------------------------------------------------------------------------- the scans


@needs_ocr
@pytest.mark.parametrize("name", SCANS)
def test_scan_gives_the_seed_facts(name):
    bulletin = _parsed(name)
    f1, missed, extra = fact_f1(record_facts(_seed().to_dict(sources=False)), record_facts(bulletin.to_dict(sources=False)))
    print(f"{name}: F1 {f1:.3f}, missed {sorted(missed, key=str)}, extra {sorted(extra, key=str)}")
    assert f1 >= F1_FLOORS[name]
    # Whatever was misread, the headline and the table's totals are whole (in traditional script the header
    # 辦理數 is read 理數: that column is in ``extra``).
    assert bulletin.headline.hotline_orders_received.value == 2557
    assert bulletin.table.total.received == 2557
    assert bulletin.table.total.handled == (None if "_trad_" in name else 2574)
    assert bulletin.ocr_pages == (1, 2, 3, 4) and bulletin.pages == 4


def _number(text) -> str | None:
    """A printed figure as a comparable number text (``99.30%`` and ``99.3`` alike); None when not one."""
    try:
        return f"{float(str(text).strip().rstrip('%')):.4f}"
    except ValueError:
        return None


def _figures(bulletin) -> dict[tuple, tuple]:
    """Every figure of the record, keyed by where it belongs: (printed value, source).

    Table cells are keyed by row and column as printed, whether or not their header was recognised
    (an unrecognised header keeps its cells in ``extra``): a misread header is not a misread digit.
    """
    out = {}
    for name in HEADLINE_FIELDS:
        figure = getattr(bulletin.headline, name)
        out[("headline", name)] = (figure.value, figure.source)
    table = bulletin.table
    for k, row in enumerate(list(table.rows) + [table.total]):
        unit = row.sources.get("unit_raw")
        extra = dict(row.extra)
        for j, (header, field) in enumerate(zip(table.header_raw, table.columns)):
            if field == "unit_raw":
                continue
            if field is None:
                value, where = extra.get(header), unit._replace(col=j + 1, ocr=unit.ocr, confidence=None) if unit else None
            else:
                value = row.rate(field).raw if field in RATE_FIELDS and row.rate(field) else getattr(row, field, None)
                value = value if field in RATE_FIELDS or field in COUNT_FIELDS else None
                where = row.sources.get(field)
            out[("table", k, j)] = (value, where)
    for list_name, found in bulletin.lists.items():
        out[("list", list_name)] = (found.total, found.source)
        for k, item in enumerate(found.items):
            out[("list", list_name, k)] = (item.count, item.source)
    return out


def _at(origin: Origin | None) -> tuple:
    return (origin.page, origin.table, origin.row, origin.col) if origin and origin.table else \
        (origin.page, origin.line, origin.char) if origin else ()


def misread_figures(bulletin, seed) -> list[tuple[tuple, object, object, Origin | None]]:
    """Figures the scan gives differently from the seed: (where, seed value, read value, source).

    A table cell read as something that is no number counts; a headline or list figure whose phrase
    was not recognised is missing (reported ``figure-not-found``), not misread.
    """
    mine, truth = _figures(bulletin), _figures(seed)
    return [(key, truth[key][0], value, source) for key, (value, source) in mine.items()
            if key in truth and _number(truth[key][0]) is not None and _number(value) != _number(truth[key][0])
            and (value is not None or key[0] == "table")]


def caught(bulletin, seed, source: Origin | None) -> set[str]:
    """How a misread figure at ``source`` is flagged: ``ocr-low-confidence`` there, or an audit finding
    the seed does not have that involves its cell (its row, or its column's sum)."""
    how = set()
    if source is None:
        return how
    if any(w.code == "ocr-low-confidence" and _at(w.source) == _at(source) for w in bulletin.warnings):
        how.add("ocr-low-confidence")
    known = {(f.check, f.subject, f.stated, f.computed) for f in seed.findings}
    for finding in bulletin.findings:
        if (finding.check, finding.subject, finding.stated, finding.computed) in known:
            continue
        for where in finding.sources:
            same_cell = _at(where) == _at(source)
            same_column = finding.check == "table-sum-mismatch" and where.table and where.col == source.col
            if same_cell or same_column:
                how.add(finding.check)
    return how


@needs_ocr
@pytest.mark.parametrize("name", SCANS)
def test_every_misread_figure_is_flagged(name):
    bulletin, seed = _parsed(name), _seed()
    misread = misread_figures(bulletin, seed)
    report = [(key, truth, read, sorted(caught(bulletin, seed, source))) for key, truth, read, source in misread]
    print(f"{name}: {len(misread)} misread figures: {report}")
    assert [r for r in report if not r[3]] == []


@needs_ocr
def test_values_read_by_ocr_carry_it_and_the_confidence_in_their_source():
    bulletin = _parsed("seed_simp_scan_200dpi.pdf")
    received = bulletin.headline.hotline_orders_received
    assert received.source.ocr is True and 0.9 <= received.source.confidence <= 1.0
    assert received.source.page == 1
    row = bulletin.table.rows[0]
    assert row.unit_raw == "县市场监督管理局" and row.received == 245
    assert row.sources["received"].ocr is True and row.sources["received"].confidence >= 0.9
    record = bulletin.to_dict()
    assert record["sources"]["headline"]["hotline_orders_received"]["ocr"] is True
    assert record["sources"]["document"]["ocr_pages"] == [1, 2, 3, 4]
    (used,) = [w for w in bulletin.warnings if w.code == "ocr-used"]
    assert used.message.startswith("pages 1-4 read by OCR (rapidocr-onnxruntime ")
    assert ", mean confidence 0.9" in used.message


@needs_ocr
def test_low_confidence_figures_are_warned_with_their_confidence():
    bulletin = _parsed("seed_simp_scan_110dpi.pdf")
    low = [w for w in bulletin.warnings if w.code == "ocr-low-confidence"]
    assert low
    for warning in low:
        assert warning.source.ocr is True and warning.source.confidence < LOW_CONFIDENCE
        assert f"(below {LOW_CONFIDENCE})" in warning.message


@needs_ocr
@pytest.mark.slow
def test_a_page_turned_askew_is_straightened():
    notes = _loaded("seed_simp_scan_200dpi_rotated.pdf").notes
    skews = [float(n.split("a skew of ")[1].split("°")[0]) for n in notes if "a skew of" in n]
    # The pages were turned by 1.2° one way and the other (fixtures/make_ocr_fixtures.py).
    assert [round(s / abs(s)) for s in skews] == [1, -1, 1, -1]
    assert all(abs(abs(s) - 1.2) <= 0.1 for s in skews), skews


@needs_ocr
def test_pages_with_a_text_layer_are_never_ocr_d():
    document = _loaded("seed_simp_text_pages_then_scan.pdf")
    assert document.ocr_pages == (4,) and document.pages == 4
    for block in document.blocks:
        cells = [c for row in block.rows for c in row] if isinstance(block, Table) else [block]
        for part in cells:
            assert part.origin.ocr is (True if part.origin.page == 4 else None)
            assert (part.confidence is not None) == (part.origin.page == 4)
    bulletin = _parsed("seed_simp_text_pages_then_scan.pdf")
    assert bulletin.table.total.received == 2557 and len(bulletin.table.rows) == 59


@needs_ocr
def test_an_image_file_is_read_by_ocr():
    document = _loaded("seed_simp_scan_page1_200dpi.png")
    assert document.format == "image" and document.ocr_pages == (1,)
    assert document.notes[0] == "PNG image, 1 frame, read by OCR"
    bulletin = _parsed("seed_simp_scan_page1_200dpi.png")
    assert bulletin.headline.to_dict() == _seed().headline.to_dict()
    assert [c.count for c in bulletin.categories] == [371, 369, 315, 227, 198]


# ----------------------------------------------------------------------------- without the engine


def test_without_the_extra_a_scan_says_what_to_install(no_ocr_extra):
    with pytest.raises(OcrUnavailable) as info:
        load(str(OCR / "seed_simp_scan_200dpi.pdf"))
    assert info.value.hint == INSTALL_HINT == "pip install 'hotline_etl[ocr]'"
    assert isinstance(info.value, NoTextLayer)
    with pytest.raises(OcrUnavailable):
        load(str(OCR / "seed_simp_scan_page1_200dpi.png"))


def test_without_the_extra_text_pages_still_read_and_the_scan_is_noted(no_ocr_extra):
    document = load(str(OCR / "seed_simp_text_pages_then_scan.pdf"))
    assert document.ocr_pages == ()
    assert document.notes[-1] == ("page 4: no text layer, only images (a scanned page?); its content is not read "
                                  "(needs OCR, which is not installed: pip install 'hotline_etl[ocr]')")


def test_ocr_switched_off():
    with pytest.raises(OcrSwitchedOff) as info:
        load(str(OCR / "seed_simp_scan_200dpi.pdf"), limits=Limits(ocr=False))
    assert str(info.value) == ("fixtures/ocr/seed_simp_scan_200dpi.pdf: needs OCR, which is switched off: its 4 pages "
                               "are images without a text layer (scanned) (run without --no-ocr, or Limits(ocr=True), "
                               "to read them)")


def test_too_many_pages_to_ocr():
    with pytest.raises(TooManyOcrPages) as info:
        load(str(OCR / "seed_simp_scan_200dpi.pdf"), limits=Limits(max_ocr_pages=3))
    assert info.value.reason == ("its 4 pages are images without a text layer (scanned): 4 pages to OCR, more than "
                                 "the limit of 3")
    assert "--max-ocr-pages" in info.value.hint


def test_cli_no_ocr_names_the_reason(capsys):
    from hotline_etl.cli import main

    assert main(["parse", "--no-ocr", str(OCR / "seed_simp_scan_110dpi.pdf")]) == 1
    assert "needs OCR, which is switched off" in capsys.readouterr().err


# ----------------------------------------------------------------------------- recognised glyphs to a record


def _glyphs(text: str, top: float, confidences: dict[int, float] | None = None, x0: float = 72.0) -> list[dict]:
    """A recognised line: 10.5-point glyphs, CJK one em wide, digits half, confidence 0.99 unless given."""
    out, x = [], x0
    for k, ch in enumerate(text):
        width = 10.5 if ord(ch) > 0x2E80 else 5.25
        out.append({"text": ch, "x0": x, "x1": x + width, "top": top, "bottom": top + 10.5, "size": 10.5,
                    "upright": True, "fontname": "", "confidence": (confidences or {}).get(k, 0.99)})
        x += width
    return out


def test_recognised_glyphs_give_a_record_whose_values_carry_their_confidence():
    line = "一、基本情况"
    body = "5月份,共受理12345热线工单2557件,已办结2574件。"
    glyphs = _glyphs(line, 72) + _glyphs(body, 90, {body.index("2557") + 2: 0.41})
    items = layout_page(glyphs, [], 1, [], [])
    document = assemble_pages("scan.png", "image", [items], [], [], (1,))
    paragraph = document.blocks[1]
    assert isinstance(paragraph, Paragraph) and paragraph.text == body
    assert paragraph.origin == Origin(line=2, page=1, ocr=True)
    codes = [(w.code, w.origin.confidence) for w in document.warnings]
    assert codes[0] == ("ocr-used", None) and ("ocr-low-confidence", 0.41) in codes
    view = build_view(document)
    bulletin = extract_bulletin(view)
    received = bulletin.headline.hotline_orders_received
    assert received.value == 2557
    # The figure's confidence is the lowest of its digits; the next figure's is its own.
    assert (received.source.ocr, received.source.confidence) == (True, 0.41)
    assert bulletin.headline.completed.source.confidence == 0.99


def test_ocr_warnings_name_a_doubtful_table_cell():
    def row(top, unit, *figures, doubtful=None):
        glyphs = _glyphs(unit, top, x0=72)
        for k, figure in enumerate(figures):
            glyphs += _glyphs(figure, top, {0: 0.42} if k == doubtful else None, x0=200 + 60 * k)
        return glyphs

    items = layout_page(row(100, "縣人社局", "212", "I", "1", "0.5%", doubtful=1)
                        + row(120, "縣公安局", "133", "144", "1", "0.7%"), [], 2, [], [])
    (table,) = [b for b in assemble_pages("a.pdf", "pdf", [[], items], [], [], (2,)).blocks if isinstance(b, Table)]
    assert [c.text for c in table.rows[0]] == ["縣人社局", "212", "I", "1", "0.5%"]
    assert table.rows[0][2].confidence == (0.42,) and table.rows[0][2].origin.ocr is True
    low = [w for w in ocr_warnings((table,), (2,)) if w.code == "ocr-low-confidence"]
    assert [(w.message, w.origin.row, w.origin.col, w.origin.confidence) for w in low] == [
        ("'I' read by OCR with confidence 0.42 (below 0.5): check it against the page image", 1, 3, 0.42)]


def test_glyph_extents():
    assert close_gaps("2557", [(0, 4), (6, 10), (11, 15), (18, 22)]) == [(0, 5.0), (5.0, 10.5), (10.5, 16.5),
                                                                         (16.5, 22)]
    assert spread_glyphs("縣12", 0, 40) == [(0.0, 20.0), (20.0, 30.0), (30.0, 40.0)]


@needs_ocr
def test_ruling_lines_are_found_in_the_image_and_make_a_table():
    import numpy as np

    from hotline_etl.readers.ocr import RulingPage, find_rulings
    from hotline_etl.readers.pdf_tables import find_ruled_tables

    image = np.full((400, 600), 255, np.uint8)
    for y in (50, 100, 150, 200):
        image[y:y + 2, 40:560] = 0
    for x in (40, 240, 400, 558):
        image[50:202, x:x + 2] = 0
    image[120:135, 60:72] = 0  # a glyph-sized blot is not a ruling line
    edges = find_rulings(image, em_px=20, scale=0.5)
    # Positions in points (scale 0.5): the middle of each 2-pixel line.
    assert sorted((e["orientation"], e["x0"], e["x1"], e["top"], e["bottom"]) for e in edges) == [
        ("h", 20.0, 280.0, 25.5, 25.5), ("h", 20.0, 280.0, 50.5, 50.5), ("h", 20.0, 280.0, 75.5, 75.5),
        ("h", 20.0, 280.0, 100.5, 100.5),
        ("v", 20.5, 20.5, 25.0, 101.0), ("v", 120.5, 120.5, 25.0, 101.0), ("v", 200.5, 200.5, 25.0, 101.0),
        ("v", 279.5, 279.5, 25.0, 101.0)]
    (table,) = find_ruled_tables(RulingPage(edges, 300, 200))
    assert len(table.rows) == 3 and len(table.rows[0].cells) == 3


@needs_ocr
def test_traditional_characters_the_recogniser_cannot_say_are_restored():
    from hotline_etl.readers.ocr import _Box, restore_traditional, traditional_form

    assert traditional_form("综") == "綜" and traditional_form("云") == "雲" and traditional_form("占") == "佔"
    box = _Box([(0, 0), (100, 0), (100, 10), (0, 10)], "縣市場监督管理局大云山", 0.9, None, [0.9] * 11)
    known = frozenset("縣市場督管理局大云山雲")  # 監 is not in it; 雲 is
    assert restore_traditional([box], known) == 1
    assert box.text == "縣市場監督管理局大云山"
    simplified = _Box([(0, 0), (100, 0), (100, 10), (0, 10)], "县市场监督管理局", 0.9, None, [0.9] * 8)
    assert restore_traditional([simplified], known) == 0 and simplified.text == "县市场监督管理局"


@pytest.mark.parametrize("name", ["hotline_etl.readers.ocr", "hotline_etl.readers.office", "hotline_etl.document",
                                  "hotline_etl.limits", "hotline_etl.script", "hotline_etl.commands.limit_options",
                                  "hotline_etl.pipeline"])
def test_docstring_examples_hold(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
