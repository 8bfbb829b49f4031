"""The script view: one joined text of a document's paragraphs and cells, as printed and in simplified script,
aligned character for character, every position mapped back to where it was printed."""

import pytest

import hotline_etl
from hotline_etl.document import Cell, Document, Origin, Paragraph, Table
from hotline_etl.script import build_view, detect_script, script_evidence, to_simplified


@pytest.fixture(scope="module")
def view():
    header = (Cell("部門名稱", Origin(table=1, row=1, col=1)), Cell("受理案件數", Origin(table=1, row=1, col=2)))
    row = (Cell("縣住建局", Origin(table=1, row=2, col=1)), Cell("3", Origin(table=1, row=2, col=2)))
    return build_view(Document("t.docx", "docx", (
        Paragraph("一、基本情況", Origin(paragraph=1), heading=True),
        Paragraph("縣住建局受理 工單3件", Origin(paragraph=2)),
        Table((header, row), Origin(table=1)),
    ), notes=("page 1: page number '- 1 -' dropped",)))


def test_text_lines_and_cells_join_in_reading_order(view):
    assert view.raw == "一、基本情況\n縣住建局受理工單3件\n部門名稱\n受理案件數\n縣住建局\n3"
    assert view.simp == "一、基本情况\n县住建局受理工单3件\n部门名称\n受理案件数\n县住建局\n3"
    assert len(view.raw) == len(view.simp)
    assert view.script == "traditional"
    assert view.lines == (0, 1) and view.headings == frozenset({0})
    assert [t.rows for t in view.tables] == [((2, 3), (4, 5))] and view.table_at == (2,)
    assert view.reader_notes == ("page 1: page number '- 1 -' dropped",)


def test_every_position_maps_to_where_it_was_printed(view):
    # The space the repair stage deleted still counts in the printed column: 3 stands at char 9.
    assert view.origin_at(view.raw.index("3件")) == Origin(paragraph=2, char=9)
    assert view.origin_at(view.raw.rindex("縣住建局")) == Origin(table=1, row=2, col=1, char=0)
    assert view.origin(view.lines[1]) == Origin(paragraph=2, char=0)


def test_script_detection_and_conversion():
    assert [detect_script(t) for t in ("縣熱線辦受理工單", "县热线办受理工单", "縣熱線辦和县热线办", "12345")] == [
        "traditional", "simplified", "mixed", "simplified"]
    # 岳, 后, 台 are printed in both scripts (OpenCC lists them among their own traditional forms), 户 is
    # Hong Kong's traditional form: evidence of neither, so a short traditional text holding one stays traditional.
    assert [detect_script(t) for t in ("岳陽縣熱線辦", "南岳區熱線", "後台維護", "住户來電", "岳阳县热线办", "后台维护")] == [
        "traditional", "traditional", "traditional", "traditional", "simplified", "simplified"]
    assert [script_evidence(ch) for ch in "岳嶽后後台臺户戶於县縣"] == [
        None, "traditional", None, "traditional", None, "traditional", None, "traditional", None, "simplified",
        "traditional"]
    assert to_simplified("市長信箱和縣長信箱") == "市长信箱和县长信箱"


def test_page_marks_and_running_headers_are_left_out_of_the_matching_view():
    # text taken out of a PDF: a page footer and the running title cut a list and a table
    text = ("柳溪县热线月报\n一、概况\n超期办结工单3件，其中县气象局2件、\n\n— 1 —\n第 1 页 共 2 页\n柳溪县热线月报\n"
            "北山镇1件。\n单位 | 受理量\n县气象局 | 41\n第2頁/共2頁\n北山镇 | 17")
    view = build_view(Document("pdf.txt", "txt", (Paragraph(text, Origin(line=1)),)))
    assert [view.simp_text(u) for u in view.lines] == [
        "柳溪县热线月报", "一、概况", "超期办结工单3件,其中县气象局2件、", "北山镇1件。", "单位 | 受理量", "县气象局 | 41",
        "北山镇 | 17"]
    assert view.raw.split("\n")[5] == "第 1 页共 2 页" and view.simp.split("\n")[5] == " " * 10  # raw as printed
    assert [n.split(":")[0] for n in view.reader_notes] == ["line 5, char 0", "line 6, char 0", "line 7, char 0",
                                                           "line 11, char 0"]
    # a line printed twice but next to no page mark stays
    again = build_view(Document("b.txt", "txt", (Paragraph("甲局 1件\n说明\n甲局 1件", Origin(line=1)),)))
    assert len(again.lines) == 3 and not again.reader_notes


def test_markdown_markup_is_blanked_in_the_matching_view_only():
    text = "# 梅林县热线简报\n**一、总体情况**\n- 供热服务类：210件次，占8.4%\n超期办结工单**2件次**：县档案馆2件次。\n*梅林县热线办*"
    view = build_view(Document("m.md.txt", "txt", (Paragraph(text, Origin(line=1)),)))
    assert view.raw.count("**") == 4 and view.raw.startswith("# ")  # as printed (punctuation repaired)
    assert view.simp.split("\n") == ["  梅林县热线简报", "  一、总体情况  ", "  供热服务类:210件次,占8.4%",
                                     "超期办结工单  2件次  :县档案馆2件次。", " 梅林县热线办 "]
    assert len(view.simp) == len(view.raw)
    # a hyphen or an asterisk inside a line is not markup
    assert build_view(Document("d.txt", "txt", (Paragraph("1-2月份，甲*乙", Origin(line=1)),))).simp == "1-2月份,甲*乙"


def test_many_origins_at_once_are_each_origin(text_views):
    # View.origins builds a text table's Origins, or a container table's, a column at a time; each is what
    # origin() gives alone.
    from pathlib import Path

    from hotline_etl.readers import load

    containers = []
    for path in sorted(Path("fixtures").rglob("*.*")):
        if path.suffix in (".html", ".docx"):
            try:
                containers.append((path, build_view(load(path))))
            except hotline_etl.HotlineError:
                continue
    lines = cells = 0
    for path, view in list(text_views) + containers:
        units = [u for u in range(len(view.starts)) for _ in range(2)]
        positions = [view.starts[u] + (k % 2) * (view.ends[u] - view.starts[u]) // 2 for k, u in enumerate(units)]
        one_by_one = [view.origin(u, p) for u, p in zip(units, positions)]
        assert view.origins(units, positions) == one_by_one, path
        assert all(type(o) is Origin for o in view.origins(units, positions))
        lines += view._paragraph_origins(units, positions) is not None
        for table in view.tables:
            cell_units = [u for row in table.rows for u in row] * 8
            cell_positions = [view.starts[u] + (view.ends[u] - view.starts[u]) // 2 for u in cell_units]
            one_by_one = [view.origin(u, p) for u, p in zip(cell_units, cell_positions)]
            assert view.origins(cell_units, cell_positions) == one_by_one, path
            cells += view._cell_origins(cell_units, cell_positions) is not None
    assert lines > len(text_views) // 2 and cells >= 10, (lines, cells)
    # A paragraph not starting at char 0 (its first line's chars are offset), a repaired line (a space deleted
    # between two Han words: its later chars map back through the column map): the loop, with the same answers.
    offset = build_view(Document("a", "txt", (Paragraph("甲 |\n" * 20 + "受理 工单3件 |", Origin(line=5, char=4)),)))
    units, positions = list(range(21)) * 2, [offset.starts[u] + 1 for u in range(21)] * 2
    assert offset._paragraph_origins(units, positions) is None
    assert offset.origins(units, positions)[0] == Origin(line=5, char=5)
    assert offset.origins(units, positions)[1] == Origin(line=6, char=1)
    assert offset.colmaps[20] is not None and offset.raw[offset.ends[20] - 1] == "|"
    assert offset.origins([20] * 16, [offset.ends[20] - 1] * 16)[0] == Origin(line=25, char=8)
