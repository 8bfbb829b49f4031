"""The HTML reader: main content without site chrome, lines, tables, encodings."""

import pytest

from hotline_etl.document import Paragraph, Table
from hotline_etl.readers import load, read_document
from hotline_etl.readers.html import decode_html
from readers_expected import FIRST_ROW, GROUPED_HEADER, HEADER, HEADINGS, SEED_LINES, TOTAL_ROW, texts

UTF8 = "fixtures/html/seed_trad_gov_page_utf8.html"
GBK = "fixtures/html/seed_trad_gov_page_gbk_meta.html"
SPANS = "fixtures/html/seed_trad_gov_page_rowspan_colspan_header.html"


@pytest.mark.parametrize("path", [UTF8, GBK, SPANS])
def test_main_content_is_exactly_the_bulletin(path):
    doc = load(path)
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert paragraphs == SEED_LINES
    text = "\n".join(paragraphs)
    for chrome in ("首頁", "政務公開", "相關文章", "主辦:岳陽縣人民政府辦公室", "網站標識碼", "打印本頁",
                   "發布時間", "岳陽縣12345熱線辦2020年5月份工單辦理情況通報", "changeSize"):
        assert chrome not in text


def test_headings_lines_and_br():
    doc = load(UTF8)
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]
    assert [p.text for p in paragraphs if p.heading] == HEADINGS + ["2020年5月份12345公眾服務熱線工單辦理統計表"]
    # The sign-off is one <p> split by <br/>: two lines, numbered in the flattened text.
    assert [(p.text, p.origin.line) for p in paragraphs[13:15]] == [("岳陽縣熱線辦", 14), ("2020年6月1日", 15)]
    assert doc.notes == ("page title: 岳陽縣12345熱線辦2020年5月份工單辦理情況通報_岳陽縣人民政府門戶網站",)


def test_table_block():
    (table,) = [b for b in load(UTF8).blocks if isinstance(b, Table)]
    rows = texts(table)
    assert (len(rows), rows[0], rows[1], rows[-1]) == (61, HEADER, FIRST_ROW, TOTAL_ROW)
    assert (table.origin.line, table.rows[1][2].origin.row, table.rows[1][2].origin.col) == (18, 2, 3)


def test_rowspan_colspan_header_on_a_full_grid():
    (table,) = [b for b in load(SPANS).blocks if isinstance(b, Table)]
    rows = texts(table)
    assert rows[:2] == GROUPED_HEADER and rows[2] == FIRST_ROW and len(rows) == 62


def test_declared_gbk_is_read_as_gb18030():
    assert load(GBK).encoding == "gb18030"
    assert load("fixtures/html/seed_simp_gov_page_gb2312_meta.html").encoding == "gb18030"


def test_undeclared_gbk_is_detected():
    page = "<html><body><p>岳阳县热线办受理工单2557件</p></body></html>".encode("gbk")
    doc = read_document(page, "plain.html")
    assert (doc.encoding, doc.blocks[0].text) == ("gb18030", "岳阳县热线办受理工单2557件")


def test_wrong_declaration_falls_back_to_detection():
    text, encoding, notes = decode_html('<meta charset="utf-8"><p>縣熱線辦受理</p>'.encode("big5"), "w.html")
    assert (text.endswith("<p>縣熱線辦受理</p>"), encoding) == (True, "big5hkscs")
    assert notes[0].startswith("declared charset 'utf-8' does not fit byte")


def test_source_line_breaks_between_cjk_are_not_spaces():
    page = "<html><body><div><p>共受理\n  工單 2557件,&nbsp;占比<b>7.78%</b></p></div></body></html>"
    (paragraph,) = read_document(page.encode(), "ws.html").blocks
    assert paragraph.text == "共受理工單 2557件, 占比7.78%"
    assert paragraph.heading is False


def test_layout_table_holding_the_article_is_descended_into():
    page = ("<html><body><table><tr><td><a href='/'>首頁</a></td></tr><tr><td>"
            "<p>一、基本情況</p><p>5月份,共受理12345熱線工單2557件</p></td></tr></table></body></html>")
    doc = read_document(page.encode(), "layout.html")
    assert [b.text for b in doc.blocks] == ["一、基本情況", "5月份,共受理12345熱線工單2557件"]


def test_page_wrapped_in_one_aspnet_form_is_still_read():
    page = ("<html><body><form id='form1'><div class='nav'><a href='/'>首頁</a><input value='搜索'></div>"
            "<div class='content'><p>一、基本情況</p><p>5月份,共受理12345熱線工單2557件</p></div>"
            "<div class='footer'>主辦:岳陽縣人民政府辦公室</div></form></body></html>")
    doc = read_document(page.encode(), "aspx.html")
    assert [b.text for b in doc.blocks] == ["一、基本情況", "5月份,共受理12345熱線工單2557件"]


def test_table_layout_page_is_read_through_and_its_data_table_kept():
    # A bulletin holds thousands of characters; the footer a dozen.
    body = "".join(f"<p>{i}.沈先生5月1日來電投訴,現來電希望相關部門與我取得聯系并對該口罩進行處理。</p>" for i in range(1, 4))
    page = ("<html><body><table>"
            "<tr><td><img src='logo.png'></td><td><a href='/'>首頁</a> <a href='/gk'>政務公開</a></td></tr>"
            "<tr><td><a href='/a'>岳陽縣12345熱線辦2020年4月份工單辦理情況通報</a></td><td>"
            "<p>一、基本情況</p><p>5月份,共受理12345熱線工單2557件,市長信箱和縣長信箱信件共84件。</p>" + body +
            "<table><tr><td>部門名稱</td><td>受理案件數</td></tr><tr><td>縣人社局</td><td>212</td></tr></table>"
            "</td></tr><tr><td colspan='2'>版權所有:岳陽縣人民政府</td></tr></table></body></html>")
    blocks = read_document(page.encode(), "layout.html").blocks
    assert [b.text for b in blocks[:2]] == ["一、基本情況", "5月份,共受理12345熱線工單2557件,市長信箱和縣長信箱信件共84件。"]
    assert texts(blocks[5]) == [["部門名稱", "受理案件數"], ["縣人社局", "212"]]
    assert len(blocks) == 6
