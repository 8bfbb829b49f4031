"""The phrase lexicon: how bulletins state each headline figure, as data.

Every count the text prints is a *statement* (:mod:`hotline_etl.extract.figures`):
a clause with one number in it. A phrasing is a regular expression over the
statement's *template*, the clause in simplified script with the number and
its unit replaced by ``#``::

    共受理12345熱線工單2557件      ->  共受理12345热线工单#
    今年6月一共接到111880个市民来电 ->  今年6月一共接到#市民来电

Traditional text needs no phrasings of its own: the script view folds it.
Each phrasing has a *priority* (1 strongest); a statement matching phrasings
of several fields feeds the field with the strongest one, and on a tie the
first in :data:`FIELD_ORDER`. Which statement feeds a field when several
compete is decided in :mod:`hotline_etl.extract.headline`.

>>> [p.field for p in PHRASINGS if p.matches("共受理12345热线工单#")]
['hotline_orders_received']
>>> [p.field for p in PHRASINGS if p.matches("在线办结工单#")]
['direct_answers']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import regex


@dataclass(frozen=True)
class Phrasing:
    """One way of stating ``field``: a pattern over a statement template, its priority and an example."""

    field: str
    pattern: str
    priority: int
    example: str

    @cached_property
    def compiled(self) -> regex.Pattern[str]:
        return regex.compile(self.pattern)

    def matches(self, template: str) -> bool:
        """True when the template (clause with ``#`` for the number) states this field this way."""
        return self.compiled.search(template) is not None


# Nouns for what a hotline receives; 工单 qualified by a dispatch verb (转办工单) names dispatched orders.
# Calls and letters together (来电来信) are everything received, not a mailbox's letters.
_REQUESTS = r"(?:诉求|(?<!转办|交办|派发|转派|派单)工单|来电来信|来信来电|来电|事项|问题|案件|交办件|来件|电话|求助)"
_RECEIVE = r"(?:受理|接收|收到|接到|登记|录入|汇集|汇总|形成|生成)"
# Completion words after these are direct answers (在线办结), on-time or overdue counts, or what is due (应办结).
_NOT_ON_TIME_OR_ONLINE = r"(?<!在线|直接|即时|当场|现场|前台|按期|按时|超期|逾期|超时|延期|应|未)"
_DISPATCH = r"(?:转办|交办|派单|派发|转派|批转|承办|转交|分派|下派|派遣|交由)"

#: Every phrasing, per field. Priority 1: a verb with what it acts on; 2: a bare or looser form.
PHRASINGS: tuple[Phrasing, ...] = (
    # received: all requests taken in the period (受理/接收/收到/接到 … 诉求/来电/工单/事项 …)
    Phrasing("hotline_orders_received",
             _RECEIVE + r"[^#]{0,20}?" + _REQUESTS + r"(?:总量|总数|数量)?(?:共计|共|累计|为|达)*#", 1,
             "本月共受理市民各类诉求#"),
    Phrasing("hotline_orders_received", r"(?:受理|接收|收到|接到)#[^#]{0,8}?(?:诉求|工单|来电|事项|问题|电话)", 1,
             "累计接到#市民来电"),
    Phrasing("hotline_orders_received", r"受理(?:总量|总数|量|数)?(?:并?(?:解答|办理|答复))?(?:共计|共|了|为|达)?#", 2,
             "热线受理解答#"),
    Phrasing("hotline_orders_received", r"(?:诉求|工单)(?:总量|总数)(?:共计|共|为|达)?#", 2, "本周诉求总量为#"),
    # mailbox letters: a mailbox (信箱) receiving letters, or letters (来信/信件) received
    Phrasing("mailbox_letters", r"信箱[^#]{0,20}?(?:收到|受理|接收|接到|信件|来信|留言|共)[^#]{0,12}?#", 1,
             "“区长信箱”共收到网民来信#"),
    Phrasing("mailbox_letters", r"(?:收到|受理|接收|接到)[^#]{0,10}?(?:来信|信件)(?:共计|共)?#", 2,
             "全区共受理市民来信#"),
    Phrasing("mailbox_letters", r"(?:收到|受理|接收|接到)#[^#]{0,6}?(?:来信|信件)", 2, "共收到#群众来信"),
    # praise: praise or thanks received (表扬件, 收到…感谢…), not a call type in a classification
    Phrasing("praise", r"(?:收到|接到|获得|受理)[^#]{0,16}?(?:表扬|感谢|致谢|锦旗)[^#]{0,12}?#", 1,
             "收到群众致谢来电(短信)#"),
    Phrasing("praise", r"表扬(?:件|信|电话|来电)(?:共)?#", 1, "表扬信#"),
    # direct answers: answered on the spot by the hotline itself
    Phrasing("direct_answers",
             r"(?:直接|在线|即时|当场|现场|前台)+(?:答复|解答|办结|回复|处理|处置|办理|解决)[^#]{0,10}?#", 1,
             "通过热线在线解答群众诉求#"),
    Phrasing("direct_answers", r"(?:直办|自行(?:处理|办结|解答|答复))[^#]{0,6}?#", 1, "自行处理#"),
    # answered in one go on the call (一次性答复); 一次性办结 too, unless said of orders passed on
    # (交办工单一次性办结 is how some series count dispatched orders finished at the first try)
    Phrasing("direct_answers", r"一次性(?:答复|解答|告知)[^#]{0,6}?#", 1, "其中一次性答复#"),
    Phrasing("direct_answers", r"(?<!" + _DISPATCH + r"[^#]{0,8})一次性(?:办结|解决)[^#]{0,6}?#", 1, "热线一次性办结#"),
    # dispatched: passed to the responsible units (a verb of passing on, not the noun 交办件)
    Phrasing("dispatched", _DISPATCH + r"(?!件|率)[^#]{0,16}?#", 1, "向各承办单位派发工单#"),
    # a long list of recipients, ending in the kind of unit that handles the orders
    Phrasing("dispatched", _DISPATCH + r"[^#]{0,30}?(?:单位|部门|街道|社区|乡镇|镇街|企业)(?:办理|处理)(?:共计|共)?#", 1,
             "转交各街道办事处、社区居委会及区直部门办理#"),
    Phrasing("dispatched", r"转(?:至|到|给)?[^#]{0,10}?(?:单位|部门)(?:办理|处理)(?:共)?#", 2, "转相关职能部门办理#"),
    Phrasing("dispatched", r"#(?:工单)?(?:转到|转至|转给|转交|交由|派发|派往)[^#]{0,10}?(?:单位|部门)(?:办理|处理)", 2,
             "其余#转到各单位办理"),
    # completed: orders finished, as a count (the % unit keeps rates out), not on time / overdue / online
    Phrasing("completed",
             _NOT_ON_TIME_OR_ONLINE + r"(?:已|实际|共|累计)?"
             r"(?:办结|办毕|结案|办理完毕|处理完毕)(?:回复|答复)?(?:工单|事项)?(?:量|数)?(?:共计|共|为|达)?#", 1, "已办结#"),
    Phrasing("completed", _NOT_ON_TIME_OR_ONLINE + r"(?:已|实际)(?:处理|办理)(?:完毕)?(?:工单|事项)?(?:共)?#", 1,
             "已处理#"),
    # in progress: still being handled
    Phrasing("in_progress", r"(?<!超期|逾期|超时|按期|按时)(?:在办|(?:正|尚|仍|还)在(?:办理|处理)|办理中|处理中"
                            r"|(?:尚|仍|还)?未(?:办结|办理完毕|办完))"
                            r"(?:工单|事项)?(?:共|为)?#", 1, "正在办理#"),
    Phrasing("in_progress", r"(?:尚有|还有|仍有|其余|剩余|余下)#(?:工单|事项)?(?:正在办理|在办|办理中|处理中)", 2,
             "尚有#正在办理中"),
    # the count before its verb, opening its clause (…办结1,462件，49件正在办理中): figures.COUNT_FIRST
    Phrasing("in_progress", r"^#(?:工单|事项)?(?:正在办理|正在处理|仍在办理|尚在办理|在办|办理中|处理中)", 2,
             "#正在办理中"),
)

#: Tie-break when one statement matches phrasings of several fields with the same priority.
FIELD_ORDER = ("praise", "mailbox_letters", "direct_answers", "in_progress", "completed", "dispatched",
               "hotline_orders_received")

#: Fields that state a whole: never read from a part of a breakdown (after 其中, in brackets, or printed
#: with a share), since a part of a total is not the total.
TOTAL_FIELDS = frozenset({"hotline_orders_received", "mailbox_letters", "praise"})

#: Kinds of unit each field is counted in (figures.UNIT_KINDS); calls (次, 通, 人次) are never orders.
FIELD_UNIT_KINDS: dict[str, frozenset[str]] = {
    "hotline_orders_received": frozenset({"order"}),
    "mailbox_letters": frozenset({"order", "letter"}),
    "praise": frozenset({"order", "letter"}),
    "direct_answers": frozenset({"order"}),
    "dispatched": frozenset({"order"}),
    "completed": frozenset({"order", "letter"}),
    "in_progress": frozenset({"order", "letter"}),
}

#: Per field, words in the clause that rule a statement out although a phrasing matches.
FIELD_EXCLUSIONS: dict[str, str] = {
    # a mailbox's letters are mailbox_letters; requests out of scope or invalid are not received
    "hotline_orders_received": r"信箱|超出|无效|重复",
    # a mailbox's overdue, returned or answered letters are not the letters received
    "mailbox_letters": r"超期|逾期|延期|超时|退回|回复|办结|转办|交办|按期|答复|来电",
    # a platform passing orders on to this hotline (110平台转交, “市12345平台”转派) is an intake channel; orders
    # a unit sent back (承办单位退回工单N件) or had to redo (交由原承办单位重新办理的工单N件) are no dispatch
    "dispatched": r"平台[”\"」』]?(?:转派|转交|交办|转办)|退回|回退|退单|重新办理|重办|返工",
}

#: Words before the number that make it a change, an average, a comparison, a sample checked
#: (抽查已办结工单300件) or a follow-up round (回访派发工单1,188件), not a figure of the period.
QUALIFIERS = (r"日均|平均|每[日天周月]|同比|环比|较|比上|比去年|增加|减少|增长|下降|上升|增幅|减幅|提升|回落|抽查|抽检|抽样|抽取"
              r"|回访")

#: Words naming a subset of the orders or another platform (province-dispatched orders, the grid platform):
#: their statements, the rest of their sentence and a section so headed never feed a headline field.
SUBSET_MARKERS = r"省派|省级|(?<![全本])省(?:长?热线|\d*平台|12345)|上级|网格"

#: What may follow a count that opens its clause, making it a statement with its verb after it
#: (``…，49件正在办理中``); any other number with no words before it states nothing.
COUNT_FIRST = r"(?:工单|事项)?(?:正在办理|正在处理|仍在办理|尚在办理|在办|办理中|处理中)"

#: One intake channel named in a clause (网络渠道, 电话渠道, 小程序渠道): its count is a part of the requests
#: received, never the whole. Channels listed together (电话、网络等渠道) are the whole.
CHANNEL = r"(?<![、和及与])(?:网络|电话|热线电话|线上|线下|网上|微信|网站|短信|邮件|APP|小程序)渠道(?!等)"

#: Words that open a breakdown of the count before them in the same sentence.
BREAKDOWN_WORDS = r"其中|包括|分别为|分别是"

#: A category name right before the count (城乡建设类N件, 咨询类诉求N件): a classification, not a headline.
#: 各类 / 等类 / 两类 name no category; 类型 and 类别 are not names; 分类 is the act of classifying.
CATEGORY = r"(?<![各等全此该两三几这分归])类(?![型别])"


def phrasings(field: str) -> tuple[Phrasing, ...]:
    """The phrasings of ``field``, strongest first.

    >>> [p.example for p in phrasings("in_progress")]
    ['正在办理#', '尚有#正在办理中', '#正在办理中']
    """
    return tuple(sorted((p for p in PHRASINGS if p.field == field), key=lambda p: p.priority))
