"""The sign-off: who issued the bulletin and on which date.

The issue date is a line holding only a date (``2020年6月1日`` or
``二〇二〇年六月一日``); the issuer is the short line just before it, or the
text before the date on the same line.

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
    rf"^\s*(?P<issuer>[^\d{_CN}]{{2,30}}?)?\s*"
    rf"(?P<y>\d{{4}}|[{_CN}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN}]{{1,3}})\s*月\s*(?P<d>\d{{1,2}}|[{_CN}]{{1,3}})\s*日\s*$"
)
_NOT_ISSUER = regex.compile(r"附件|统计表|[。:：,，;；]|^\d|情况|案例")


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
    candidates = []
    for i in range(limit):
        m = _DATE_LINE.match(view.simp_text(view.lines[i]))
        if m:
            candidates.append((i, m))
    if not candidates and before_line is not None:
        return extract_signoff(view, None)
    if not candidates:
        return Signoff(None, None, None, None)
    i, m = candidates[-1]
    unit = view.units[view.lines[i]]
    date = parse_cn_date(m.group("y"), m.group("m"), m.group("d"))
    date_source = unit.origin_at(unit.start + m.start("y"))
    issuer = issuer_source = None
    if m.group("issuer") and not _NOT_ISSUER.search(m.group("issuer")):
        s, e = m.span("issuer")
        issuer, issuer_source = view.raw[unit.start + s:unit.start + e].strip(), unit.origin_at(unit.start + s)
    elif i > 0:
        prev = view.units[view.lines[i - 1]]
        text = view.simp[prev.start:prev.end].strip()
        if 2 <= len(text) <= 30 and not _NOT_ISSUER.search(text):
            raw = view.raw[prev.start:prev.end]
            lead = len(raw) - len(raw.lstrip())
            issuer, issuer_source = raw.strip(), prev.origin_at(prev.start + lead)
    return Signoff(issuer, date, issuer_source, date_source)
