"""The items of a printed unit list, and the reasons a list names units for.

A list is read token by token from where its intro ends. Tokens are separated
by ``、 , ， ; ；`` and read as ``A2件``, ``A(247件)``, ``A因超期1件工单``,
``A6件延迟回复``, ``A、B及C各1件`` (one count for several units), ``A：2件`` or a bare
name; ``…等17个单位`` records the stated number of units. In a list split into groups
(``县直部门7件：A4件…；乡镇6件：B…``) a group's subtotal is no item. A token that opens a
new clause (it holds a colon or a clause word) ends the list: what follows is
prose. The list ends at a full stop or line end (or at the closing bracket of
a list opened by one); a line ending in ``、`` or a comma was cut mid-list (a
hard wrap, a page break) and the list goes on on the next line, as it does when the
next line opens with a count or its unit (a hard wrap inside an item). A list whose
intro ends its line may be printed below it as a small table (``单位 | 超期件数``
rows, ``合计 | N`` for the total, at most :data:`MAX_LIST_COLUMNS` cells a row).

A token may print its own reason (``A6件延迟回复``, ``B因超期1件``): the
reason is classified by :data:`REASONS` and kept with the item, so a list of
mixed shortfalls can be split by reason.

>>> reason_kind("超期未办结"), reason_kind("逾期回复"), reason_kind("发回重办"), reason_kind("未及时签收")
('overdue_open', 'overdue', 'returned', None)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

import regex

from ..model import ListItem
from .numbers import NUM, ORDER_NUM, UNIT, chinese_to_int, count_value, parse_count
from .scope import Scope, compile_pattern

#: List kind -> the phrasings (simplified script) that name units for it, tried in this order at one
#: place, so a still-open phrase (超期未办理) wins over the overdue one it starts like (超期).
REASONS: dict[str, str] = {
    # Orders still open past their deadline.
    "overdue_open": r"(?:超期|逾期|超时|超(?:过|出)?(?:办理|规定|承诺)?(?:时限|期限)|(?:办理)?时限已过)(?:仍|尚)?未"
                    r"(?:办理|办结|回复|答复|处理|办|反馈)"
                    r"|(?:超期|逾期)在办",
    # Orders finished late (or answered late); late signing-for (超期签收) is another failing.
    "overdue": (
        r"(?:超期|逾期|超时)(?:已)?(?:办结|办理|回复|答复)?(?!签收|受理)"
        r"|(?:延期|延时)(?:办结|回复|答复|工单)|延迟(?:回复|答复|办结)"
        r"|未按(?:时|期|时限|期限)(?:办结|回复|答复|办理)|未在(?:规定)?(?:时限|期限)内(?:办结|回复|答复)"
        # 超出办理时限, 超时限办理, 办理时限已过才办结
        r"|超(?:出|过)?(?:办理|规定|承诺)?(?:时限|期限)(?:办结|办理|回复|答复)?"
        r"|(?:办理)?时限已过(?:才|后|方)?(?:办结|办理|回复|答复)"
    ),
    # Orders sent back for rework (二次交办 / 重新交办 after a dissatisfied call-back too); a unit bouncing an
    # order back (多次回退, 申请回退, 退单) is not one.
    "returned": r"退回重办|发回重办|返工|重办|重新办理|(?:二次|重新)交办|(?<!多次|反复|申请|擅自)回退",
}
#: Every reason as one pattern (for embedding in list intros).
REASON = "(?:" + "|".join(REASONS.values()) + ")"

_REASON = regex.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in REASONS.items()))
# A token holding any of these opens a new clause (工作 but not a 工作部 / 工作站 … unit).
_CLAUSE = regex.compile(r"[:：]|排名|排行|的是|特别|其中|请|要求|导致|情况|工作(?![部站委组队处室])|希望|\d+\s*%")
_ITEM_EACH = regex.compile(rf"^(?P<names>.+?)各[^\d]{{0,8}}?(?P<n>{ORDER_NUM})\s*{UNIT}")
_ITEM_PAREN = regex.compile(rf"^(?P<name>.+?)\s*[(（]\s*(?P<n>{ORDER_NUM})\s*{UNIT}\s*[)）]")
# A colon may stand between a name and its count (县住建局：3件).
_ITEM_COUNT = regex.compile(rf"^(?P<name>.+?)\s*[:：]?\s*(?P<n>{ORDER_NUM})\s*{UNIT}")
# A group's subtotal opening a token, in a list split into groups (其中县直部门7件：A4件…；乡镇6件：B…,
# 区直部门6件（A3件、…）, 縣直部門8件，A…): no item; what follows its colon or bracket is the group's first item.
_GROUP_TOTAL = regex.compile(
    r"^(?:(?:县|市|区)直(?:单位|部门|机关)?|乡镇(?:街道)?|乡[(（]镇[)）]|镇街|镇[(（]街道[)）]|街道"
    rf"|各(?:区|县|县区|区县|县市区|乡镇|镇街|街道))[ \t]*(?:共计|共|合计)?[ \t]*{ORDER_NUM}[ \t]*{UNIT}[ \t]*[:：(（]?[ \t]*")
_ETC_UNITS = regex.compile(rf"等\s*(?P<k>{NUM}|[一二三四五六七八九十]+)\s*[个家](?:单位|部门)")
_ETC = regex.compile(r"等+$")
_JOINERS = regex.compile(r"及|和|与")
# A list marker or an item number left at the start of a token (其中县丁局1件, 2.县丁局1件).
_ITEM_NUMBER = r"(?:\d{1,2}[ \t]*[.、．](?!\d)|[(（]\d{1,2}[)）]|[①-⑳])"
_MARKER = regex.compile(rf"\s*(?:(?:其中|分别为|分别是|包括)\s*[:：]?|如\s*[:：]|{_ITEM_NUMBER})")
# The end of a line that ends a list: not one ending in 、 or a comma (blank lines may follow that one), nor
# one a hard wrap put inside an item, before its count or unit (县教育局\n2件、, 县交通运输局2\n件。; not 次日…).
_LINE_END = r"(?<![、,，]\s*)\n(?![ \t]*(?:\d+[ \t]*)?[件宗](?![\p{Han}\d]))"
# A line opening with an item number: a list printed one item per line.
_NUMBERED_LINE = regex.compile(rf"[ \t]*{_ITEM_NUMBER}")
# A line that is one counted item and nothing else (县水务局 2件, 龙潭镇（2件）；): a list printed one item a line.
_ITEM_LINE_BODY = (rf"[ \t]*[^\d\s,，、;；。:：()（）|]{{2,30}}?[ \t]*(?:[(（][ \t]*{ORDER_NUM}[ \t]*{UNIT}[ \t]*[)）]"
                   rf"|{ORDER_NUM}[ \t]*{UNIT})[ \t]*[,，;；、。]?[ \t]*(?:\n|$)")
_ITEM_LINE = regex.compile(_ITEM_LINE_BODY)
# A token closing a list with its total (…、红石镇1件,共4件).
_TOTAL_TOKEN = regex.compile(rf"^(?:共计|共|合计|总计)\s*(?P<n>{ORDER_NUM})\s*{UNIT}$")
# The same total as a sentence of its own right after the list's full stop (…海湾街道(2件)。合计6件。).
_TOTAL_SENTENCE = regex.compile(rf"[ \t]*(?:共计|合计|总计)[ \t]*(?P<n>{ORDER_NUM})[ \t]*{UNIT}[ \t]*(?:[。；;]|\n|$)")
# Words left between a name and its reason (新街镇因超期…, 甲局存在超期…), and the last characters of those words.
_NAME_TAIL_WORDS = ("因", "有", "存在", "出现", "共")
_NAME_TAIL = regex.compile("(?:" + "|".join(_NAME_TAIL_WORDS) + ")+$")
_NAME_TAIL_LAST = frozenset(w[-1] for w in _NAME_TAIL_WORDS)
#: The end of a list's last name that a cut text left: a digit (its count cut before 件) or an opening bracket.
_CUT_NAME = regex.compile(r"[\d(（][ \t]*$")
#: A name this long (characters) without a count is prose, not a unit.
MAX_NAME_CHARS = 30
#: Endings of unit names (simplified script); a name read without any list marker must have one.
UNIT_ENDINGS = (
    "局", "委", "办", "镇", "乡", "街道", "中心", "公司", "集团", "队", "院", "所", "站", "处", "部", "馆", "会",
    "场", "厂", "社", "团", "区", "县", "市", "政府", "园", "校", "行", "室", "署", "台", "电信", "移动", "联通",
)
# 全县, 我区, 各乡镇, 本单位: the whole area or a pronoun, not a unit; 被/由/对 open a phrase, 已/并/均/将 a clause
# (已挂牌督办).
_UNIT_SHAPE = regex.compile(
    r"^(?![全各本我该其被由对已并均将])\p{Han}[\p{Han}\w]{0,24}(?:" + "|".join(map(regex.escape, UNIT_ENDINGS)) + r")$")


def reason_kind(text: str) -> str | None:
    """The list kind of the first reason printed in ``text``; None when it prints none."""
    m = _REASON.search(text)
    return m.lastgroup if m else None


def looks_like_unit(name: str) -> bool:
    """True for a name shaped like a unit's (Han characters ending in 局, 镇, 中心, 公司 …).

    >>> looks_like_unit("县城管局"), looks_like_unit("长沙交通集团"), looks_like_unit("本月热线"), looks_like_unit("全县")
    (True, True, False, False)
    """
    return bool(_UNIT_SHAPE.match(name))


def looks_like_units(names: str) -> bool:
    """True for one unit-shaped name, or several sharing the count that follows (``A、B及C各``).

    Names joined by 、 are units only before 各 (each): ``A、B超期2件`` does not say whose the 2 are.

    >>> looks_like_units("县林业局和北山镇各"), looks_like_units("甲镇、县人力资源和社会保障局各"), looks_like_units("甲镇、乙局")
    (True, True, False)
    """
    names = names.strip()
    if not names.endswith("各"):
        return looks_like_unit(names)
    return all(looks_like_unit(part) or _joined_units(part) is not None for part in names[:-1].rstrip().split("、"))


class ReadItem(NamedTuple):
    """A list item, its name in simplified script, and the list kind its own printed reason names (None: none).

    A NamedTuple: a bulletin's lists hold dozens, and a frozen dataclass costs several times as much to build.
    """

    item: ListItem
    name: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class ReadList:
    """What :func:`read_items` read: the items, the stated number of units, where reading stopped.

    ``cut`` is True when the list ran to the end of the text without a full
    stop: an excerpt may have cut it (its last name too; a last item without
    the count the items before it print is dropped). ``total`` is a total
    printed after the items (``…、丙镇1件,共4件``, or ``…丙镇1件。合计4件。``).
    """

    items: tuple[ReadItem, ...]
    stated_units: int | None
    end: int
    cut: bool
    total: int | None = None


def read_items(scope: Scope, start: int, closer: str | None = None) -> ReadList:
    """Read list items from ``start`` to the end of the sentence (or to ``closer``, a closing bracket).

    >>> from hotline_etl.readers import load
    >>> from hotline_etl.script import build_view
    >>> s = Scope.whole(build_view(load("甲镇、乙局各2件;丙办6件延迟回复。后文")))
    >>> [(r.item.unit_raw, r.item.count, r.reason) for r in read_items(s, 0).items]
    [('甲镇', 2, None), ('乙局', 2, None), ('丙办', 6, 'overdue')]
    """
    blank = scope.search(r"[ \t]*\n", start)
    separators = r"[、,，;；]"
    # A line ending in 、 or a comma is cut mid-list (a hard-wrapped line, a page break): the list goes on.
    stop = rf"。|{_LINE_END}" if closer is None else rf"[。{closer}]|{_LINE_END}"
    if blank is not None and blank.start() == start:
        start = blank.end()  # the intro ends its line (其中:): the items are on the next one
        if (rows := _table_rows(scope, start)) is not None:
            return rows
        if _NUMBERED_LINE.match(scope.view.simp, start, scope.end) is not None:
            # one numbered item per line (1.市农业农村局 2件): the list runs while the lines are numbered
            separators, stop = r"[、,，;；\n]", rf"。|\n(?![ \t]*{_ITEM_NUMBER})"
        elif _ITEM_LINE.match(scope.view.simp, start, scope.end) is not None:
            # one counted item per line, unnumbered (县水务局 2件): the list runs while each line is one such item
            separators, stop = r"[、,，;；\n]", rf"。|\n(?!{_ITEM_LINE_BODY})"
    end_m = scope.search(stop, start)
    end = end_m.start() if end_m else scope.end
    reader = _Reader(scope)
    pos = start
    stopped = False
    # A separator at or past the end ends the list as the end does: the scan stops there (one character each).
    for sep in [*compile_pattern(separators).finditer(scope.view.simp, start, end), None]:
        tok_end = sep.start() if sep is not None else end
        if reader.token(pos, tok_end):
            stopped = True
            break
        if tok_end >= end:
            break
        pos = sep.end()
    reader.flush()
    cut = end_m is None and not stopped and bool(reader.items)
    if cut and any(r.item.count is not None for r in reader.items):
        # Counted items, and the text ends in one without its count (县教育局1 of 县教育局12件, 县住 of
        # 县住建局2件): the excerpt cut it, and what is left of it is no item.
        while reader.items and reader.items[-1].item.count is None:
            reader.items.pop()
    if cut and reader.items:
        last = reader.items[-1]
        if last.item.count is None and (len(last.name) < 2 or _CUT_NAME.search(last.name)):
            # What the cut left is visibly no whole name: 县住建局2 (of 2件), 石桥社区( (of (3件)), 单 (of 单位),
            # an item number 1. (A bare name cut short, 西关街 of 西关街道, stays: it reads as a name.)
            reader.items.pop()
        elif _CUT_NAME.search(last.name) and last.name[-1] in "(（":
            # 镇农业综合服务站(2件 with its closing bracket cut: the bracket is no part of the name
            k = len(last.name.rstrip("(（ \t"))
            reader.items[-1] = last._replace(item=replace(last.item, unit_raw=last.item.unit_raw[:k]), name=last.name[:k])
    if reader.total is None and reader.items and not stopped and end_m is not None and end_m.group() == "。":
        closing = _TOTAL_SENTENCE.match(scope.view.simp, end_m.end(), scope.end)
        reader.total = count_value(closing.group("n")) if closing else None
    return ReadList(tuple(reader.items), reader.stated, end, cut, reader.total)


# A row of a small list table: ``县住建局 | 3``, ``1 | 县住建局 | 3件 |`` (a 序号 first), ``合计 | 7``.
_ROW_LINE = regex.compile(r"[^\n|]*\|[^\n]*")
_CELL = regex.compile(r"[^|\n]+")
_ROW_COUNT = regex.compile(rf"(?P<n>{ORDER_NUM})[ \t]*{UNIT}?")
_TOTAL_CELL = regex.compile(r"(?:合计|总计|小计|共计)")
#: A list table has at most this many cells in a row (a wider table is a statistics table, not a list).
MAX_LIST_COLUMNS = 3


def _table_rows(scope: Scope, start: int) -> ReadList | None:
    """The items of a list printed as a small table on the lines under its intro (``明细如下:``, then
    ``单位 | 超期件数``, ``县住建局 | 3`` …, ``合计 | 7``).

    A header row of words is skipped, a 合计 row gives the total; every other row is a unit's name
    and its count. None when the lines from ``start`` are not such a table.
    """
    simp = scope.view.simp
    reader = _Reader(scope)
    pos, header, end = start, False, start
    while (line := _ROW_LINE.match(simp, pos, scope.end)) is not None and line.end() > pos:
        cells = [c.span() for c in _CELL.finditer(simp, line.start(), line.end()) if c.group().strip()]
        if not 2 <= len(cells) <= MAX_LIST_COLUMNS:
            break
        texts = [simp[a:b].strip() for a, b in cells]
        counts = [k for k, t in enumerate(texts) if k > 0 and _ROW_COUNT.fullmatch(t)]
        named = next((k for k, t in enumerate(texts) if not _ROW_COUNT.fullmatch(t)), None)
        if not counts or named is None or named > counts[0]:
            if header or reader.items or pos != start:
                break
            header = True  # 单位 | 超期件数
        elif _TOTAL_CELL.fullmatch(texts[named]):
            reader.total = count_value(_ROW_COUNT.fullmatch(texts[counts[0]]).group("n"))
        else:
            a, b = cells[named]
            reader._add(a, b, count_value(_ROW_COUNT.fullmatch(texts[counts[0]]).group("n")), None)
        end = line.end()
        pos = end + 1
    if not reader.items:
        return None
    return ReadList(tuple(reader.items), None, end, False, reader.total)


class _Reader:
    """Token state: items read so far and names waiting for a shared ``各N件``."""

    def __init__(self, scope: Scope):
        self.scope = scope
        self.items: list[ReadItem] = []
        self.pending: list[tuple[int, int, str | None]] = []
        self.stated: int | None = None
        self.total: int | None = None

    def flush(self) -> None:
        for s, e, reason in self.pending:
            self._add(s, e, None, reason)
        self.pending.clear()

    def _add(self, s: int, e: int, count: int | None, reason: str | None) -> None:
        view = self.scope.view
        raw = view.raw[s:e]
        name = raw.strip()
        s += len(raw) - len(raw.lstrip())
        e = s + len(name)
        self.items.append(ReadItem(ListItem(name, count, view.origin_at(s)), view.simp[s:e], reason))

    def token(self, start: int, end: int) -> bool:
        """Read one token; True when it ends the list."""
        simp = self.scope.view.simp[start:end]
        lead = len(simp) - len(simp.lstrip())
        marker = _MARKER.match(simp, lead)
        if marker:
            lead = marker.end()
        rest = simp[lead:]
        simp = rest.lstrip()
        lead += len(rest) - len(simp)  # the space after an item number (1. 县水利局)
        simp = simp.rstrip()
        start += lead
        if not simp:
            return False
        group = _GROUP_TOTAL.match(simp) if simp[0] in "县市区乡镇街各" else None
        if group is not None:
            start += group.end()
            simp = simp[group.end():]
            if not simp:
                return False
        # Each pattern below is tried only on a token holding the character it needs (its literal).
        closing = _TOTAL_TOKEN.match(simp) if (self.items or self.pending) and simp[0] in "共合总" else None
        if closing is not None:
            self.total = count_value(closing.group("n"))
            return True
        counted = _ITEM_COUNT.match(simp)
        if counted is None and _CLAUSE.search(simp):
            return True
        etc_units = _ETC_UNITS.search(simp) if "等" in simp else None
        if etc_units:
            simp = simp[:etc_units.start()]
            counted = _ITEM_COUNT.match(simp)
        found = _REASON.search(simp)
        reason = found.lastgroup if found else None
        reason_at = found.start() if found else len(simp)  # names below are prefixes of simp
        m = _ITEM_EACH.match(simp) if "各" in simp else None
        if m:
            count = count_value(m.group("n"))
            for s, e, r in self.pending:
                self._add(s, e, count, r or reason)
            self.pending.clear()
            names = m.group("names")
            for s, e in _split_joined(names[:_name_end(names, reason_at)], start):
                self._add(s, e, count, reason)
        else:
            m = (_ITEM_PAREN.match(simp) if "(" in simp or "（" in simp else None) or counted
            if m:
                self.flush()
                name = m.group("name")
                self._add(start, start + _name_end(name, reason_at), count_value(m.group("n")), reason)
            elif len(simp) <= MAX_NAME_CHARS:
                trimmed = _ETC.sub("", simp)
                if trimmed:
                    self.pending.extend((s, e, reason) for s, e in
                                        _split_joined(trimmed[:_name_end(trimmed, reason_at)], start))
            else:
                return True
        if etc_units:
            k = etc_units.group("k")
            self.stated = chinese_to_int(k) or parse_count(k) or self.stated
            return True
        return False


def _name_end(name: str, reason_at: int) -> int:
    """Length of the unit name in ``name``: up to its reason (at ``reason_at``), 因 or 被, without linking words."""
    cut = reason_at if 0 < reason_at < len(name) else len(name)
    for word in ("因", "被"):
        at = name.find(word, 1, cut)
        if at > 0:
            cut = at
    head = name[:cut].rstrip()
    if head and head[-1] in _NAME_TAIL_LAST:  # (only where one of its words ends the name)
        head = _NAME_TAIL.sub("", head)
    return len(head) if head else cut


def _split_joined(names: str, offset: int) -> list[tuple[int, int]]:
    """``甲镇及乙局`` as two names when every part is unit-shaped; 人力资源和社会保障局 stays whole.

    >>> _split_joined("甲镇及县人力资源和社会保障局", 0)
    [(0, 2), (3, 14)]
    """
    spans = _joined_units(names) or [(0, len(names))]
    return [(offset + s, offset + e) for s, e in spans if e > s]


def _joined_units(names: str) -> list[tuple[int, int]] | None:
    """The spans of the unit-shaped names ``names`` joins with 及 / 和 / 与, None when it is not such a join.

    A joiner inside a name (人力资源和社会保障局) is kept in it: a part that is not unit-shaped is
    read together with the parts after it until the whole is.
    """
    cuts = [(j.start(), j.end()) for j in _JOINERS.finditer(names)]
    if not cuts:
        return None  # one name: never a join
    spans, start = [], 0
    for at, after in cuts:
        if looks_like_unit(names[start:at]):
            spans.append((start, at))
            start = after
    if not looks_like_unit(names[start:]):
        return None
    spans.append((start, len(names)))
    return spans if len(spans) > 1 else None
