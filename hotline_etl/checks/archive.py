"""Checks over a whole archive: the same bulletin in several files, cumulative bulletins against their months,
carry-over against the month before.

Pure functions over :class:`ArchiveBulletin` records (what the dataset holds
about one bulletin: its area, period, headline figures, table counts per unit
and printed carry-over); :mod:`hotline_etl.dataset.archive_audit` builds the
records from a dataset and stores the results. The rules and their messages
are catalogued in :mod:`hotline_etl.checks.catalogue` (scope ``archive``).

A check is planned from the bulletins' areas and periods alone
(:func:`plan_checks`): its key says what it checks, its members which
bulletins it reads; :func:`run_check` runs one. Re-running only the checks
whose members changed is the caller's business.

>>> import datetime as dt
>>> a = ArchiveBulletin("aa", "a.txt", "txt", "甲县", dt.date(2022, 3, 1), dt.date(2022, 3, 31),
...                     headline={"hotline_orders_received": 40, "completed": 38})
>>> b = ArchiveBulletin("bb", "a.html", "html", "甲县", dt.date(2022, 3, 1), dt.date(2022, 3, 31),
...                     headline={"hotline_orders_received": 40, "completed": 38})
>>> run_check("same|甲县|2022-03-01|2022-03-31", [a, b]).duplicate_of
{'aa': 'bb'}
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import regex

from ..model import Finding
from .catalogue import CATALOGUE

#: Preferred source formats, best first, when copies of one bulletin are found (the first is canonical).
#: A PDF without a text layer is refused by the reader, so there is no OCR text to rank below it.
FORMAT_PREFERENCE = ("docx", "pdf", "html", "txt")
#: Two bulletins of one area and period are copies when they state nearly the same figures (the figures
#: both state are at least :data:`COPY_COVERAGE` of the figures either states), agree on at least this many
#: non-zero figures and disagree on none; they conflict when they disagree on a few (at most
#: :data:`CONFLICT_SHARE` of the figures both state, at least one, and at most half as many as they agree on).
#: Otherwise they are different bulletins of the same period (a monthly report and a special report, the
#: hotline's and the mailbox's).
MIN_AGREEING = 2
#: Share of each copy's figures the other copy states too (a reader may miss a few, not most).
COPY_COVERAGE = 0.9
#: Share of the figures both state on which a conflicting copy may differ.
CONFLICT_SHARE = 0.1
#: Headline figures a cumulative bulletin must state as the sum of its months.
CUMULATIVE_HEADLINE = ("hotline_orders_received", "dispatched", "completed")
#: Table counts of each unit a cumulative bulletin must state as the sum of its months.
CUMULATIVE_COUNTS = ("received", "handled", "on_time", "rework")
#: Kinds of check, in the order their findings are listed.
CHECK_KINDS = ("same", "cumulative", "carry-over")
#: A printed figure is last month's carry-over when its phrase says so (上月结转, 结转上月 …), not when it
#: carries orders on to the next month (结转至2月份, 结转下月).
CARRY_OVER_PHRASE = regex.compile(r"(上月|上期|前期|上个月).{0,6}(结转|转结)|(结转|转结).{0,2}上月|^(结转|转结)(?!至|到|下|入下)")


@dataclass(frozen=True, slots=True)
class ArchiveBulletin:
    """What the archive checks read of one bulletin.

    ``area`` is its scope (or issuer) in simplified script; ``headline`` the
    exact headline figures (field -> value); ``units`` the table counts per
    unit key (:func:`unit_key`: the lineage id, or ``name:<printed name>``),
    summed over the rows with that key; ``unit_names`` the printed name of
    each key; ``categories`` counts per category; ``carry_over`` the printed
    carry-over from the month before.
    """

    bulletin_id: str
    path: str
    format: str | None
    area: str | None
    start: dt.date | None
    end: dt.date | None
    headline: Mapping[str, int] = field(default_factory=dict)
    units: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    unit_names: Mapping[str, str] = field(default_factory=dict)
    categories: Mapping[str, int] = field(default_factory=dict)
    carry_over: int | None = None

    @property
    def months(self) -> tuple[tuple[int, int], ...] | None:
        """The calendar months the period covers exactly, or None (unknown, or not whole months)."""
        return month_span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class ArchiveFinding:
    """A finding about several bulletins: the finding itself, the bulletin it is filed under (``owner``),
    the column compared (``field``), every bulletin involved (owner first) and, for a unit's count, the
    :func:`unit_key` it was compared under (``unit``: each bulletin prints the unit under its own name,
    :attr:`ArchiveBulletin.unit_names`)."""

    finding: Finding
    owner: str
    field: str | None
    bulletin_ids: tuple[str, ...]
    unit: str | None = None

    @property
    def check(self) -> str:
        return self.finding.check

    def to_dict(self) -> dict[str, Any]:
        f = self.finding
        return {"check": f.check, "severity": f.severity, "subject": f.subject, "stated": f.stated,
                "computed": f.computed, "delta": f.delta, "message": f.message, "owner": self.owner,
                "field": self.field, "bulletin_ids": list(self.bulletin_ids), "unit": self.unit}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "ArchiveFinding":
        f = Finding(d["check"], d["severity"], d["subject"], d["stated"], d["computed"], d["delta"], d["message"])
        return cls(f, d["owner"], d["field"], tuple(d["bulletin_ids"]), d.get("unit"))


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What one check found: findings, and which bulletins are copies of which (duplicate -> canonical)."""

    findings: tuple[ArchiveFinding, ...] = ()
    duplicate_of: Mapping[str, str] = field(default_factory=dict)


# -- periods -------------------------------------------------------------------------------------

def month_span(start: dt.date | None, end: dt.date | None) -> tuple[tuple[int, int], ...] | None:
    """``(year, month)`` of every month from ``start`` to ``end`` when they bound whole months, else None.

    >>> month_span(dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    ((2022, 1), (2022, 2), (2022, 3))
    >>> month_span(dt.date(2022, 1, 1), dt.date(2022, 1, 20)) is None
    True
    """
    if start is None or end is None or start.day != 1 or end < start:
        return None
    if end.day != calendar.monthrange(end.year, end.month)[1]:
        return None
    out, (y, m) = [], (start.year, start.month)
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return tuple(out)


def _ym(ym: tuple[int, int]) -> str:
    return f"{ym[0]}-{ym[1]:02d}"


def _previous(ym: tuple[int, int]) -> tuple[int, int]:
    return (ym[0] - 1, 12) if ym[1] == 1 else (ym[0], ym[1] - 1)


def is_carry_over(phrase: str | None) -> bool:
    """True when a figure's phrase (simplified script) states last month's carry-over.

    >>> is_carry_over("上月结转工单"), is_carry_over("结转至2月份"), is_carry_over("结转")
    (True, False, True)
    """
    return bool(phrase) and CARRY_OVER_PHRASE.search(phrase.strip()) is not None


# -- content -------------------------------------------------------------------------------------

def figures(b: ArchiveBulletin) -> dict[str, int]:
    """Every extracted figure of ``b`` under a flat key (``bulletins.completed``, ``unit_stats.received[<unit>]``,
    ``categories[<name>]``, ``carry_over``): what copies are compared on.

    >>> figures(ArchiveBulletin("aa", "a.txt", "txt", None, None, None, headline={"completed": 3}, carry_over=1))
    {'bulletins.completed': 3, 'carry_over': 1}
    """
    out = {f"bulletins.{k}": v for k, v in b.headline.items() if v is not None}
    for unit, counts in b.units.items():
        out.update({f"unit_stats.{c}[{unit}]": v for c, v in counts.items() if v is not None})
    out.update({f"categories[{name}]": v for name, v in b.categories.items() if v is not None})
    if b.carry_over is not None:
        out["carry_over"] = b.carry_over
    return out


def content_fingerprint(b: ArchiveBulletin) -> str:
    """A digest of the extracted content (area, period and every figure), not of the bytes: two files of one
    bulletin in two formats have the same fingerprint when their figures were extracted alike.

    >>> a = ArchiveBulletin("aa", "a.txt", "txt", "甲县", None, None, headline={"completed": 3})
    >>> content_fingerprint(a) == content_fingerprint(ArchiveBulletin("bb", "a.pdf", "pdf", "甲县", None, None,
    ...                                                               headline={"completed": 3}))
    True
    """
    key = [b.area, b.start and b.start.isoformat(), b.end and b.end.isoformat(), sorted(figures(b).items())]
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode()).hexdigest()[:16]


def relation(a: ArchiveBulletin, b: ArchiveBulletin) -> tuple[str | None, list[tuple[str, int, int]]]:
    """``("copy", [])``, ``("conflict", differing figures)`` or ``(None, [])`` (different bulletins) for two
    bulletins of one area and period (the rules: :data:`MIN_AGREEING`).

    >>> a = ArchiveBulletin("aa", "a.txt", "txt", None, None, None, headline={"completed": 3, "dispatched": 5})
    >>> relation(a, ArchiveBulletin("bb", "b.pdf", "pdf", None, None, None, headline={"completed": 3}))
    (None, [])
    """
    fa, fb = figures(a), figures(b)
    shared = set(fa) & set(fb)
    if len(shared) < COPY_COVERAGE * max(len(fa), len(fb)):
        return None, []
    differ = [(k, fa[k], fb[k]) for k in sorted(shared) if fa[k] != fb[k]]
    if sum(1 for k in shared if fa[k] == fb[k] and fa[k] != 0) < MIN_AGREEING:
        return None, []
    if not differ:
        return "copy", []
    if len(differ) <= max(1, int(CONFLICT_SHARE * len(shared))) and len(shared) - len(differ) >= 2 * len(differ):
        return "conflict", differ
    return None, []


def preference(b: ArchiveBulletin) -> tuple[int, str]:
    """Sort key of copies, best first: :data:`FORMAT_PREFERENCE`, then path."""
    rank = FORMAT_PREFERENCE.index(b.format) if b.format in FORMAT_PREFERENCE else len(FORMAT_PREFERENCE)
    return rank, b.path


def _field_label(key: str, b: ArchiveBulletin) -> tuple[str, str, str | None]:
    """(field column, subject, unit key or None) of a :func:`figures` key of ``b`` (a unit's subject names
    it as ``b`` prints it)."""
    if key.startswith("bulletins."):
        name = key.removeprefix("bulletins.")
        return name, name, None
    if key.startswith("unit_stats."):
        column, _, unit = key.removeprefix("unit_stats.").partition("[")
        unit = unit.removesuffix("]")
        return column, f"{b.unit_names.get(unit, unit)} {column}", unit
    if key.startswith("categories["):
        return "count", key, None
    return key, key, None


def resolve_copies(docs: Iterable[ArchiveBulletin]) -> tuple[list[ArchiveBulletin], CheckResult]:
    """Bulletins of one area and period, best first: the canonical ones, and the copies and conflicts found.

    A bulletin stating nearly the same figures as a canonical one and
    agreeing on every figure both state is its duplicate; one disagreeing on
    a few figures is a conflicting copy: it stays canonical too, with one
    ``duplicate-conflict`` per differing figure, filed under the less
    preferred copy (:func:`relation`).
    """
    canonical: list[ArchiveBulletin] = []
    dup: dict[str, str] = {}
    found: list[ArchiveFinding] = []
    for d in sorted(docs, key=preference):
        for c in canonical:
            kind, differ = relation(d, c)
            if kind == "copy":
                dup[d.bulletin_id] = c.bulletin_id
                break
            if kind == "conflict":
                for key, mine, theirs in differ:
                    column, subject, unit = _field_label(key, d)
                    f = CATALOGUE["duplicate-conflict"].finding(subject, stated=mine, computed=theirs,
                                                                delta=mine - theirs, path=d.path, other=c.path)
                    found.append(ArchiveFinding(f, d.bulletin_id, column, (d.bulletin_id, c.bulletin_id), unit))
                break
        if d.bulletin_id not in dup:
            canonical.append(d)
    return canonical, CheckResult(tuple(found), dup)


# -- planning ------------------------------------------------------------------------------------

def check_key(kind: str, area: str | None, a: str, b: str) -> str:
    """The key of a check: ``kind|area|a|b`` (``a``/``b``: period bounds, or a month and '')."""
    return f"{kind}|{area or ''}|{a}|{b}"


def plan_checks(bulletins: Iterable[ArchiveBulletin]) -> dict[str, tuple[str, ...]]:
    """Every check the archive calls for: key -> the bulletin ids it reads (sorted). Only areas and periods
    are read, so this is cheap on a large archive.

    - ``same``: two or more bulletins of one area and one period (also of no
      known area: copies must agree on their figures anyway);
    - ``cumulative``: a bulletin spanning several whole months, with the
      one-month bulletins of its area in those months;
    - ``carry-over``: the one-month bulletins of a month and of the month before.

    The last two need a known area (scope or issuer): months of bulletins that
    name none may come from anywhere.
    """
    by_period: dict[tuple, list[str]] = {}
    by_month: dict[tuple, list[str]] = {}
    spans: dict[tuple, tuple[tuple[int, int], ...]] = {}
    for b in bulletins:
        months = b.months
        if b.start is None or b.end is None:
            continue
        by_period.setdefault((b.area, b.start, b.end), []).append(b.bulletin_id)
        if b.area is None:
            continue  # months of unknown areas may be anyone's: copies only (their figures must agree)
        if months is not None and len(months) == 1:
            by_month.setdefault((b.area, months[0]), []).append(b.bulletin_id)
        elif months is not None:
            spans[(b.area, b.start, b.end)] = months
    plan: dict[str, tuple[str, ...]] = {}
    for (area, start, end), ids in by_period.items():
        if len(ids) > 1:
            plan[check_key("same", area, start.isoformat(), end.isoformat())] = tuple(sorted(ids))
    for (area, start, end), months in spans.items():
        ids = list(by_period[(area, start, end)])
        for ym in months:
            ids += by_month.get((area, ym), [])
        plan[check_key("cumulative", area, start.isoformat(), end.isoformat())] = tuple(sorted(ids))
    for (area, ym), ids in by_month.items():
        before = by_month.get((area, _previous(ym)))
        if before:
            plan[check_key("carry-over", area, _ym(ym), "")] = tuple(sorted(ids + before))
    return dict(sorted(plan.items(), key=lambda kv: (CHECK_KINDS.index(kv[0].split("|")[0]), kv[0])))


# -- running -------------------------------------------------------------------------------------

def run_check(key: str, members: Sequence[ArchiveBulletin]) -> CheckResult:
    """Run the check ``key`` (from :func:`plan_checks`) over its member bulletins."""
    kind, area, a, b = key.split("|")
    if kind == "same":
        return resolve_copies(members)[1]
    if kind == "cumulative":
        return check_cumulative(dt.date.fromisoformat(a), dt.date.fromisoformat(b), members)
    if kind == "carry-over":
        year, month = map(int, a.split("-"))
        return check_carry_over((year, month), members)
    raise ValueError(f"unknown archive check {key!r}")


def _canonical_by_month(docs: Iterable[ArchiveBulletin]) -> dict[tuple[int, int], list[ArchiveBulletin]]:
    months: dict[tuple[int, int], list[ArchiveBulletin]] = {}
    for d in docs:
        span = d.months
        if span is not None and len(span) == 1:
            months.setdefault(span[0], []).append(d)
    return {ym: resolve_copies(ds)[0] for ym, ds in months.items()}


def _month_label(months: Sequence[tuple[int, int]]) -> str:
    return f"{_ym(months[0])}..{_ym(months[-1])}"


def check_cumulative(start: dt.date, end: dt.date, members: Sequence[ArchiveBulletin]) -> CheckResult:
    """``cumulative-mismatch`` / ``cumulative-incomplete``: each multi-month bulletin of the span against the
    one-month bulletins of its months.

    Months with none of their bulletins in the archive make the check
    incomplete (reported when at least one month is there: a bulletin whose
    months are all absent is simply the archive's bulletin for that span). A
    month with two bulletins that are not copies is ambiguous: the sums are
    not checked. A headline figure is compared when the cumulative bulletin
    and every month state it exactly; a unit's count when every month's table
    has the unit (matched by :func:`unit_key`). A table disagreeing with the
    months' sums on more than half of the counts compared, and printing one
    month's count in at least half of those, is that month's table (a
    cumulative bulletin attaching its last month's table): its units are not
    reported.
    """
    months = month_span(start, end)
    cumulative, _ = resolve_copies(d for d in members if d.start == start and d.end == end)
    by_month = _canonical_by_month(d for d in members if not (d.start == start and d.end == end))
    present = [by_month[ym][0] for ym in months if ym in by_month]
    missing = [ym for ym in months if ym not in by_month]
    found: list[ArchiveFinding] = []
    for cum in cumulative:
        if missing:
            if present:
                f = CATALOGUE["cumulative-incomplete"].finding(
                    cum.path, present=len(present), n=len(months), span=_month_label(months),
                    missing=", ".join(_ym(ym) for ym in missing))
                found.append(ArchiveFinding(f, cum.bulletin_id, None,
                                            (cum.bulletin_id, *(d.bulletin_id for d in present))))
            continue
        if any(len(by_month[ym]) > 1 for ym in months):
            continue
        ids = (cum.bulletin_id, *(d.bulletin_id for d in present))
        for name in CUMULATIVE_HEADLINE:
            values = [d.headline.get(name) for d in present]
            stated = cum.headline.get(name)
            if stated is None or None in values or stated == sum(values):
                continue
            f = CATALOGUE["cumulative-mismatch"].finding(
                name, stated=stated, computed=sum(values), delta=stated - sum(values), path=cum.path,
                n=len(present))
            found.append(ArchiveFinding(f, cum.bulletin_id, name, ids))
        compared, unit_found, as_month = 0, [], [0] * len(present)
        for unit, counts in cum.units.items():
            if not all(unit in d.units for d in present):
                continue
            for column in CUMULATIVE_COUNTS:
                values = [d.units[unit].get(column) for d in present]
                stated = counts.get(column)
                if stated is None or None in values:
                    continue
                compared += 1
                if stated == sum(values):
                    continue
                for k, v in enumerate(values):
                    as_month[k] += stated == v
                f = CATALOGUE["cumulative-mismatch"].finding(
                    f"{cum.unit_names.get(unit, unit)} {column}", stated=stated, computed=sum(values),
                    delta=stated - sum(values), path=cum.path, n=len(present))
                unit_found.append(ArchiveFinding(f, cum.bulletin_id, column, ids, unit))
        if not (2 * len(unit_found) > compared and 2 * max(as_month, default=0) >= len(unit_found)):
            found += unit_found
    return CheckResult(tuple(found))


def check_carry_over(month: tuple[int, int], members: Sequence[ArchiveBulletin]) -> CheckResult:
    """``carry-over-mismatch``: the carry-over a month's bulletin prints against the in-progress orders of
    the month before (skipped when either month has two bulletins that are not copies, e.g. the hotline's and
    the mailbox's, whose carry-overs need not match each other's orders; or when the month before states
    none)."""
    by_month = _canonical_by_month(members)
    before, this = by_month.get(_previous(month), []), by_month.get(month, [])
    if len(before) != 1 or len(this) != 1 or before[0].headline.get("in_progress") is None:
        return CheckResult()
    previous = before[0]
    expected = previous.headline["in_progress"]
    found = []
    for d in this:
        if d.carry_over is None or d.carry_over == expected:
            continue
        f = CATALOGUE["carry-over-mismatch"].finding(
            d.path, stated=d.carry_over, computed=expected, delta=d.carry_over - expected, previous=previous.path)
        found.append(ArchiveFinding(f, d.bulletin_id, "carry_over", (d.bulletin_id, previous.bulletin_id)))
    return CheckResult(tuple(found))


def unit_key(unit_id: str | None, name: str | None, successor=None) -> str | None:
    """The key a unit's counts are summed under: its lineage id (``successor(unit_id)``, the unit it has
    become) when resolved, else ``name:<printed name>``; None without either.

    >>> unit_key("derived:甲县/公安局", "县公安局"), unit_key(None, "县水务局")
    ('derived:甲县/公安局', 'name:县水务局')
    """
    if unit_id:
        return successor(unit_id) if successor is not None else unit_id
    return f"name:{name}" if name else None
