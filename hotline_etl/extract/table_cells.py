"""The cells of a statistics table while it is laid out, and the header vocabulary.

A :class:`Cell` is trimmed simplified text at a position of the view, with
its kind (``num``, ``pct``, ``text``, ``empty``; ``missing`` for a cell the
source lost, ``unaligned`` for one whose column cannot be told). Header cells
map to fields by the longest synonym they contain, in either script.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

import regex

from ..document import Origin
from ..memo import memoised
from ..script import View

#: Field -> header synonyms (simplified script; a header maps to the longest one it contains).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "unit_raw": ("部门名称", "单位名称", "承办单位", "责任单位", "办理单位", "承办部门", "承办县区", "县市区", "县区",
                 "区县", "属地", "部门", "单位"),
    "received": ("受理案件数", "受理工单数", "受理件数", "受理数", "受理量", "总工单数", "派遣案件总数", "派遣案件数", "收到来信",
                 "来信数", "总件数", "承办件数", "转派工单", "转办工单", "转办件数", "转办数", "转办量", "交办件数", "交办数",
                 "交办量", "派发工单", "派单数", "派单量", "承办工单", "承办量", "工单总量", "工单总数", "工单数"),
    "due": ("应办理数", "应办数", "应办结数", "应办件数"),
    "handled": ("办理数", "办结数", "已办结数", "已办结", "办结量", "办理量", "办结件数"),
    "completion_rate_pct": ("办结率", "结案率"),
    "on_time": ("按期办结件数", "按时办结件数", "按期办理件数", "按时办理件数", "按期办理数", "按时办理数", "按期办结数",
                "按时办结数", "按期办结", "按时办结", "按期数", "按期回复", "按时回复"),
    "on_time_rate_pct": ("按期办结率", "按时办结率", "按期办理率", "按时办理率", "按时结案率", "按期结案率",
                         "按期回复率", "按时回复率", "按期率"),
    "rework": ("返工数", "退回数", "退回重办数", "返工件数", "重办数", "返工单数"),
    "rework_rate_pct": ("返工率", "退回率", "重办率"),
    "grade": ("等级评价", "评价等级", "评定等级", "等级", "评价"),
    "seq": ("序号", "编号"),
}
#: Columns real tables print that have no field of their own: named, kept in ``extra`` under
#: their header, never warned about. A header names one only when it is exactly a synonym
#: (units such as ``(件)`` aside): ``数据完整得分`` is a part score, not ``score``.
MEASURE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "rank": ("排名", "名次", "排序"),
    "score": ("得分", "综合得分", "考评得分", "考核得分", "总得分", "分值", "总分"),
    "overdue": ("超时办结数", "超期办结数", "超期数", "超时数", "超时办结", "超期办结", "逾期数", "超时办理数"),
    "open": ("未办结数", "未办结", "在办数", "在办", "处理中", "办理中"),
    "overdue_open": ("超时未办数", "超期未办数", "超期未办结数", "超时未办结数"),
    "dissatisfied": ("不满意数", "不满意件数", "不满意"),
    "dissatisfied_rate_pct": ("不满意率",),
    "satisfaction_rate_pct": ("满意率", "满意度", "群众满意率", "回访满意率"),
    "sign_rate_pct": ("签收率", "及时签收率"),
    "share_pct": ("占比", "比例", "所占比例"),
    "yoy_pct": ("同比", "同比增长", "同比增减"),
    "mom_pct": ("环比", "环比增长", "环比增减"),
}
#: Names a column can take besides the statistics table's fields, in that order.
MEASURES = tuple(MEASURE_SYNONYMS)
_SYNONYMS = sorted(((s, f) for f, ss in HEADER_SYNONYMS.items() for s in ss), key=lambda p: -len(p[0]))
_MEASURE_OF = {s: m for m, ss in MEASURE_SYNONYMS.items() for s in ss}
# A header saying "late", "not yet" or "dissatisfied" never names a field by containing one of
# its synonyms (超期办结工单数 contains 工单数, 未办结数 contains 办结数).
_QUALIFIED = regex.compile(r"超时|超期|逾期|未办|未结|不满意|延期")
# A unit printed after the header: 收到来信(件), 得分(分).
_HEADER_UNIT = regex.compile(r"[(（][件宗个次分%％]+[)）]$")
_TOTAL = regex.compile(r"^(?:合计|总计|总数|小计|汇总|全县合计|全市合计|全区合计)$")
_COUNT = regex.compile(r"^-?\d[\d,]*(?:\.\d+)?\s*万?\s*(?:件|宗|个)?$")
_PCT = regex.compile(r"^-?\d+(?:\.\d+)?\s*%$")
_PERMILLE = regex.compile(r"^-?\d+(?:\.\d+)?\s*‰$")
_GRADE = regex.compile(r"^(?:[A-Ea-e][+-]?|优秀|良好|合格|不合格|较好|一般|较差|优|良|中|差)$")
# Printed in place of a value that does not apply.
_PLACEHOLDERS = frozenset({"-", "--", "—", "——", "/", "无", "NA", "N/A", "\\"})
_WS = regex.compile(r"\s+")


@memoised()  # cells repeat (0, 100%, grades) within a table and across a batch
def cell_kind(simp: str) -> str:
    """``empty``, ``num``, ``pct``, ``permille`` or ``text``; a dash or slash holds an empty cell's place.

    A rate in ‰ (``2.3‰``, a complaint rate) is a value but no percentage: no rate field reads it,
    and it is kept as printed where the column has no field.

    >>> cell_kind("98.80%"), cell_kind("245"), cell_kind("縣人社局"), cell_kind("/"), cell_kind("2.3‰")
    ('pct', 'num', 'text', 'empty', 'permille')
    """
    if not simp or simp in _PLACEHOLDERS:
        return "empty"
    if not (simp[0].isdigit() or simp[0] == "-"):  # names and grades: no regex needed
        return "text"
    if "%" in simp:
        return "pct" if _PCT.match(simp) else "text"
    if "‰" in simp:
        return "permille" if _PERMILLE.match(simp) else "text"
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


#: A Cell from its fields as one tuple ``(simp, kind, view, unit, pos, ends_row)``, without the
#: NamedTuple's ``__new__`` (a Python function; a table makes one Cell per cell).
cell_from = partial(tuple.__new__, Cell)


def make_cell(view: View, unit: int, start: int, end: int, ends_row: bool = False) -> Cell:
    """The cell at joined-text positions ``[start, end)`` of unit ``unit``, trimmed."""
    simp = view.simp[start:end]
    stripped = simp.strip()
    if len(stripped) != len(simp):
        start += len(simp) - len(simp.lstrip())
    return cell_from((stripped, cell_kind(stripped), view, unit, start, ends_row))


@memoised(maxsize=4096)
def header_field(text: str) -> str | None:
    """The field or measure a header cell (simplified script) names, None when it names none.

    A measure (:data:`MEASURE_SYNONYMS`) is named by the whole header; a
    field by the longest synonym the header contains, unless the header says
    late, open or dissatisfied.

    >>> header_field("按期办结率"), header_field("收到来信(件)"), header_field("超期办结工单数"), header_field("得分")
    ('on_time_rate_pct', 'received', None, 'score')
    >>> header_field("数据完 整得分") is None
    True
    """
    key = _HEADER_UNIT.sub("", _WS.sub("", text))
    measure = _MEASURE_OF.get(key)
    if measure is not None:
        return measure
    if _QUALIFIED.search(key):
        return None
    for synonym, name in _SYNONYMS:
        if synonym in key:
            return name
    return None


@memoised()
def is_total_label(simp: str) -> bool:
    """Whether a unit cell names the total row (合计, 总计 ...), spaces ignored."""
    return _TOTAL.match(_WS.sub("", simp)) is not None


@memoised()
def is_grade(simp: str) -> bool:
    """Whether a cell reads as a grade (A–E, 优秀 ...)."""
    return _GRADE.match(simp) is not None
