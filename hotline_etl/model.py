"""The typed record a bulletin becomes: frozen dataclasses with ``to_dict()``.

Every extracted value keeps where it came from (an :class:`Origin`), and raw
text stays as printed beside any normalised value. ``to_dict()`` gives the
JSON shape documented in docs/record.md; keys named ``source`` / ``sources`` carry
provenance and are left out with ``to_dict(sources=False)``.

>>> Percent.parse("89.18%")
Percent(value=89.18, decimals=2, raw='89.18%')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from operator import attrgetter
from typing import Any, Callable, NamedTuple

from .document import Origin
from .memo import memoised

_PLAIN_PERCENT = re.compile(r"-?\d+(?:\.\d+)?")

#: Field names of the statistics table, in the order of SPEC §3.
TABLE_FIELDS = (
    "unit_raw", "received", "due", "handled", "completion_rate_pct",
    "on_time", "on_time_rate_pct", "rework", "rework_rate_pct", "grade",
)
COUNT_FIELDS = ("received", "due", "handled", "on_time", "rework")
RATE_FIELDS = ("completion_rate_pct", "on_time_rate_pct", "rework_rate_pct")
HEADLINE_FIELDS = (
    "hotline_orders_received", "mailbox_letters", "praise", "direct_answers",
    "dispatched", "completed", "in_progress",
)
LIST_NAMES = ("overdue", "mailbox_overdue", "returned", "top_township", "top_department", "commended",
              "overdue_open")
#: Period granularities (SPEC §8): what span of time the bulletin reports.
GRANULARITIES = ("month", "quarter", "half_year", "week", "range", "cumulative")


def _origin(o: Origin | None) -> dict[str, int] | None:
    return o.to_dict() if o is not None else None


def field_replacer(cls: type, name: str) -> Callable[[Any, Any], Any]:
    """A function ``(obj, value)`` giving ``dataclasses.replace(obj, **{name: value})`` for ``obj`` of ``cls``.

    For a stage that sets one field on every row or item of a bulletin (the units stage): ``replace``
    walks the fields by name and calls the generated ``__init__`` with keywords on every call (about
    4 µs for a table row); this is one straight-line function per class and field, made once, that
    copies each slot (about 1.5 µs). Only for frozen slotted dataclasses without ``__post_init__``
    whose fields all go through ``__init__``: there the two give the same object.

    >>> with_unit = field_replacer(ListItem, "unit")
    >>> with_unit(ListItem("交警大队", 2), UnitRef("x.police", "交警大队", "police", "exact")).unit.unit_id
    'x.police'
    """
    names = _straight_fields(cls, "field_replacer", "use dataclasses.replace")
    if name not in names:
        raise TypeError(f"field_replacer: {cls.__name__}.{name} is not a field; use dataclasses.replace")
    setters = _slot_setters(cls, names)
    body = "".join(f"    _set_{k}(new, {'value' if k == name else 'obj.' + k})\n" for k in names)
    # An instance of a subclass (none in the model today) goes through dataclasses.replace, as before.
    source = (f"def replaced(obj, value):\n    if type(obj) is not _cls:\n        return _replace(obj, {name}=value)\n"
              f"    new = _new(_cls)\n{body}    return new\n")
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_replace": replace, **setters}
    exec(source, namespace)  # noqa: S102 - code built above from the class's own field names only
    replaced = namespace["replaced"]
    replaced.__name__ = replaced.__qualname__ = f"replace_{cls.__name__}_{name}"
    return replaced


def field_builder(cls: type, names: tuple[str, ...] | None = None) -> Callable[..., Any]:
    """A function ``(values)`` giving ``cls(**values)``, for a stage that makes one object per row (the table
    stage's rows): one straight-line function per class, made once, that sets each slot (a frozen
    ``__init__`` sets each field through ``object.__setattr__`` by name: about 2.7 µs for a table row
    with keywords, this about 1.3 µs). A field missing from ``values`` takes its default; ``values`` must
    hold only field names (not checked). With ``names``, the function takes those fields' values as
    positional arguments, in that order, instead of a dict (about 0.9 µs a row; one function per
    ``names``, kept). Only for the classes :func:`field_replacer` takes.

    >>> item = field_builder(ListItem)({"unit_raw": "交警大队", "count": 2})
    >>> item == ListItem("交警大队", 2) == field_builder(ListItem, ("count", "unit_raw"))(2, "交警大队")
    True
    """
    return _builder(cls, names)


@memoised(maxsize=256)
def _builder(cls: type, names: tuple[str, ...] | None) -> Callable[..., Any]:
    known = _straight_fields(cls, "field_builder", "use the class")
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls, **_slot_setters(cls, known)}
    if names is not None and (len(set(names)) != len(names) or not set(names) <= set(known)):
        raise TypeError(f"field_builder: {names} are not distinct fields of {cls.__name__}")
    body = []
    for f in fields(cls):
        if names is not None and f.name in names:
            value = f"v{names.index(f.name)}"
        elif f.default is not MISSING:
            namespace[f"_default_{f.name}"] = f.default
            value = f"_default_{f.name}" if names is not None else f"get({f.name!r}, _default_{f.name})"
        elif f.default_factory is not MISSING:
            namespace[f"_factory_{f.name}"] = f.default_factory
            value = f"_factory_{f.name}()" if names is not None else \
                f"values[{f.name!r}] if {f.name!r} in values else _factory_{f.name}()"
        else:
            value = f"values[{f.name!r}]" if names is None else None
            if value is None:
                raise TypeError(f"field_builder: {cls.__name__}.{f.name} has no default and is not in {names}")
        body.append(f"    _set_{f.name}(new, {value})\n")
    head = "def build(values):\n    get = values.get\n" if names is None else \
        f"def build({', '.join(f'v{k}' for k in range(len(names)))}):\n"
    source = head + "    new = _new(_cls)\n" + "".join(body) + "    return new\n"
    exec(source, namespace)  # noqa: S102 - code built above from the class's own field names only
    build = namespace["build"]
    build.__name__ = build.__qualname__ = f"build_{cls.__name__}"
    return build


def _straight_fields(cls: type, who: str, instead: str) -> list[str]:
    """The field names of ``cls``, when its objects can be made by setting each slot (else TypeError)."""
    if (not is_dataclass(cls) or not cls.__dataclass_params__.frozen or "__slots__" not in cls.__dict__
            or hasattr(cls, "__post_init__") or any(not f.init for f in fields(cls))):
        raise TypeError(f"{who}: {cls.__name__} is not a frozen slotted dataclass without __post_init__; {instead}")
    return [f.name for f in fields(cls)]


def _slot_setters(cls: type, names: list[str]) -> dict[str, Callable[[Any, Any], None]]:
    # Each slot's descriptor sets the field on the new object (what the frozen __init__ does, by name).
    return {f"_set_{k}": cls.__dict__[k].__set__ for k in names}


class Percent(NamedTuple):
    """A printed percentage: its value, its printed number of decimals and the raw text.

    Immutable; a NamedTuple because a table holds three per row.
    """

    value: float
    decimals: int
    raw: str

    @classmethod
    def parse(cls, text: str) -> "Percent | None":
        """``"98.80%"`` -> Percent(98.8, 2, "98.80%"); None when there is no number."""
        return _parse_percent(text)


@memoised()  # printed rates repeat within a table and across a batch
def _parse_percent(text: str) -> Percent | None:
    raw = text.strip()
    number = raw.rstrip("%").strip()
    # Strict: float() would also take nan, inf, 1e999 and 1_000, none of which a bulletin prints.
    if _PLAIN_PERCENT.fullmatch(number) is None:
        return None
    value = float(number)
    dot = number.find(".")
    return Percent(value, 0 if dot < 0 else len(number) - dot - 1, raw)


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A unit name resolved against the registry (filled by the units stage)."""

    unit_id: str | None
    name: str | None
    kind: str | None
    method: str
    score: float | None = None
    candidates: tuple[str, ...] = ()
    damaged: bool = False

    def to_fields(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit_id,
            "unit_name": self.name,
            "unit_kind": self.kind,
            "resolution": {
                "method": self.method,
                "score": self.score,
                "candidates": list(self.candidates),
                "damaged": self.damaged,
            },
        }


def _unit_fields(unit: UnitRef | None) -> dict[str, Any]:
    return unit.to_fields() if unit is not None else {}


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """Something missing, damaged or doubtful, with a stable code and where it is."""

    code: str
    message: str
    source: Origin | None = None

    def to_dict(self, sources: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {"code": self.code, "message": self.message}
        if sources:
            d["source"] = _origin(self.source)
        return d


@dataclass(frozen=True, slots=True)
class Finding:
    """An audit finding: a stated figure that disagrees with what the bulletin's own data give.

    ``check`` is the stable code of the rule (e.g. ``table-sum-mismatch``);
    ``severity`` is ``error``, ``warning`` or ``info``; ``stated`` and
    ``computed`` are what the bulletin prints and what its data give
    (numbers, or text for lists); ``sources`` are the places involved.
    """

    check: str
    severity: str
    subject: str
    stated: float | int | str | None
    computed: float | int | str | None
    delta: float | int | None
    message: str
    sources: tuple[Origin, ...] = ()

    def to_dict(self, sources: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "check": self.check, "severity": self.severity, "subject": self.subject,
            "stated": self.stated, "computed": self.computed, "delta": self.delta, "message": self.message,
        }
        if sources:
            d["sources"] = [o.to_dict() for o in self.sources]
        return d


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A day as far as the text tells: the year, or the day of a month whose length depends on it, may be unknown.

    >>> PartialDate(None, 2, None).edtf(), PartialDate(2020, 12, 1).edtf()
    ('XXXX-02-XX', '2020-12-01')
    """

    year: int | None
    month: int
    day: int | None

    def edtf(self) -> str:
        """Extended Date/Time Format (ISO 8601-2): ``X`` for every unknown digit."""
        year = f"{self.year:04d}" if self.year is not None else "XXXX"
        day = f"{self.day:02d}" if self.day is not None else "XX"
        return f"{year}-{self.month:02d}-{day}"


@dataclass(frozen=True, slots=True)
class Period:
    """The reporting period: first and last day, the label as printed, and its kind.

    ``start``/``end`` are dates only when the year is known; ``start_partial``
    and ``end_partial`` keep the month and day also when it is not (a bulletin
    printing only ``11月份``), and ``to_dict`` then writes them as EDTF strings
    (``XXXX-11-01``).
    """

    start: dt.date | None
    end: dt.date | None
    label: str | None
    #: The kind of phrase that stated it: month, months, quarter, half_year, year, week, range, days, holiday, open.
    kind: str | None = None
    source: Origin | None = None
    #: One of :data:`GRANULARITIES`, or None when no period was read.
    granularity: str | None = None
    start_partial: PartialDate | None = None
    end_partial: PartialDate | None = None

    def to_dict(self) -> dict[str, Any]:
        def day(full: dt.date | None, partial: PartialDate | None) -> str | None:
            return full.isoformat() if full else partial.edtf() if partial else None
        return {
            "start": day(self.start, self.start_partial),
            "end": day(self.end, self.end_partial),
            "label": self.label,
            "granularity": self.granularity,
        }


@dataclass(frozen=True, slots=True)
class Figure:
    """One headline count and where it was printed (value None: not found, or its digits were lost).

    ``approximate`` marks a count printed in 万 or with 近/约/余 (``9.67万件``);
    ``precision`` is then the value of its last printed digit (100), and no
    exact check may treat ``value`` as exact (:meth:`agrees`).
    """

    value: int | None
    source: Origin | None = None
    approximate: bool = False
    precision: int | None = None

    def agrees(self, computed: int) -> bool:
        """True when ``computed`` is what the printed figure says: equal, or within its precision if approximate.

        >>> Figure(96700, approximate=True, precision=100).agrees(96652), Figure(2557).agrees(2556)
        (True, False)
        """
        if self.value is None:
            return False
        if self.approximate:
            return abs(self.value - computed) <= (self.precision or 1)
        return self.value == computed


@dataclass(frozen=True, slots=True)
class Headline:
    """The headline figures of the basic section."""

    hotline_orders_received: Figure = Figure(None)
    mailbox_letters: Figure = Figure(None)
    praise: Figure = Figure(None)
    direct_answers: Figure = Figure(None)
    dispatched: Figure = Figure(None)
    completed: Figure = Figure(None)
    in_progress: Figure = Figure(None)

    def to_dict(self) -> dict[str, int | None]:
        return {name: getattr(self, name).value for name in HEADLINE_FIELDS}

    def sources(self) -> dict[str, Any]:
        return {name: _origin(getattr(self, name).source) for name in HEADLINE_FIELDS}


@dataclass(frozen=True, slots=True)
class StatedFigure:
    """One statement "phrase + number + unit (+ share)" as printed, and the field it fed.

    Every such statement of the text is kept, whether or not it maps to a
    headline field, so researchers can query figures the schema does not name
    (回访满意率, 接通率, 话务总数 ...). ``field`` is the headline field the
    statement fed, or None. ``approximate`` marks values printed in 万 (or
    with 近/约/余), which no exact check may treat as exact.
    """

    phrase: str
    value: int | float | None
    unit: str | None
    share: Percent | None = None
    field: str | None = None
    approximate: bool = False
    source: Origin | None = None
    #: The number as printed (``9.67万``, ``1,234``, ``近4万``); None when a mirror stripped the digits.
    number_raw: str | None = None
    #: Value of the last printed digit of an approximate count (100 for ``9.67万``); None when exact.
    precision: int | None = None
    #: Kind of the section the statement stands in (basic, cases, hot_topics, title, other ...).
    section: str | None = None

    def to_dict(self, sources: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "phrase": self.phrase, "number_raw": self.number_raw, "value": self.value, "unit": self.unit,
            "share_pct": self.share.value if self.share else None,
            "field": self.field, "approximate": self.approximate, "precision": self.precision,
            "section": self.section,
        }
        if sources:
            d["source"] = _origin(self.source)
        return d


#: What a list of categories classifies (``Category.classification``).
CLASSIFICATIONS = ("subject", "request_type")


@dataclass(frozen=True, slots=True)
class Category:
    """A class of requests with its count and printed share.

    ``classification`` says what the class is: a subject (城乡建设类) or a request type
    (投诉类); ``share_source`` is where the share was printed when that is not beside the count.
    """

    rank: int
    name: str
    count: int | None
    share: Percent | None
    source: Origin | None = None
    #: One of :data:`CLASSIFICATIONS`.
    classification: str = "subject"
    share_source: Origin | None = None

    def to_dict(self, sources: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "rank": self.rank, "name": self.name, "count": self.count,
            "share_pct": self.share.value if self.share else None,
            "classification": self.classification,
        }
        if sources:
            d["source"] = _origin(self.source)
            d["share_source"] = _origin(self.share_source)
        return d


@dataclass(frozen=True, slots=True)
class ListItem:
    """A unit named in a list, as printed, with its count when one is printed."""

    unit_raw: str
    count: int | None
    source: Origin | None = None
    unit: UnitRef | None = None

    def to_dict(self, sources: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {"unit_raw": self.unit_raw, **_unit_fields(self.unit), "count": self.count}
        if sources:
            d["source"] = _origin(self.source)
        return d


@dataclass(frozen=True, slots=True)
class UnitList:
    """A named list of units (overdue, returned, rankings ...).

    ``total`` is the count the text states for the whole list; ``stated_units``
    the number of units it says there are (``等17个单位``) when it says so.
    """

    name: str
    total: int | None
    items: tuple[ListItem, ...]
    stated_units: int | None = None
    source: Origin | None = None

    def to_dict(self, sources: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {"total": self.total, "items": [i.to_dict(sources) for i in self.items]}
        if self.stated_units is not None:
            d["stated_units"] = self.stated_units
        if sources:
            d["source"] = _origin(self.source)
        return d


@dataclass(frozen=True, slots=True)
class Case:
    """A typical case: who called, when, about what, and who answered how."""

    number: int
    caller: str | None
    date: dt.date | None
    request_type: str | None
    handler_raw: str | None
    request: str
    response: str | None
    source: Origin | None = None
    handler_source: Origin | None = None
    handler_unit: UnitRef | None = None

    def to_dict(self, sources: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "number": self.number, "caller": self.caller,
            "date": self.date.isoformat() if self.date else None,
            "request_type": self.request_type,
            "handler_raw": self.handler_raw, **_unit_fields(self.handler_unit),
            "request": self.request, "response": self.response,
        }
        if sources:
            d["source"] = _origin(self.source)
            d["handler_source"] = _origin(self.handler_source)
        return d


@dataclass(frozen=True, slots=True)
class HotTopic:
    """A hot topic: its name, count, printed share and what it is mostly about."""

    topic: str
    count: int | None
    share: Percent | None
    focus: str | None
    source: Origin | None = None

    def to_dict(self, sources: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "topic": self.topic, "count": self.count,
            "share_pct": self.share.value if self.share else None, "focus": self.focus,
        }
        if sources:
            d["source"] = _origin(self.source)
        return d


#: ``*_pct`` field name -> the getter of its Percent on a :class:`StatRow`.
_RATE_GETTERS = {name: attrgetter(name.removesuffix("_pct")) for name in RATE_FIELDS}


@dataclass(frozen=True, slots=True)
class StatRow:
    """One row of the statistics table; ``sources`` maps each field to its cell."""

    unit_raw: str
    received: int | None = None
    due: int | None = None
    handled: int | None = None
    completion_rate: Percent | None = None
    on_time: int | None = None
    on_time_rate: Percent | None = None
    rework: int | None = None
    rework_rate: Percent | None = None
    grade: str | None = None
    extra: tuple[tuple[str, str], ...] = ()
    sources: dict[str, Origin] = field(default_factory=dict)
    unit: UnitRef | None = None

    def rate(self, field_name: str) -> Percent | None:
        """The Percent behind a ``*_pct`` field name."""
        get = _RATE_GETTERS.get(field_name)  # the audit asks 180 times a table: no string work each time
        return get(self) if get is not None else getattr(self, field_name.removesuffix("_pct"))

    def to_dict(self, sources: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {"unit_raw": self.unit_raw, **_unit_fields(self.unit)}
        for name in TABLE_FIELDS[1:]:
            if name in RATE_FIELDS:
                p = self.rate(name)
                d[name] = p.value if p else None
            else:
                d[name] = getattr(self, name)
        d["extra"] = dict(self.extra)
        if sources:
            d["sources"] = {k: v.to_dict() for k, v in self.sources.items()}
        return d


@dataclass(frozen=True, slots=True)
class TableReport:
    """How the table was recovered: counts and every doubt (camelot's parsing report).

    ``layout`` names the layout that read it (and its shape: ``cell-per-line,
    side-by-side``), ``confidence`` how sure that layout was (0-1); ``cut``
    says the text ends inside the table.
    """

    layout: str
    rows: int
    columns: int
    cells: int
    unknown_columns: tuple[str, ...] = ()
    incomplete_rows: int = 0
    confidence: float = 1.0
    cut: bool = False

    def note(self) -> str:
        """The report as one reading note.

        >>> TableReport("row-per-line", 21, 10, 208, ("序号",), 1).note()
        'statistics table: row-per-line layout, 21 rows x 10 columns, 208 cells read, confidence 1; 1 incomplete row; columns without a field: 序号'
        """
        text = (f"statistics table: {self.layout} layout, {self.rows} rows x {self.columns} columns, "
                f"{self.cells} cells read, confidence {self.confidence:g}")
        if self.incomplete_rows:
            text += f"; {self.incomplete_rows} incomplete row{'s' if self.incomplete_rows > 1 else ''}"
        if self.unknown_columns:
            text += f"; columns without a field: {', '.join(self.unknown_columns)}"
        if self.cut:
            text += "; the text ends inside it"
        return text


@dataclass(frozen=True, slots=True)
class StatTable:
    """The per-unit statistics table with its total row kept apart.

    ``table_index`` is its position among the bulletin's ``tables`` (1-based).
    """

    title: str | None
    header_raw: tuple[str, ...]
    columns: tuple[str | None, ...]
    rows: tuple[StatRow, ...]
    total: StatRow | None
    report: TableReport
    source: Origin | None = None
    table_index: int | None = None

    def to_dict(self, sources: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "header_raw": list(self.header_raw),
            "rows": [r.to_dict(sources) for r in self.rows],
            "total": self.total.to_dict(sources) if self.total else None,
        }
        if sources:
            d["source"] = _origin(self.source)
        return d


#: What a printed table lists, one row per item (SPEC §8).
TABLE_KINDS = ("per_unit", "per_category", "per_period", "other")


@dataclass(frozen=True, slots=True)
class PrintedTable:
    """A table of the bulletin as printed, whatever it lists.

    ``kind`` is one of :data:`TABLE_KINDS`; ``header_raw`` holds each
    column's header path as printed (``派遣案件总数/12345热线/按时办结``) and
    ``columns`` the field or measure it names (None: unknown). ``rows`` are
    the cells as printed, one row per item: units printed side by side are
    split, a table with units as columns is turned; ``cell_sources`` says
    where each cell stands. ``totals`` flags total rows (合计); ``cut`` says
    the text ends inside the table. ``layout`` and ``confidence`` are the
    table report (left out of :meth:`to_dict`, which is the same for every
    format of one bulletin).
    """

    index: int
    caption: str | None
    kind: str
    header_raw: tuple[str, ...]
    columns: tuple[str | None, ...]
    rows: tuple[tuple[str, ...], ...]
    totals: tuple[bool, ...] = ()
    cut: bool = False
    layout: str = ""
    confidence: float = 1.0
    source: Origin | None = None
    header_sources: tuple[Origin | None, ...] = ()
    cell_sources: tuple[tuple[Origin | None, ...], ...] = ()

    def to_dict(self, sources: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "index": self.index, "caption": self.caption, "kind": self.kind,
            "header_raw": list(self.header_raw), "columns": list(self.columns),
            "rows": [list(r) for r in self.rows], "total_rows": [k for k, t in enumerate(self.totals) if t],
            "cut": self.cut,
        }
        if sources:
            d["source"] = _origin(self.source)
            d["cell_sources"] = [[_origin(o) for o in row] for row in self.cell_sources]
        return d


@dataclass(frozen=True, slots=True)
class IssuerScope:
    """The area a bulletin speaks for, as far as its text tells (the record's ``scope``).

    ``name`` is the innermost area in simplified script (``岳阳县``, ``连云港市``,
    ``君山区``), the area derived unit ids are made within; ``path`` every area
    printed with it, outermost first (``('宝鸡市', '陈仓区')``); ``raw`` the
    innermost as printed; ``evidence`` where it was read: ``issuer`` (the
    sign-off), ``title`` or ``body``, or ``units`` (no area printed: the city
    whose counties the units' names are, by the gazetteer; ``raw`` is then the
    gazetteer's name).

    >>> IssuerScope("岳阳县", ("岳阳县",), "岳陽縣", "issuer").to_dict(sources=False)
    {'name': '岳阳县', 'path': ['岳阳县'], 'raw': '岳陽縣', 'evidence': 'issuer'}
    """

    name: str
    path: tuple[str, ...]
    raw: str
    evidence: str
    source: Origin | None = None

    def to_dict(self, sources: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "path": list(self.path), "raw": self.raw, "evidence": self.evidence}
        if sources:
            d["source"] = _origin(self.source)
        return d


@dataclass(frozen=True, slots=True)
class Section:
    """A section of the bulletin: its kind, heading and text in both views."""

    kind: str
    heading: str | None
    text_raw: str
    text_simplified: str
    source: Origin | None = None


@dataclass(frozen=True, slots=True)
class Bulletin:
    """Everything extracted from one bulletin.

    >>> import hotline_etl
    >>> b = hotline_etl.parse("fixtures/seed/000_0bd1a52a453bee82.txt")
    >>> b.headline.completed.value
    2574
    """

    source_name: str
    format: str
    encoding: str | None
    script: str
    period: Period
    issuer: str | None
    issued_on: dt.date | None
    headline: Headline
    categories: tuple[Category, ...]
    lists: dict[str, UnitList]
    cases: tuple[Case, ...]
    hot_topics: tuple[HotTopic, ...]
    table: StatTable | None
    sections: tuple[Section, ...]
    warnings: tuple[ParseWarning, ...]
    issuer_source: Origin | None = None
    issued_on_source: Origin | None = None
    findings: tuple[Finding, ...] = ()
    #: Request types (投诉 / 咨询 / 求助 …) when the bulletin also classifies by subject (``categories``).
    request_types: tuple[Category, ...] = ()
    #: Every "phrase + number + unit" statement of the text (:class:`StatedFigure`).
    figures: tuple[StatedFigure, ...] = ()
    #: Every table found, per-unit or not, with its cells as printed (``table`` is the first per-unit one).
    tables: tuple[PrintedTable, ...] = ()
    #: The issuing area as far as the text tells (for unit ids); None when nothing says.
    scope: IssuerScope | None = None
    #: Pages of a paged source (PDF, image frames); None for the others.
    pages: int | None = None
    #: The pages whose text was read by OCR (their values carry ``ocr`` and ``confidence`` in their sources).
    ocr_pages: tuple[int, ...] = ()
    #: What the reader did or inferred (``Document.notes``: dropped page numbers, joined tables, the charset
    #: used ...) and how the statistics table was recovered (:meth:`TableReport.note`), in that order.
    reading_notes: tuple[str, ...] = ()

    def to_dict(self, sources: bool = True) -> dict[str, Any]:
        """The documented JSON shape; ``sources=False`` drops every provenance key."""
        empty = UnitList(name="", total=None, items=())
        d: dict[str, Any] = {
            "period": self.period.to_dict(),
            "issuer": self.issuer,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "script": self.script,
            "headline": self.headline.to_dict(),
            "categories": [c.to_dict(sources) for c in self.categories],
            "request_types": [c.to_dict(sources) for c in self.request_types],
            "lists": {n: self.lists.get(n, empty).to_dict(sources) for n in LIST_NAMES},
            "cases": [c.to_dict(sources) for c in self.cases],
            "hot_topics": [t.to_dict(sources) for t in self.hot_topics],
            "table": self.table.to_dict(sources) if self.table else None,
            "tables": [t.to_dict(sources) for t in self.tables],
            "figures": [f.to_dict(sources) for f in self.figures],
            "scope": self.scope.to_dict(sources) if self.scope is not None else None,
            "reading_notes": list(self.reading_notes),
            "warnings": [w.to_dict(sources) for w in self.warnings],
            "findings": [f.to_dict(sources) for f in self.findings],
        }
        if sources:
            d["sources"] = {
                "document": {"name": self.source_name, "format": self.format, "encoding": self.encoding,
                             "pages": self.pages, "ocr_pages": list(self.ocr_pages)},
                "period": _origin(self.period.source),
                "issuer": _origin(self.issuer_source),
                "issued_on": _origin(self.issued_on_source),
                "headline": self.headline.sources(),
            }
        return d
