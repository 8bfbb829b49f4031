"""Every stated figure of the text: "phrase + number + unit (+ share)", with what surrounds it.

A *statement* is one number printed with a counting unit (件, 件次, 件(次),
人次, 宗, 个, 单, 条, 封, 次, 通) or a percent sign, in a paragraph line
(table cells are the table's business). Its *phrase* is the clause before
the number (back to the previous punctuation mark or statement); a share
printed right after a count (``…N件,占P%`` / ``N件(P%)``) belongs to it.
Numbers may carry thousands separators or spaces (``1,234``, ``2 557``), be
Chinese numerals (``三十件``), or be approximate (``9.67万``, ``近4万``,
``7万余``); an exact count restating the approximate one right before it
(``4.37万件,具体为43,712件``) takes that one's phrase. A handling phrase whose
digits a broken mirror stripped (``共受理群众诉求件,``) is a statement without a value.

Each statement also records what the headline rules need: its template
(the clause with ``#`` for the number, see :mod:`~hotline_etl.extract.lexicon`;
a count opening its clause states something only when a handling verb follows it,
``…，49件正在办理中``, template ``#正在办理中``, phrase empty),
whether it is a *part* (after 其中 / 包括 in the same sentence as an earlier
count, inside brackets, or printed with a share), whether its clause or
sentence or section names a subset (省派工单, 网格), the months its line
speaks of (``1-6月``, ``6月份``), and its section.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> s = find_statements(build_view(load("本月共受理诉求1,208件,其中咨询类300件,占24.8%;满意率98.5%。")))
>>> [(x.figure.phrase, x.figure.value, x.figure.unit, x.part) for x in s]
[('本月共受理诉求', 1208, '件', False), ('其中咨询类', 300, '件', True), ('满意率', 98.5, '%', False)]
>>> s[1].figure.share.value
24.8
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple, Sequence

import regex

from ..characters import HAN
from ..model import Percent, PrintedTable, StatedFigure
from ..script import View, to_simplified
from .lexicon import BREAKDOWN_WORDS, COUNT_FIRST, SUBSET_MARKERS
from .numbers import ANY_UNIT, CALL_UNITS, CN_NUM, LETTER_UNITS, ORDER_UNITS, WRAP, parse_count, read_count
from .sections import SectionSpan

#: Kind of each unit: order (work orders, requests), letter, call (contacts, not orders), percent.
UNIT_KINDS = {**{u: "letter" for u in LETTER_UNITS}, **{u: "call" for u in CALL_UNITS}, "%": "percent"}

#: Longest phrase kept before a number (characters).
MAX_PHRASE = 60
#: Longest text kept after a number's unit, up to the clause's end (characters).
MAX_AFTER = 16
#: Longest label before a colon read as the phrase of the number after it (``受理工单：3126件``).
MAX_LABEL = 20

_TAIL = r"\s*(?P<wan>万)?\s*(?P<post>余|多)?\s*(?:(?P<unit>" + ANY_UNIT + r")|(?P<pct>%))"
# Two patterns, each starting with its own character class so the scan skips ahead fast.
# Two things only make the scan cheaper (a test checks it finds what the plain pattern finds). A look-ahead first
# (_UNIT_AHEAD) passes over a number no unit follows (dates, item numbers) in one possessive run: every match is a
# digit, then characters of the number and of the tail (digits, separators, spaces, 万, 余, 多), then the first
# character of a unit or %, which is none of those, so the run stops right before it. And the digit runs are
# possessive (``\d++``): what follows a run never starts with a digit, so giving digits back finds nothing.
_UNIT_FIRST = "".join(sorted({u[0] for u in ORDER_UNITS + LETTER_UNITS + CALL_UNITS})) + "%"
_UNIT_AHEAD = rf"(?=\d[\d\s,.万余多]*+[{_UNIT_FIRST}])"
_DIGIT_STATEMENT = regex.compile(r"(?<![\d.])" + _UNIT_AHEAD + r"(?P<num>\d{1,3}(?:[, ]\d{3})+(?!\d)(?:\.\d+)?"
                                 rf"|\d++(?:{WRAP}\d++)?(?:(?:{WRAP})?\.\d++)?)" + _TAIL)
# Chinese numerals: not after 第 (an ordinal) nor inside a longer numeral; a lone 一 is an article (一件事).
_CHINESE_STATEMENT = regex.compile(r"(?<![第零〇一二两三四五六七八九十百千万])(?P<cn>" + CN_NUM + r")" + _TAIL)
#: Words before a number that make it approximate (近4万个, 约3000件).
_APPROXIMATE_BEFORE = ("近", "约")
# Words that turn a unit into another word: 个月, 单位, 一次性, 条件, 通知 ...
_NOT_A_UNIT = {"个": ("月", "工作日", "小时", "百分点", "季度", "星期"), "单": ("位",), "次": ("性",),
               "条": ("件", "例")}
_SHARE = regex.compile(
    r"\s*(?:[(（]\s*(?:约?占(?:比)?[^,，。;；%\d()（）]{0,12}?)?(?P<p>\d+(?:\.\d+)?)\s*%\s*[)）]"
    r"|[,，]?\s*约?占(?:比)?[^,，。;；%\d()（）]{0,12}?(?:为|达)?\s*(?P<p>\d+(?:\.\d+)?)\s*%)"
)
# A handling phrase printed with its unit but without digits (stripped by a broken mirror).
_MISSING = regex.compile(
    r"(?<=诉求|工单|来电|来信|信件|事项|办结|答复|解答|转办|交办|派单|派发|批转|承办|在办|表扬|受理)"
    r"(?P<unit>件|个|宗|单|封)(?=[,，。;；)）\s]|$)"
)
# A count right after a noun ending in 件 whose unit a mirror lost (交办件35236共承办…): read, unit unknown.
_UNITLESS = regex.compile(r"(?<=件)(?P<num>\d+)(?![\d.,%]|\s*(?:万|" + ANY_UNIT + r"))")
_CLAUSE_END = regex.compile(r"[,，;；:：。!?！？\n|]")
_CLAUSE_END_BACK = regex.compile(r"[,，;；:：。!?！？\n|]", flags=regex.REVERSE)
_SENTENCE_END_BACK = regex.compile(r"[;；。!?！？\n]", flags=regex.REVERSE)
_HAN = regex.compile(HAN)
# What may follow a number on its line when the number is all the line states (``4,207件``, ``4,207件。``).
_LINE_REST = regex.compile(r"[ \t,，。;；]*")
# Between an approximate count and the exact count that restates it: ``,具体为``, ``,即``, ``(``.
_RESTATING = regex.compile(r"[ \t,，]*(?:[(（]|(?:具体|确切|准确|精确)(?:数字|数据|数量|数)?(?:为|是)|即)[ \t]*")
# The first Han character of a unit (units never hold a line break) and the rest of it.
_HAN_TO_LINE_END = regex.compile(HAN + r"[^\n]*")
_BREAKDOWN = regex.compile(BREAKDOWN_WORDS)
_COUNT_FIRST = regex.compile(COUNT_FIRST)
_SUBSET = regex.compile(SUBSET_MARKERS)

# The months a line speaks of: a range (1-6月, 1月至8月), one month (6月份, 九月), a quarter, a half-year,
# the year so far (截至6月底 = 1-6: a running total, not the month's). A day (6月28日) dates an event and is not read.
_MONTHS = regex.compile(
    r"(?:截至|截止到?)\s*(?P<ytd>\d{1,2})\s*月(?=底|末)"
    r"|(?<!\d)(?P<a>\d{1,2})\s*(?:月份?)?\s*[-—–~至到]\s*(?P<b>\d{1,2})\s*月(?:份)?(?!\s*\d{1,2}\s*[日号])(?!\d)"
    r"|(?<![\d\-—–~至到])(?P<m>\d{1,2})\s*月(?:份)?(?!\s*\d{1,2}\s*[日号])(?!\d)"
    r"|(?P<cm>十[一二]?|[一二三四五六七八九])月份?"
    r"|(?:第)?(?P<q>[一二三四1-4])\s*季度"
    r"|(?P<h>上|下)半年"
)
_MONTH_WORD = regex.compile(r"月份?|季度|半年")
_MONTH_REACH = 12  # characters before 月 a month phrase may start (2021年1月至 8)
_CN_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
              "十一": 11, "十二": 12}


class Statement(NamedTuple):
    """A stated figure and what its surroundings say about it (see the module docstring).

    A NamedTuple, not a frozen dataclass: a bulletin states dozens, and a frozen dataclass costs several
    times as much to build.
    """

    figure: StatedFigure
    #: The clause in simplified script with ``#`` for the number and its unit.
    template: str
    #: Joined-text position of the number (or of the unit, when the digits are lost).
    position: int
    #: order, letter, call or percent (:data:`UNIT_KINDS`).
    unit_kind: str
    #: A part of a breakdown: after 其中/包括 following a count of the same sentence, in brackets, or with a share.
    part: bool
    #: The clause, its sentence's first statement or its section heading names a subset or another platform.
    subset: bool
    #: (first month, last month) the line speaks of before the number; None when it names none.
    months: tuple[int, int] | None
    #: Joined-text position where its sentence starts (statements of one sentence share it).
    sentence: int = 0

    @property
    def section(self) -> str:
        """Kind of the section it stands in (title, basic, cases, hot_topics, attachment, other)."""
        return self.figure.section or "other"

    @property
    def missing(self) -> bool:
        """True when the digits were lost (a handling phrase printed with its unit only)."""
        return self.figure.value is None


def _month_span(m: regex.Match[str]) -> tuple[int, int] | None:
    if m.group("ytd"):
        a, b = 1, int(m.group("ytd"))
    elif m.group("a"):
        a, b = int(m.group("a")), int(m.group("b"))
    elif m.group("m"):
        a = b = int(m.group("m"))
    elif m.group("cm"):
        a = b = _CN_MONTHS[m.group("cm")]
    elif m.group("q"):
        q = "一二三四".find(m.group("q")) + 1 or int(m.group("q"))
        a, b = 3 * q - 2, 3 * q
    else:
        a, b = (1, 6) if m.group("h") == "上" else (7, 12)
    return (a, b) if 1 <= a <= b <= 12 else None


def _month_phrases(text: str, start: int, end: int) -> list[tuple[int, tuple[int, int]]]:
    """(end position, month span) of every month phrase of ``text[start:end]``.

    Found from the words that end one (月, 季度, 半年), a fast literal scan, then read backwards a few characters.
    """
    found = []
    for anchor in _MONTH_WORD.finditer(text, start, end):
        # the end reaches past the anchor so the lookaheads see a following day (6月28日 is a date)
        for m in _MONTHS.finditer(text, max(start, anchor.start() - _MONTH_REACH), min(end, anchor.end() + 6)):
            if m.end() == anchor.end() and (span := _month_span(m)) is not None:
                found.append((m.end(), span))
                break
    return found


def _section_kinds(view: View, sections: list[SectionSpan]) -> tuple[dict[int, str], dict[int, str]]:
    """Unit index -> kind of its section, and -> the section's heading (simplified)."""
    kinds: dict[int, str] = {}
    headings: dict[int, str] = {}
    for s in sections:
        first = s.heading_line if s.heading_line is not None else s.first
        heading = view.simp_text(view.lines[s.heading_line]) if s.heading_line is not None else ""
        units = view.lines[first:s.last + 1]
        kinds.update(dict.fromkeys(units, s.kind))
        headings.update(dict.fromkeys(units, heading))
    return kinds, headings


#: A line at least this long (characters) that ends in a word, without a punctuation mark, was wrapped.
WRAPPED_LINE = 16


def _wrapped_before(view: View, newline: int, number: int, alone: bool = False) -> bool:
    """Whether the line break at ``newline`` is a hard wrap right before the number at ``number``
    (``其中热线直接答复\n947件``): the number opens its line, and the line before is a long paragraph
    line ending in a Han character — or any line ending in one when the number and its unit are all
    their line holds (``alone``: a post printed one phrase a line, ``共受理群众诉求\n4,207件``). The
    number's phrase then is the end of the line before."""
    if newline + 1 != number or view.simp[newline] != "\n" or not _HAN.match(view.simp, newline - 1):
        return False
    unit = view.unit_index(newline)
    return unit in view.line_units and view.ends[unit] == newline and \
        (alone or view.ends[unit] - view.starts[unit] >= WRAPPED_LINE)


def _unit_ok(text: str, unit: str, end: int) -> bool:
    follow = _NOT_A_UNIT.get(unit)
    if follow and text.startswith(follow, end):
        return False
    # 通 counts calls only when no word follows (12345通报 is a report, not 12345 calls).
    return not (unit == "通" and end < len(text) and _HAN.match(text, end))


class _Hit(NamedTuple):
    start: int          # of the statement (its number, or its unit when the digits are lost)
    unit_start: int
    end: int            # after the unit
    unit: str           # unit as matched in the simplified text ("" when a mirror lost it)
    m: regex.Match[str] | None  # the number's match; None when the digits are lost


def _spans(view: View) -> list[tuple[int, int]]:
    """Joined-text spans of consecutive paragraph lines holding a Han character (others state no figure:
    table cells, rows of bare numbers); each reaches a few characters into the next line, where a unit
    split off by a line break stands (其他类741\\n件)."""
    firsts: list[int] = []
    lasts: list[int] = []
    text = view.simp
    size = len(text)
    starts, ends = view.starts, view.ends
    lines = view.line_units
    for m in _HAN_TO_LINE_END.finditer(text):  # one match per unit holding a Han character, in order
        unit = bisect_right(starts, m.start()) - 1
        if unit not in lines:
            continue
        start, end = starts[unit], ends[unit] + 4
        if end > size:
            end = size
        if lasts and start <= lasts[-1] + 1:
            lasts[-1] = end
        else:
            firsts.append(start)
            lasts.append(end)
    return list(zip(firsts, lasts))


# What a kept hit of the two rarer patterns holds, each found in one scan of the whole text (far cheaper than a
# scan of every span): a Chinese numeral right before what the tail of a count it keeps starts with (re's \s holds
# every character the regex module's \s does), and 件 right before a digit (_UNITLESS).
_CN_COUNT_START = re.compile(r"[零〇一二两三四五六七八九十百千][\s万余多件宗个单封]")
_JIAN_DIGIT = regex.compile(r"件(?=\d)")


def _holding(positions: list[int], spans: list[tuple[int, int]]) -> list[bool]:
    """For each of the sorted, disjoint ``spans``, whether a position of the sorted ``positions`` lies in it."""
    if not positions:
        return [False] * len(spans)
    out = []
    i, n = 0, len(positions)
    for start, end in spans:
        while i < n and positions[i] < start:
            i += 1
        out.append(i < n and positions[i] < end)
    return out


_DIGIT_ONLY = (_DIGIT_STATEMENT,)
_DIGIT_AND_CHINESE = (_DIGIT_STATEMENT, _CHINESE_STATEMENT)


def _hits(text: str, spans: list[tuple[int, int]]) -> list[_Hit]:
    hits = []
    cn_in = _holding([m.start() for m in _CN_COUNT_START.finditer(text)], spans)
    unitless_in = _holding([m.end() for m in _JIAN_DIGIT.finditer(text)], spans)
    for (start, end), cn, unitless in zip(spans, cn_in, unitless_in):
        for rx in _DIGIT_AND_CHINESE if cn else _DIGIT_ONLY:
            for m in rx.finditer(text, start, end):
                unit = m.group("unit") or "%"
                cn = m.group("cn") if rx is _CHINESE_STATEMENT else None
                if cn is not None and (unit == "%" or cn == "一" or unit in CALL_UNITS or unit == "条"):
                    continue
                if _unit_ok(text, unit, m.end()):
                    first = m.start() - 1 if m.start() and text[m.start() - 1] in _APPROXIMATE_BEFORE else m.start()
                    hits.append(_Hit(first, m.start("unit") if unit != "%" else m.start("pct"), m.end(), unit, m))
        for m in _MISSING.finditer(text, start, end):
            hits.append(_Hit(m.start(), m.start(), m.end(), m.group("unit"), None))
        if unitless:
            for m in _UNITLESS.finditer(text, start, end):
                hits.append(_Hit(m.start(), m.end(), m.end(), "", m))
    hits.sort(key=lambda h: h.start)
    return hits


def _value(h: _Hit) -> tuple[int | float | None, bool, int | None]:
    """(value, approximate, precision) of a hit."""
    m = h.m
    if m is None:
        return None, False, None
    if h.unit == "%":
        return float(m.group("num").replace(",", "").replace(" ", "").replace("\n", "")), False, None
    if not h.unit:  # the unit lost: plain digits
        return int(m.group("num")), False, None
    num, wan, post = m.group("num" if m.re is _DIGIT_STATEMENT else "cn", "wan", "post")
    digits = num + wan if wan else num
    count = read_count(digits, approximate=h.start < m.start() or bool(post))
    if count is not None:
        return count.value, count.approximate, count.precision
    # a count printed with decimals (2.5件): kept as printed, fed to nothing
    return float(digits.replace(",", "").replace(" ", "").replace("\n", "").rstrip("万")), False, None


def _heading_subset(known: dict[int, bool], headings: dict[int, str], unit: int) -> bool:
    """Whether the heading of ``unit``'s section names a subset (looked up once per unit in ``known``)."""
    if unit not in known:
        known[unit] = _SUBSET.search(headings.get(unit, "")) is not None
    return known[unit]


def find_statements(view: View, sections: list[SectionSpan] | None = None) -> tuple[Statement, ...]:
    """Every stated figure of the paragraph lines of ``view``, in reading order.

    ``sections`` (from :func:`~hotline_etl.extract.sections.find_sections`)
    give each statement its section kind and heading; without them every
    statement is in section ``other``.
    """
    text = view.simp
    line_units = view.line_units
    kinds, headings = _section_kinds(view, sections or [])
    out: list[Statement] = []
    previous_end = 0
    last_tail = 0  # where the last statement kept ends
    sentence_start = -1
    sentence_counts: list[int] = []  # positions of the counts stated so far in the current sentence
    sentence_subset = False
    line_months: dict[int, list[tuple[int, tuple[int, int]]]] = {}
    heading_subset: dict[int, bool] = {}  # unit index -> its section's heading names a subset

    for h in _hits(text, _spans(view)):
        if h.start < previous_end:
            continue
        unit_index = view.unit_index(h.start)
        if unit_index not in line_units:
            continue  # a table cell
        clause_back = _CLAUSE_END_BACK.search(text, 0, h.start)
        if clause_back is not None and clause_back.end() == h.start and _wrapped_before(
                view, clause_back.start(), h.start, _LINE_REST.fullmatch(text, h.end, view.ends[unit_index]) is not None):
            clause_back = _CLAUSE_END_BACK.search(text, 0, clause_back.start())
        c_start = max(clause_back.end() if clause_back else 0, previous_end)
        if h.start - c_start > MAX_PHRASE:  # cut a long clause, not inside a number or a Latin word
            c_start = h.start - MAX_PHRASE
            while c_start < h.start and text[c_start].isascii() and text[c_start].isalnum():
                c_start += 1
        before = text[c_start:h.start].replace("\n", "")
        phrase_end = h.start
        has_han = _HAN.search(before) is not None
        if not has_han and clause_back is not None and text[clause_back.start()] in ":：" \
                and clause_back.start() >= previous_end:
            # 受理工单：3126件 — a label before a colon is the number's phrase (the colon is dropped)
            label_back = _CLAUSE_END_BACK.search(text, 0, clause_back.start())
            label_start = max(label_back.end() if label_back else 0, previous_end)
            label_end = clause_back.start()
            if 0 < label_end - label_start <= MAX_LABEL and _HAN.search(text, label_start, label_end):
                c_start, phrase_end = label_start, label_end
                before = text[c_start:phrase_end] + text[clause_back.end():h.start].strip()
                has_han = _HAN.search(before) is not None
        share, tail = None, h.end
        if h.m is not None and h.unit not in ("%", ""):
            sm = _SHARE.match(text, h.end)
            if sm is not None:
                share, tail = Percent.parse(sm.group("p") + "%"), sm.end()
        previous_end = tail
        restated = _restated(out[-1], h, text, last_tail) if out else None
        if restated is not None:
            before = restated.template.partition("#")[0]  # 受理诉求4.37万件,具体为43,712件: the same figure
        elif not has_han and not _COUNT_FIRST.match(text, tail):
            continue  # a bare number (a table cell, a date fragment) states nothing, unless its verb follows
        back = _SENTENCE_END_BACK.search(text, 0, h.start)
        if (back.end() if back else 0) != sentence_start:
            sentence_start, sentence_counts, sentence_subset = back.end() if back else 0, [], False
        ahead = _CLAUSE_END.search(text, tail, tail + MAX_AFTER)
        after = text[tail:ahead.start() if ahead else min(len(text), tail + MAX_AFTER)]

        opened = text.count("(", sentence_start, h.start) + text.count("（", sentence_start, h.start)
        depth = opened - text.count(")", sentence_start, h.start) - text.count("）", sentence_start, h.start) if opened else 0
        breakdown = bool(sentence_counts) and _BREAKDOWN.search(text, sentence_counts[0], h.start) is not None
        own_subset = _SUBSET.search(before) is not None
        if not sentence_counts:
            sentence_subset = own_subset
        if h.unit != "%":
            sentence_counts.append(h.start)
        value, approximate, precision = _value(h)
        months = line_months.get(unit_index)
        if months is None:
            months = line_months[unit_index] = _month_phrases(text, view.starts[unit_index], view.ends[unit_index])
        # the last month phrase of the line before the number
        month_span = next((span for end, span in reversed(months) if end <= h.start), None) if months else None
        phrase = view.raw[c_start:phrase_end].replace("\n", "").strip().strip("(（").strip()
        figure = StatedFigure(
            phrase=restated.figure.phrase if restated is not None else phrase, value=value,
            unit=view.raw[h.unit_start:h.end].strip() or None, share=share, approximate=approximate,
            source=view.origins((unit_index,), (h.start,))[0],  # origin_at(h.start), its unit known
            number_raw=view.raw[h.start:h.unit_start].strip() or None, precision=precision,
            section=kinds.get(unit_index, "other"))
        out.append(Statement(
            figure=figure, template=before.rstrip(" \t") + "#" + after, position=h.start,
            unit_kind=UNIT_KINDS.get(h.unit, "order"),
            part=restated.part if restated is not None else share is not None or depth > 0 or bool(breakdown),
            subset=own_subset or sentence_subset or _heading_subset(heading_subset, headings, unit_index),
            months=month_span, sentence=sentence_start))
        last_tail = tail
    return tuple(out)


def _restated(prev: Statement, h: _Hit, text: str, prev_tail: int) -> Statement | None:
    """``prev`` when the hit restates it exactly: an approximate count (``4.37万件``) followed, with only a
    restating word or an opening bracket between (``,具体为43,712件``, ``(43,712件)``), by an exact count of
    the same kind of unit that the approximate one agrees with. The exact count then states the same
    figure: it takes ``prev``'s phrase, and is a part only when ``prev`` is."""
    figure = prev.figure
    if not figure.approximate or figure.precision is None or h.m is None or h.unit in ("%", "") \
            or _RESTATING.fullmatch(text, prev_tail, h.start) is None:
        return None
    value, approximate, _ = _value(h)
    if approximate or not isinstance(value, int) or UNIT_KINDS.get(h.unit, "order") != prev.unit_kind:
        return None
    return prev if abs(value - figure.value) <= figure.precision else None


#: Headers of the column holding a summary table's figures of the period (项目 | 本月 | 上月 | 环比).
PERIOD_COLUMN = regex.compile(r"^(?:本月|本期|本周|当月|本季度|本季|本年度?|数量|件数|数值)(?:数|量|数量)?(?:[(（]件[)）])?$")


def table_statements(tables: Sequence[PrintedTable], after: int) -> tuple[Statement, ...]:
    """The figures of summary tables: each row of a table that is neither per unit nor per class, whose
    first cell is a label (``受理工单``) and whose column for the period (:data:`PERIOD_COLUMN`) holds a
    whole count, is a statement ``label + count``. They are placed after the text (``after`` and on),
    each its own sentence, so the text's own statements come first.

    >>> t = PrintedTable(1, None, "other", ("项目", "本月", "上月"), (None, None, None),
    ...                  (("受理工单", "2210", "2035"), ("办结率", "98.5%", "98.1%")))
    >>> [(s.template, s.figure.value, s.figure.unit) for s in table_statements([t], 100)]
    [('受理工单#', 2210, None)]
    """
    out: list[Statement] = []
    for t in tables:
        if t.kind in ("per_unit", "per_category"):
            continue
        headers = [to_simplified(h).replace(" ", "") for h in t.header_raw]
        col = next((j for j, h in enumerate(headers) if j and PERIOD_COLUMN.match(h)), None)
        if col is None:
            continue
        for k, row in enumerate(t.rows):
            label = to_simplified(row[0]).replace(" ", "") if row else ""
            count = parse_count(row[col].strip()) if col < len(row) else None
            if count is None or not _HAN.search(label):
                continue
            source = t.cell_sources[k][col] if t.cell_sources and col < len(t.cell_sources[k]) else t.source
            position = after + len(out)
            figure = StatedFigure(phrase=row[0].strip(), value=count, unit=None, source=source,
                                  number_raw=row[col].strip(), section="other")
            out.append(Statement(figure=figure, template=label + "#", position=position, unit_kind="order",
                                 part=False, subset=_SUBSET.search(label) is not None, months=None, sentence=position))
    return tuple(out)
