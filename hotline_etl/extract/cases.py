"""Typical cases: number, caller, contact date, request type, request, handler, response.

A case starts at a numbered line (``1.``, ``(2)``, ``3、``). The response opens
with the handling unit followed by what it did (``新開鎮政府受理工單後``). The
unit is searched after a sentence end or at a damage mark, because mirrors
eat the full stop together with the first character of the unit
(``進行處理?h市場監督管理局``): the handler is then kept as printed and the
damage is reported by the repair stage.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.scope import Scope
>>> v = build_view(load("1.沈先生5月1日來電投訴:路燈壞了。縣住建局接到工單後立即維修。"))
>>> c = extract_cases(Scope.whole(v), 2020, 5)[0]
>>> c.caller, c.date.isoformat(), c.request_type, c.handler_raw, c.request
('沈先生', '2020-05-01', '投訴', '縣住建局', '路燈壞了')
"""

from __future__ import annotations

import datetime as dt

from ..model import Case
from .scope import Scope

_START = r"(?m)^\s*[(（]?(?P<num>\d{1,2})\s*[.、．)）]"
_HEAD = (
    r"\s*(?P<caller>\p{Han}{1,3}?(?:先生|女士|小姐|师傅|老师|同志|阿姨|大爷|大妈|老人|市民|村民|居民|某某|某))?"
    r"\s*(?:于)?(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月(?P<d>\d{1,2})日)?\s*"
    r"(?:通过[^:：,，]{0,10}?)?(?:来电|来信|致电|留言|网上|在线)?"
    r"(?P<type>投诉|求助|举报|咨询|建议|反映|求证)?\s*(?:称|说|反映)?\s*[:：,，]?\s*"
)
_SUFFIX = r"(?:人民政府|政府|办事处|管理处|管理局|分局|局|镇|乡|街道|公司|中心|大队|支队|队|所|院|站|委员会|委|办公室|办|集团|医院|学校)"
_VERB = r"(?:于?\d{1,2}月\d{1,2}日|接到|接件|受理|收到|高度重视|立即|迅速|经|第一时间|及时|对此|针对|工作人员|安排|派)"
_HANDLER = rf"(?:(?<=[。!！;；])|(?=\?))\s*(?P<h>\??[A-Za-z]?\p{{Han}}{{1,24}}?{_SUFFIX})(?={_VERB})"


def extract_cases(scope: Scope, year: int | None, period_end_month: int | None) -> tuple[Case, ...]:
    """Cases in ``scope`` (the cases section); ``year`` dates the month/day printed."""
    if scope.empty:
        return ()
    starts = list(scope.finditer(_START))
    cases = []
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else scope.end
        cases.append(_read_case(scope.sub(m.start(), end), m, year, period_end_month))
    return tuple(cases)


def _read_case(case: Scope, start, year: int | None, end_month: int | None) -> Case:
    head = case.search(_HEAD, start.end())
    body_start = head.end() if head else start.end()
    h = case.search(_HANDLER, body_start)
    if h:
        request_end, handler = h.start("h"), case.raw(h, "h")
        response = case.raw_span(h.start("h"), case.end).strip().rstrip("\n")
        handler_source = case.origin(h.start("h"))
    else:
        request_end, handler, response, handler_source = case.end, None, None, None
    request = case.raw_span(body_start, request_end).strip().rstrip("。").strip()
    date = None
    if head and head.group("m") and head.group("d"):
        y = int(head.group("y")) if head.group("y") else year
        month, day = int(head.group("m")), int(head.group("d"))
        if y is not None and not head.group("y") and end_month is not None and month > end_month:
            y -= 1  # a December call told in a January bulletin
        if y is not None:
            try:
                date = dt.date(y, month, day)
            except ValueError:
                date = None
    return Case(
        number=int(start.group("num")),
        caller=case.raw(head, "caller") if head else None,
        date=date,
        request_type=case.raw(head, "type") if head else None,
        handler_raw=handler, request=request, response=response,
        source=case.origin(start.start("num")), handler_source=handler_source,
    )
