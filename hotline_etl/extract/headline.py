"""The headline figures of the basic section.

Each figure has phrases in simplified script (the view folds traditional
text). A phrase found with its number stripped out by a broken mirror
(``受理群众诉求件``) is reported missing; a number is never borrowed from a
neighbouring phrase.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.scope import Scope
>>> h, w = extract_headline(Scope.whole(build_view(load("共受理12345熱線工單2557件,已辦結2574件"))))
>>> h.hotline_orders_received.value, h.completed.value, h.praise.value
(2557, 2574, None)
"""

from __future__ import annotations

from ..model import HEADLINE_FIELDS, Figure, Headline, ParseWarning
from .numbers import NUM, UNIT, parse_count
from .scope import Scope

_N = rf"\s*(?P<n>{NUM})?\s*{UNIT}"
#: Field -> phrases; the first phrase that matches in the scope wins.
HEADLINE_PATTERNS: dict[str, tuple[str, ...]] = {
    "hotline_orders_received": (
        r"共?受理了?(?:12345)?(?:政务服务便民)?(?:热线|平台)?(?:群众)?(?:工单|来电|诉求件|诉求|案件)(?:数|量)?(?:共|为)?" + _N,
        r"(?:12345)?热线(?:共|累计)?(?:受理|接到|接听)(?:群众)?(?:来电|诉求|工单)?" + _N,
    ),
    "mailbox_letters": (
        r"(?:市长|县长|区长|书记)?信箱(?:和(?:市长|县长|区长|书记)信箱)?(?:信件|来信|留言)(?:共|为)?" + _N,
    ),
    "praise": (r"表扬(?:件|信|电话)?" + _N,),
    "direct_answers": (r"直接(?:解答|答复|办结)(?:了)?" + _N,),
    "dispatched": (r"(?:批转|转办|转交|派发|交办|派单)(?:到|至|给)?[^\d,，。;；]{0,12}?" + _N,),
    "completed": (r"(?<!超期|按期|按时)(?:已办结|已办理|办结)(?:工单)?" + _N,),
    "in_progress": (r"(?:在办|正在办理|办理中)(?:工单)?" + _N,),
}


def extract_headline(scope: Scope) -> tuple[Headline, list[ParseWarning]]:
    """The seven headline figures found in ``scope`` (the basic section)."""
    figures: dict[str, Figure] = {}
    warnings: list[ParseWarning] = []
    if scope.empty:
        return Headline(), warnings
    for name in HEADLINE_FIELDS:
        for pattern in HEADLINE_PATTERNS[name]:
            m = scope.search(pattern)
            if m is None:
                continue
            if m.group("n") is None:
                warnings.append(ParseWarning(
                    "figure-missing",
                    f"{name}: the phrase {scope.raw(m)!r} is printed without its number",
                    scope.origin(m.start())))
                figures[name] = Figure(None, scope.origin(m.start()))
            else:
                figures[name] = Figure(parse_count(m.group("n")), scope.origin(m.start("n")))
            break
    return Headline(**figures), warnings
