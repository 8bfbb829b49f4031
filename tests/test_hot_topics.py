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
