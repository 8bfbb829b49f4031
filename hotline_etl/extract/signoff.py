"""The sign-off: who issued the bulletin and on which date.

The issue date is a line holding only a date (``2020年6月1日`` or
``二〇二〇年六月一日``); the issuer is the short line just before it, or the
text before the date on the same line (``衡东县行政审批服务局 2023年10月07日``,
``某市12345热线办公室 2023年6月19日``). A line labelled as a web page's
metadata (``发布日期:2022年02月08日``, ``时间:…``, ``来源:…``) is the site's
stamp, not the bulletin's date, and is never the sign-off.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> s = extract_signoff(build_view(load("正文\\n岳陽縣熱線辦\\n2020年6月1日")))
>>> s.issuer, s.issued_on.isoformat()
('岳陽縣熱線辦', '2020-06-01')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

from ..document import Origin
from ..script import View
from .numbers import chinese_to_int

_CN = "〇零○O一二三四五六七八九十"
_DATE_LINE = regex.compile(
    rf"(?m)^[ \t]*(?P<issuer>(?:[^\d{_CN}\n]|12345){{2,30}}?)?[ \t]*"
    rf"(?P<y>\d{{4}}|[{_CN}]{{4}})[ \t]*年[ \t]*(?P<m>\d{{1,2}}|[{_CN}]{{1,3}})[ \t]*月[ \t]*(?P<d>\d{{1,2}}|[{_CN}]{{1,3}})[ \t]*日[ \t]*$"
)
_NOT_ISSUER = regex.compile(r"附件|统计表|[。:：,，;；]|^\d|情况|案例")
#: A page's metadata label before a date: the site's stamp, not a sign-off.
_METADATA = regex.compile(r"(?:发布|发文|更新|时间|日期|来源|浏览|点击|作者)\s*[:：]")


@dataclass(frozen=True, slots=True)
class Signoff:
    issuer: str | None
    issued_on: dt.date | None
    issuer_source: Origin | None
    issued_on_source: Origin | None


def parse_cn_date(y: str, m: str, d: str) -> dt.date | None:
    """A date from year, month and day in Arabic or Chinese numerals."""
    year, month, day = chinese_to_int(y), chinese_to_int(m), chinese_to_int(d)
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def extract_signoff(view: View, before_line: int | None = None) -> Signoff:
    """The last date-only line before ``before_line`` (the table) and the issuer above it."""
    limit = len(view.lines) if before_line is None else before_line
    end = view.ends[view.lines[limit - 1]] if 0 < limit <= len(view.lines) else 0
    line_of = view.line_number
    candidates = []
    for m in _DATE_LINE.finditer(view.simp, 0, end):  # one pass over the text, not one per line
        i = line_of.get(view.unit_index(m.start()))
        if i is not None and not (m.group("issuer") and _METADATA.search(m.group("issuer"))):
            candidates.append((i, m))
    if not candidates and before_line is not None:
        return extract_signoff(view, None)
    if not candidates:
        return Signoff(None, None, None, None)
    i, m = candidates[-1]
    unit = view.lines[i]
    start = view.starts[unit]
    m = _DATE_LINE.match(view.simp_text(unit))  # offsets relative to the line
    date = parse_cn_date(m.group("y"), m.group("m"), m.group("d"))
    date_source = view.origin(unit, start + m.start("y"))
    issuer = issuer_source = None
    if m.group("issuer") and not _NOT_ISSUER.search(m.group("issuer")):
        s, e = m.span("issuer")
        issuer, issuer_source = view.raw[start + s:start + e].strip(), view.origin(unit, start + s)
    elif i > 0:
        prev = view.lines[i - 1]
        text = view.simp_text(prev).strip()
        if 2 <= len(text) <= 30 and not _NOT_ISSUER.search(text):
            raw = view.text(prev)
            lead = len(raw) - len(raw.lstrip())
            issuer, issuer_source = raw.strip(), view.origin(prev, view.starts[prev] + lead)
    return Signoff(issuer, date, issuer_source, date_source)
