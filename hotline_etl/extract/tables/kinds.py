"""What a table is about: per unit, per category, per period, or other; and page metadata.

The label column (the unit column, else the first column of text) decides:
its header (单位 / 类别 / 月份 ...), else most of its values (names ending
like units, ``…类``, ``3月``). Pipe-delimited page metadata
(``索引号: | … | 发布机构: | …``) is no table at all.

>>> table_kind(["单位", "受理量"], ["unit_raw", "received"], [["甲镇", "3"]])
'per_unit'
>>> table_kind(["诉求类型", "数量"], [None, None], [["咨询类", "30"], ["投诉类", "12"]])
'per_category'
>>> table_kind(["", "受理量"], [None, "received"], [["1月", "30"], ["2月", "12"]])
'per_period'
"""

from __future__ import annotations

import regex

from ..table_cells import cell_kind

_WS = regex.compile(r"\s+")
_UNIT_NAME = regex.compile(
    r"(?:省|市|县|区|镇|乡|街道|办事处|局|委|办|中心|公司|政府|管委会|委员会|大队|支队|分局|集团|站|所|院|处|厅|部门|"
    r"部|队|社|馆|园区|景区|新区|开发区|示范区|板块|银行|单位|分行|支行|总场|农场|林场|村委会|居委会)$")
_CATEGORY_HEADER = regex.compile(r"类别|分类|类型|来源|渠道|事项|诉求|问题|内容|方式|热点|领域|类目")
_PERIOD_HEADER = regex.compile(r"月份|时间|日期|周期|期间|年度|季度|月度|周次")
_PERIOD_VALUE = regex.compile(r"^(?:\d{4}年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月份?$|^第?[一二三四1-4]季度$|^第\d+周$")
_METADATA = regex.compile(
    r"^(?:索引号|发布机构|发布日期|发文单位|发文机关|主题分类|体裁分类|组配分类|文号|名称|主题词|责任部门|信息来源|"
    r"公开方式|公开时限|公开范围|成文日期|生成日期|发布时间|有效性|来源|浏览次数)[:：]?$")


def _key(text: str) -> str:
    return _WS.sub("", text).strip("“”\"'()（）")


def is_unit_name(text: str) -> bool:
    """Whether ``text`` (simplified) ends like a unit's name (镇, 局, 中心, 公司 ...).

    >>> is_unit_name("海安县"), is_unit_name("市场监督管理局"), is_unit_name("数量")
    (True, True, False)
    """
    return _UNIT_NAME.search(_key(text)) is not None


def is_period_label(text: str) -> bool:
    """Whether ``text`` names a period (``3月``, ``二季度``, ``第12周``)."""
    return _PERIOD_VALUE.match(_key(text)) is not None


def is_page_metadata(first_cells: list[str]) -> bool:
    """Whether rows starting with ``first_cells`` are a page's metadata (索引号, 发布机构 ...), not a table.

    >>> is_page_metadata(["索引号:", "名称:"]), is_page_metadata(["单位", "甲镇"])
    (True, False)
    """
    firsts = [x for x in map(str.strip, first_cells) if x]
    if not firsts:
        return False
    if _METADATA.match(_key(firsts[0])):
        return True
    return sum([x.endswith((":", "：")) for x in firsts]) * 2 >= len(firsts)


def label_column(names: list[str | None], data: list[list[str]]) -> int | None:
    """The unit column, else the first column mostly of text (None when there is none)."""
    if "unit_raw" in names:
        return names.index("unit_raw")
    width = max((len(r) for r in data), default=0)
    for j in range(width):
        values = [r[j] for r in data if j < len(r) and r[j].strip()]
        if values and sum(cell_kind(v) == "text" for v in values) * 2 > len(values):
            return j
    return None


def table_kind(labels: list[str], names: list[str | None], data: list[list[str]]) -> str:
    """One of :data:`~hotline_etl.model.TABLE_KINDS` (see the module docstring)."""
    if "unit_raw" in names:
        return "per_unit"
    j = label_column(names, data)
    header = " ".join(labels)
    if _PERIOD_HEADER.search(labels[j] if j is not None and j < len(labels) else header):
        return "per_period"
    if _CATEGORY_HEADER.search(labels[j] if j is not None and j < len(labels) else header):
        return "per_category"
    if j is None:
        return "other"
    values = [r[j] for r in data if j < len(r) and r[j].strip()]
    for test, kind in ((is_unit_name, "per_unit"), (lambda v: _key(v).endswith("类"), "per_category"),
                       (is_period_label, "per_period")):
        if values and sum(map(test, values)) * 2 > len(values):
            return kind
    if _CATEGORY_HEADER.search(header):
        return "per_category"
    return "other"
