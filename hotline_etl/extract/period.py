"""The reporting period: which one the bulletin reports, its first and last day, label and granularity.

Phrases. :data:`PERIOD_PHRASES` holds every printed form as data (simplified
script; the script view covers traditional), each with an example: months
(``5月份``, ``六月份``, ``2022年8月``), month ranges (``1-9月``, ``1月至8月``,
``10月和11月``), quarters (``一季度``, ``第二季度``, ``前三季度``), half-years,
years (``2022年全年``, ``2022年,``), day ranges (``12月4日—12月11日``,
``12月30日-1月5日``, ``2020年12月1日至31日``, ``2022年04月01日到2022年06月30日``,
with clock times, ISO ``2023-05-08至2023-05-14``, dotted ``(11.17-11.23)``
in brackets), week numbers (``2024年第28周``), holidays (``春节假期``),
open-ended spans (``今年以来``, ``截至2月24日``) and day ranges whose 月 a
mirror lost (``123—1210日`` is read 12月3日—12月10日: every split of the digits
into month and day is tried and the shortest reading spanning at most a
quarter is kept, with ``period-damaged``). A week number or holiday followed
by its dates in brackets (``第28周(7月8日—7月14日)``, ``暑假期间(7月1日-8月31日)``),
or dates followed by the holiday (``4月3日-5日清明节假日期间``), is one
mention; so is a statistics month and its days in brackets
(``11月份(10月26日至11月25日)``), which stays the month: a count sentence
naming only those days votes for it. A single day (``9月25日``, ``10月23日讯``) is a date, never a period,
and a period printed as a comparison base (``比2021年6月``) is not a mention.

Which period. Every sentence of the text outside the typical cases that
states a count (``共受理工单120件``) votes for the period phrase that opens
it: of the phrases printed before its first count, the narrowest naming its
months (``2022年,5月份共受理…`` reports May), else the first.
Phrases further on (``结转至2月份2175件``), in sentences without a count
(``通报1-7月办理情况``) and in cases never vote, so stray dates of stories are
not the period. A count sentence opening with ``本期`` ("this issue") names no
period but votes for the dated period of the nearest title or heading above it
(``第5期（2024年5月1日—5月31日）`` … ``本期，全市共受理…``). Mentions naming the same days vote together (``七月份`` and
``7月1日到7月31日``); a holiday named without dates votes for the dated
mention of the same holiday. Then:

1. a voted period the title names (a title-like line before the first vote:
   short, no full stop, not page metadata) is the bulletin's;
2. else, among periods naming their months (open-ended and dateless ones only
   when no other is voted), the one with the most votes; a tie goes to the one
   voted first;
3. when only open-ended or dateless spans are voted (``截至3月14日,…已办结…``),
   a period naming its months on the title or a heading before the first vote
   (``一、本周(3月7日—3月13日)受理概况``).

A bulletin printing its 1-6月 totals and then sections on 6月份 (hotline,
mailboxes, hot topics) reports June; one whose 1-9月 report holds a single
9月 sub-figure reports 1-9月; one titled ``6月份…通报`` reports June even when
its 1-6月 and 6月份 paragraphs are as many. Without any vote, the first period
of a title-like line (title, heading, caption) is taken, else the first
mention. A title naming other months than the chosen period gets
``period-title-mismatch``: the body wins. A period printing no month (a
holiday without dates, a week number, ``11日—17日``) stays empty with
``period-undated``; an open-ended one (``今年以来``, ``截至2月24日``) with
``period-open-ended``.

The year, in this order: (1) printed with the period, or with the same period
elsewhere (title ``2023年6月份…`` for body ``六月份``); (2) printed with a
period containing it (``2022年1-6月`` for ``6月份``); (3) the sign-off date,
the bulletin's own date in words (``2022年7月11日``): a date before the
period's first day reports the previous year; (4) the issue number (``〔2023〕第9期``,
``2018年第九期``, ``2020年度…简报第48期``); (5) a year in the title. A web
page's metadata stamp (``发布时间:2021-08-11``, ``时间:2020-10-24``,
``2021-04-06 08:52:04``) is never used: it is the date a site posted the page,
not a statement of the bulletin (mirrors re-stamp pages, and a stamp may even
precede the period's end). ``今年`` names no year. Nothing printed: the year is
unknown (``start``/``end`` None, the month and day kept in
``start_partial``/``end_partial``), never guessed from today.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> v = build_view(load("5月份,共受理工单9件"))
>>> p, _ = extract_period([Scope.whole(v)], dt.date(2020, 6, 1))
>>> p.start.isoformat(), p.end.isoformat(), p.label, p.granularity
('2020-05-01', '2020-05-31', '5月份', 'month')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Iterable

import regex

from ..memo import memoised
from ..model import ParseWarning, PartialDate, Period
from .numbers import chinese_to_int
from .recognition import COUNT
from .scope import Scope, compile_pattern

# Building blocks of the phrases (simplified script).
_NO_NUMBER_BEFORE = r"(?<![\d.〇零一二三四五六七八九十两同每上下这该第个])"
_YEAR_NUMBER = r"(?:19|20)\d{2}|[一二][〇零○O0一二三四五六七八九]{3}"
_YEAR = rf"(?:(?P<y1>{_YEAR_NUMBER})\s*年度?\s*)?"
_YEAR2 = rf"(?:(?P<y2>{_YEAR_NUMBER})\s*年\s*)?"
_CN_MONTH = "十[一二]?|[一二三四五六七八九]"
# What a year (_YEAR_NUMBER) and a month (_month) start with: a phrase's ``first`` characters.
_YEAR_FIRST = "12一二"
_MONTH_FIRST = "0-9一二三四五六七八九十"


def _month(name: str) -> str:
    return rf"(?P<{name}>1[0-2](?!\d)|0?[1-9](?!\d)|{_CN_MONTH})"


def _day(name: str) -> str:
    return rf"(?P<{name}>3[01](?!\d)|[12]\d(?!\d)|0?[1-9](?!\d))"


_SEP = r"\s*(?:[-—–~～－―]+|至|到)\s*"
#: What :data:`_SEP` always holds, one of these (a phrase's ``needs``).
_SEP_NEEDS = ("-", "—", "–", "~", "～", "－", "―", "至", "到")
_CLOCK = r"(?:\s*\d{1,2}\s*[:：]\s*\d{2}|\s*\d{1,2}\s*时)?"
_NOT_A_DAY_AFTER = r"(?!\s*\d{1,2}\s*[日号])(?![一二三四五六七八九十廿]|\s*(?:底|初|末|中旬|上旬|下旬))"
_HOLIDAYS = "春节|清明|国庆|五一|劳动节|端午|中秋|元旦|暑假|寒假"


@dataclass(frozen=True, slots=True)
class PeriodPhrase:
    """One printed form of a period: its kind, its pattern and an example it reads.

    ``needs`` says what text every match of the pattern holds, in a line:
    one string of each group (a line lacking them is not searched with this
    pattern; the regex module pays for every position it tries). ``first``
    holds (as the inside of a character class) every character a match can
    start with: the compiled pattern opens with a look-ahead for them, which
    the regex module checks far faster than the pattern's own opening (an
    optional year, a look-behind); empty: no look-ahead. A test checks over
    every fixture line and random strings that it changes no match, so a
    phrase whose pattern gains another opening must add its characters.
    """

    kind: str
    pattern: str
    example: str
    needs: tuple[tuple[str, ...], ...] = ()
    first: str = ""


#: Every printed form of a period (simplified script). Kinds: month, months,
#: quarter, half_year, year, days (a day range, with or without months; its kind
#: becomes week or range once read), digits (a day range whose 年/月 a mirror
#: lost), week (a week number), holiday, open (open-ended).
PERIOD_PHRASES: tuple[PeriodPhrase, ...] = (
    PeriodPhrase("days", _YEAR + _NO_NUMBER_BEFORE + _month("m1") + r"\s*月\s*" + _day("d1") + r"\s*[日号]?" + _CLOCK
                 + _SEP + _YEAR2 + r"(?:" + _month("m2") + r"\s*月\s*)?" + _day("d2") + r"\s*[日号]" + _CLOCK,
                 "2020年12月1日至31日", (("月",), ("日", "号"), _SEP_NEEDS), _MONTH_FIRST),
    PeriodPhrase("days", r"(?<![\d月.])" + _day("d1") + r"\s*[日号]" + _SEP + _day("d2") + r"\s*[日号]", "11日—17日",
                 (("日", "号"), _SEP_NEEDS), "0-9"),
    PeriodPhrase("digits", r"(?<![\d.:：月])(?P<a>\d{2,8})\s*[日号]?" + _SEP + r"(?P<b>\d{2,8})\s*[日号]", "123—1210日",
                 (("日", "号"), _SEP_NEEDS), r"\d"),
    PeriodPhrase("week", _YEAR + r"第\s*(?P<w1>\d{1,2}|[一二三四五六七八九十]{1,3})\s*周(?:\s*[、,，和及至到-]\s*(?:第\s*)?"
                 r"(?P<w2>\d{1,2}|[一二三四五六七八九十]{1,3})\s*周)?", "2019年第25周、26周", (("周",),), _YEAR_FIRST + "第"),
    PeriodPhrase("dotted", r"(?<=[(（]\s*)(?:(?P<y1>(?:19|20)\d{2})\s*[./]\s*)?" + _month("m1") + r"\s*[./]\s*"
                 + _day("d1") + _SEP + r"(?:(?P<y2>(?:19|20)\d{2})\s*[./]\s*)?(?:" + _month("m2") + r"\s*[./]\s*)?"
                 + _day("d2") + r"(?=\s*[)）])", "(11.17-11.23)",
                 ((")", "）"), (".", "/"), _SEP_NEEDS), _MONTH_FIRST),  # its "(" may stand on the line before
    PeriodPhrase("days", r"(?<![\d.])(?P<y1>(?:19|20)\d{2})-" + _month("m1") + "-" + _day("d1") + r"\s*(?:至|到|[—~～]+)\s*"
                 r"(?:(?P<y2>(?:19|20)\d{2})-)?" + _month("m2") + "-" + _day("d2"), "2023-05-08至2023-05-14",
                 (("-",), ("至", "到", "—", "~", "～")), "12"),
    PeriodPhrase("months", _YEAR + _NO_NUMBER_BEFORE + _month("m1") + r"\s*(?:月份?)?" + _SEP + _YEAR2 + _month("m2")
                 + r"\s*月份?" + _NOT_A_DAY_AFTER, "2021年9月至2022年8月", (("月",), _SEP_NEEDS), _MONTH_FIRST),
    PeriodPhrase("months", _YEAR + _NO_NUMBER_BEFORE + _month("m1") + r"\s*月份?\s*(?:和|、|及|与)\s*" + _month("m2")
                 + r"\s*月份?" + _NOT_A_DAY_AFTER, "10月和11月", (("月",), ("和", "、", "及", "与")), _MONTH_FIRST),
    PeriodPhrase("quarter", _YEAR + r"(?:第\s*)?(?P<q>[一二三四1-4])\s*季度", "第二季度", (("季度",),),
                 _YEAR_FIRST + "第一二三四1-4"),
    PeriodPhrase("quarter", _YEAR + r"前\s*(?P<qc>[一二三123])\s*(?:个\s*)?季度", "前三季度", (("季度",), ("前",)),
                 _YEAR_FIRST + "前"),
    PeriodPhrase("half_year", _YEAR + r"(?P<h>上|下)\s*半年", "上半年", (("半年",),), _YEAR_FIRST + "上下"),
    PeriodPhrase("month", _YEAR + _NO_NUMBER_BEFORE + _month("m1") + r"\s*月份?" + _NOT_A_DAY_AFTER, "六月份", (("月",),),
                 _MONTH_FIRST),
    PeriodPhrase("year", rf"(?P<y1>{_YEAR_NUMBER})\s*年(?:度)?(?:\s*全年|(?=\s*[,，:：]))|全年", "2022年全年",
                 (("年",),), _YEAR_FIRST + "全"),
    PeriodPhrase("holiday", _YEAR + r"(?P<hol>" + _HOLIDAYS + r")\s*节?\s*"
                 r"(?:小长假|长假|假日期间|假期期间|日期间|假期|假日|期间|黄金周)", "清明节假日期间",
                 (tuple(_HOLIDAYS.split("|")),), _YEAR_FIRST + "".join(h[0] for h in _HOLIDAYS.split("|"))),
    PeriodPhrase("open", r"(?:自|从)[^,，。；;:：\n]{0,24}?以来|(?P<y1>(?:19|20)\d{2})\s*年以来|今年以来", "今年以来",
                 (("以来",),), "自从12今"),
    PeriodPhrase("open", r"(?:截至|截止(?:到|至)?)\s*" + _YEAR + _month("m1") + r"\s*月\s*" + _day("d1") + r"\s*[日号]",
                 "截至2月24日", (("截至", "截止"),), "截"),
)

_ISSUE_NUMBER = (r"[〔\[(（【](?P<year>(?:19|20)\d{2})[〕\])）】]\s*第\s*[\d一二三四五六七八九十百]+\s*期"
                 r"|(?P<year>(?:19|20)\d{2})\s*年度?[^\n。,，;；]{0,30}?第\s*[\d一二三四五六七八九十百]+\s*期")
_TITLE_YEAR = r"(?P<year>(?:19|20)\d{2})\s*年"
#: A page's metadata label (publication stamp, source, author): such a line is not a title.
_METADATA = r"(?:发布|发文|更新|时间|日期|来源|浏览|点击|作者|索\s*引\s*号)\s*[:：|]"
_SENTENCE_END = regex.compile(r"[。！？；;!?\n]")
_SENTENCE_END_BACK = regex.compile(_SENTENCE_END.pattern, flags=regex.REVERSE)
#: 本期 ("this issue") opening a sentence.
_THIS_ISSUE = regex.compile(r"(?:(?<=[。！？；;!?\n])|^)[ \t\u3000]*本期")
#: A damaged day range is read only when it spans at most this many days.
DAMAGED_SPAN_DAYS = 92


@dataclass(frozen=True, slots=True)
class PeriodMention:
    """One period phrase of the text, read.

    ``first``/``last`` are (month, day) of the first and last day; ``last``'s
    day is None when it is the month's last (its length may depend on the
    year). Both are None when no month is printed (a holiday, a week number,
    an open-ended span, a day range without months).
    """

    kind: str
    label: str
    start: int
    end: int
    year: int | None = None
    end_year: int | None = None
    first: tuple[int, int] | None = None
    last: tuple[int, int | None] | None = None
    holiday: str | None = None
    damaged: bool = False
    days: int | None = None  # length in days of an undated day range
    #: A statistics month's own days (``11月份(10月26日至11月25日)``): a mention of those days votes for the month.
    counted_days: tuple | None = None

    @property
    def dated(self) -> bool:
        return self.first is not None

    def key(self) -> tuple:
        """Mentions with the same key name the same days (七月份 and 7月1日到7月31日)."""
        if self.first is None:
            return ("holiday", self.holiday) if self.holiday else ("undated", self.kind, self.label)
        return (self.first, self.last)

    def months(self) -> tuple[int, int] | None:
        return (self.first[0], self.last[0]) if self.first and self.last else None


def _month_length(month: int, year: int | None) -> int:
    return calendar.monthrange(year if year is not None else 2001, month)[1]


def _last(month: int, day: int | None, year: int | None) -> tuple[int, int | None]:
    """(month, day) of a last day, day None when it is the month's last."""
    if day is None or day == _month_length(month, year) or (month == 2 and year is None and day >= 28):
        return (month, None)
    return (month, day)


def _valid(month: int | None, day: int | None) -> bool:
    return month is not None and 1 <= month <= 12 and day is not None and 1 <= day <= _month_length(month, 2000)


def _span_days(first: tuple[int, int], last: tuple[int, int | None], year: int | None) -> int:
    """Days from first to last inclusive; a last month before the first runs into the next year."""
    y = year if year is not None else 2000  # a leap year: 2月29日 is a day when the year is unknown
    start = dt.date(y, first[0], min(first[1], _month_length(first[0], y)))
    end_year = y + 1 if last[0] < first[0] else y
    end_day = _month_length(last[0], end_year)
    end = dt.date(end_year, last[0], end_day if last[1] is None else min(last[1], end_day))
    return (end - start).days + 1


def _split_digits(run: str) -> list[tuple[int | None, int | None, int]]:
    """Readings (year, month, day) of a digit run whose 年/月 were lost; month None: a day of the same month."""
    readings: list[tuple[int | None, int | None, int]] = []
    year = None
    if len(run) >= 7 and 1990 <= int(run[:4]) <= 2099:
        year, run = int(run[:4]), run[4:]
    if len(run) <= 2 and year is None and 1 <= int(run) <= 31:
        readings.append((None, None, int(run)))
    for k in (1, 2):
        month, day = run[:k], run[k:]
        if 1 <= len(day) <= 2 and _valid(int(month), int(day)):
            readings.append((year, int(month), int(day)))
    return readings


def _read_digits(label: str, m: regex.Match[str], start: int, end: int) -> PeriodMention | None:
    """A day range printed as bare digits (``71-31日``, ``123—1210日``, ``20121117日至1123日``)."""
    a, b = m.group("a"), m.group("b")
    if len(a) <= 2 and len(b) <= 2 and 1 <= int(a) <= int(b) <= 31:
        return PeriodMention("days", label, start, end, days=int(b) - int(a) + 1)
    best: list[tuple[int, PeriodMention]] = []
    for y1, m1, d1 in _split_digits(a):
        if m1 is None:
            continue
        for y2, m2, d2 in _split_digits(b):
            m2 = m1 if m2 is None else m2
            if (m2, d2) < (m1, d1) or not _valid(m2, d2):
                continue
            span = _span_days((m1, d1), (m2, d2), y1)
            if span <= DAMAGED_SPAN_DAYS:
                best.append((span, PeriodMention("days", label, start, end, y1, y2, (m1, d1), _last(m2, d2, y1),
                                                 damaged=True)))
    best.sort(key=lambda x: x[0])
    if not best or (len(best) > 1 and best[0][0] == best[1][0]):
        return None  # unreadable or ambiguous: not taken as a period
    return best[0][1]


def _year_number(printed: str | None) -> int | None:
    """``2021``, ``二〇二一``, ``二0二一`` (a digit zero among Chinese numerals) -> 2021."""
    if not printed:
        return None
    return chinese_to_int(printed if printed.isdecimal() else printed.replace("0", "〇"))


def _read(kind: str, m: regex.Match[str], label: str, start: int, end: int) -> PeriodMention | None:
    """A matched phrase read into a mention; None when its numbers are not a period."""
    g = {k: v for k, v in m.groupdict().items() if v is not None}
    year = _year_number(g.get("y1"))
    end_year = _year_number(g.get("y2"))
    if kind == "digits":
        return _read_digits(label, m, start, end)
    if kind in ("week", "holiday") or (kind == "open" and "m1" not in g):
        return PeriodMention(kind, label, start, end, year, holiday=g.get("hol"))
    if kind == "open":  # 截至M月D日: the end is known, the start is not
        return PeriodMention("open", label, start, end, year)
    if kind == "quarter":
        q = chinese_to_int(g.get("q") or g["qc"]) or 0
        first, last = (3 * q - 2 if "q" in g else 1), 3 * q
        return PeriodMention("quarter", label, start, end, year, first=(first, 1), last=(last, None))
    if kind == "year":
        return PeriodMention("year", label, start, end, year, first=(1, 1), last=(12, None))
    if kind == "half_year":
        first, last = (1, 6) if g["h"] == "上" else (7, 12)
        return PeriodMention("half_year", label, start, end, year, first=(first, 1), last=(last, None))
    m1 = chinese_to_int(g["m1"]) if "m1" in g else None
    if kind == "days" and m1 is None:
        d1, d2 = int(g["d1"]), int(g["d2"])
        return PeriodMention("days", label, start, end, days=d2 - d1 + 1) if d1 <= d2 else None
    m2 = chinese_to_int(g["m2"]) if "m2" in g else m1
    if m1 is None or m2 is None or not (1 <= m1 <= 12 and 1 <= m2 <= 12):
        return None
    if kind in ("days", "dotted"):
        d1, d2 = int(g["d1"]), int(g["d2"])
        if not (_valid(m1, d1) and _valid(m2, d2)) or not _ordered((m1, d1), (m2, d2), year, end_year):
            return None
        if kind == "dotted" and _span_days((m1, d1), (m2, d2), year) > 31:
            return None  # (1.5-2.5) is more likely a range of numbers than of days
        return PeriodMention("days", label, start, end, year, end_year, (m1, d1), _last(m2, d2, end_year or year))
    if not _ordered((m1, 1), (m2, 1), year, end_year):
        return None
    return PeriodMention(kind, label, start, end, year, end_year, (m1, 1), (m2, None))


def _ordered(first: tuple[int, int], last: tuple[int, int], year: int | None, end_year: int | None) -> bool:
    """Whether the last day follows the first: later in the year, or in the next year (12月30日-1月5日)."""
    if year is not None and end_year is not None and end_year != year:
        return end_year == year + 1
    return last >= first or (first[0] == 12 and last[0] == 1)


def find_period_mentions(scopes: Iterable[Scope]) -> list[PeriodMention]:
    """Every period phrase in ``scopes``, read, in text order (see :data:`PERIOD_PHRASES`).

    Where phrases overlap, the one starting first wins, then the longest.

    >>> from hotline_etl.readers import load
    >>> from hotline_etl.script import build_view
    >>> v = build_view(load("本周(12月4日—12月11日),受理120件,结转至2月份3件"))
    >>> [(m.label, m.first, m.last) for m in find_period_mentions([Scope.whole(v)])]
    [('12月4日—12月11日', (12, 4), (12, 11)), ('2月份', (2, 1), (2, None))]
    """
    out: list[PeriodMention] = []
    for scope in scopes:
        text = scope.view.simp
        found: list[PeriodMention] = []
        for start, end in _anchored_lines(scope):  # a phrase never spans lines
            matches = [(m.start(), -m.end(), kind, m) for kind, rx in _phrases_for(_present(text[start:end]))
                       for m in rx.finditer(text, start, end)]
            taken = -1
            for first, neg_end, kind, m in sorted(matches, key=lambda x: x[:2]):
                if first < taken:
                    continue
                mention = _read(kind, m, scope.view.raw[first:-neg_end].strip(), first, -neg_end)
                if mention is not None:
                    taken = -neg_end
                    if _COMPARED.search(text, max(start, first - 4), first) is None:
                        found.append(mention)
        out.extend(_merge_adjacent(scope, found))
    return out


#: A period printed as the base of a comparison (较2021年6月, 与上年1-6月相比) is not a mention of the bulletin's.
_COMPARED = regex.compile(r"(?:比|较|与|对比|相比|同期)\s*$")
#: A character every period phrase holds: lines without one are not searched.
_ANCHOR = regex.compile(r"[月日号季半周年假期以截]|[(（]\s*\d|\d-\d")
# The same, in parts: the characters (a set of literals, which the re module scans several times faster than
# the regex module scans the alternation) and the rare bracket or dash the two other forms start or turn on.
_ANCHOR_CHARS = re.compile(r"[月日号季半周年假期以截]")
_BRACKET_OR_DASH = re.compile(r"[(（-]")
_BRACKET_DIGIT = regex.compile(r"[(（]\s*\d")
_DIGIT_DASH = regex.compile(r"\d-\d")


def _compiled(phrase: PeriodPhrase) -> regex.Pattern[str]:
    """The phrase's pattern, led by a look-ahead for its ``first`` characters when it has them."""
    return compile_pattern(f"(?=[{phrase.first}])(?:{phrase.pattern})" if phrase.first else phrase.pattern)


#: Each phrase's kind, compiled pattern and needs (as sets), and every string any phrase needs.
_COMPILED_PHRASES = tuple((p.kind, _compiled(p), tuple(frozenset(g) for g in p.needs)) for p in PERIOD_PHRASES)
_ALL_NEEDS = frozenset(n for p in PERIOD_PHRASES for g in p.needs for n in g)
# The needs of one character, found from the line's set of characters; the longer ones looked for only when their
# first character is in it.
_CHAR_NEEDS = frozenset(n for n in _ALL_NEEDS if len(n) == 1)
_WORD_NEEDS = tuple(n for n in _ALL_NEEDS if len(n) > 1)


def _present(line: str) -> frozenset[str]:
    """The strings of :data:`_ALL_NEEDS` that ``line`` holds (``{n for n in _ALL_NEEDS if n in line}``)."""
    chars = set(line)
    return frozenset(chars & _CHAR_NEEDS | {n for n in _WORD_NEEDS if n[0] in chars and n in line})


@memoised(maxsize=256)  # few distinct sets: one per combination of what lines hold
def _phrases_for(present: frozenset[str]) -> tuple[tuple[str, regex.Pattern[str]], ...]:
    """(kind, compiled pattern) of the phrases whose needs ``present`` meets, in order."""
    return tuple((kind, rx) for kind, rx, needs in _COMPILED_PHRASES
                 if all(not present.isdisjoint(group) for group in needs))


def _first_anchor(text: str, pos: int, end: int) -> int | None:
    """Where the first :data:`_ANCHOR` match of ``text[pos:end]`` starts (None: none), found without the
    regex module's scan: the first anchor character, unless a bracket or dash before it starts (or follows
    the digit that starts) one of the other forms.

    >>> _first_anchor("共9件,2-3日", 0, 8), _ANCHOR.search("共9件,2-3日").start()
    (4, 4)
    """
    first = _ANCHOR_CHARS.search(text, pos, end)
    limit = first.start() if first is not None else end
    for m in _BRACKET_OR_DASH.finditer(text, pos, min(end, limit + 1)):
        at = m.start()
        if text[at] == "-":
            if at - 1 >= pos and at - 1 < limit and _DIGIT_DASH.match(text, at - 1, end):
                return at - 1
        elif at < limit and _BRACKET_DIGIT.match(text, at, end):
            return at
    return limit if first is not None else None


def _anchored_lines(scope: Scope) -> Iterable[tuple[int, int]]:
    """(start, end) of each line of ``scope`` holding an :data:`_ANCHOR` match, in order
    (``_lines_with(_ANCHOR, scope)``, faster)."""
    text, pos = scope.view.simp, scope.start
    while True:
        at = _first_anchor(text, pos, scope.end)
        if at is None:
            return
        start, end = _line_span(text, at, scope)
        yield start, end
        pos = end + 1


def _line_span(text: str, pos: int, scope: Scope) -> tuple[int, int]:
    start = max(text.rfind("\n", scope.start, pos) + 1, scope.start)
    end = text.find("\n", pos, scope.end)
    return start, scope.end if end < 0 else end


def _lines_with(pattern: regex.Pattern[str], scope: Scope) -> Iterable[tuple[int, int]]:
    """(start, end) of each line of ``scope`` where ``pattern`` matches, in order."""
    text, pos = scope.view.simp, scope.start
    while True:
        m = pattern.search(text, pos, scope.end)
        if m is None:
            return
        start, end = _line_span(text, m.start(), scope)
        yield start, end
        pos = end + 1


_BRACKET_OPEN = regex.compile(r"\s*[(（]\s*$")
_BRACKET_CLOSE = regex.compile(r"^\s*[)）]")


def _counts_for_month(month: PeriodMention, days: PeriodMention) -> bool:
    """Whether ``days`` are a statistics month's: from a day of the month before to a day of ``month``
    (``11月份(10月26日至11月25日)``)."""
    if days.kind != "days" or not (month.dated and days.dated) or month.first[0] != month.last[0]:  # type: ignore[index]
        return False
    m = month.first[0]  # type: ignore[index]
    return days.last[0] == m and days.first[0] == (m - 2) % 12 + 1  # type: ignore[index]


def _merge_adjacent(scope: Scope, found: list[PeriodMention]) -> list[PeriodMention]:
    """A week number or holiday and its dates printed beside it are one mention; so are a month and the
    statistics days printed beside it (``11月份(10月26日至11月25日)``), which stay the month."""
    out: list[PeriodMention] = []
    text = scope.view.simp
    for m in found:
        prev = out[-1] if out else None
        if prev is not None and prev.kind in ("week", "holiday") and m.kind == "days" and not prev.dated \
                and _BRACKET_OPEN.search(text[prev.end:m.start]) is not None and "\n" not in text[prev.end:m.start]:
            close = _BRACKET_CLOSE.match(text[m.end:m.end + 3])
            end = m.end + (close.end() if close else 0)
            out[-1] = replace(m, kind="week" if prev.kind == "week" else m.kind, start=prev.start, end=end,
                              label=scope.view.raw[prev.start:end].strip(), year=m.year or prev.year,
                              holiday=prev.holiday)
        elif prev is not None and prev.kind == "month" and _counts_for_month(prev, m) \
                and _BRACKET_OPEN.search(text[prev.end:m.start]) is not None and "\n" not in text[prev.end:m.start]:
            close = _BRACKET_CLOSE.match(text[m.end:m.end + 3])
            end = m.end + (close.end() if close else 0)
            out[-1] = replace(prev, end=end, label=scope.view.raw[prev.start:end].strip(), year=prev.year or m.year,
                              counted_days=m.key())
        elif prev is not None and prev.kind == "days" and m.kind == "holiday" and not text[prev.end:m.start].strip():
            out[-1] = replace(prev, label=scope.view.raw[prev.start:m.end].strip(), end=m.end,
                              year=prev.year or m.year, holiday=m.holiday)
        else:
            out.append(m)
    return out


def granularity(first: PartialDate | None, last: PartialDate | None, kind: str | None = None) -> str | None:
    """The span a period covers (model.GRANULARITIES), from its first and last day.

    Whole months: one month, a calendar quarter, a half-year, months from
    January (cumulative), other months (range); otherwise 5 to 8 days is a
    week, anything else a range. Without months, from the kind of phrase.

    >>> granularity(PartialDate(2022, 4, 1), PartialDate(2022, 6, 30))
    'quarter'
    >>> granularity(PartialDate(None, 12, 4), PartialDate(None, 12, 11))
    'week'
    """
    if first is None or last is None:
        return {"week": "week", "open": "cumulative", "holiday": "range"}.get(kind or "")
    last_day = _last(last.month, last.day, last.year)
    whole = first.day in (None, 1) and last_day[1] is None and first.month <= last.month
    if whole:
        n = last.month - first.month + 1
        if n == 1:
            return "month"
        if n == 3 and first.month in (1, 4, 7, 10):
            return "quarter"
        if n == 6 and first.month in (1, 7):
            return "half_year"
        return "cumulative" if first.month == 1 else "range"
    days = _span_days((first.month, first.day or 1), last_day, first.year)
    return "week" if 5 <= days <= 8 else "range"


def _phrase_kind(m: PeriodMention) -> str:
    """Period.kind: the phrase kind, a day range named week or range by its length."""
    if m.kind != "days":
        return m.kind
    if m.first is None:
        return "days"
    g = granularity(PartialDate(None, *m.first), PartialDate(None, m.last[0], m.last[1]))  # type: ignore[index]
    return "week" if g == "week" else "range"


def _title_like(text: str, start: int, end: int) -> bool:
    """A short line without sentence punctuation or page metadata: a title, heading or caption."""
    line = text[start:end].strip()
    return (2 <= len(line) <= 60 and "。" not in line and line.count(",") + line.count("，") <= 1
            and compile_pattern(_METADATA).search(line) is None)


def _on_title_line(scopes: list[Scope], pos: int) -> bool:
    scope = next(s for s in scopes if s.start <= pos < s.end)
    return _title_like(scope.view.simp, *_line_span(scope.view.simp, pos, scope))


def _votes(scopes: list[Scope], mentions: list[PeriodMention]) -> list[PeriodMention]:
    """The period each sentence with a count reports, in text order (see the module docstring).

    Of the phrases printed before the sentence's first count, the narrowest naming its months
    (``2022年,5月份共受理…`` reports May), else the first.
    """
    sentences: dict[tuple[int, int], list[PeriodMention]] = {}
    text = scopes[0].view.simp
    for m in mentions:
        scope = next(s for s in scopes if s.start <= m.start < s.end)
        back = _SENTENCE_END_BACK.search(text, scope.start, m.start)
        ahead = _SENTENCE_END.search(text, m.end, scope.end)
        sentences.setdefault((back.end() if back else scope.start, ahead.start() if ahead else scope.end), []).append(m)
    votes: list[tuple[int, PeriodMention]] = []
    for (start, end), found in sentences.items():
        count = compile_pattern(COUNT).search(text, start, end)
        before = [m for m in found if count is not None and m.end <= count.start()]
        dated = [m for m in before if m.dated]
        if dated:
            votes.append((start, min(dated, key=lambda m: _span_days(m.first, m.last, m.year))))  # type: ignore[arg-type]
        elif before:
            votes.append((start, before[0]))
    # A count sentence opening with 本期 ("this issue") names no period itself: it reports the dated
    # period of the heading above it (第5期(2024年5月1日—5月31日) … 本期,全市共受理…).
    headings = [m for m in mentions if m.dated and _on_title_line(scopes, m.start)]
    for scope in scopes if headings else ():
        for hit in _THIS_ISSUE.finditer(text, scope.start, scope.end):
            ahead = _SENTENCE_END.search(text, hit.end(), scope.end)
            end = ahead.start() if ahead else scope.end
            above = [m for m in headings if m.end <= hit.start()]
            if above and not any(hit.start() <= m.start < end for m in mentions) \
                    and compile_pattern(COUNT).search(text, hit.end(), end):
                votes.append((hit.start(), above[-1]))
    return [m for _, m in sorted(votes, key=lambda p: p[0])]


def _choose(votes: list[PeriodMention], mentions: list[PeriodMention], titled: set[tuple]) -> PeriodMention:
    """The voted period the title names, else the most voted (ties: the first voted).

    A period naming its months beats one that does not (an open-ended or dateless span is context);
    a dateless holiday votes for its dated namesake.
    """
    dated_holiday = {m.holiday: m.key() for m in mentions if m.holiday and m.dated}
    statistics_month = {m.counted_days: m for m in mentions if m.counted_days}
    tally: dict[tuple, list[PeriodMention]] = {}
    for v in votes:
        v = statistics_month.get(v.key(), v)  # 统计周期(10月26日至11月25日) votes for 11月份
        key = dated_holiday.get(v.holiday, v.key()) if v.holiday and not v.dated else v.key()
        tally.setdefault(key, []).append(v)
    named = {k: vs for k, vs in tally.items() if k in titled}
    with_days = {k: vs for k, vs in (named or tally).items() if k[0] not in ("holiday", "undated")}
    best = max((with_days or named or tally).values(), key=lambda vs: (len(vs), -vs[0].start))
    dated = [v for v in best if v.dated] or [m for m in mentions if m.dated and m.holiday == best[0].holiday
                                             and best[0].holiday is not None]
    if dated:
        return dated[0]
    # Only open-ended or dateless spans were voted (截至3月14日…已办结…): a period naming its months
    # on the title or a heading above the first vote (一、本周(3月7日—3月13日)受理概况) is the bulletin's.
    return next((m for m in mentions if m.dated and m.key() in titled), best[0])


def _year_from_signoff(chosen: PeriodMention, issued_on: dt.date) -> int:
    """The year of the period's first day: the sign-off's, unless it is signed before that day (signed 2021年1月5日,
    reporting 12月: 2020). A bulletin may be signed before its period ends: a statistics month closing on the 25th
    (11月份(10月26日至11月25日), signed 11月28日), a quarter's report signed in its last week."""
    assert chosen.first is not None
    first = (chosen.first[0], chosen.first[1] or 1)
    return issued_on.year if (issued_on.month, issued_on.day) >= first else issued_on.year - 1


def _on_titles(scopes: list[Scope], pattern: str, before: int) -> Iterable[regex.Match[str]]:
    """Matches of ``pattern`` on title-like lines, before position ``before``."""
    for scope in scopes:
        text = scope.view.simp
        for m in compile_pattern(pattern).finditer(text, scope.start, min(scope.end, before)):
            if _title_like(text, *_line_span(text, m.start(), scope)):
                yield m


def _infer_year(chosen: PeriodMention, mentions: list[PeriodMention], scopes: list[Scope], issued_on: dt.date | None,
                title_end: int) -> int | None:
    """The year of the chosen period's first day, by the order of the module docstring."""
    same = [m.year for m in mentions if m.year and m.key() == chosen.key()]
    if chosen.year or same:
        return chosen.year or same[0]
    months = chosen.months()
    if months is not None and months[0] <= months[1]:
        containing = [m.year for m in mentions if m.year and (span := m.months()) and span[0] <= months[0]
                      and months[1] <= span[1]]
        if containing:
            return containing[0]
    if issued_on is not None and months is not None:
        return _year_from_signoff(chosen, issued_on)
    for m in _on_titles(scopes, _ISSUE_NUMBER, scopes[-1].end):
        return int(m.group("year"))
    for m in _on_titles(scopes, _TITLE_YEAR, title_end):
        return int(m.group("year"))
    return None


def _partials(chosen: PeriodMention, year: int | None) -> tuple[PartialDate | None, PartialDate | None]:
    if chosen.first is None or chosen.last is None:
        return None, None
    end_year = chosen.end_year or (None if year is None else year + 1 if chosen.last[0] < chosen.first[0] else year)
    first = PartialDate(year, chosen.first[0], chosen.first[1])
    last_day = chosen.last[1]
    if last_day is None and (end_year is not None or chosen.last[0] != 2):
        last_day = _month_length(chosen.last[0], end_year)
    return first, PartialDate(end_year, chosen.last[0], last_day)


def extract_period(scopes: list[Scope], issued_on: dt.date | None) -> tuple[Period, list[ParseWarning]]:
    """The bulletin's period from ``scopes`` (the text without its cases), year as the module docstring says.

    ``issued_on`` is the sign-off date (:func:`~hotline_etl.extract.signoff.extract_signoff`).
    """
    scopes = [s for s in scopes if not s.empty]
    warnings: list[ParseWarning] = []
    mentions = find_period_mentions(scopes)
    if not mentions:
        warnings.append(ParseWarning("period-missing", "no reporting period (such as 5月份 or 二季度) was found"))
        return Period(None, None, None), warnings
    view = scopes[0].view
    votes = _votes(scopes, mentions)
    on_titles = [m for m in mentions if _on_title_line(scopes, m.start)]
    title_end = votes[0].start if votes else scopes[-1].end
    title = [m for m in on_titles if m.start < title_end] if votes else []
    chosen = _choose(votes, mentions, {m.key() for m in title}) if votes else (on_titles or mentions)[0]
    origin = view.origin_at(chosen.start)
    other = [t for t in title if t.dated and chosen.dated and t.months() != chosen.months()]
    if other and all(t.months() != chosen.months() for t in title if t.dated):
        warnings.append(ParseWarning(
            "period-title-mismatch", f"the title names {other[0].label} but the body reports {chosen.label}; "
            "the body is used", view.origin_at(other[0].start)))
    kind = _phrase_kind(chosen)
    if not chosen.dated:
        code, what = (("period-open-ended", "is open-ended") if chosen.kind == "open"
                      else ("period-undated", "prints no month"))
        warnings.append(ParseWarning(code, f"the period {chosen.label} {what}; its start and end are left empty", origin))
        gran = (granularity(None, None, chosen.kind) if chosen.days is None
                else "week" if 5 <= chosen.days <= 8 else "range")
        return Period(None, None, chosen.label, kind, origin, gran), warnings
    year = _infer_year(chosen, mentions, scopes, issued_on, title_end)
    first, last = _partials(chosen, year)
    assert first is not None and last is not None
    if chosen.damaged:
        warnings.append(ParseWarning(
            "period-damaged", f"the period {chosen.label} lost characters; read as {first.month}月{first.day}日—"
            f"{last.month}月{last.day or 'XX'}日", origin))
    gran = granularity(first, last)
    if year is None:
        warnings.append(ParseWarning(
            "period-year-unknown", f"the period {chosen.label} has no year in the label, title, issue number or sign-off",
            origin))
        return Period(None, None, chosen.label, kind, origin, gran, first, last), warnings
    assert first.day is not None and last.day is not None
    try:
        start = dt.date(year, first.month, first.day)
        end = dt.date(last.year or year, last.month, last.day)
    except ValueError:  # 2月29日 of a year without one
        warnings.append(ParseWarning("period-date-invalid", f"the period {chosen.label} names a day {year} does not "
                                     "have; start and end are left empty", origin))
        start = end = None
    return Period(start, end, chosen.label, kind, origin, gran, first, last), warnings
