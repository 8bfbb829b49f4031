"""Sections: the title, the numbered parts (basic, cases, hot topics), the attachment, and the body between."""

from bulletin_samples import TAOYUAN, view_of
from hotline_etl.extract.sections import body_scope, find_sections


def test_sections_are_found_by_their_headings():
    view = view_of(TAOYUAN)
    sections = find_sections(view)
    assert [(s.kind, s.heading, s.heading_line, s.first, s.last) for s in sections] == [
        ("title", None, None, 0, 0),
        ("basic", "一、基本情况", 1, 2, 2),
        ("cases", "二、典型案例", 3, 4, 5),
        ("hot_topics", "三、热点难点", 6, 7, 10),
    ]
    body = body_scope(view, sections)
    assert view.raw[body.start:body.end] == "3月份,共受理热线工单812件。"


def test_an_attachment_heading_ends_the_body_sections():
    view = view_of("一、基本情况\n共受理工单5件。\n附件:3月份工单办理统计表\n单位 | 受理量\n甲镇 | 5\n")
    assert [(s.kind, s.heading, s.first, s.last) for s in find_sections(view)] == [
        ("basic", "一、基本情况", 1, 1), ("attachment", "附件:3月份工单办理统计表", 3, 4)]
