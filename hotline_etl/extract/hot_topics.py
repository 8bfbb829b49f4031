"""Hot topics: ``◆社會保障類。共受理工單199件,占比7.78%,主要是…``, or numbered with the count
right after the topic (``1、供水类31件``, ``2．城市管理类 27 件``); the share is kept when printed.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.scope import Scope
>>> t = extract_hot_topics(Scope.whole(build_view(load("◆勞動糾紛類。共受理案件數121件,占比4.73%,主要集中在追討工資。"))))[0]
>>> t.topic, t.count, t.share.raw, t.focus
('勞動糾紛類', 121, '4.73%', '主要集中在追討工資')
"""

from __future__ import annotations

from ..model import HotTopic, Percent
from .numbers import NUM, PCT, UNIT, parse_count
from .scope import Scope

_TOPIC = (
    r"(?m)^\s*(?:[◆●■▲★•·◇○□]\s*|\d{1,2}\s*[.、．]\s*|[(（][一二三四五六七八九十]+[)）]\s*)"
    # the topic (not a figure's own words: 本月受理工单812件), then a separator and what is counted, or the count
    # right after it (1、供水类31件)
    r"(?P<topic>(?:(?!受理|接到|工单|来电|办结)[^。,，:：\n\d]){2,20}?)\s*"
    r"(?:[。.:：,，]\s*(?:共|累计)?(?:受理|接到)?(?:工单|案件数|案件|诉求|来电)?(?:共)?\s*|(?=\d))"
    # the share when printed (占3.82% / 占比 3.82% / (3.82%))
    rf"(?P<n>{NUM})[ \t]*{UNIT}(?:[ \t]*[,，]?[ \t]*[(（]?[ \t]*(?:占比|占)?[ \t]*(?P<p>{PCT})[ \t]*%[ \t]*[)）]?)?"
    r"[ \t]*[,，。;；]?[ \t]*(?P<focus>[^\n]*)"
)


def extract_hot_topics(scope: Scope) -> tuple[HotTopic, ...]:
    """Every topic line in ``scope`` (the hot-topics section)."""
    if scope.empty:
        return ()
    topics = []
    for m in scope.finditer(_TOPIC):
        focus = (scope.raw(m, "focus") or "").strip().rstrip("。").strip() or None
        topics.append(HotTopic(
            topic=(scope.raw(m, "topic") or "").strip(), count=parse_count(m.group("n")),
            share=Percent.parse(scope.raw(m, "p") + "%") if m.group("p") else None, focus=focus,
            source=scope.origin(m.start("topic")),
        ))
    return tuple(topics)
