"""Every file of fixtures/bad/ gives its expected error class, or a partial result with the expected
warnings and findings, within the corpus's time limit (expected.json is the data)."""

import json
import time
from pathlib import Path

import pytest

import hotline_etl
from hotline_etl import errors
from hotline_etl.errors import HotlineError

BAD = Path("fixtures/bad")
EXPECTED = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))
LIMITS = EXPECTED["limits"]
#: Slack over the wall-time limit for the one file that must hit it (unwinding, a loaded CI box).
SLACK_SECONDS = 2.0


def test_the_corpus_holds_at_least_twenty_distinct_files_and_nothing_unexpected():
    files = {p.name for p in BAD.iterdir() if p.name != "expected.json"}
    assert files == set(EXPECTED["files"])
    assert len(files) >= 20
    digests = {hash(p.read_bytes()) for p in BAD.iterdir()}
    assert len(digests) == len(files) + 1


@pytest.mark.parametrize("name", sorted(EXPECTED["files"]))
def test_bad_file(name):
    expected = EXPECTED["files"][name]
    started = time.monotonic()
    if "error" in expected:
        with pytest.raises(HotlineError) as caught:
            hotline_etl.parse(BAD / name, limits=LIMITS)
        # Exactly the expected class: a finer subclass would mean the expectation is out of date.
        assert type(caught.value) is getattr(errors, expected["error"])
        assert str(caught.value).startswith(f"{BAD / name}: ")
    else:
        b = hotline_etl.parse(BAD / name, limits=LIMITS)
        values = expected["values"]
        assert b.headline.hotline_orders_received.value == values["hotline_orders_received"]
        if "table_rows" in values:
            assert len(b.table.rows) == values["table_rows"]
        if "total_handled" in values:
            assert b.table.total.handled == values["total_handled"]
        assert set(expected.get("warnings", ())) <= {w.code for w in b.warnings}
        assert set(expected.get("findings", ())) <= {f.check for f in b.findings}
    assert time.monotonic() - started < LIMITS["max_seconds"] + SLACK_SECONDS


def test_limit_errors_name_the_limit_and_the_option_to_raise_it():
    with pytest.raises(errors.TooManyPages) as caught:
        hotline_etl.parse(BAD / "too_many_pages.pdf")
    assert (caught.value.limit, caught.value.allowed, caught.value.actual) == ("max_pdf_pages", 500, 501)
    assert str(caught.value) == (
        "fixtures/bad/too_many_pages.pdf: PDF has too many pages: 501 pages, more than the limit of 500 "
        "(max_pdf_pages; raise it with --max-pdf-pages or Limits(max_pdf_pages=...))")


def test_raising_a_limit_lets_the_file_through():
    with pytest.raises(errors.NotABulletin):  # 501 pages of "12345 hotline bulletin": read, but no bulletin
        hotline_etl.parse(BAD / "too_many_pages.pdf", limits={"max_pdf_pages": 501})
    with pytest.raises(errors.HtmlTooDeep):
        hotline_etl.parse(BAD / "deeply_nested.html", limits={"max_html_depth": 255})
    with pytest.raises(errors.NotABulletin):  # libxml2 stops nesting at 256: the walk stays bounded
        hotline_etl.parse(BAD / "deeply_nested.html", limits={"max_html_depth": None})


def test_zip_bomb_messages_say_which_limit():
    with pytest.raises(errors.DocxTooLarge) as forged:
        hotline_etl.parse(BAD / "zip_bomb_forged_size.docx")
    assert forged.value.limit == "max_docx_uncompressed_bytes"
    assert forged.value.actual > 4 * 10**9
    with pytest.raises(errors.DocxTooLarge) as ratio:
        hotline_etl.parse(BAD / "zip_bomb_high_ratio.docx")
    assert ratio.value.limit == "max_docx_ratio"
    assert "--max-docx-ratio" in str(ratio.value)


def test_html_entities_declared_in_a_page_do_not_expand():
    from hotline_etl.readers import load

    document = load(BAD / "xhtml_billion_laughs_not_expanded.html")
    text = "".join(block.text for block in document.blocks)
    assert "lol" not in text and text.startswith("一、基本情況5月份,共受理12345熱線工單2557件")
    assert hotline_etl.parse(BAD / "xhtml_billion_laughs_not_expanded.html").headline.hotline_orders_received.value == 2557


def test_python_docx_would_not_expand_entities_either():
    # Belt and braces under the DTD refusal: python-docx's own parser leaves entities unexpanded.
    from docx.oxml.parser import parse_xml

    xml = (b'<!DOCTYPE w:p [<!ENTITY xxe SYSTEM "file:///etc/hostname"><!ENTITY a "AAAA">]>'
           b'<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b"<w:r><w:t>&xxe;&a;</w:t></w:r></w:p>")
    p = parse_xml(xml)
    assert "".join(p.itertext()) == "&xxe;&a;"  # references left as they are: no file, no AAAA
