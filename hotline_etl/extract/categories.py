"""Complaint categories with counts and printed shares.

Recognised in any sentence of the basic section that introduces categories
(``分类统计``, ``类别``, ``集中在``, ``排行前``...), in the forms
``X类N件,占比P%``, ``X N件(P%)`` and ``X N件,占诉求量的P%``.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.scope import Scope
>>> cats = extract_categories(Scope.whole(build_view(load("分类统计前二位的是:城建类20件,占比2.5%,交通类10件(1.25%)。"))))
>>> [(c.name, c.count, c.share.raw) for c in cats]
[('城建类', 20, '2.5%'), ('交通类', 10, '1.25%')]
"""

from __future__ import annotations

from ..model import Category, Percent
from .numbers import NUM, PCT, UNIT, parse_count
from .scope import Scope

_INTRO = r"(?:分类|类别|类型|集中在|排行前|排名前|诉求中)"
_ITEM = (
    r"(?:^|(?<=[:：,，、;；])|(?<=集中在|主要是|其中))\s*(?:主要集中在|主要是|其中)?\s*"
    r"(?P<name>[^\d:：,，、;；。()（）%\n]{2,24}?)\s*(?P<n>" + NUM + r")\s*" + UNIT + r"\s*[,，]?\s*[(（]?\s*"
    r"(?:占比|占诉求量的|占总量的|占总数的|占)?\s*(?P<p>" + PCT + r")\s*%[)）]?"
)


def extract_categories(scope: Scope) -> tuple[Category, ...]:
    """Categories of the first sentence that introduces them and lists any."""
    if scope.empty:
        return ()
    for intro in scope.finditer(_INTRO):
        # The sentence holding the intro runs to the next full stop or line end.
        end = _sentence_end(scope, intro.end())
        sentence = scope.sub(intro.start(), end)
        found = []
        for m in sentence.finditer(_ITEM):
            name = (scope.raw(m, "name") or "").strip()
            found.append(Category(
                rank=len(found) + 1, name=name, count=parse_count(m.group("n")),
                share=Percent.parse((scope.raw(m, "p") or "") + "%"),
                source=scope.origin(m.start("name")),
            ))
        if found:
            return tuple(found)
    return ()


def _sentence_end(scope: Scope, pos: int) -> int:
    m = scope.search(r"[。\n]", pos)
    return m.start() if m else scope.end
