"""Problem lists: units named for overdue, still-open or returned work.

A *statement* names units for a reason of :data:`~.list_items.REASONS`
(超期办结 / 逾期 / 延迟回复 … are ``overdue``; 超期未办理 / 逾期未办结 are
``overdue_open``; 退回重办 / 发回重办 / 返工 are ``returned``). It takes one of
the shapes of :data:`SHAPES`:

- ``count_after``: ``超期办结工单18件。其中,A2件、B4件`` / ``超时办理4件`` (a total only);
- ``count_before``: ``有15件工单属于未按时办结,分别为:A、B各2件``;
- ``units_count``: ``有2个单位出现超期工单,分别是A、B`` (a stated number of units);
- ``names``: ``办理超期的单位:A、B`` / ``有返工单的单位有:A、B``;
- ``label``: ``2.超期办结。A、B各2件，C1件，共计5件。`` (a heading naming only the reason; the next
  sentence is its list when it holds nothing but unit-shaped names with counts);
- ``units_first``: ``A、B等17个单位逾期回复`` (names before the reason);
- ``examples``: ``部分单位存在未按期回复…的问题。如:A、B``;
- ``neutral``: ``尚有不足的单位有A6件延迟回复,B1件未及时签收`` (only items printing
  their own reason are taken, each into its reason's list);
- ``unit_first``: a sentence opening with a unit and its reason (``新街镇因超期1件工单``,
  ``县城管局6件延迟回复``).

After a total (``count_after``, ``count_before``, ``units_count``) items are
read only behind a list marker (其中, 具体承办单位为, 分别为, 涉及, ``返工单位为:``,
a colon or a bracket), or when the first token is a unit-shaped name with a count (after
``,为`` a unit-shaped name), or in the next sentence when that is nothing but unit-shaped names
with counts adding up to the total (``超期办结工单6件。A：2件；B：4件。``): otherwise the total stands alone. An item
printing its own reason goes to that reason's list.

**Which system a statement belongs to** (:class:`Systems`): the nearest system
word (:data:`SYSTEM_WORDS`) before it in its sentence, unless another count
was stated in between (``共受理热线工单120件,信箱来信30件,超期办结5件``: the
信箱 is used up) except one figure it is part of (``信箱来信30件,其中超期2件``);
else the nearest heading above it that names a system; else the document's
(``mailbox`` when it names a 信箱 and no hotline, else ``hotline``). A mailbox
statement's overdue units form ``mailbox_overdue``; statements of another
system (a 督办系统, a grid platform) are not read.

**Competing statements of one list** are resolved by rule, not by place:
a statement with a total and items beats one with items only, which beats a
total only; then the one in the basic section; then the first. A winner
without a total takes the total of a total-only statement, and one without
items the items of an items-only statement (``返工单16件`` … ``有返工单的单位有:
A、B``). A list still without a total also takes the items of the other
items-only statements on the same side of the basic section's border that name
other units (``A4件延迟回复`` … ``另外,B因超期1件工单…``); any other statement is
reported (``list-superseded``).

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.scope import Scope
>>> s = Scope.whole(build_view(load("热线超期办结工单3件,其中甲镇3件。信箱超期1件,其中乙局1件。")))
>>> lists, _ = extract_problem_lists([s])
>>> [(n, l.total, [(i.unit_raw, i.count) for i in l.items]) for n, l in lists.items()]
[('overdue', 3, [('甲镇', 3)]), ('mailbox_overdue', 1, [('乙局', 1)])]
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property
from typing import Iterator, Sequence

import regex

from ..document import Origin
from ..model import ParseWarning, UnitList
from ..script import View
from .list_items import REASON, ReadItem, ReadList, looks_like_unit, looks_like_units, read_items, reason_kind
from .numbers import CN_NUM, LETTER_UNITS, NUM, ORDER_NUM, ORDER_UNITS, UNIT, chinese_to_int, count_value
from .scope import Scope, compile_pattern

#: Problem lists this module fills.
PROBLEM_LISTS = ("overdue", "mailbox_overdue", "returned", "overdue_open")

#: System -> words naming it (simplified script). ``other`` systems' lists are not the hotline's.
SYSTEM_WORDS: dict[str, tuple[str, ...]] = {
    "hotline": ("12345", "热线", "市长电话", "市长专线", "公开电话", "便民服务"),
    "mailbox": ("信箱",),
    "other": ("督办系统", "督办平台", "督查系统", "网格化", "网格事件", "网格员"),
}

_R = rf"(?P<r>{REASON})"
_COUNT = rf"(?P<n>{ORDER_NUM})[ \t]*{UNIT}"
#: What a count may count before the reason or after it: orders, requests, letters, items (事项).
_NOUN = r"(?:工单|件|单|案件|诉求|来信|信件|事项)"
_K = r"(?P<k>\d+|[一二两三四五六七八九十]+)"
#: A group of the units a list is split into (县直单位中，A2件；乡镇中，B3件): a marker, and a list may go on
#: past the end of one group's items into the next group's.
_GROUP = r"(?:(?:县|市|区)直(?:单位|部门)|乡镇(?:街道)?|镇街)中"
_NEXT_GROUP = regex.compile(rf"[ \t]*[。;；]?[ \t]*\n?[ \t]*{_GROUP}[ \t]*[:：,，]?")
#: What may follow a total before its items: a list marker, a colon or an opening bracket.
_TAIL = (
    r"(?:(?P<tail>[ \t]*[。，,;；]?[ \t]*(?:" + _GROUP + r"|其中|具体承办单位为|具体承办单位是|承办单位为|承办单位是|分别为|分别是|具体为|具体是"
    r"|涉及单位为|涉及单位有|涉及单位|(?:涉及|包括)?以下(?:单位|部门)|涉及|主要有|包括|(?:明细|名单|具体情况|具体)?如下|如)[ \t]*[:：,，]?"
    r"|[ \t]*[，,]?[ \t]*(?![各请全本该])\p{Han}{0,4}?(?:单位|部门)(?:为|是|有)?[ \t]*[:：]|[ \t]*[:：]|[ \t]*(?P<open>[(（]))"
    r"|(?P<weak>[ \t]*[，,][ \t]*(?:均|全部|都)?(?:为|是|系)))?"
)
#: A stated number of units (5个单位, 3家部门).
_UNITS = rf"{_K}[ \t]*[个家](?:单位|部门)"
# The name a sentence opens with (after a linking word: 另外, / 此外, / 同时,), up to the place the match
# starts (a lookbehind: the scan runs on the reason).
_OPENING_NAME = (r"(?<=(?:^|[。；;\n])[ \t]*(?:(?:另外|此外|同时|另|还有)[ \t]*[，,]?[ \t]*)?"
                 r"(?P<name>[^\d\s，,。；;：:()（）]{2,40}))")

# An item number opening a heading line (1. / 一、 / (一) / (1) / ①).
_HEADING_NUMBER = r"(?:\d{1,2}[ \t]*[.、．](?!\d)|[一二三四五六七八九十]+[ \t]*、|[(（][一二三四五六七八九十\d]{1,3}[)）]|[①-⑳])"
# The full stop ending a total's sentence when its items make up the next (超期办结工单6件。A：2件；B：2件…).
_NEXT_SENTENCE = regex.compile(r"[ \t]*。[ \t]*")
#: How far after 单位/部门 the reason of an ``examples`` statement may start (characters).
_EXAMPLES_REACH = 30
#: How many characters may stand between 被 and the reason of a ``unit_first`` statement (县城管局被市热线办退回重办…).
_PASSIVE_GAP = 8

#: Statement shape -> pattern (simplified script), in priority order: where two statements overlap,
#: the earlier shape wins.
SHAPES: dict[str, str] = {
    "count_after": (
        rf"{_R}(?:的)?{_NOUN}?(?:数|数量)?[ \t]*[:：]?[ \t]*(?:共|共计|合计|为|是|有|达)?[ \t]*"
        rf"(?:{_COUNT}(?:[ \t]*[，,]?[ \t]*涉及[ \t]*{_UNITS})?|涉及[ \t]*{_UNITS}){_TAIL}"
    ),
    # 6件转办工单未按时办结: a short qualifier may stand before what is counted; so may a short cause and who
    # sent it back (7件工单因群众不满意被退回重办).
    "count_before": rf"(?<=^|[。，,；;：:\n]|有|共|共有|另有|还有)[ \t]*(?P<n>{ORDER_NUM})[ \t]*{UNIT}"
                    rf"(?:\p{{Han}}{{0,4}}?(?:工单|诉求|来信|信件|事项))?(?:属于|为|系|是)?"
                    rf"(?:因[^\d，,。；;：:\n]{{0,10}}?)?(?:被[^\d，,。；;：:\n]{{0,6}}?)?{_R}{_TAIL}",
    "units_count": rf"{_UNITS}(?:出现|存在|有|发生)?了?{_R}(?:工单|件|情况|现象|问题)?(?:[ \t]*{_COUNT})?{_TAIL}",
    "names": (
        rf"{_R}(?:工单|单|件|情况|现象|问题)?的(?:(?:承办|责任)?(?:单位|部门)(?:有|是|为|包括|主要有|分别是|分别为)?"
        rf"[ \t]*[:：]?|有[ \t]*[:：])|{_R}(?:工单|单|件)?(?:明细|名单|清单|情况)如下[ \t]*[:：]"
        # 超期办结单位：A2件 / 超期办结：A1件、B2件 (a reason, its units, a colon)
        rf"|{_R}(?:工单)?(?:(?:承办|责任)?(?:单位|部门))?[ \t]*[:：]"
    ),
    "units_first": rf"等[ \t]*{_K}?[ \t]*[个家]?(?:单位|部门)(?:存在|出现|均有|有)?{_R}(?:工单)?(?:{_COUNT})?",
    "examples": rf"(?:单位|部门)[^。；;\n]{{0,{_EXAMPLES_REACH}}}?{_R}[^；;\n]{{0,40}}?(?:如|例如|比如)[ \t]*[:：]",
    "neutral": r"(?:不足|问题|差距|短板|扣分|较差|不到位|待改进|需改进|需要改进|待提高|待提升|需提升|需加强)的(?:单位|部门)"
               r"(?:有|是|为|包括|主要有)?[ \t]*[:：]?",
    # 1.超期办结。A、B各2件，C1件，共计7件。: a heading naming only the reason, its items in the next sentence
    "label": rf"(?<=^|\n)[ \t]*{_HEADING_NUMBER}?[ \t]*{_R}(?:工单|情况)?[ \t]*。",
    "unit_first": (
        rf"{_OPENING_NAME}(?:(?P<link>因|有|存在|出现|被[^\d。；;，,\n]{{0,{_PASSIVE_GAP}}}?)?{_R}[^\d。；;\n]{{0,8}}?{_COUNT}"
        rf"|(?P<n2>{ORDER_NUM})[ \t]*{UNIT}(?:工单)?(?P<r2>{REASON}))"
    ),
}

#: Shape -> text every match of it holds (a literal scan, where the shape's own scan tries every position):
#: a scope without it is not scanned for the shape.
_SHAPE_NEEDS: dict[str, re.Pattern[str]] = {
    "units_count": re.compile(r"[个家](?:单位|部门)"),
    "examples": re.compile(r"如[ \t]*[:：]"),
    "neutral": re.compile(r"的(?:单位|部门)"),
}

#: Shapes whose every match starts where a reason starts (``reason``), or at a 单位/部门 a reason follows within
#: :data:`_EXAMPLES_REACH` characters (``unit_word``): they are tried only there (:func:`_shape_matches`), not at
#: every position of the scope, where each try of a pattern opening with the reason alternation is costly.
#: ``unit_first``: within its link word's reach before a reason, or in the run of count characters right before one.
_SHAPE_STARTS = {"count_after": "reason", "names": "reason", "examples": "unit_word", "unit_first": "unit_first"}
# Every position where a reason starts (overlapping ones too: a zero-width scan), and every 单位/部门.
_REASON_AHEAD = regex.compile(rf"(?={REASON})")
_UNIT_WORD = re.compile(r"单位|部门")
# Read backwards from a reason: the run of characters a count, its unit and 工单 are made of (digits, separators,
# spaces, 万, Chinese numerals, the units' characters and brackets).
_COUNT_RUN_BACK = regex.compile(
    r"[\d\s,.万" + CN_NUM[1:-2] + "".join(sorted(set("".join(ORDER_UNITS + LETTER_UNITS + ("人次", "次"))))) + r"(（)）工]*+",
    flags=regex.REVERSE)
#: How far before its reason a ``unit_first`` statement may start: its link word (因, 存在, 被 and the gap after it).
_LINK_REACH = _PASSIVE_GAP + 1

_SYSTEM = regex.compile("|".join(f"(?P<{k}>{'|'.join(map(regex.escape, words))})" for k, words in SYSTEM_WORDS.items()))
_SENTENCE_END_BACK = regex.compile(r"[。！？；;!?\n]", flags=regex.REVERSE)
_FIGURE = regex.compile(rf"{NUM}[ \t]*{UNIT}")
_PART_OF = regex.compile(r"[ \t]*[，,]?[ \t]*其中")
_LINK_WORDS = regex.compile(r"(?:因|有|存在|出现)+$")
_ALL_OF = regex.compile(r"均|全部|都")
_CLAUSE_START_BACK = regex.compile(r"[。；;\n：:，,]", flags=regex.REVERSE)
# Numbered headings: 第一部分 (0), 一、 and 【…】 (1), (一) (2), 1. (3), (1) (4).
_HEADING = regex.compile(
    r"(?m)^[ \t]*(?:(?P<l0>第[一二三四五六七八九十]+部分)|(?P<l1>[一二三四五六七八九十]+[ \t]*[、.．]|【(?=[^】\n]{1,20}】))"
    r"|(?P<l2>[(（][一二三四五六七八九十]+[)）])|(?P<l3>\d{1,2}[ \t]*[、.．](?!\d))|(?P<l4>[(（]\d{1,2}[)）]))"
    r"(?P<text>[^。：:】\n]{0,40})"
)


def _starts_line(view: View, pos: int) -> bool:
    """Whether joined-text position ``pos`` is where a line (not a table cell) starts."""
    unit = view.unit_index(pos)
    return view.starts[unit] == pos and unit in view.line_units


class Systems:
    """The system (``hotline``, ``mailbox``, ``other``) that a place of the text reports on.

    >>> from hotline_etl.readers import load
    >>> from hotline_etl.script import build_view
    >>> v = build_view(load("一、热线情况\\n共受理工单9件。\\n二、信箱情况\\n收到来信3件。超期的单位:甲局"))
    >>> s = Systems(v)
    >>> s.at(v.simp.index("共受理")), s.at(v.simp.index("超期"))
    ('hotline', 'mailbox')
    """

    def __init__(self, view: View):
        self.view = view

    @cached_property
    def default(self) -> str:
        """The document's system: ``mailbox`` when it names a 信箱 and no hotline, else ``hotline``."""
        found = {m.lastgroup for m in _SYSTEM.finditer(self.view.simp)}
        return "mailbox" if "mailbox" in found and "hotline" not in found else "hotline"

    @cached_property
    def headings(self) -> list[tuple[int, int, str]]:
        """``(position, level, heading text)`` of every numbered heading line, in order."""
        view = self.view
        return [(m.start(), next(level for level in range(5) if m.start(f"l{level}") >= 0), m.group("text"))
                for m in _HEADING.finditer(view.simp) if _starts_line(view, m.start())]

    def at(self, pos: int) -> str:
        """The system of the statement starting at joined-text position ``pos``."""
        simp = self.view.simp
        back = _SENTENCE_END_BACK.search(simp, 0, pos)
        start = back.end() if back else 0
        words = list(_SYSTEM.finditer(simp, start, pos))
        if words:
            last = words[-1]
            figures = list(_FIGURE.finditer(simp, last.end(), pos))
            if not figures or (len(figures) == 1 and _PART_OF.match(simp, figures[0].end(), pos)):
                return last.lastgroup
        level = 99
        for h_pos, h_level, text in reversed(self.headings):
            if h_pos > pos or h_level >= level:
                continue
            level = h_level
            m = _SYSTEM.search(text)
            if m:
                return m.lastgroup
        return self.default


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement naming units for a reason: its shape, kind (None: neutral), system, total and items."""

    shape: str
    kind: str | None
    system: str
    total: int | None
    items: tuple[ReadItem, ...]
    stated_units: int | None
    start: int
    end: int
    primary: bool
    cut: bool
    source: Origin


def _shape_starts(scope: Scope) -> dict[str, list[int]]:
    """Where the shapes of :data:`_SHAPE_STARTS` can match in ``scope``, by kind of start, in order."""
    simp = scope.view.simp
    reasons = [m.start() for m in _REASON_AHEAD.finditer(simp, scope.start, scope.end)]
    unit_words = [m.start() for m in _UNIT_WORD.finditer(simp, scope.start, scope.end)
                  if _any_between(reasons, m.end(), m.end() + _EXAMPLES_REACH + 1)]
    unit_first: set[int] = set()
    for at in reasons:
        unit_first.update(range(max(scope.start, at - _LINK_REACH), at + 1))
        unit_first.update(range(_COUNT_RUN_BACK.match(simp, scope.start, at).start(), at))
    return {"reason": reasons, "unit_word": unit_words, "unit_first": sorted(unit_first)}


def _any_between(positions: list[int], start: int, end: int) -> bool:
    """Whether a position of the sorted ``positions`` lies in ``[start, end)``."""
    i = bisect_left(positions, start)
    return i < len(positions) and positions[i] < end


def _shape_matches(scope: Scope, pattern: str, starts: list[int]) -> Iterator[regex.Match[str]]:
    """``scope.finditer(pattern)`` for a pattern that matches only at ``starts``: a match tried at each of
    them (its look-behinds see the text before, as the scan's do), the next after the end of the last."""
    rx = compile_pattern(pattern)
    simp, end = scope.view.simp, scope.end
    after = scope.start
    for at in starts:
        if at >= after and (m := rx.match(simp, at, end)) is not None:
            yield m
            after = m.end()


def find_statements(scope: Scope, systems: Systems, primary: bool) -> list[Statement]:
    """Every statement in ``scope``; where two overlap, the one of the earlier shape in :data:`SHAPES`."""
    taken: list[Statement] = []
    starts: dict[str, list[int]] | None = None
    for shape, pattern in SHAPES.items():
        needs = _SHAPE_NEEDS.get(shape)
        if needs is not None and needs.search(scope.view.simp, scope.start, scope.end) is None:
            continue
        if shape in _SHAPE_STARTS:
            starts = starts if starts is not None else _shape_starts(scope)
            matches = _shape_matches(scope, pattern, starts[_SHAPE_STARTS[shape]])
        else:
            matches = scope.finditer(pattern)
        for m in matches:
            if any(t.start <= m.start() < t.end for t in taken):
                continue  # inside a statement already read (an item of its list)
            st = _statement(scope, shape, m, systems, primary)
            if st is None or any(st.start < t.end and t.start < st.end for t in taken):
                continue
            taken.append(st)
    return sorted(taken, key=lambda s: s.start)


def _statement(scope: Scope, shape: str, m: regex.Match[str], systems: Systems, primary: bool) -> Statement | None:
    g = m.groupdict()
    reason = g.get("r") or g.get("r2")
    kind = reason_kind(reason) if reason else None
    total = count_value(g.get("n")) if g.get("n") and shape != "unit_first" else None
    stated = chinese_to_int(g["k"]) if g.get("k") else None
    start = m.start()
    if shape == "count_after" and _unit_before(scope, m.start(), kind):
        return None  # 县城管局超期办结6件: a unit's own count (unit_first), not a list total
    if shape == "unit_first" and kind == "returned" and not (g.get("link") or "").startswith("被"):
        return None  # 市热线办退回重办…: the unit before 退回 is the one sending work back
    if shape in ("count_after", "count_before", "units_count"):
        read = read_items(scope, m.end(), closer="）)" if g.get("open") else None)
        while read.items and (group := _NEXT_GROUP.match(scope.view.simp, read.end, scope.end)):
            more = read_items(scope, group.end())  # the next group's items (乡镇中，B3件、C2件)
            if not more.items:
                break
            read = ReadList(read.items + more.items, read.stated_units, more.end, more.cut, read.total or more.total)
        if not read.items and not g.get("tail") and total is not None \
                and (after := _NEXT_SENTENCE.match(scope.view.simp, m.end(), scope.end)) is not None:
            # 超期办结工单6件。A：2件；B：2件…: the next sentence is the list when it is nothing but
            # unit-shaped names with counts that add up to the total (or fall short of it where the text ends)
            read = _items_sentence(scope, after.end(), total) or read
        if read.cut and total is not None and read.items and read.items[-1].item.count is None:
            # 共5件：县… / 共2件，均为县人社…: the text ends in the name after a counted total; what the
            # excerpt left of it may be a fragment (and 均为 would give it the whole total): no item
            read = dataclasses.replace(read, items=read.items[:-1])
        if any(i.item.count is not None for i in read.items):
            # …A3件，B2件，已列入重点督办。: after counted items, a clause without a count and without a unit's
            # shape ends the list (prose about it, not an item)
            keep = len(read.items)
            while keep and read.items[keep - 1].item.count is None and not looks_like_unit(read.items[keep - 1].name):
                keep -= 1
            read = dataclasses.replace(read, items=read.items[:keep])
        if not g.get("tail") and not _opens_with_unit(read, counted=not g.get("weak")):
            read = ReadList((), None, m.end(), False)
        elif not g.get("tail"):
            # Without a list marker the list is the run of unit-shaped names it opens with
            # (均为县林业局,已发督办函: the clause after the names is prose).
            run = next((k for k, i in enumerate(read.items) if not looks_like_unit(i.name)), len(read.items))
            items = read.items[:run]
            if total is not None and len(items) == 1 and items[0].item.count is None \
                    and _ALL_OF.search(g.get("weak") or ""):
                # 共2件,均为县住建局: all of them are the one unit's
                one = items[0]
                items = (one._replace(item=dataclasses.replace(one.item, count=total)),)
            read = ReadList(items, read.stated_units, read.end, read.cut)
    elif shape == "label":
        read = _items_sentence(scope, m.end(), None)
        if read is None:
            return None
    elif shape == "units_first":
        back = _CLAUSE_START_BACK.search(scope.view.simp, scope.start, m.start())
        start = back.end() if back else scope.start
        read = read_items(scope, start)
        if not read.items:
            return None
    elif shape == "unit_first":
        if not looks_like_units(g["name"]):
            return None  # a unit, or units sharing the count (A和B各超期1件)
        start = m.start("name")
        read = read_items(scope, start)
    else:
        read = read_items(scope, m.end())
        if read.cut and read.items and read.items[-1].item.count is None and _TIME_WORD.match(read.items[-1].name):
            # 超期办结：本月超期办结工单… cut: the text stops in the sentence after the marker; a last name
            # without a count opening with a time word (本月, 本期 …) is what the excerpt left of that sentence
            read = dataclasses.replace(read, items=read.items[:-1])
        if not read.items:
            return None
    items = read.items
    if total is None and read.total is not None and items:
        total = read.total  # 超期办结:A1件、B2件,共3件
    if shape == "neutral":
        items = tuple(i for i in items if i.reason is not None)
        if not items:
            return None
    elif shape in ("unit_first", "examples"):
        # Without a list marker (or after 如:, which may also introduce measures), the list is the
        # run of unit-shaped names from the first.
        run = next((k for k, i in enumerate(items) if not looks_like_unit(i.name)), len(items))
        if read.cut and run == len(items) - 1:
            run += 1  # the excerpt cut the last name (西关街…): kept as printed, and reported
        items = items[:run]
        if not items:
            return None
    if total is None and not items:
        return None
    end = max(m.end(), read.end)
    return Statement(shape, kind, systems.at(m.start()), total, items, read.stated_units or stated, start, end,
                     primary, read.cut, scope.origin(start))


#: A time word opening a sentence (本月超期办结工单…): no unit's name starts with one.
_TIME_WORD = regex.compile(r"本月|本期|本季度?|本周|本年|当月|今年|上月|全年|同期")


def _items_sentence(scope: Scope, start: int, total: int | None) -> ReadList | None:
    """The sentence from ``start`` as a list's items when it holds nothing else: every item a unit-shaped name
    with its count, adding up to ``total`` (to at most ``total`` where the text ends; to the sentence's own
    closing total, when it prints one, if ``total`` is None). None when it is anything else."""
    read = read_items(scope, start)
    if not read.items or any(i.item.count is None or not looks_like_unit(i.name) for i in read.items):
        return None
    whole = total if total is not None else read.total
    added = sum(i.item.count for i in read.items)
    if whole is not None and not (added == whole or read.cut and added < whole):
        return None
    return read


def _unit_before(scope: Scope, pos: int, kind: str | None) -> bool:
    """Whether the clause before a reason is a unit's name: the unit the reason is about.

    Before 退回重办 / 返工 that is the unit sending work back (市热线办退回重办…) unless 被 marks
    the one it was sent back to (县城管局被退回重办…).
    """
    back = _CLAUSE_START_BACK.search(scope.view.simp, scope.start, pos)
    clause = scope.view.simp[back.end() if back else scope.start:pos].strip()
    if kind == "returned":
        passive = clause.find("被")
        if passive <= 0:
            return False
        clause = clause[:passive]
    return looks_like_units(_LINK_WORDS.sub("", clause))


def _opens_with_unit(read: ReadList, counted: bool) -> bool:
    """Whether a list without a marker (or after a weak one: ,为) starts with a unit (with a count)."""
    first = read.items[0] if read.items else None
    return first is not None and (first.item.count is not None or not counted) and looks_like_unit(first.name)


@dataclass(frozen=True, slots=True)
class _Part:
    """What one statement says about one list."""

    total: int | None
    items: tuple[ReadItem, ...]
    stated_units: int | None
    statement: Statement

    def rank(self) -> tuple[int, int, int]:
        info = 0 if self.total is not None and self.items else 1 if self.items else 2
        return info, 0 if self.statement.primary else 1, self.statement.start


def list_name(kind: str, system: str) -> str:
    """The record's list for units named for ``kind`` in a statement about ``system``.

    >>> list_name("overdue", "mailbox"), list_name("overdue", "hotline"), list_name("returned", "mailbox")
    ('mailbox_overdue', 'overdue', 'returned')
    """
    return "mailbox_overdue" if kind == "overdue" and system == "mailbox" else kind


def extract_problem_lists(
    scopes: Sequence[Scope], primary: int = 1,
) -> tuple[dict[str, UnitList], list[ParseWarning]]:
    """The problem lists stated in ``scopes`` (the first ``primary`` of them are the basic section)."""
    flagged = [(sc, i < primary) for i, sc in enumerate(scopes) if not sc.empty and sc.search(REASON) is not None]
    if not flagged:
        return {}, []  # no reason word at all: most bulletins (and one quick scan)
    systems = Systems(flagged[0][0].view)
    statements = [st for sc, is_primary in flagged for st in find_statements(sc, systems, is_primary)]
    parts: dict[str, list[_Part]] = {}
    for st in statements:
        if st.system == "other":
            continue
        by_list: dict[str, list[ReadItem]] = {}
        for it in st.items:
            kind = it.reason or st.kind
            if kind is not None:
                by_list.setdefault(list_name(kind, st.system), []).append(it)
        own = list_name(st.kind, st.system) if st.kind else None
        for name in dict.fromkeys([*([own] if own else []), *by_list]):
            items = tuple(by_list.get(name, ()))
            total = st.total if name == own else None
            if total is None and not items:
                continue
            parts.setdefault(name, []).append(_Part(total, items, st.stated_units if name == own else None, st))
    lists: dict[str, UnitList] = {}
    warnings: list[ParseWarning] = []
    for name in PROBLEM_LISTS:
        if name in parts:
            lst, w = _merge(name, parts[name])
            lists[name] = lst
            warnings += w
    return lists, warnings


def _merge(name: str, parts: list[_Part]) -> tuple[UnitList, list[ParseWarning]]:
    ordered = sorted(parts, key=_Part.rank)
    win = ordered[0]
    used = [win]
    total, items, stated = win.total, win.items, win.stated_units
    if total is None:
        extra = next((p for p in ordered if p.total is not None and not p.items), None)
        if extra is not None:
            total = extra.total
            used.append(extra)
    if not items:
        extra = next((p for p in ordered if p.items and p.total is None), None)
        if extra is not None:
            items, stated = extra.items, stated or extra.stated_units
            used.append(extra)
    if total is None:
        # No total bounds the list: units named for the same reason in other sentences (另外,柳江镇因超期
        # 1件工单…), in the basic section if the winner is, join it; one repeating a unit named does not.
        for p in ordered:
            if all(p is not u for u in used) and p.total is None and p.items \
                    and p.statement.primary == win.statement.primary \
                    and not {i.name for i in p.items} & {i.name for i in items}:
                items = items + p.items
                used.append(p)
    warnings = [
        ParseWarning("list-superseded", f"another {name} list is stated here ({_describe(p)}); the one at "
                     f"{_where(win.statement.source)} is used (a list with a total and items beats items only, "
                     "then a total only; then the basic section's; then the first)", p.statement.source)
        for p in ordered if all(p is not u for u in used)
    ]
    items_out = tuple(i.item for i in items)
    holder = next((p for p in used if p.items), None)
    if holder is not None and holder.statement.cut:
        warnings.append(ParseWarning("list-cut", f"the {name} list runs to the end of the text without a full stop: "
                                     "the excerpt may have cut it, its last name too", items_out[-1].source))
    return UnitList(name, total, items_out, stated, win.statement.source), warnings


def _where(o: Origin) -> str:
    if o.line is not None:
        return f"line {o.line}"
    return f"paragraph {o.paragraph}" + (f" of page {o.page}" if o.page is not None else "")


def _describe(p: _Part) -> str:
    total = "no total" if p.total is None else f"total {p.total}"
    return f"{total}, {len(p.items)} items"
