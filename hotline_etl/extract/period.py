"""The reporting period: printed label, first and last day.

The label is the first period phrase of the body (``5月份``, ``1-2月份``,
``二季度``, ``上半年``, ``3月4日—3月10日``, ``10月和11月``). Its year comes, in
order, from the label itself, a title or attachment title naming the period
with a year, the issue number (``〔2023〕第9期``), or the sign-off date (a date
earlier in the year than the period's end reports the previous year). A
title naming another period than the body gets a warning; the body wins.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.scope import Scope
>>> v = build_view(load("5月份,共受理工单9件"))
>>> p, _ = extract_period(Scope.whole(v), [], dt.date(2020, 6, 1))
>>> p.start.isoformat(), p.end.isoformat(), p.label
('2020-05-01', '2020-05-31', '5月份')
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from ..model import ParseWarning, Period
from .numbers import chinese_to_int
from .scope import Scope

_Q = "一二三四1234"
_Y = r"(?:(?P<year>\d{4})\s*年(?:度)?)?"
# Order matters: the most specific forms first.
PERIOD_PATTERNS: tuple[tuple[str, str], ...] = (
    ("week", _Y + r"(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日?\s*[-—–~至到]\s*(?:(?P<m2>\d{1,2})月)?(?P<d2>\d{1,2})日"),
    ("months", _Y + r"(?P<m1>\d{1,2})\s*[-—–~至到]\s*(?P<m2>\d{1,2})\s*月(?:份)?"),
    ("months", _Y + r"(?P<m1>\d{1,2})\s*月(?:份)?\s*(?:和|、|及|与)\s*(?P<m2>\d{1,2})\s*月(?:份)?"),
    ("quarter", _Y + rf"(?:第)?(?P<q>[{_Q}])\s*季度"),
    ("half_year", _Y + r"(?P<h>上|下)半年"),
    ("month", _Y + r"(?P<m1>\d{1,2})\s*月份"),
    ("month", r"(?P<year>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*月(?!\s*\d{1,2}\s*日)"),
)
_ISSUE_YEAR = r"[〔\[(（【](?P<year>\d{4})[〕\])）】]\s*第|(?P<year>\d{4})\s*年\s*第\s*[\d一二三四五六七八九十]+\s*期"


@dataclass(frozen=True, slots=True)
class _Found:
    kind: str
    year: int | None
    first_month: int
    last_month: int
    first_day: int | None
    last_day: int | None
    label: str
    pos: int


def _match_period(scope: Scope) -> _Found | None:
    """The earliest period phrase in ``scope``."""
    best = None
    for kind, pattern in PERIOD_PATTERNS:
        m = scope.search(pattern)
        if m is None or (best is not None and m.start() >= best.pos):
            continue
        found = _interpret(kind, m, scope.raw(m) or "")
        if found is not None:
            best = found
    return best


def _interpret(kind: str, m, label: str) -> _Found | None:
    year = int(m.group("year")) if m.group("year") else None
    g = m.groupdict()
    if kind == "quarter":
        q = chinese_to_int(g["q"]) or 0
        first, last, d1, d2 = 3 * q - 2, 3 * q, None, None
    elif kind == "half_year":
        first, last, d1, d2 = (1, 6, None, None) if g["h"] == "上" else (7, 12, None, None)
    elif kind == "week":
        first = int(g["m1"])
        last = int(g["m2"]) if g.get("m2") else first
        d1, d2 = int(g["d1"]), int(g["d2"])
    else:
        first = int(g["m1"])
        last = int(g["m2"]) if g.get("m2") else first
        d1 = d2 = None
    if not (1 <= first <= 12 and 1 <= last <= 12 and first <= last):
        return None
    return _Found(kind, year, first, last, d1, d2, label.strip(), m.start())


def granularity(f: _Found) -> str:
    """The period's granularity (model.GRANULARITIES) from the kind of phrase that stated it."""
    if f.kind in ("quarter", "half_year", "month"):
        return f.kind
    if f.kind == "week":
        days = (f.last_month - f.first_month) * 31 + (f.last_day or 0) - (f.first_day or 0)
        return "week" if 0 <= days <= 7 else "range"
    return "cumulative" if f.first_month == 1 else "range"


def _dates(f: _Found, year: int) -> tuple[dt.date | None, dt.date | None]:
    try:
        start = dt.date(year, f.first_month, f.first_day or 1)
        end = dt.date(year, f.last_month, f.last_day or calendar.monthrange(year, f.last_month)[1])
    except ValueError:
        return None, None
    return start, end


def extract_period(
    body: Scope, titles: list[Scope], issued_on: dt.date | None
) -> tuple[Period, list[ParseWarning]]:
    """The period from the body, with its year inferred as the module docstring says."""
    warnings: list[ParseWarning] = []
    found = _match_period(body) if not body.empty else None
    title_found = [f for f in (_match_period(t) for t in titles if not t.empty) if f is not None]
    if found is None and title_found:
        found = title_found[0]
    if found is None:
        warnings.append(ParseWarning("period-missing", "no reporting period (such as 5月份 or 二季度) was found"))
        return Period(None, None, None), warnings

    origin = body.view.origin_at(found.pos)
    for t in title_found:
        if (t.first_month, t.last_month) != (found.first_month, found.last_month):
            warnings.append(ParseWarning(
                "period-title-mismatch",
                f"the title names {t.label} but the body reports {found.label}; the body is used",
                body.view.origin_at(t.pos)))
            break

    year = found.year
    if year is None:
        same = [t.year for t in title_found if t.year and (t.first_month, t.last_month) == (found.first_month, found.last_month)]
        any_year = [t.year for t in title_found if t.year]
        year = (same or any_year or [None])[0]
    if year is None:
        for scope in [*titles, body]:
            if scope.empty:
                continue
            m = scope.search(_ISSUE_YEAR)
            if m:
                year = int(m.group("year"))
                break
    if year is None and issued_on is not None:
        year = issued_on.year if issued_on.month >= found.last_month else issued_on.year - 1
    if year is None:
        warnings.append(ParseWarning(
            "period-year-unknown", f"the period {found.label} has no year in the label, title or sign-off", origin))
        return Period(None, None, found.label, found.kind, origin, granularity(found)), warnings
    start, end = _dates(found, year)
    return Period(start, end, found.label, found.kind, origin, granularity(found)), warnings
