"""The named unit lists: rankings, commended units, and overdue, returned and still-open work.

Rankings (``top_township``, ``top_department``) and ``commended`` are an
intro phrase of :data:`LIST_INTROS` followed by items up to the end of the
sentence (read by :func:`~.list_items.read_items`); the first match in the
basic section is the list. ``overdue``, ``mailbox_overdue``, ``returned`` and
``overdue_open`` are read from every statement of their reason by
:mod:`~.problem_lists`, which says which system a statement is about and how
competing statements are resolved.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.scope import Scope
>>> s = Scope.whole(build_view(load("超期办结工单5件。其中,甲镇2件、乙局及丙局各1件、丁办1件。请注意")))
>>> lists, warnings = extract_unit_lists(s)
>>> [(i.unit_raw, i.count) for i in lists["overdue"].items]
[('甲镇', 2), ('乙局', 1), ('丙局', 1), ('丁办', 1)]
"""

from __future__ import annotations

from typing import Sequence

from ..model import ParseWarning, UnitList
from .list_items import read_items
from .numbers import chinese_to_int
from .problem_lists import extract_problem_lists
from .scope import Scope

_K = r"(?P<k>[一二两三四五六七八九十\d]+)"
#: List name -> intro patterns (simplified script), tried in order; the first match wins.
LIST_INTROS: dict[str, tuple[str, ...]] = {
    "top_township": (
        rf"(?:乡镇|乡镇街道|镇街)[^。；;:：]{{0,20}}?(?:排名|排行)前\s*{_K}\s*(?:位|名)?的?(?:单位)?(?:是|为|有|依次是|依次为)?[:：]?",
    ),
    "top_department": (
        rf"(?:县直|县级|市直|区直|直属)(?:单位|部门)[^。；;:：]{{0,20}}?(?:排名|排行)前\s*{_K}\s*(?:位|名)?的?(?:单位)?(?:是|为|有|依次是|依次为)?[:：]?",
    ),
    "commended": (
        r"(?:好|突出|较好|优秀|表扬|表现好)的(?:单位|部门)(?:有|是|为|包括)[:：]?",
    ),
}


def extract_unit_lists(body: Scope, more: Sequence[Scope] = ()) -> tuple[dict[str, UnitList], list[ParseWarning]]:
    """Every list stated in ``body`` (the basic section); problem lists also from the ``more`` scopes.

    Returns the lists found (only those) and warnings about superseded or cut lists.
    """
    lists: dict[str, UnitList] = {}
    if not body.empty:
        for name, patterns in LIST_INTROS.items():
            for pattern in patterns:
                m = body.search(pattern)
                if m is not None:
                    lists[name] = _read_list(body, name, m)
                    break
    problems, warnings = extract_problem_lists([body, *more], primary=1)
    lists.update(problems)
    return lists, warnings


def _read_list(scope: Scope, name: str, intro) -> UnitList:
    stated = chinese_to_int(intro.group("k")) if intro.groupdict().get("k") else None
    read = read_items(scope, intro.end())
    return UnitList(name, None, tuple(r.item for r in read.items), read.stated_units or stated,
                    scope.origin(intro.start()))
