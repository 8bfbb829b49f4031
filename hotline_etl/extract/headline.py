"""The headline figures: which stated figure feeds each field, by one documented rule.

The text's statements (:func:`~hotline_etl.extract.figures.find_statements`)
are matched against the phrase lexicon (:mod:`~hotline_etl.extract.lexicon`).

*Candidates* of a field are the statements outside the cases and attachment
sections whose template matches one of the field's phrasings, counted in one
of its units (calls in 次/通 are never orders, a rate is never a count), and
not ruled out as

- a change, an average or a comparison (``日均``, ``同比增加``, ``较上月``);
- about a subset of the orders or another platform (``省派工单``, the grid
  platform), in its clause, its sentence or its section heading;
- a category's count (``咨询类N件``);
- for the totals (received, mailbox letters, praise): a part of a breakdown
  (after ``其中`` in the same sentence as an earlier count, in brackets, or
  printed with a share);
- excluded by the field's own words (a mailbox's ``超期`` letters).

A completed and an in-progress count stated in one sentence whose sum is the
count of a subset stated before (``其中省平台交办件31件`` … ``已办结29件,尚有2件正在
办理中``) split that subset, not the bulletin's orders: both are ruled out too.

A bare closing sum (``A信箱收到来信38封,B信箱收到来信91封,共计129封``) equal to the
sum of two or more statements of its sentence that match one total field feeds
that field in their place (at the first part's position); the parts feed nothing.

A statement feeds one field at most: the field of its strongest phrasing
(:data:`~hotline_etl.extract.lexicon.FIELD_ORDER` on a tie). Among a field's
candidates the first by these keys wins, never the file order alone:

1. the months its line names agree with the bulletin's period, or it names
   none (a cumulative ``1-6月`` figure loses in a June bulletin);
2. a whole before a part of a breakdown;
3. exact before approximate (``9.67万``, ``近4万``, ``7万余``);
4. digits printed before digits lost;
5. reading order (a bulletin states its own figure before sub-platforms'
   and special topics');
6. the phrasing's priority.

When the winner's digits were stripped by a mirror (``共受理群众诉求件``) the
field is None with a ``figure-missing`` warning: a number is never borrowed
from another statement. (A field no statement states gets ``figure-not-found`` from the caller.)

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.figures import find_statements
>>> from hotline_etl.model import Period
>>> s = find_statements(build_view(load("共受理12345熱線工單2557件,已辦結2574件,日均受理85件")))
>>> h, figures, w = extract_headline(s, Period(None, None, None))
>>> h.hotline_orders_received.value, h.completed.value, h.praise.value
(2557, 2574, None)
>>> [f.field for f in figures]
['hotline_orders_received', 'completed', None]
"""

from __future__ import annotations

import dataclasses

import regex

from ..memo import memoised
from ..model import HEADLINE_FIELDS, Figure, Headline, ParseWarning, Period, StatedFigure
from .figures import Statement
from .lexicon import (CATEGORY, FIELD_EXCLUSIONS, FIELD_ORDER, FIELD_UNIT_KINDS, PHRASINGS, QUALIFIERS,
                      TOTAL_FIELDS, Phrasing)

#: Sections whose statements never feed a headline field.
IGNORED_SECTIONS = frozenset({"cases", "attachment"})

_QUALIFIER = regex.compile(QUALIFIERS)
_CATEGORY = regex.compile(CATEGORY)
_EXCLUDE = {name: regex.compile(words) for name, words in FIELD_EXCLUSIONS.items()}


def _clause(template: str) -> str:
    return template.partition("#")[0]


def _ruled_out(s: Statement, field: str) -> bool:
    """True when ``s`` may not feed ``field`` whatever phrasing it matches (the module docstring's list)."""
    before = _clause(s.template)
    if s.unit_kind not in FIELD_UNIT_KINDS[field]:
        return True
    if s.subset or _QUALIFIER.search(before) or _CATEGORY.search(before):
        return True
    if field in TOTAL_FIELDS and s.part:
        return True
    exclude = _EXCLUDE.get(field)
    return exclude is not None and exclude.search(before) is not None


@memoised()  # a county words its statements alike month after month
def matching_phrasings(template: str) -> tuple[Phrasing, ...]:
    """Every phrasing of :data:`~hotline_etl.extract.lexicon.PHRASINGS` that ``template`` matches, in order.

    >>> [p.field for p in matching_phrasings("共受理12345热线工单#")]
    ['hotline_orders_received']
    """
    return tuple(p for p in PHRASINGS if p.matches(template))


def _best_phrasing(s: Statement) -> Phrasing | None:
    """The strongest phrasing ``s`` matches among the fields it may feed; ties go by FIELD_ORDER."""
    if s.section in IGNORED_SECTIONS:
        return None
    matched = [p for p in matching_phrasings(s.template) if not _ruled_out(s, p.field)]
    if not matched:
        return None
    return min(matched, key=lambda p: (p.priority, FIELD_ORDER.index(p.field)))


def _subset_splits(statements: tuple[Statement, ...], best: list[Phrasing | None]) -> set[int]:
    """Indices of completed and in-progress counts of one sentence that add up to a subset stated before."""
    out: set[int] = set()
    subsets: set[int | float] = set()
    by_sentence: dict[int, dict[str, int]] = {}
    for i, (s, p) in enumerate(zip(statements, best)):
        if p is not None and p.field in ("completed", "in_progress"):
            fields = by_sentence.setdefault(s.sentence, {})
            fields.setdefault(p.field, i)
            if len(fields) == 2 and sum(statements[j].figure.value or 0 for j in fields.values()) in subsets:
                out.update(fields.values())
        if s.subset and s.unit_kind == "order" and s.figure.value is not None:
            subsets.add(s.figure.value)
    return out


#: A clause that only sums up (``…,共计129封``): the number is the total of the counts before it.
_SUM = regex.compile(r"[ \t]*(?:共计|合计|总计|共)[ \t]*")


def _summed_totals(statements: tuple[Statement, ...], best: list[Phrasing | None]) -> tuple[Statement, ...]:
    """Give a bare closing sum the field of the parts it adds up (the parts then feed nothing).

    ``县委书记信箱收到来信38封,县长信箱收到来信91封,共计129封``: two or more statements of one
    sentence that match the same total field (received, mailbox letters, praise), then ``共计N``
    equal to their sum. The sum takes the first part's place in reading order. ``best`` is updated
    in place; the statements are returned with the sums' positions moved.
    """
    out = list(statements)
    for i, s in enumerate(statements):
        if best[i] is not None or s.figure.value is None or not _SUM.fullmatch(_clause(s.template)):
            continue
        parts = [j for j in range(i) if statements[j].sentence == s.sentence and best[j] is not None
                 and best[j].field in TOTAL_FIELDS and statements[j].unit_kind == s.unit_kind]
        if len(parts) < 2 or len({best[j].field for j in parts}) != 1 \
                or sum(statements[j].figure.value or 0 for j in parts) != s.figure.value:
            continue
        best[i] = best[parts[0]]
        out[i] = s._replace(position=statements[parts[0]].position)
        for j in parts:
            best[j] = None
    return tuple(out)


def _period_months(period: Period) -> tuple[int, int] | None:
    if period.start is None or period.end is None or period.start.year != period.end.year:
        return None
    return period.start.month, period.end.month


def _rank(s: Statement, p: Phrasing, months: tuple[int, int] | None) -> tuple[bool, bool, bool, bool, int, int]:
    off_period = months is not None and s.months is not None and s.months != months
    return off_period, s.part, s.figure.approximate, s.missing, s.position, p.priority


def extract_headline(
    statements: tuple[Statement, ...], period: Period, table: tuple[Statement, ...] = ()
) -> tuple[Headline, tuple[StatedFigure, ...], list[ParseWarning]]:
    """The seven headline figures, every statement as a :class:`StatedFigure` with the field it fed, and warnings.

    ``period`` is the bulletin's reporting period (its months rank the
    candidates); the rule is the module docstring's. ``table`` holds the
    statements of summary tables (:func:`~hotline_etl.extract.figures.table_statements`):
    one feeds a field only when no statement of the text can, and only those that feed
    one join the returned figures.
    """
    months = _period_months(period)
    stated_in_text = len(statements)
    if table:
        statements = statements + table
    candidates: dict[str, list[tuple[tuple[bool, bool, bool, bool, int, int], int]]] = {n: [] for n in HEADLINE_FIELDS}
    warnings: list[ParseWarning] = []
    best = [_best_phrasing(s) for s in statements]
    for i in _subset_splits(statements, best):
        best[i] = None
    statements = _summed_totals(statements, best)
    for i, s in enumerate(statements):
        p = best[i]
        if p is None or i >= stated_in_text and any(j < stated_in_text for _, j in candidates[p.field]):
            continue
        candidates[p.field].append((_rank(s, p, months), i))
        if s.missing:
            warnings.append(ParseWarning(
                "figure-missing", f"{p.field}: the phrase {s.figure.phrase + (s.figure.unit or '')!r} is printed "
                                  "without its number", s.figure.source))
    figures: dict[str, Figure] = {}
    fed: dict[int, str] = {}
    for name in HEADLINE_FIELDS:
        if not candidates[name]:
            continue
        _, i = min(candidates[name])
        f = statements[i].figure
        value = f.value if isinstance(f.value, int) else None
        figures[name] = Figure(value, f.source, f.approximate, f.precision)
        fed[i] = name
    # A figure that feeds no field is kept as it is (its field is None already): a copy only for the few that do.
    stated = tuple(s.figure if i not in fed and s.figure.field is None else dataclasses.replace(s.figure, field=fed.get(i))
                   for i, s in enumerate(statements) if i < stated_in_text or i in fed)
    return Headline(**figures), stated, warnings
