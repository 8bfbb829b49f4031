"""The six named unit lists: rankings, commended units, overdue and returned work.

A list is an intro phrase (with the stated total where there is one) followed
by items up to the end of the sentence. Items are separated by ``、 , ， ; ；``
and read as ``A2件``, ``A(247件)``, ``A因超期1件工单``, ``A6件延迟回复``,
``A、B及C各1件`` (one count for several units), or a bare name; ``…等17个单位``
records the stated number of units. A token that opens a new clause (it holds
a colon or a clause word) ends the list: what follows is prose.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.scope import Scope
>>> s = Scope.whole(build_view(load("超期办结工单5件。其中,甲镇2件、乙局及丙局各1件、丁办1件。请注意")))
>>> [(i.unit_raw, i.count) for i in extract_unit_lists(s)["overdue"].items]
[('甲镇', 2), ('乙局', 1), ('丙局', 1), ('丁办', 1)]
"""

from __future__ import annotations

import regex

from ..model import ListItem, UnitList
from .numbers import NUM, UNIT, chinese_to_int, parse_count
from .scope import Scope

_K = r"(?P<k>[一二两三四五六七八九十\d]+)"
_TAIL = r"\s*(?:[。，,;；]\s*)?(?:其中|具体承办单位为|具体承办单位是|分别为|分别是|涉及单位为?|包括)?\s*[:：,，]?"
_TOTAL = rf"\s*(?P<n>{NUM})\s*{UNIT}"
#: List name -> intro patterns (simplified script), tried in order; the first match wins.
LIST_INTROS: dict[str, tuple[str, ...]] = {
    "top_township": (
        rf"(?:乡镇|乡镇街道|镇街)[^。；;:：]{{0,20}}?(?:排名|排行)前\s*{_K}\s*(?:位|名)?的?(?:单位)?(?:是|为|有|依次是|依次为)?[:：]?",
    ),
    "top_department": (
        rf"(?:县直|县级|市直|区直|直属)(?:单位|部门)[^。；;:：]{{0,20}}?(?:排名|排行)前\s*{_K}\s*(?:位|名)?的?(?:单位)?(?:是|为|有|依次是|依次为)?[:：]?",
    ),
    "commended": (
        r"(?:好|突出|较好|优秀|表扬|表现好)的(?:单位|部门)(?:有|是|为|包括)[:：]?",
    ),
    "overdue": (
        rf"(?<!信箱)超期办结(?:工单)?{_TOTAL}{_TAIL}",
        rf"(?:办理超期|逾期回复|逾期办结|超期)的(?:单位|部门)(?:有|是|为)?[:：]?",
    ),
    "mailbox_overdue": (
        rf"信箱(?:回复|办理)?超期{_TOTAL}{_TAIL}",
    ),
    "returned": (
        rf"(?:退回重办|发回重办|返工单|返工|回退|退单)(?:件|工单|单)?{_TOTAL}{_TAIL}",
    ),
}

_SEPARATORS = regex.compile(r"[、,，;；]")
# A token holding any of these opens a new clause instead of naming a unit.
_CLAUSE = regex.compile(r"[:：]|排名|排行|的是|特别|其中|请|要求|导致|情况|工作|希望|\d+\s*%")
_ITEM_EACH = regex.compile(rf"^(?P<names>.+?)各\s*(?P<n>{NUM})\s*{UNIT}")
_ITEM_PAREN = regex.compile(rf"^(?P<name>.+?)\s*[(（]\s*(?P<n>{NUM})\s*{UNIT}\s*[)）]")
_ITEM_COUNT = regex.compile(rf"^(?P<name>.+?)(?:因[^\d]{{0,12}}?)?(?P<n>{NUM})\s*{UNIT}")
_ETC_UNITS = regex.compile(rf"等\s*(?P<k>{NUM}|[一二三四五六七八九十]+)\s*个(?:单位|部门)")
_ETC = regex.compile(r"等+$")
_JOINERS = regex.compile(r"及|和|与")


def extract_unit_lists(scope: Scope) -> dict[str, UnitList]:
    """Every list whose intro phrase occurs in ``scope``."""
    lists: dict[str, UnitList] = {}
    if scope.empty:
        return lists
    for name, patterns in LIST_INTROS.items():
        for pattern in patterns:
            m = scope.search(pattern)
            if m is None:
                continue
            lists[name] = _read_list(scope, name, m)
            break
    return lists


def _read_list(scope: Scope, name: str, intro) -> UnitList:
    groups = intro.groupdict()
    total = parse_count(groups.get("n")) if groups.get("n") else None
    stated = chinese_to_int(groups["k"]) if groups.get("k") else None
    end_m = scope.search(r"[。\n]", intro.end())
    end = end_m.start() if end_m else scope.end
    items: list[ListItem] = []
    pending: list[tuple[int, int]] = []  # names seen without a count, waiting for a shared 各N件
    pos = intro.end()
    for sep in [*scope.finditer(r"[、,，;；]", intro.end()), None]:
        tok_end = sep.start() if sep is not None and sep.start() < end else end
        stop = _read_token(scope, pos, tok_end, items, pending)
        if stop is not None:
            stated = stop if stop > 0 else stated
            break
        if tok_end >= end:
            break
        pos = sep.end()
    for s, e in pending:
        items.append(ListItem(scope.raw_span(s, e), None, scope.origin(s)))
    return UnitList(name, total, tuple(items), stated, scope.origin(intro.start()))


def _read_token(scope: Scope, start: int, end: int, items: list[ListItem], pending: list[tuple[int, int]]) -> int | None:
    """Read one token into ``items``; a non-None result ends the list (>0: stated unit count)."""
    simp = scope.simp_span(start, end)
    lead = len(simp) - len(simp.lstrip())
    simp = simp.strip()
    start += lead
    if not simp:
        return None
    if _CLAUSE.search(simp) and not _ITEM_COUNT.match(simp):
        return 0
    etc_units = _ETC_UNITS.search(simp)
    if etc_units:
        simp = simp[:etc_units.start()]
    m = _ITEM_EACH.match(simp)
    if m:
        count = parse_count(m.group("n"))
        for s, e in [*pending, *_split_joined(m.group("names"), start)]:
            items.append(ListItem(scope.raw_span(s, e), count, scope.origin(s)))
        pending.clear()
    else:
        m = _ITEM_PAREN.match(simp) or _ITEM_COUNT.match(simp)
        if m:
            items.extend(ListItem(scope.raw_span(s, e), None, scope.origin(s)) for s, e in pending)
            pending.clear()
            s, e = start + m.start("name"), start + m.end("name")
            items.append(ListItem(scope.raw_span(s, e).strip(), parse_count(m.group("n")), scope.origin(s)))
        elif len(simp) <= 30:
            trimmed = _ETC.sub("", simp)
            if trimmed:
                pending.append((start, start + len(trimmed)))
        else:
            return 0
    if etc_units:
        return chinese_to_int(etc_units.group("k")) or parse_count(etc_units.group("k")) or 0
    return None


def _split_joined(names: str, offset: int) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for j in _JOINERS.finditer(names):
        spans.append((offset + pos, offset + j.start()))
        pos = j.end()
    spans.append((offset + pos, offset + len(names)))
    return [(s, e) for s, e in spans if e > s]
