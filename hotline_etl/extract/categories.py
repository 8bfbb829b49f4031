"""Categories and request types: how a bulletin classifies the requests it received.

A bulletin may print two classifications: by subject (城乡建设类 / 社会保险 / 噪音扰民 …, the
``categories``) and by request type (投诉 / 咨询 / 求助 / 建议 / 举报 / 表扬 …, the
``request_types``). Request types are the categories only when they are the only
classification printed. The rule, in four steps:

1. **Items.** A name with a count and an optional share, in any printed form:
   ``X类N件，占P%``, ``XN件(P%)``, ``X N件，占比P%``, ``XN件，约占P%``, ``X(N件)``,
   ``X(共N件,以…为主)``, ``X类N件、占P%``, ``XN`` followed by a share,
   the share before the count (``X类占比P%,共N件``, ``X类次之,占比P%,共N件``), ``…最多的事项是X，其工单数为N件``
   (also 最集中 / 最突出), ``X类件，占P%`` or ``X类4??件，占P%`` (a mirror lost or damaged the
   count's digits: null count; a damaged share ``占8.7�%`` is a null share), and
   the names of enumerated lines (``1.X:共接收N件``, ``(一)X方面:共N件``, ``一是X,共N件``,
   ``◆X。共N件``) or of plain lines (``XN件,主要是…``), classes counted together
   (``A类、B类、C类分别为N1件、N2件、N3件``: as many counts as names), and names behind a post's
   pictographs (``🏠 X类 N件 占P%``). A name is cut to what names the
   class: lead words (``其中``, ``反映``, ``主要集中在``, ``分别为`` …) and a descriptive
   prefix ending in ``等`` (before a ``…类`` name) or in a bracket are dropped
   (``物业管理、住房保障等城乡规划建设类`` → ``城乡规划建设类``); so are filler words after
   ``…类`` (``诉求`` / ``问题`` / ``信件`` …), and ``方面(的)`` / ``次之`` after a name.
2. **Blocks.** Items printed one after another (only separators, a year-on-year clause or a
   few words without numbers between them) form a block; so do the items of one enumeration
   and of consecutive plain lines. A block of items printed inside the enumerated items of
   another is a sub-breakdown and is dropped.
3. **Kinds.** Each item is a request type (:data:`REQUEST_TYPES`), ``其他``, a subject, a
   unit / locality / channel (``县人社局``, ``大冶市``, ``网络诉求``: not a classification) or
   a handling figure (``办结N件``, ``直办N件``: not a classification). Units and figures end a
   block; so does an item opened by 另有 / 另外 / 此外 (``另有涉及供暖的诉求N件``: a tally beside
   the classification), unless it is the rest (``另有其他类N件``). A block whose named items are at
   least two thirds request types (two or more) is a request-type block, otherwise a subject block. Items whose share is of a sub-base
   (``占不满意工单总数的P%``) are not items. An item whose count is approximate (``1.2万件``)
   keeps its place in the block (ranks stay as printed) but is not output: no category claims
   an exact count for it.
4. **Choice.** The categories are the first subject block introduced as a classification
   (a cue such as 分类 / 类别 / 热点 / 集中在 / 最多 / 排名前N / 较多 in its sentence or the lines
   just before it, or a received total in the sentence before a list opening with 其中) with
   two or more items; else the first such block of one item; else the
   first subject block of two or more items. A single uncued item (``涉及教育类相关诉求N件``)
   is a cross-cutting tally, not a category. The request types are the first request-type
   block of two or more items; when no subject block is chosen they are the categories
   instead. Rank is the printed order; a share printed later for the same name
   (``1.市容管理类诉求占比8.5%``) fills a category printed without one.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.scope import Scope
>>> c = extract_classifications(Scope.whole(build_view(load(
...     "按类型分:投诉类40件、咨询类20件。按内容分类:城建类30件(50%)、交通类12件(20%)。"))))
>>> [(x.name, x.count, x.share.raw) for x in c.categories], [(x.name, x.count) for x in c.request_types]
([('城建类', 30, '50%'), ('交通类', 12, '20%')], [('投诉类', 40), ('咨询类', 20)])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, NamedTuple, Sequence

import regex

from ..characters import HAN
from ..model import CLASSIFICATIONS, Category, Percent, PrintedTable
from ..script import View, to_simplified
from .numbers import CN_PCT, PCT, UNIT, chinese_percent, parse_count
from .scope import Scope

__all__ = ["Classifications", "REQUEST_TYPES", "classifications_from_tables", "extract_categories",
           "extract_classifications", "with_table_classes"]

#: Words that name a request type (simplified script). A name is a request type when, without
#: 类 and without a trailing 电话 / 诉求 / 信件 …, it is made of these words only: 投诉, 表扬感谢,
#: 投诉举报, 意见建议, 骚扰无效 ….
REQUEST_TYPES = ("咨询", "投诉", "求助", "建议", "举报", "表扬", "感谢", "感谢信", "表扬信", "意见", "建言", "谏言",
                 "献策", "批评", "求决", "申诉", "揭发", "控告", "检举", "信访", "无效", "骚扰", "求证")
#: Names that belong to any classification ("the rest").
_OTHER = frozenset({"其他", "其它"})

#: Classification of a Category (``Category.classification``).
SUBJECT, REQUEST_TYPE = CLASSIFICATIONS


class _AfterSeparator:
    """A pattern opening with ``(?:[separators]|\\A)``, scanned fast: ``\\A`` matches only where the text starts,
    so past that the pattern without it (a set of characters first, which the regex module skips to; the
    alternation it tries at every position) finds the same matches.

    >>> p = _AfterSeparator("[,:]", "(?P<x>a+)")
    >>> [m.group("x") for m in p.finditer("a,aa:b", 0, 6)], p.matches(p.full.match("a"))
    (['a', 'aa'], True)
    """

    def __init__(self, separators: str, rest: str):
        self.full = regex.compile(rf"(?:{separators}|\A){rest}")
        self.led = regex.compile(separators + rest)

    def finditer(self, text: str, start: int, end: int) -> Iterator[regex.Match[str]]:
        """``self.full.finditer(text, start, end)``."""
        if start == 0:
            first = self.full.match(text, 0, end)
            if first is not None:
                yield first
                start = first.end()  # the pattern never matches empty
        yield from self.led.finditer(text, start, end)

    def matches(self, m: regex.Match[str]) -> bool:
        """Whether ``m`` is a match of this pattern."""
        return m.re is self.full or m.re is self.led


_SEP = ",，、;；。:：\n"
_NAME_CH = r"[^\d\s,，、;；。:：()（）%|｜\[\]【】<>《》①-⑳◆●■▲★•◇○□◎▶►]"
# A count as printed: thousands separators, decimals and 万 are read so they can be refused.
_COUNT = r"(?:\d{1,3}(?:[, ]\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:\s*万)?"

# Between a name and its count: ``(``, ``(共``, ``:``, ``共``, ``，有`` (``X类，有N件``).
_CONNECTOR = r"(?:(?P<po>[(（])[ \t]*(?:共计|共)?|[,，][ \t]*(?:共计|共有|有)|[:：]?[ \t]*(?:共计|共有|共)?)[ \t]*"
# An item number or bullet printed before a name (①X类N件; ◎ X类 N件; ``：1.X类N件，占P%；2.Y类…`` inline):
# not part of the name.
_BULLETS = "◆●■▲★•◇○□◎▶►"
_ITEM_MARK = rf"(?:[①-⑳{_BULLETS}]|(?<=[,，、;；:：][ \t]*)\d{{1,2}}[ \t]*[.．、](?!\d))"  # (a line's own: enumerated)
# Pictographs a post prints before a name (🏠 X类 N件, with a variation selector or a keycap mark): not part of it.
_PICTOGRAPHS = r"(?:[\p{Extended_Pictographic}][\uFE0F\u20E3]*[ \t]*)*"
# One item: a name right after a separator (or a closing bracket), then its count. The name takes
# every name character up to the count (possessive: one pass per separator, linear in the text).
_ITEM = _AfterSeparator(
    rf"[{_SEP})）]",
    rf"[ \t]*(?:{_ITEM_MARK}[ \t]*)?{_PICTOGRAPHS}(?P<name>{_NAME_CH}{{1,40}}+)[ \t]*{_CONNECTOR}(?P<n>{_COUNT})(?![ \t]*[.．](?!\d))"
    rf"\s*(?P<u>{UNIT})?"  # (not ``类别：1.`` — the next item's number)
)
# Classes named together and counted together: ``A类、B类、C类来信分别为N1件、N2件、N3件`` (as many counts as
# names; each name is read as a class of its own).
_RESPECTIVE = _AfterSeparator(
    rf"[{_SEP})）]", rf"[ \t]*(?P<names>{_NAME_CH}{{2,20}}?(?:[ \t]*、[ \t]*{_NAME_CH}{{2,20}}?){{1,9}})"
    r"(?:诉求|问题|信件|来信|来电|事项|工单|投诉)?[ \t]*[,，]?[ \t]*(?:分别|依次)(?:为|是|有|达)[ \t]*[:：]?[ \t]*"
    rf"(?P<counts>{_COUNT}\s*{UNIT}(?:[ \t]*[、,，][ \t]*{_COUNT}\s*{UNIT}){{0,9}})"
)
_RESPECTIVE_NAME = regex.compile(r"[^、\s]+")


# A share after a count: ``,占比P%``, ``,占总量的P%``, ``约占P%``, ``(P%)``, ``(占P%)``, `` 占比 P%``.
_SHARE = regex.compile(
    r"\s*[,，、]*\s*(?:(?P<paren>[(（])\s*(?:约|約)?(?:(?:占|比例|比重)(?P<base1>[^\d%,，。;；()（）\n]{0,14}?))?"
    r"|(?:约|約)?(?:占|比例|比重)(?P<base2>[^\d%,，。;；()（）\n]{0,14}?))\s*(?:约|达|为)?\s*"
    rf"(?:(?P<p>{PCT})\s*%|(?P<cp>{CN_PCT}))\s*(?(paren)[)）]?)"
)
# A bare share inside the brackets that hold the count: ``X类(N件,P%)``, ``X类（N件，P ％）`` (groups as _SHARE's).
_PAREN_SHARE = regex.compile(
    rf"[ \t]*[,，;；、][ \t]*(?P<base1>)(?P<base2>)(?:约|占比?)?[ \t]*(?:(?P<p>{PCT})\s*%|(?P<cp>{CN_PCT}))(?=[ \t]*[)）])"
)
_PAREN_TAIL = regex.compile(r"[^()（）\n]{0,80}?[)）]")
# The share printed before the count: ``X类占比P%,共N件``, ``X类次之,占比P%,共N件``, ``X类诉求占比最高,为P%,共N件``.
_SHARE_FIRST = regex.compile(
    rf"(?:[{_SEP})）]|\A)[ \t]*(?:[①-⑳{_BULLETS}][ \t]*)?(?P<name>{_NAME_CH}{{2,40}}?)[ \t]*[,，]?[ \t]*(?:约|約)?"
    rf"(?:占|比例|比重)(?P<base1>)(?P<base2>[^\d%,，。;；()（）\n]{{0,14}}?)(?:最高|最大|最多|居首)?[ \t]*[,，]?[ \t]*"
    rf"(?:约|达|为)?[ \t]*(?:(?P<p>{PCT})\s*%|(?P<cp>{CN_PCT}))[ \t]*[,，]?[ \t]*(?:共计|共有|共|计|合计)?[ \t]*"
    rf"(?P<n>{_COUNT})\s*(?P<u>{UNIT})"
)
# What every _SHARE_FIRST match holds: its share's ``%`` right before its count (``…%,共N件``), or a share in
# Chinese numerals (百分之…). A literal-led scan, far cheaper than _SHARE_FIRST's try at every separator.
_SHARE_THEN_COUNT = regex.compile(r"%[ \t]*[,，]?[ \t]*(?:共计|共有|共|计|合计)?[ \t]*\d")
# A class whose count a mirror lost (``住房保障类件,占12.6%``) or damaged (``劳动保障类4??件``, ``…类2�3件``: lost
# characters, see :mod:`hotline_etl.repair`): it keeps its place and share, its count unknown.
_LOST_COUNT = regex.compile(rf"(?:[{_SEP})）]|\A)[ \t]*(?P<name>{_NAME_CH}{{1,40}}?类)(?:[\d,]*[?\ufffd][\d,?\ufffd]*)?"
                            rf"(?P<u>件|宗|个)(?=[ \t]*[,，]?[ \t]*(?:约|約)?占)")
# A share whose digits a mirror damaged (``,占8.7�%``): no share, but the item runs to its end.
_LOST_SHARE = regex.compile(r"[ \t]*[,，]?[ \t]*(?:约|約)?占比?[\d.]*[?\ufffd][\d.?\ufffd]*[ \t]*%")
#: What a mirror leaves where it lost characters (a count's digits among them).
_LOST_MARKS = ("类件", "类宗", "类个", "?", "\ufffd")
# What every _LOST_COUNT match holds from its name's 类 (or its count's first lost character) on: a scan led by
# three characters, far cheaper than _LOST_COUNT's try at every separator (a ``?`` in a case text is common).
_LOST_COUNT_END = regex.compile(r"(?:类|[?\ufffd][\d,?\ufffd]*+)(?:件|宗|个)(?=[ \t]*[,，]?[ \t]*(?:约|約)?占)")
# ``…最多的事项是X,其工单数为N件``, ``反映最集中的是X,工单数为N件`` and ``涉及X(投诉)最多,工单数为N件``:
# one named main subject.
_MOST = r"(?:最多|最为?集中|最为?突出|最高|居首位?)"
_LEADERS = (
    regex.compile(rf"{_MOST}的?(?:事项|问题|诉求|类别)?(?:是|为)(?P<name>{_NAME_CH}{{2,30}}?)[,，]\s*其?"
                  rf"(?:工单|诉求|来电|投诉)?(?:数量|数|量)?(?:为|达|是)?\s*(?P<n>{_COUNT})\s*(?P<u>{UNIT})"),
    regex.compile(rf"涉及(?P<name>[^\d\s,，;；。:：\n]{{2,30}}?)(?:投诉|诉求|问题|工单|来电)?{_MOST}[,，]\s*其?"
                  rf"(?:工单|诉求|来电|投诉)?(?:数量|数|量)?(?:为|达|是)?\s*(?P<n>{_COUNT})\s*(?P<u>{UNIT})"),
)

# Enumerators: ``1.`` ``1、`` ``(一)`` ``(1)`` ``①`` ``◆`` at a line start, ``一是`` after a separator.
_ENUMERATORS = (
    _AfterSeparator(r"\n", r"[ \t]*(?P<e>(?P<ar>\d{1,2})[ \t]*[.、．](?!\d)"
                    r"|[(（][ \t]*(?P<pc>[一二三四五六七八九十]{1,3}|\d{1,2})[ \t]*[)）]|(?P<ci>[①-⑳])|(?P<bu>[◆●■▲★•◇○□◎▶►]))"),
    _AfterSeparator(rf"[{_SEP}]", r"[ \t]*(?P<e>(?P<sh>[一二三四五六七八九十])是)"),
)
# What every match of each enumerator holds (``一是``), a literal scan; None: not looked for first.
_ENUMERATOR_NEEDS = (None, re.compile(r"[一二三四五六七八九十]是"))
_COUNT_UNIT = regex.compile(rf"(?P<n>{_COUNT})\s*(?P<u>{UNIT})")
# Where an enumerated heading stops: punctuation, a number, or the verb of its figure.
_HEADING_END = regex.compile(r"[:：,，。;；(（\n\d]|(?:共计|累计|共(?=\d|接收|受理|接到|收到|有|计))|接收|受理|接到|收到")

# Name clean-up (simplified script).
_LEAD = regex.compile(
    r"(?:其中|另有|另外|此外|反映的?|主要(?:集中)?(?:在|为|是|有|包括|涉及)|集中在|分别(?:为|是|有)|依次(?:为|是)|包括|涉及到?"
    r"|(?:诉求|问题|事项|类别|情况|类型|较多的|最多的|单位|部门)(?:为|是|有)|的是|如下|共受理了?|共接到|共收到"
    r"|受理了?|接收|收到|(?:其次|再次|然后|第[一二三四五六七八九十]{1,2}(?:位|名)?)(?:是|为))"
)
_AFTER_CLASS = regex.compile(r"(?<=类)(?:相关)?(?:诉求|问题|信件|来信|事项|工单|投诉|来电)$")
_TRAILING = regex.compile(r"(?:各|共计|共有|共|合计)$|(?<=..)方面的?$|(?<=..)相关诉求$|(?<=类)(?:次之|居次|其次)$")
_TYPE_SUFFIX = regex.compile(r"(?:类)?(?:电话|诉求|信件|来信|来电|工单|事项|问题)?$")
_REQUEST_TYPE = regex.compile("(?:" + "|".join(sorted(REQUEST_TYPES, key=len, reverse=True)) + ")+")

# What a classification's name is not.
_FIGURE_WORDS = regex.compile(
    r"办结|办理|处理|受理|转办|交办|承办|督办|直办|派单|派发|转派|回访|接通|接听|呼入|来电|答复|解答|满意|超期|逾期|延期"
    r"|退回|返工|签收|有效|总数|总量|合计|累计|共计|日均|同比|环比|上升|下降|增加|减少|工单|收到|接到|办件|话务"
    r"|件数|数量|占比|比例|率|解决|响应|评价|回复|抽查|核实|按时|按期|及时|重复|转交|移交|流转"
    r"|情况$|^(?:其中|合计|总计|小计|以上|以下)$|^各类|^全部|^所有|本[月周期季年]|当[月周]|^今年|^全[市区县]"
    r"|^(?:尚有|还有|仍有|另有|其余|剩余)$|表扬|感谢|锦旗"
)
# Words opening an item printed beside a classification (另有涉及供暖的诉求N件 after the ranked classes):
# a cross-cutting tally, which ends the block; ``另有其他类N件`` is the classification's rest and stays.
_ASIDE = regex.compile(r"[\s,，、;；。]*(?:另有|另外|此外)")
# A count and 、 right before a block's first item: the list began with an entry that was no item.
_HEADLESS = regex.compile(rf"\d\s*{UNIT}\s*、[ \t]*$")
# A name opening with an earlier period (上月居首位的为X类N件) states that period's figure, for comparison.
_EARLIER_PERIOD = regex.compile(r"上[月周期]|上个月|上一?季度|上年|去年")
_HAN = regex.compile(HAN)
_ALL = regex.compile(r"各类|全部|所有")
_PERSON = regex.compile(r"先生|女士|同志|老人|市民$|群众$|村民$")
_UNIT_OR_CHANNEL = regex.compile(
    r"(?:局|委|办|镇|乡|街道|政府|中心|公司|集团|大队|支队|中队|部门|单位|管委会|办事处|处|台|院|所|站|厅|银行|县|区|市|州|省"
    r"|平台|热线|信箱|专线|网站|微信|微博|短信|邮件|电话|APP|app|留言|留言板|网络|网|公众号|小程序|客户端|专席|来信|来访|镇街|本级"
    r"|渠道|途径)$"
    r"|信箱|热线|平台|12345"
)
_UNSUBJECT_BASE = regex.compile(r"不满意|不合格")

# A classification cue in the words introducing a block. 集中 is one as "concentrated" (集中在, 较集中, 诉求集中,
# 集中的), not as a modifier of the next word (集中更新, 集中培训, 集中供暖).
_CUE = regex.compile(
    r"分类|类别|类型|归口|行业|(?:按|从|诉求|反映|来信|来电|信件)内容|内容(?:分|划分|统计|看)|热点"
    r"|集中(?:(?=[在于的出反体为])|(?!\p{Han}))|突出|较多|最多"
    r"|排行|排名|排在|前[一二三四五六七八九十\d]{1,2}[位类项名大]"
    r"|主要诉求|主要问题|三大类|事项|划分"
    r"|(?:受理|接到|收到|接收|登记)[^。\n\d]{0,20}\d+\s*(?:件|个|宗|条|单|封)[^。\n]*$"
)
# An introduction of lead words only (``其中``): the sentence before introduces the list.
_BARE_INTRO = regex.compile(r"[\s,，]*(?:其中|具体|分别)?[\s,，:：]*(?:为|是|有)?")
_COMPARISON = (rf"[(（]?(?:(?:同比|环比|较(?:上|去|前|同)[^\d,，;；。\n]{{0,8}}?)[^\d,，;；。()（）\n]{{0,6}}?"
               rf"|(?:增长|下降|上升|减少|增加|增幅|减幅|降幅)[了为达]?)[+-]?\d+(?:\.\d+)?\s*(?:%|个百分点|{UNIT})?[)）]?")
_ORDINAL = regex.compile(r"第[一二三四五六七八九十\d]{1,2}(?:位|名)?(?:的?是|为)?[:：]?")
_COMPARISON_RE = regex.compile(_COMPARISON)
# An item number printed inline before the next item (…；(2)Y类N件, …；2.Y类N件): no number of the gap.
_INLINE_NUMBER = regex.compile(r"[(（][ \t]*\d{1,2}[ \t]*[)）]|(?<=[,，、;；])\d{1,2}[ \t]*[.．、](?!\d)")
_AFTER_COMPARISON = regex.compile(rf"\s*[,，]?\s*{_COMPARISON}")
_GAP = regex.compile(rf"(?:[\s,，、;；。]+|{_COMPARISON}|[^\d,，、;；。:：\n]{{1,12}}(?=[,，、;；。\n]|$))*")

#: How far a name may stand from where its line starts or from its count, and the longest gap
#: between two items of one list (characters).
_NAME_REACH = 60
#: How far before a block its introducing words are looked for (characters).
_INTRO_REACH = 300
#: How far after a list a share printed later for one of its names is looked for (characters).
_LATER_SHARE_REACH = 3000

_CN = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


@dataclass(frozen=True, slots=True)
class Classifications:
    """The bulletin's categories and, when it also classifies by subject, its request types."""

    categories: tuple[Category, ...] = ()
    request_types: tuple[Category, ...] = ()


class _Item(NamedTuple):
    """One item as read (a NamedTuple: a bulletin makes dozens, and a frozen dataclass of ten fields costs
    several times as much to build)."""

    start: int  # where the item's text starts (its lead words included)
    name_start: int  # the cleaned name, [name_start, name_end) in the view
    name_end: int
    name: str  # cleaned, simplified
    count: int | None
    count_pos: int
    share: Percent | None
    share_pos: int | None
    end: int
    kind: str  # subject, request_type, other, unit, figure, approximate


@dataclass(frozen=True, slots=True)
class _Block:
    items: tuple[_Item, ...]
    spans: tuple[tuple[int, int], ...]  # the text the block covers (one span per enumerated item)
    cued: bool

    @property
    def start(self) -> int:
        return self.items[0].start

    @property
    def size(self) -> int:
        """Items with an exact count."""
        return sum(i.kind != "approximate" for i in self.items)

    @property
    def kind(self) -> str:
        types = sum(i.kind == REQUEST_TYPE for i in self.items)
        subjects = sum(i.kind == SUBJECT for i in self.items)
        if types + subjects == 0:
            return "other"
        return REQUEST_TYPE if types >= 2 and types >= 2 * subjects else SUBJECT


def extract_classifications(scope: Scope) -> Classifications:
    """Categories and request types printed in ``scope`` (the rule is the module docstring)."""
    if scope.empty:
        return Classifications()
    items = _items(scope)
    blocks = _without_sub_breakdowns(_leader_blocks(scope) + _enumerated_blocks(scope) + _line_blocks(scope, items)
                                     + _run_blocks(scope, items))
    blocks = [b for b in blocks if b.cued or not _headless(scope, b)]
    subjects = sorted((b for b in blocks if b.kind == SUBJECT and _preference(b) is not None),
                      key=lambda b: (_preference(b), b.start))
    types = sorted((b for b in blocks if b.kind == REQUEST_TYPE and b.size >= 2), key=lambda b: (not b.cued, b.start))
    if subjects:
        return Classifications(_categories(scope, subjects[0], SUBJECT),
                               _categories(scope, types[0], REQUEST_TYPE) if types else ())
    if types:
        return Classifications(_categories(scope, types[0], REQUEST_TYPE))
    return Classifications()


def extract_categories(scope: Scope) -> tuple[Category, ...]:
    """The categories of :func:`extract_classifications`.

    >>> from hotline_etl.readers import load
    >>> from hotline_etl.script import build_view
    >>> cats = extract_categories(Scope.whole(build_view(load("分类统计前二位的是:城建类20件,占比2.5%,交通类10件(1.25%)。"))))
    >>> [(c.name, c.count, c.share.raw) for c in cats]
    [('城建类', 20, '2.5%'), ('交通类', 10, '1.25%')]
    """
    return extract_classifications(scope).categories


def classifications_from_tables(tables: Sequence[PrintedTable]) -> Classifications:
    """The classification printed only in a table: the first ``per_category`` table whose first column
    (the one after a rank column ``序号``, when the table opens with one) names classes (two or more),
    with the first column of whole counts after it and a share column (``占比``). The row a cut text
    stops in is left out.
    Classes are ranked in printed order; total rows are left out.

    >>> t = PrintedTable(1, None, "per_category", ("诉求类别", "工单量", "占比"), (None, None, "share_pct"),
    ...                  (("城建类", "276", "17.47%"), ("环保类", "231", "14.62%"), ("合计", "507", "100%")),
    ...                  (False, False, True))
    >>> [(c.rank, c.name, c.count, c.share.value) for c in classifications_from_tables([t]).categories]
    [(1, '城建类', 276, 17.47), (2, '环保类', 231, 14.62)]
    """
    for t in tables:
        if t.kind != "per_category" or not t.rows:
            continue
        name_col = 1 if t.columns and t.columns[0] == "seq" else 0  # a rank column (序号 | 类别 | 件数) comes first
        kept = t.rows[:-1] if t.cut else t.rows  # the row a cut text stops in is no class (``| 交通运输 | 23``)
        rows = [(k, r) for k, r in enumerate(kept)
                if not (t.totals and t.totals[k]) and len(r) > name_col and r[name_col].strip()]
        width = min(len(r) for _, r in rows) if rows else 0
        count_col = next((j for j in range(name_col + 1, width) if t.columns[j] != "share_pct"
                          and all(parse_count(r[j].strip()) is not None for _, r in rows)), None)
        if count_col is None:
            continue
        share_col = next((j for j in range(name_col + 1, width) if t.columns[j] == "share_pct"), None)
        kinds = [_kind(to_simplified(r[name_col]).replace(" ", "")) for _, r in rows]
        if len(rows) < 2 or any(k not in (SUBJECT, REQUEST_TYPE, "other") for k in kinds):
            continue
        classification = REQUEST_TYPE if kinds.count(REQUEST_TYPE) >= 2 * max(1, kinds.count(SUBJECT)) else SUBJECT
        cats = tuple(
            Category(rank=rank, name=r[name_col].strip(), count=parse_count(r[count_col].strip()),
                     share=Percent.parse(r[share_col]) if share_col is not None else None,
                     source=t.cell_sources[k][name_col] if t.cell_sources else t.source, classification=classification,
                     share_source=t.cell_sources[k][share_col] if t.cell_sources and share_col is not None else None)
            for rank, (k, r) in enumerate(rows, start=1))
        return Classifications(cats)
    return Classifications()


def with_table_classes(printed: Classifications, tables: Sequence[PrintedTable]) -> Classifications:
    """``printed`` completed by a classification printed only in a table: a subject table is the categories
    when the text prints none (request types printed in the text then go to ``request_types``); a request-type
    table only when the text prints no classification at all."""
    if printed.categories and (printed.categories[0].classification == SUBJECT or printed.request_types):
        return printed
    table = classifications_from_tables(tables)
    if not table.categories:
        return printed
    if table.categories[0].classification == SUBJECT:
        return Classifications(table.categories, printed.categories)
    return printed if printed.categories else table


# --- choice -------------------------------------------------------------------------------------

def _headless(scope: Scope, b: _Block) -> bool:
    """Whether the block goes on a list whose first entry was no item: ``12315热线受理消费投诉6,214件、
    举报线索1,903件、…`` (a line's own breakdown, headed by a name with digits) leaves a block that
    starts after ``N件、``; what it continues is not a classification."""
    return _HEADLESS.search(scope.view.simp, max(scope.start, b.start - 12), b.start) is not None


def _preference(b: _Block) -> int | None:
    """0: cued, two or more items; 1: cued, one item; 2: uncued, two or more; None: not a candidate."""
    many = b.size >= 2
    if b.cued:
        return 0 if many else 1
    return 2 if many else None


def _categories(scope: Scope, block: _Block, classification: str) -> tuple[Category, ...]:
    """The block's items as categories, ranked in printed order (approximate ones keep their rank)."""
    later = _later_shares(scope, [i.name for i in block.items if i.share is None and i.kind != "approximate"],
                          max(e for _, e in block.spans))
    out = []
    for rank, i in enumerate(block.items, start=1):
        if i.kind == "approximate":
            continue
        share, share_pos = (i.share, i.share_pos) if i.share is not None else later.get(i.name, (None, None))
        out.append(Category(rank=rank, name=scope.raw_span(i.name_start, i.name_end), count=i.count, share=share,
                            source=scope.origin(i.name_start), classification=classification,
                            share_source=scope.origin(share_pos) if share_pos is not None else None))
    return tuple(out)


def _later_shares(scope: Scope, names: list[str], after: int) -> dict[str, tuple[Percent | None, int | None]]:
    """Shares printed later, within :data:`_LATER_SHARE_REACH` characters of the list, for names
    printed without one: ``1.市容管理类诉求占比8.5%`` for ``市容管理(124件)``. The first statement wins."""
    stems = {name.removesuffix("类"): name for name in names}
    if not stems:
        return {}
    pattern = regex.compile(
        r"(?<!\p{Han})(?P<stem>" + "|".join(map(regex.escape, sorted(stems, key=len, reverse=True))) + ")"
        rf"类?(?:相关)?(?:诉求|问题|工单|事项)?的?(?:占比|占)[^\d%,，。;；\n]{{0,10}}?\s*(?P<p>{PCT})\s*%")
    found: dict[str, tuple[Percent | None, int | None]] = {}
    for m in pattern.finditer(scope.view.simp, after, min(scope.end, after + _LATER_SHARE_REACH)):
        found.setdefault(stems[m.group("stem")], (Percent.parse((scope.raw(m, "p") or "") + "%"), m.start("p")))
    return found


def _without_sub_breakdowns(blocks: list[_Block]) -> list[_Block]:
    """Drop repeated blocks (the same items found by two forms) and blocks inside another's items."""
    kept: list[_Block] = []
    seen: set[int] = set()
    for b in sorted(blocks, key=lambda b: -len(b.items)):  # stable: leader, enumerated, lines, runs
        positions = {i.count_pos for i in b.items}
        if positions & seen:
            continue
        seen |= positions
        kept.append(b)
    return sorted((b for b in kept if not any(_inside(b, other) for other in kept if other is not b and
                                              len(other.spans) > 1)), key=lambda b: b.start)


def _inside(b: _Block, other: _Block) -> bool:
    return all(any(s <= i.count_pos < e for s, e in other.spans) for i in b.items)


# --- items --------------------------------------------------------------------------------------

def _item(scope: Scope, start: int, name_start: int, name_end: int, count_m: regex.Match[str]) -> _Item | None:
    """An item from its name span and its count match; None when it cannot be one."""
    view = scope.view
    count_text = count_m.group("n")
    count_end = count_m.end()
    near = _near(scope, count_end)
    share_m = _SHARE.match(view.simp, count_end, near)
    if share_m is None:  # ``X类N件,同比上升P%,占Q%``: the share after a year-on-year clause
        comparison = _AFTER_COMPARISON.match(view.simp, count_end, near)
        share_m = _SHARE.match(view.simp, comparison.end(), _near(scope, comparison.end())) if comparison else None
    opened = _ITEM.matches(count_m) and count_m.group("po")  # only _ITEM has the opening bracket (po)
    if share_m is None and opened:
        share_m = _PAREN_SHARE.match(view.simp, count_end, near)
    if count_m.group("u") is None and share_m is None:
        return None
    end = share_m.end() if share_m else count_m.end()
    if share_m is None and view.simp.find("占", end, lost_end := _near(scope, end)) >= 0 \
            and (lost := _LOST_SHARE.match(view.simp, end, lost_end)) is not None:  # (only where its 占 stands)
        end = lost.end()
    if opened:
        tail = _PAREN_TAIL.match(view.simp, end, _near(scope, end, 90))
        end = tail.end() if tail else end
    if share_m and _UNSUBJECT_BASE.search((share_m.group("base1") or "") + (share_m.group("base2") or "")):
        return None
    name_start, name_end = _clean(view.simp, name_start, name_end)
    name = view.simp[name_start:name_end]
    share = _share(view, share_m) if share_m else None
    kind = _kind(name)
    if kind != "other" and (view.simp.find("另", start, name_end) >= 0 or view.simp.find("此", start, name_end) >= 0) \
            and _ASIDE.match(view.simp, start, name_end):  # (only where its 另 or 此 stands)
        kind = "figure"  # 另有涉及供暖的诉求N件: a tally beside the classification, not a class of it
    count = parse_count(count_text.replace(" ", ""))
    if "万" in count_text or "." in count_text:  # approximate: a place in the list, not an exact count
        count, kind = None, kind if kind in ("figure", "unit") else "approximate"
    elif count is None:
        return None
    return _Item(start, name_start, name_end, name, count, count_m.start("n"), share,
                 share_m.start("p" if share_m.group("p") else "cp") if share_m else None, end, kind)


def _share(view: View, m: regex.Match[str]) -> Percent | None:
    """The share a :data:`_SHARE` match prints: ``12.5%``, or ``百分之十二点五`` (raw kept as printed)."""
    if m.group("p") is not None:
        return Percent.parse(view.raw[m.start("p"):m.end("p")].replace("\n", "") + "%")  # 8\n.81: a hard wrap
    value = chinese_percent(m.group("cp"))
    decimals = len(m.group("cp").partition("点")[2])
    return Percent(value, decimals, view.raw[m.start("cp"):m.end("cp")]) if value is not None else None


def _near(scope: Scope, pos: int, reach: int = 40) -> int:
    """An end for a match anchored at ``pos``: the regex module's cost grows with the span it is given."""
    return min(scope.end, pos + reach)


def _clean(simp: str, start: int, end: int) -> tuple[int, int]:
    """The span of the name proper: lead words, a descriptive prefix and filler words cut off."""
    head, tail = _name_cuts(simp[start:end], simp[start - 1:start] in (")", "）"))
    return start + head, end - tail


@lru_cache(maxsize=4096)
def _name_cuts(text: str, after_bracket: bool) -> tuple[int, int]:
    """How many characters :func:`_clean` cuts from the start and from the end of ``text``."""
    head = 0
    lead = None
    for lead in _LEAD.finditer(text):
        pass
    if lead is not None and len(text) - lead.end() >= 2:
        head, text, after_bracket = lead.end(), text[lead.end():], False
    cut = text.rfind("等")
    # ``…住房保障等城乡规划建设类``: a description ends at 等 when a class name follows it (also right
    # after a bracket: ``…(新冠肺炎疫情)等突发事件管理类``); ``平等就业`` keeps its 等.
    if (cut > 0 or cut == 0 and after_bracket) and "类" in text[cut + 1:] and len(text) - cut - 1 >= 2:
        head, text = head + cut + 1, text[cut + 1:]
    tail = 0
    for pattern in (_TRAILING, _AFTER_CLASS):
        m = pattern.search(text)
        if m is not None and m.start() >= 2:
            tail, text = tail + len(text) - m.start(), text[:m.start()]
    return head, tail


@lru_cache(maxsize=4096)
def _kind(name: str) -> str:
    if len(name) < 2 or not _HAN.search(name):
        return "figure"
    if _PERSON.search(name) or _EARLIER_PERIOD.match(name):
        return "figure"
    stem = _TYPE_SUFFIX.sub("", name) or name
    if name in _OTHER or stem in _OTHER or name in ("其他类", "其它类"):
        return "other"
    if _REQUEST_TYPE.fullmatch(stem):
        return REQUEST_TYPE
    if name.endswith("类") and not _ALL.match(name):
        return SUBJECT  # a class name: never a unit or a figure
    if _FIGURE_WORDS.search(name):
        return "figure"
    if _UNIT_OR_CHANNEL.search(name) or _UNIT_OR_CHANNEL.search(stem.strip("\"“”'‘’「」")):
        return "unit"
    return SUBJECT


def _cue(scope: Scope, start: int, item: _Item) -> bool:
    """Whether the words introducing an item (its sentence, and the two lines before it when the
    sentence starts a line, unless they are prose ending with a full stop) cue a classification."""
    simp = scope.view.simp
    floor = max(scope.start, start - _INTRO_REACH)  # bounded: a long text without stops stays linear
    begin = max(simp.rfind("。", floor, start), simp.rfind("\n", floor, start), floor - 1) + 1
    intro = simp[begin:item.name_start]
    if begin == scope.start or simp[begin - 1] == "\n":
        # A heading or an introducing line above (三、热点问题 / 按内容分类:); a paragraph of prose that
        # ends with a full stop is not one (…按月排名并向社会公布。).
        lines = simp[max(scope.start, begin - _INTRO_REACH):begin].rstrip("\n").split("\n")
        intro = "\n".join(line for line in lines[-2:] if not line.rstrip().endswith("。")) + "\n" + intro
    elif _BARE_INTRO.fullmatch(intro):
        # ``…共受理来电诉求1628件,同比增加110件。其中X类N件…``: the list breaks down the total just stated.
        before = max(simp.rfind("。", floor, begin - 1), simp.rfind("\n", floor, begin - 1), floor - 1) + 1
        intro = simp[before:begin - 1] + intro
    return _CUE.search(intro) is not None


# --- blocks -------------------------------------------------------------------------------------

def _leader_blocks(scope: Scope) -> list[_Block]:
    blocks = []
    for pattern in _LEADERS:
        for m in pattern.finditer(scope.view.simp, scope.start, scope.end):
            item = _item(scope, m.start("name"), m.start("name"), m.end("name"), m)
            if item is not None and item.kind == SUBJECT:
                blocks.append(_Block((item,), ((item.start, item.end),), True))
    return blocks


def _items(scope: Scope) -> list[_Item]:
    """Every item of the scope in printed order (figures and units included: they end blocks)."""
    items: list[_Item] = []
    last_end = scope.start
    simp = scope.view.simp
    for m in _ITEM.finditer(simp, scope.start, scope.end):
        if m.start("name") < last_end:
            continue
        item = _item(scope, m.start("name"), m.start("name"), m.end("name"), m)
        if item is not None:
            items.append(item)
            last_end = item.end
    if ("占" in simp or "比" in simp) and (  # shares printed before counts: rarer, so looked for only then
            _SHARE_THEN_COUNT.search(simp, scope.start, scope.end) or simp.find("百分之", scope.start, scope.end) >= 0):
        first = [i for m in _SHARE_FIRST.finditer(simp, scope.start, scope.end) if (i := _share_first_item(scope, m))]
        if first:
            items = sorted([i for i in items if not any(i.start < f.end and f.start < i.end for f in first)] + first,
                           key=lambda i: i.start)
    if "分别" in simp or "依次" in simp:  # classes counted together: rarer, so looked for only then
        # every such run replaces the items read inside it, also when its names and counts do not pair up (a cut
        # after the first count leaves no ``C类来信分别为`` class with the first count)
        runs = list(_RESPECTIVE.finditer(simp, scope.start, scope.end))
        together = [i for m in runs for i in _respective_items(scope, m)]
        items = sorted([i for i in items if not any(i.start < m.end() and m.start("names") < i.end for m in runs)]
                       + together, key=lambda i: i.start)
    if any(mark in simp for mark in _LOST_MARKS) and _LOST_COUNT_END.search(simp, scope.start, scope.end):
        # digits lost by a mirror: rare, so looked for only then
        lost = [i for m in _LOST_COUNT.finditer(simp, scope.start, scope.end) if (i := _lost_item(scope, m))]
        items = sorted(items + [i for i in lost if not any(o.start <= i.start < o.end for o in items)],
                       key=lambda i: i.start)
    return items


def _share_first_item(scope: Scope, m: regex.Match[str]) -> _Item | None:
    """``X类占比P%,共N件``: a class printed with its share before its count."""
    if "万" in m.group("n") or "." in m.group("n"):
        return None
    name_start, name_end = _clean(scope.view.simp, m.start("name"), m.end("name"))
    name = scope.view.simp[name_start:name_end]
    count = parse_count(m.group("n").replace(" ", ""))
    if count is None or _UNSUBJECT_BASE.search(m.group("base2") or ""):
        return None
    return _Item(m.start("name"), name_start, name_end, name, count, m.start("n"), _share(scope.view, m),
                 m.start("p" if m.group("p") else "cp"), m.end(), _kind(name))


def _respective_items(scope: Scope, m: regex.Match[str]) -> list[_Item]:
    """``A类、B类、C类分别为N1件、N2件、N3件``: one item a name, with the count in the same place among the
    counts; none when the numbers of names and counts differ, a count is approximate, or a name is no class
    (a unit, a figure: ``县住建局、县人社局分别为…`` is no classification)."""
    simp = scope.view.simp
    names = list(_RESPECTIVE_NAME.finditer(simp, m.start("names"), m.end("names")))
    counts = list(_COUNT_UNIT.finditer(simp, m.start("counts"), m.end("counts")))
    if len(names) != len(counts) or any("万" in c.group("n") or "." in c.group("n") for c in counts):
        return []
    items = []
    for name_m, count_m in zip(names, counts):
        name_start, name_end = _clean(simp, name_m.start(), name_m.end())
        name = simp[name_start:name_end]
        count = parse_count(count_m.group("n").replace(" ", ""))
        kind = _kind(name)
        if count is None or kind not in (SUBJECT, REQUEST_TYPE, "other"):
            return []
        # the item spans its name and its count, so the block's share look-up starts past every count
        items.append(_Item(name_m.start(), name_start, name_end, name, count, count_m.start("n"), None, None,
                           count_m.end(), kind))
    return items


def _lost_item(scope: Scope, m: regex.Match[str]) -> _Item | None:
    """``X类件,占P%``: a class printed with its share but without the digits of its count."""
    share_m = _SHARE.match(scope.view.simp, m.end(), _near(scope, m.end()))
    if share_m is None:
        return None
    name_start, name_end = _clean(scope.view.simp, m.start("name"), m.end("name"))
    name = scope.view.simp[name_start:name_end]
    share = _share(scope.view, share_m)
    return _Item(m.start("name"), name_start, name_end, name, None, m.start("u"), share,
                 share_m.start("p" if share_m.group("p") else "cp"), share_m.end(), _kind(name))


def _run_blocks(scope: Scope, items: list[_Item]) -> list[_Block]:
    """Items printed one after another: ``X类N件,占P%;Y类N件…``, ``XN件、YN件…``."""
    simp = scope.view.simp
    blocks: list[_Block] = []
    run: list[_Item] = []
    for item in items + [None]:
        joins = (item is not None and run and _same_class(run[-1], item)
                 and _joins(simp[run[-1].end:item.start]))
        if not joins:
            if run and run[0].kind not in ("figure", "unit"):
                blocks.append(_Block(tuple(run), ((run[0].start, run[-1].end),), _cue(scope, run[0].start, run[0])))
            run = []
        if item is not None and item.kind != "figure":
            run.append(item)
    return blocks


def _same_class(a: _Item, b: _Item) -> bool:
    return (a.kind == "unit") == (b.kind == "unit")


def _joins(gap: str) -> bool:
    """Whether the text between two items lets them be one list (no colon, no new intro, no other number)."""
    if len(gap) > _NAME_REACH:
        return False
    gap = _ORDINAL.sub("", gap)  # ``…,第二位:Y类N件``: a rank label, not a new list
    gap = _INLINE_NUMBER.sub("", gap)  # ``…；(2)Y类N件``: the next item's number
    if ":" in gap or "：" in gap:
        return False  # a colon opens a new list
    for stop in ("\n", "。"):  # after a line break or a full stop, only the next item may follow
        if stop in gap and gap[gap.index(stop):].strip(" \t\n。,，;；"):
            return False
    m = _GAP.fullmatch(gap)
    return m is not None and _CUE.search(_COMPARISON_RE.sub("", gap)) is None


def _enumerated_blocks(scope: Scope) -> list[_Block]:
    """Items of one enumeration: ``1.X:共N件…`` ``2.Y…``, ``(一)X方面:共N件``, ``一是X,共N件``, ``◆X。共N件``."""
    simp = scope.view.simp
    sequences: dict[str, list[list[tuple[int, int, int | None]]]] = {}
    found = sorted((m for pattern, needs in zip(_ENUMERATORS, _ENUMERATOR_NEEDS)
                    if needs is None or needs.search(simp, scope.start, scope.end)
                    for m in pattern.finditer(simp, scope.start, scope.end)), key=lambda m: m.start("e"))
    for m in found:
        kind = next(k for k, v in m.groupdict().items() if v is not None and k != "e")
        text = m.group(kind)
        if kind == "pc" and not text.isdigit():
            kind = "pc_cn"
        elif kind == "bu":
            kind += text  # ● headline lines and ◎ classes below them are two enumerations
        number = _number(text) if kind != "bu" else None
        seqs = sequences.setdefault(kind, [])
        prev = seqs[-1][-1] if seqs else None
        if prev is not None and (number is None or prev[2] is not None and number == prev[2] + 1):
            seqs[-1].append((m.start("e"), m.end("e"), number))
        else:
            seqs.append([(m.start("e"), m.end("e"), number)])
    blocks = []
    for seqs in sequences.values():
        for seq in seqs:
            if len(seq) < 2:
                continue
            items, spans = [], []
            for k, (start, after, _) in enumerate(seq):
                stop = seq[k + 1][0] if k + 1 < len(seq) else _line_end(simp, after, scope.end, extra_lines=1)
                item = _enumerated_item(scope, start, after, stop)
                spans.append((start, stop))
                if item is not None and item.kind not in ("figure", "unit"):
                    items.append(item)
            if len(items) >= 2 and 2 * len(items) >= len(seq):
                blocks.append(_Block(tuple(items), tuple(spans), _cue(scope, seq[0][0], items[0])))
    return blocks


def _enumerated_item(scope: Scope, start: int, after: int, stop: int) -> _Item | None:
    simp = scope.view.simp
    head_end = _HEADING_END.search(simp, after, min(stop, after + _NAME_REACH))
    name_end = head_end.start() if head_end else stop
    heading = simp[after:name_end]
    name_start, name_end = after + len(heading) - len(heading.lstrip()), after + len(heading.rstrip())
    if name_end - name_start < 2:
        return None
    window_end = _line_end(simp, name_end, min(stop, name_end + _NAME_REACH), extra_lines=1)
    count_m = _COUNT_UNIT.search(simp, name_end, window_end)
    if count_m is None:
        return None
    return _item(scope, start, name_start, name_end, count_m)


def _line_blocks(scope: Scope, items: list[_Item]) -> list[_Block]:
    """Consecutive lines each starting with an item: ``X N件,主要是…`` one per line (blank lines between)."""
    simp = scope.view.simp
    blocks: list[_Block] = []
    run: list[_Item] = []
    spans: list[tuple[int, int]] = []
    for item in items + [None]:
        if item is not None:
            lo = max(scope.start, item.start - _NAME_REACH)
            newline = simp.rfind("\n", lo, item.start)
            line_start = newline + 1 if newline >= 0 else scope.start if lo == scope.start else item.start + 1
            if line_start > item.start or simp[line_start:item.start].strip():
                continue  # not the first thing on its line
            adjacent = bool(spans) and not simp[spans[-1][1]:line_start].strip()
        if item is None or not adjacent or item.kind in ("figure", "unit"):
            if len(run) >= 2:
                blocks.append(_Block(tuple(run), tuple(spans), _cue(scope, run[0].start, run[0])))
            run, spans = [], []
        if item is not None and item.kind not in ("figure", "unit"):
            run.append(item)
            spans.append((line_start, _line_end(simp, item.start, scope.end)))
    return blocks


def _line_end(simp: str, pos: int, limit: int, extra_lines: int = 0) -> int:
    end = simp.find("\n", pos, limit)
    end = limit if end < 0 else end
    for _ in range(extra_lines):
        if end < limit and not _COUNT_UNIT.search(simp, pos, end):
            nxt = simp.find("\n", end + 1, limit)
            end = limit if nxt < 0 else nxt
    return end


def _number(text: str) -> int | None:
    if text.isdecimal():  # not isdigit(): ``①`` is a digit to Python but no int() literal
        return int(text)
    if text in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
        return "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(text) + 1
    if len(text) == 1:
        return _CN.get(text)
    tens, _, ones = text.partition("十")
    return (_CN.get(tens, 1) if tens else 1) * 10 + (_CN.get(ones, 0) if ones else 0)
