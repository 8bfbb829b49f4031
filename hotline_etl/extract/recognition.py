"""Is a text a hotline bulletin? One documented rule, applied after extraction.

A document is a bulletin when it reports a hotline's or a mailbox's handling
figures. Concretely, when either holds:

1. a per-unit statistics table (units with counts or rates) was found; or
2. one sentence (text between ``。！？；`` or line ends) holds all three of
   - a hotline or mailbox word (:data:`HOTLINE_WORDS`: 12345, 热线, 信箱,
     市长电话, 工单, 诉求, 来电, 来信, 留言 …),
   - a handling word (:data:`HANDLING_WORDS`: 受理, 接到, 转办, 办结, 答复 …),
   - a count: digits with a counting unit (件, 宗, 个, 单, 封, 条, 通, 次, 件次,
     人次, optionally after 万), or such a unit right after a handling phrase
     whose digits a broken mirror stripped out (``共受理群众诉求件``);

   a count that is all its line holds is read with the line above it (a post
   printed one phrase a line: ``共受理群众诉求`` / ``4,207件``).

Everything else (a news item about a meeting, a page of navigation) raises
:class:`~hotline_etl.errors.NotABulletin`. A bulletin with few figures still
parses; the extractors' warnings say what is absent. The rule reads the
simplified view, so it holds for either script.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> hotline_evidence(build_view(load("本月,12345熱線共受理市民來電1203個。")), has_table=False) is not None
True
>>> hotline_evidence(build_view(load("县里召开防汛工作会议,要求24小时值班。")), has_table=False) is None
True
"""

from __future__ import annotations

import regex

from ..document import Origin
from ..script import View
from .numbers import ANY_UNIT, NUM

#: Words that say the figures are a hotline's or a mailbox's (simplified script).
HOTLINE_WORDS = (
    "12345", "热线", "信箱", "市长电话", "市长专线", "市长公开电话", "便民服务", "工单", "诉求", "来电",
    "来信", "留言", "电话",
)
#: Words that say something was done with requests.
HANDLING_WORDS = (
    "受理", "接收", "收到", "接到", "接听", "接转", "登记", "转办", "交办", "派单", "派发", "转派", "批转",
    "承办", "办结", "办理", "答复", "回复", "解答", "处理", "直办",
)
#: A count as bulletins print it (numbers.NUM and a counting unit), or a unit whose digits were stripped.
COUNT = rf"(?:{NUM}\s*{ANY_UNIT}|(?:诉求|工单|来电|来信)件)"

_SENTENCE_END = r"[。！？；;!?\n]"
_COUNT = regex.compile(COUNT)
_HOTLINE = regex.compile("|".join(map(regex.escape, HOTLINE_WORDS)))
_HANDLING = regex.compile("|".join(map(regex.escape, HANDLING_WORDS)))
_END = regex.compile(_SENTENCE_END)
_END_BACK = regex.compile(_SENTENCE_END, flags=regex.REVERSE)


def hotline_evidence(view: View, has_table: bool) -> Origin | None:
    """Where the text first reports hotline handling figures; None when it never does.

    ``has_table`` says whether a per-unit statistics table was found (rule 1).
    With a table the evidence is the table's place, found by the caller; this
    returns the document's first origin then.
    """
    if has_table:
        return view.origin(0) if view.starts else Origin()
    text = view.simp
    seen_end = -1
    for count in _COUNT.finditer(text):
        if count.start() < seen_end:
            continue
        back = _END_BACK.search(text, 0, count.start())
        start = back.end() if back else 0
        ahead = _END.search(text, count.end())
        end = ahead.start() if ahead else len(text)
        if back is not None and back.group() == "\n" and start == count.start() \
                and not text[count.end():end].strip(" \t,，"):
            # a count alone on its line belongs with the line above (共受理群众诉求 / 4,207件, a post's short lines)
            above = _END_BACK.search(text, 0, back.start())
            start = above.end() if above else 0
        seen_end = end
        sentence = text[start:end]
        if _HOTLINE.search(sentence) and _HANDLING.search(sentence):
            return view.origin_at(count.start())
    return None
