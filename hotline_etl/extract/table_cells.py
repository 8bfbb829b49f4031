"""The cells of a statistics table while it is laid out, and the header vocabulary.

A :class:`Cell` is trimmed simplified text at a position of the view, with
its kind (``num``, ``pct``, ``text``, ``empty``; ``missing`` for a cell the
source lost, ``unaligned`` for one whose column cannot be told). Header cells
map to fields by the longest synonym they contain, in either script.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import regex

from ..document import Origin
from ..script import View

#: Field -> header synonyms (simplified script; a header maps to the longest one it contains).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "unit_raw": ("部门名称", "单位名称", "承办单位", "责任单位", "办理单位", "部门", "单位"),
    "received": ("受理案件数", "受理工单数", "受理数", "受理量", "总工单数", "交办件数", "交办数", "工单数"),
    "due": ("应办理数", "应办数", "应办结数", "应办件数"),
    "handled": ("办理数", "办结数", "已办结数", "办结量", "办理量"),
    "completion_rate_pct": ("办结率",),
    "on_time": ("按期办理数", "按时办理数", "按期办结数", "按时办结数", "按期数"),
    "on_time_rate_pct": ("按期办结率", "按时办结率", "按期办理率", "按时办理率", "按期率"),
    "rework": ("返工数", "退回数", "退回重办数", "返工件数", "重办数"),
    "rework_rate_pct": ("返工率", "退回率", "重办率"),
    "grade": ("等级评价", "评价等级", "评定等级", "等级", "评价"),
    "seq": ("序号", "排名", "编号"),
}
_SYNONYMS = sorted(((s, f) for f, ss in HEADER_SYNONYMS.items() for s in ss), key=lambda p: -len(p[0]))
_TOTAL = regex.compile(r"^(?:合计|总计|总数|小计|汇总|全县合计|全市合计)$")
_COUNT = regex.compile(r"^-?\d[\d,]*(?:\.\d+)?\s*万?\s*(?:件|宗|个)?$")
_PCT = regex.compile(r"^-?\d+(?:\.\d+)?\s*%$")
_GRADE = regex.compile(r"^(?:[A-Ea-e][+-]?|优秀|良好|合格|不合格|较好|一般|较差|优|良|中|差)$")
# Printed in place of a value that does not apply.
_PLACEHOLDERS = frozenset({"-", "--", "—", "——", "/", "无", "NA", "N/A", "\\"})
_WS = regex.compile(r"\s+")


def cell_kind(simp: str) -> str:
    """``empty``, ``num``, ``pct`` or ``text``; a dash or slash holds an empty cell's place.

    >>> cell_kind("98.80%"), cell_kind("245"), cell_kind("縣人社局"), cell_kind("/")
    ('pct', 'num', 'text', 'empty')
    """
    if not simp or simp in _PLACEHOLDERS:
        return "empty"
    if not (simp[0].isdigit() or simp[0] == "-"):  # names and grades: no regex needed
        return "text"
    if "%" in simp:
        return "pct" if _PCT.match(simp) else "text"
    return "num" if _COUNT.match(simp) else "text"


class Cell(NamedTuple):
    """A cell while the grid is laid out: trimmed simplified text at ``pos`` of ``unit``.

    The printed text and the Origin are only built for the cells kept.
    """

    simp: str
    kind: str
    view: View
    unit: int
    pos: int
    ends_row: bool = False

    @property
    def raw(self) -> str:
        return self.view.raw[self.pos:self.pos + len(self.simp)]

    @property
    def origin(self) -> Origin:
        return self.view.origin(self.unit, self.pos)


def make_cell(view: View, unit: int, start: int, end: int, ends_row: bool = False) -> Cell:
    """The cell at joined-text positions ``[start, end)`` of unit ``unit``, trimmed."""
    simp = view.simp[start:end]
    stripped = simp.strip()
    if len(stripped) != len(simp):
        start += len(simp) - len(simp.lstrip())
    return Cell(stripped, cell_kind(stripped), view, unit, start, ends_row)


@lru_cache(maxsize=4096)
def header_field(text: str) -> str | None:
    """The field a header cell names, by the longest synonym it contains.

    >>> header_field("按期辦結率".replace("辦結", "办结")), header_field("数据完整得分")
    ('on_time_rate_pct', None)
    """
    key = _WS.sub("", text)
    for synonym, name in _SYNONYMS:
        if synonym in key:
            return name
    return None


def is_total_label(simp: str) -> bool:
    """Whether a unit cell names the total row (合计, 总计 ...), spaces ignored."""
    return _TOTAL.match(_WS.sub("", simp)) is not None


def is_grade(simp: str) -> bool:
    """Whether a cell reads as a grade (A–E, 优秀 ...)."""
    return _GRADE.match(simp) is not None
