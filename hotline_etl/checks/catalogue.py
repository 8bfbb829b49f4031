"""Every audit check in one place: stable code, severity, title, message template and rule.

Auditors filter findings on the code (``table-sum-mismatch``); the message
template and the rule text live here and nowhere else, so the checks table of
``docs/audit.md`` is :func:`catalogue_markdown` verbatim.

>>> CATALOGUE["table-sum-mismatch"].severity
'error'
>>> f = CATALOGUE["in-progress-mismatch"].finding(
...     "在办", stated=4, computed=3, dispatched=10, completed=7)
>>> f.message
'在办 is 4 but dispatched 10 − completed 7 = 3'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from ..document import Origin
from ..model import Finding

#: Severities, most serious first.
SEVERITIES = ("error", "warning", "info")
#: What a check compares: one bulletin's own figures, or bulletins of the archive with each other.
SCOPES = ("bulletin", "archive")


def severity_rank(severity: str) -> int:
    """0 for error, 1 for warning, 2 for info (lower is more serious).

    >>> severity_rank("warning")
    1
    """
    return SEVERITIES.index(severity)


@dataclass(frozen=True, slots=True)
class Check:
    """One audit rule: its stable code, severity, a short title, a message template and the rule.

    ``template`` is formatted with ``subject``, ``stated``, ``computed`` and
    the keyword arguments given to :meth:`finding`. ``scope`` is ``bulletin``
    (one bulletin's figures against each other) or ``archive`` (bulletins
    against each other, :mod:`hotline_etl.checks.archive`).
    """

    code: str
    severity: str
    title: str
    template: str
    rule: str
    scope: str = "bulletin"

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"check {self.code}: unknown severity {self.severity!r}")
        if self.scope not in SCOPES:
            raise ValueError(f"check {self.code}: unknown scope {self.scope!r}")

    def finding(self, subject: str, *, stated: Any = None, computed: Any = None,
                delta: float | int | None = None, sources: Iterable[Origin | None] = (),
                **params: Any) -> Finding:
        """A :class:`Finding` of this check; ``None`` sources are dropped, duplicates kept once."""
        message = self.template.format(subject=subject, stated=stated, computed=computed, **params)
        kept = tuple(dict.fromkeys(o for o in sources if o is not None))
        return Finding(self.code, self.severity, subject, stated, computed, delta, message, kept)


_CHECKS = (
    # sums.py
    Check("table-sum-mismatch", "error", "Table column does not add up to its total row",
          "{subject}: the unit rows add up to {computed} but the total row says {stated}",
          "For each count column (受理案件數, 應辦理數, 辦理數, 按期辦理數, 返工數), the sum over the unit "
          "rows equals the total row (合計). Skipped for a column with an empty cell."),
    Check("headline-table-mismatch", "error", "Headline figure disagrees with the table total",
          "{subject} is {stated} in the text but {computed} in the table ({column}, {where})",
          "The text's received orders equal the table's 受理案件數 total, dispatched (批轉) the 應辦理數 "
          "total, completed (已辦結) the 辦理數 total. When the units' intake column counts orders passed on to "
          "them (轉派工單, 交辦件數 …), its total is checked against dispatched instead of received (where the "
          "table has no 應辦理數). The total row is used; without one, the column sum. A "
          "figure printed in 萬 or with 近/約/餘 agrees within its printed precision (9.67萬 is 96700 ± 100)."),
    Check("in-progress-mismatch", "error", "Orders in progress are not dispatched minus completed",
          "{subject} is {stated} but dispatched {dispatched} − completed {completed} = {computed}",
          "The text's in_progress (在辦) equals dispatched (批轉) − completed (已辦結). Skipped when dispatched or "
          "completed is printed approximately (in 萬)."),
    Check("count-exceeds", "error", "A count exceeds the count it is part of",
          "{subject}: {part} {stated} is more than {whole} {computed}",
          "In every table row 辦理數 ≤ 應辦理數 and 按期辦理數 ≤ 辦理數."),
    # ranges.py
    Check("negative-count", "error", "A count is negative",
          "{subject} is {stated}: a count cannot be negative",
          "Every count cell of the table (受理案件數, 應辦理數, 辦理數, 按期辦理數, 返工數), unit rows and "
          "total row, is zero or more."),
    Check("rate-above-100", "error", "A rate is above 100%",
          "{subject} is printed {stated_raw}: a rate cannot exceed 100%",
          "Every printed rate of the table (辦結率, 按期辦結率, 返工率), unit rows and total row, is at most "
          "100%."),
    # rates.py
    Check("rate-mismatch", "error", "Printed rate does not match its counts",
          "{subject} is printed {stated_raw} but {formula} = {computed_text}; no other count of the row "
          "gives it either",
          "A printed rate equals its documented ratio (辦結率 = 辦理數/應辦理數, 按期辦結率 = 按期辦理數/辦理數, "
          "返工率 = 返工數/應辦理數, as a percentage) at the printed number of decimals, rounded (either way "
          "at an exact half) or truncated. Checked on every unit row and the total row."),
    Check("rate-definition", "warning", "Printed rate uses another denominator",
          "{subject} is printed {stated_raw}, which is {alt_formula} = {alt_text}, not the documented "
          "{formula} = {computed_text}",
          "When a printed rate does not match its documented ratio but matches the same numerator over "
          "another count of the row (at printed precision, rounded or truncated), that denominator is named "
          "(tried in the order 應辦理數, 辦理數, 受理案件數, 按期辦理數, 返工數)."),
    Check("rate-zero-denominator", "info", "Rate printed over a zero denominator",
          "{subject} prints {stated} over a zero denominator ({zeros}): the rate is undefined",
          "A rate whose documented denominator is 0 is undefined whatever is printed; one finding per row "
          "lists its rates."),
    # shares.py
    Check("share-mismatch", "error", "Printed share does not match count over the base",
          "{subject}: {count} of {base} is {computed_text}, printed {stated_raw}",
          "A printed share (占比) of a category or hot topic equals its count over the received hotline "
          "orders, at printed precision, rounded or truncated. Skipped when the received orders are printed "
          "approximately (in 萬)."),
    Check("share-base-mismatch", "warning", "Shares agree on an unstated base",
          "{subject}: no share matches the {stated} received orders; all {n} agree on a base of "
          "{computed} instead",
          "When every share of a group (at least two) disagrees with the received orders, the bases N for "
          "which count/N rounds or truncates to each printed share are intersected; a non-empty "
          "intersection is reported as the implied base range (else each share is a share-mismatch)."),
    # lists.py
    Check("list-total-mismatch", "error", "List total is not the sum of its items",
          "{subject}: the text says {stated} but its {n} items add up to {computed}",
          "A list's stated total (超期辦結工單N件, 退回重辦N件 …) equals the sum of its items' counts; with "
          "items lacking a count, the counted items must not exceed the total."),
    Check("list-unit-count-mismatch", "warning", "List names more units than it says",
          "{subject}: the text says {stated} units but names {computed}",
          "A list that states its number of units (前三位, 等17個單位) names no more units than that."),
    Check("list-unit-unmatched", "info", "Listed unit not found in the table",
          "{subject}: {unit} is not a row of the table, so the {list_label} check leaves it out",
          "A unit named in the overdue, still-open, returned or ranking lists is matched to a table row by unit "
          "id, else by the units stage's normalised name (script folded; a registry county's or the bulletin's "
          "own area prefix, 人民政府/政府 and 办事处/街道 dropped; long department names contracted), else as the "
          "abbreviation of exactly one row name; an unmatched unit is reported and skipped."),
    Check("overdue-list-vs-table", "warning", "Overdue list disagrees with the table",
          "{subject}: the text names {n_named} units with {stated} overdue orders; the table has {n_table} "
          "units with {handled} > {on_time}, {computed} orders.{details}",
          "The units of the overdue list (超期辦結) are the table's units with 辦理數 > 按期辦理數, each with "
          "count 辦理數 − 按期辦理數."),
    Check("returned-exceeds-rework", "warning", "Returned orders exceed the unit's rework count",
          "{subject}: returned {stated} in the text but {rework} is {computed} in the table",
          "Each unit of the returned list (退回重辦) has 返工數 ≥ its returned count."),
    Check("open-exceeds-unfinished", "warning", "Still-open orders exceed the unit's unfinished orders",
          "{subject}: {stated} orders still open past the deadline in the text, but {due} − {handled} = {computed} "
          "in the table",
          "Each unit of the still-open list (超期未辦理, overdue_open) has 應辦理數 − 辦理數 ≥ its count (≥ 1 when no "
          "count is printed): an order not yet handled is one of the due orders the table does not count as handled."),
    # rankings.py
    Check("ranking-mismatch", "warning", "Ranking disagrees with the table",
          "{subject}: the text ranks {stated}; by {received} among {kinds} the table gives {computed}. {reason}",
          "A ranking list (排名前N位) is the top N of the table's units of that kind (township list: 鎮/鄉 "
          "and 街道/辦事處; department list: county departments) ordered by 受理案件數; units with equal "
          "counts may stand in any order."),
    # grades.py
    Check("grade-order", "warning", "A unit at least as good as another has a worse grade",
          "{subject} is graded {stated} though it is at least as good on {rates} "
          "as {others}",
          "A unit whose completion and on-time rates are ≥ and rework rate ≤ another's (recomputed from the "
          "counts, at least one strictly better) does not get a worse grade (A best … E worst). Rows with a "
          "zero denominator are left out."),
    # archive.py: bulletins of one archive against each other
    Check("duplicate-conflict", "error", "Two copies of one bulletin disagree",
          "{subject}: {path} prints {stated}, its copy {other} prints {computed}",
          "Bulletins of one area (scope, else issuer) and one period are copies when they state nearly the same "
          "extracted figures (headline figures, table counts per unit, category counts, carry-over: at least 90% "
          "of either's figures stated by both), agree on at least two non-zero ones and disagree on none: the "
          "best (docx, pdf, html, txt, then path) is canonical and the others get duplicate_of. Copies that "
          "disagree on a few figures (at most a tenth of those both state, at least one, and at most half as many "
          "as they agree on) are both kept, with one finding per differing figure, filed under the less "
          "preferred copy; bulletins differing more are different bulletins of the period.", scope="archive"),
    Check("cumulative-mismatch", "error", "A multi-month bulletin is not the sum of its months",
          "{subject}: {path} states {stated}; its {n} months add up to {computed}",
          "A bulletin covering several whole months (1-6月份, a quarter) states received (受理), dispatched (批轉) "
          "and completed (已辦結) equal to the sum of the one-month bulletins of its area in those months, and "
          "each unit's 受理案件數, 辦理數, 按期辦理數 and 返工數 equal to the sum of that unit's rows (units "
          "matched by id through lineage). Checked when every month has exactly one bulletin (copies count "
          "once); a unit only when every month's table has it; approximate figures (萬) are left out. A table "
          "disagreeing with the sums on more than half of the unit counts compared, mostly printing one month's "
          "counts, is that month's table (attached to the cumulative bulletin): its units are not reported.",
          scope="archive"),
    Check("cumulative-incomplete", "info", "Months of a multi-month bulletin are missing",
          "{subject}: the archive has {present} of the {n} months of {span}; missing {missing}, so its "
          "sums are not checked",
          "Reported when some, but not all, of the months a multi-month bulletin covers have a one-month "
          "bulletin of the same area in the archive.", scope="archive"),
    Check("carry-over-mismatch", "warning", "Carry-over is not last month's orders in progress",
          "{subject}: {stated} orders carried over from last month, but {previous} left {computed} in progress",
          "A monthly bulletin's carry-over (上月結轉N件, 結轉N件) equals the in-progress orders (在辦) of the "
          "previous month's bulletin of the same area (when each of the two months has exactly one bulletin, "
          "copies counting once: the hotline's and the mailbox's carry-overs need not match each other).",
          scope="archive"),
)

#: Code -> Check, in documentation order.
CATALOGUE: dict[str, Check] = {c.code: c for c in _CHECKS}


def catalogue_markdown(scope: str = "bulletin") -> str:
    """The checks table of ``docs/audit.md`` (``scope='bulletin'``) or of ``docs/archive_audit.md``
    (``scope='archive'``): one row per check (code, severity, rule).

    >>> catalogue_markdown().splitlines()[0]
    '| code | severity | rule |'
    """
    lines = ["| code | severity | rule |", "|---|---|---|"]
    lines += [f"| `{c.code}` | {c.severity} | **{c.title}.** {c.rule} |" for c in _CHECKS if c.scope == scope]
    return "\n".join(lines)
