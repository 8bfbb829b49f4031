"""Hot topics: topic, count, printed share and focus, in the forms bulletins number them."""

from bulletin_samples import TAOYUAN, view_of
from hotline_etl.document import Origin
from hotline_etl.extract.hot_topics import extract_hot_topics
from hotline_etl.extract.sections import find_sections


def test_numbered_and_bulleted_topics():
    view = view_of(TAOYUAN)
    section = next(s for s in find_sections(view) if s.kind == "hot_topics")
    topics = extract_hot_topics(section.scope(view))
    assert [(t.topic, t.count, t.share.raw, t.focus) for t in topics] == [
        ("供水类", 31, "3.82%", "主要是停水和水压不足"),
        ("噪音类", 12, "1.48%", "主要集中在夜间施工"),
    ]
    assert [t.source for t in topics] == [Origin(line=8, char=2), Origin(line=9, char=1)]


def test_numbered_topics_with_the_count_right_after_the_subject():
    view = view_of("一、基本情况\n5月份,共受理热线工单640件。\n二、热点难点\n"
                   "1、燃气类42件\n2．物业管理类 35 件，占5.47%，主要是电梯停运\n3.停车类18件(2.81%)\n"
                   "4、本月受理工单640件\n")
    section = next(s for s in find_sections(view) if s.kind == "hot_topics")
    topics = extract_hot_topics(section.scope(view))
    assert [(t.topic, t.count, t.share.raw if t.share else None, t.focus) for t in topics] == [
        ("燃气类", 42, None, None),
        ("物业管理类", 35, "5.47%", "主要是电梯停运"),
        ("停车类", 18, "2.81%", None),
    ]
    assert [t.source for t in topics] == [Origin(line=4, char=2), Origin(line=5, char=2), Origin(line=6, char=2)]
