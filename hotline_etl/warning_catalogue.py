"""Every parse warning code in one place: stable code, title, message template and where it is raised.

The audit's findings have their catalogue (:mod:`hotline_etl.checks.catalogue`);
this is the same for the warnings a bulletin carries (``Bulletin.warnings``,
the dataset's ``warnings`` table). A warning says what the user must know
about the record: something missing, damaged or doubtful. The codes table of
``docs/codes.md`` is :func:`warnings_markdown` verbatim, and
``tests/test_codes.py`` keeps this catalogue equal to the codes the source
actually raises (and every message a fixture produces to its template).

A leaf module: it imports nothing from the package, so any stage may use it.

>>> WARNING_CATALOGUE["table-total-missing"].title
'The statistics table has no total row'
>>> WARNING_CATALOGUE["table-cell-empty"].message(header="辦理數")
'辦理數 is empty'
>>> WARNING_CATALOGUE["table-cell-empty"].matches("返工數 is empty")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Stages, in pipeline order: where a warning can be raised.
STAGES = ("readers", "script", "extract", "units")


@dataclass(frozen=True, slots=True)
class WarningCode:
    """One warning: its stable code, a short title, its message template(s) and the modules raising it.

    ``templates`` are :meth:`str.format` patterns; a placeholder stands for
    any text (possibly empty), so :meth:`matches` tells whether a message has
    the documented shape. ``raised_in`` names modules relative to
    ``hotline_etl`` (``extract.stat_table``).
    """

    code: str
    title: str
    templates: tuple[str, ...]
    raised_in: tuple[str, ...]

    @property
    def stage(self) -> str:
        """The earliest pipeline stage raising it (``readers``, ``extract`` ...)."""
        return min((m.split(".")[0] for m in self.raised_in), key=STAGES.index)

    def message(self, template: int = 0, **params: object) -> str:
        """The message of template number ``template`` with ``params`` filled in."""
        return self.templates[template].format(**params)

    def matches(self, message: str) -> bool:
        """True when ``message`` has the shape of one of the templates."""
        return any(_pattern(t).fullmatch(message) for t in self.templates)


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[^{}]*\}", template)
    return re.compile(".*?".join(re.escape(p) for p in parts), re.S)


def _w(code: str, title: str, templates: str | tuple[str, ...], *raised_in: str) -> WarningCode:
    return WarningCode(code, title, (templates,) if isinstance(templates, str) else templates, raised_in)


_WARNINGS = (
    # readers
    _w("table-columns-unaligned", "A PDF table's header could not be aligned with its columns",
       "the header of the unruled table on page {page} could not be aligned with its {columns} columns: its "
       "{header_rows} lines are kept as printed, one row each", "readers.pdf"),
    _w("ocr-used", "Pages were read by OCR: values may be misread",
       ("{pages} read by OCR ({engine}), mean confidence {mean}: check doubtful values against the page image",
        "{pages} read by OCR: no text found"), "readers.ocr"),
    _w("ocr-low-confidence", "A figure was read by OCR with a doubtful confidence",
       "{text!r} read by OCR with confidence {confidence} (below {threshold}): check it against the page image",
       "readers.ocr"),
    # repair / script (raised by extract from the view's damage list)
    _w("damaged-text", "Characters were lost in the source (a mirror's damage), kept as printed",
       "characters lost in the source: {text!r} in …{context}…", "extract"),
    # extract: period
    _w("period-missing", "No reporting period was found",
       "no reporting period (such as 5月份 or 二季度) was found", "extract.period"),
    _w("period-title-mismatch", "The title names another period than the body",
       "the title names {title_label} but the body reports {label}; the body is used", "extract.period"),
    _w("period-open-ended", "The period is open-ended (今年以来): no start or end",
       "the period {label} is open-ended; its start and end are left empty", "extract.period"),
    _w("period-undated", "The period prints no month: no start or end",
       "the period {label} prints no month; its start and end are left empty", "extract.period"),
    _w("period-damaged", "The period phrase lost characters; read from what is left",
       "the period {label} lost characters; read as {first_month}月{first_day}日—{last_month}月{last_day}日",
       "extract.period"),
    _w("period-year-unknown", "The period's year is printed nowhere",
       "the period {label} has no year in the label, title, issue number or sign-off", "extract.period"),
    _w("period-date-invalid", "The period names a day its year does not have",
       "the period {label} names a day {year} does not have; start and end are left empty", "extract.period"),
    # extract: sections, sign-off, headline
    _w("section-missing", "An expected section (typical cases, hot topics) is missing",
       "no {label} section was found", "extract"),
    _w("cases-unreadable", "A cases section holds no readable case",
       "a cases section is present but no numbered case was read", "extract"),
    _w("hot-topics-unreadable", "A hot-topics section holds no readable topic",
       "a hot-topics section is present but no topic was read", "extract"),
    _w("figure-not-found", "A headline figure is not stated",
       "headline figure {field} is not stated in the basic section", "extract"),
    _w("figure-missing", "A headline phrase or a category is printed without its number",
       ("{field}: the phrase {phrase!r} is printed without its number",
        "category {name}: printed without the digits of its count; it keeps its rank and share, its count is left "
        "empty"), "extract", "extract.headline"),
    _w("issue-date-missing", "No sign-off date was found",
       "no sign-off date line (such as 2020年6月1日) was found", "extract"),
    # extract: unit lists
    _w("list-superseded", "A unit list is stated twice; one is used",
       "another {list} list is stated here ({described}); the one at {where} is used (a list with a total and "
       "items beats items only, then a total only; then the basic section's; then the first)",
       "extract.problem_lists"),
    _w("list-cut", "A unit list runs to the end of the text: it may be cut",
       "the {list} list runs to the end of the text without a full stop: the excerpt may have cut it, its last "
       "name too", "extract.problem_lists"),
    # extract: the statistics table
    _w("table-missing", "No statistics table was found",
       "no statistics table (部门名称 | 受理案件数 | …) was found", "extract.stat_table"),
    _w("table-multiple", "Several per-unit tables; the first is the statistics table",
       "{tables} per-unit tables found; the first ({rows} rows) is used", "extract.stat_table"),
    _w("table-header-unmapped", "A table column maps to no field (its cells are kept in extra)",
       "table column {header} maps to no field; its cells are kept in extra under {header!r}",
       "extract.stat_table"),
    _w("table-row-incomplete", "A table row has fewer cells than the header",
       "table row starting {first!r} has {cells} of {width} cells; the missing ones are left empty",
       "extract.stat_table"),
    _w("table-row-overlong", "A table row has more cells than the header",
       "table row starting {first!r} has {cells} cells, the header {width}", "extract.stat_table"),
    _w("table-cell-empty", "A table cell is empty", "{header} is empty", "extract.stat_table"),
    _w("table-cell-unreadable", "A table cell is not a count or rate",
       "{header}: {cell!r} is not a {count_or_rate}", "extract.stat_table"),
    _w("table-cell-missing", "The source lost a table cell; the row's other cells keep their columns",
       ("row {row}: the {header} cell is missing in the source; the cells after it were kept in their columns",
        "a table row's unit name is missing in the source; its values are kept"), "extract.stat_table"),
    _w("table-cell-unaligned", "A lost cell whose place the printed rates cannot tell: values left empty",
       "row {row}: a cell of this row is missing and its printed rates do not tell which; {header} ({cell}) is "
       "left empty", "extract.stat_table"),
    _w("table-total-missing", "The statistics table has no total row",
       "the statistics table has no total (合计) row", "extract.stat_table"),
    _w("table-total-duplicated", "The total row is printed twice; the first is used",
       "the total row ({unit}) is printed again with {same_or_other} values; the first is used",
       "extract.stat_table"),
    _w("table-cut", "The text ends inside the table",
       "the text ends inside the table, in the row starting {first!r}{last_cell_cut}{row_left_out}", "extract.stat_table"),
    # units
    _w("unit-unresolved", "A unit name is not in the unit registry (and no id was derived)",
       ("{damaged}unit name {raw!r} is not in the unit registry for {county}; closest: {candidates}. Add it as an "
        "alias (or a new unit) in a registry file named by HOTLINE_ETL_REGISTRY",
        "unit name {raw!r} cannot be resolved: the bulletin names no area (no scope in its sign-off, title or "
        "body, and no registry county in its text); resolve it with an explicit county"), "units.apply"),
    _w("unit-derived", "A unit the registry does not know got a derived id",
       "unit name {raw!r} is not in the unit registry for {county}; given the derived id {unit_id} (closest "
       "registry units: {candidates}). `hotline-etl units suggest` proposes registry rows for derived units",
       "units.apply"),
    _w("unit-damaged", "A damaged unit name was resolved: check the source",
       "unit name {raw!r} is damaged in print; resolved to {name} ({unit_id}) by {method} match: check the source",
       "units.apply"),
)

#: Code -> WarningCode, in documentation order (pipeline order).
WARNING_CATALOGUE: dict[str, WarningCode] = {w.code: w for w in _WARNINGS}


def warnings_markdown() -> str:
    """The warning codes table of ``docs/codes.md``: code, stage, title, message template.

    >>> warnings_markdown().splitlines()[0]
    '| code | stage | meaning | message |'
    """
    lines = ["| code | stage | meaning | message |", "|---|---|---|---|"]
    for w in _WARNINGS:
        message = " / ".join(f"`` {t} ``" if "`" in t else f"`{t}`" for t in w.templates).replace("|", "\\|")
        lines.append(f"| `{w.code}` | {w.stage} | {w.title} | {message} |")
    return "\n".join(lines)
