"""Extractors: one module per thing extracted, all reading a :class:`~hotline_etl.script.View`.

:func:`extract_bulletin` runs them in order and assembles the
:class:`~hotline_etl.model.Bulletin`; it never opens files.
"""

from __future__ import annotations

from ..errors import NotABulletin
from ..model import HEADLINE_FIELDS, Bulletin, ParseWarning, Section
from ..script import View
from .categories import extract_classifications, with_table_classes
from .cases import extract_cases
from .figures import find_statements, table_statements
from .headline import extract_headline
from .hot_topics import extract_hot_topics
from .issuer_scope import extract_issuer_scope, scope_from_units
from .period import extract_period
from .recognition import hotline_evidence
from .scope import Scope
from .sections import SectionSpan, body_scope, find_sections
from .signoff import extract_signoff
from .stat_table import extract_tables
from .unit_lists import extract_unit_lists

__all__ = ["extract_bulletin"]


def _first(sections: list[SectionSpan], kind: str) -> SectionSpan | None:
    return next((s for s in sections if s.kind == kind), None)


def extract_bulletin(view: View) -> Bulletin:
    """Every field of SPEC §2-3 from ``view``; raises NotABulletin when none is there."""
    warnings: list[ParseWarning] = [
        ParseWarning("damaged-text", f"characters lost in the source: {d.text!r} in …{d.context}…", d.origin)
        for d in view.damage
    ] + [ParseWarning(w.code, w.message, w.origin) for w in view.reader_warnings]
    sections = find_sections(view)
    body = body_scope(view, sections)

    attachment = next((s.heading_line for s in sections if s.kind == "attachment"), None)  # holds the table only
    last = (len(view.lines) if attachment is None else attachment) - 1
    classes = extract_classifications(Scope.of_lines(view, 0, last))  # categories stand in any other section
    warnings += [ParseWarning("figure-missing", f"category {c.name}: printed without the digits of its count; it keeps "
                              "its rank and share, its count is left empty", c.source)
                 for c in classes.categories + classes.request_types if c.count is None]
    # Problem lists may also stand in later sections (问题 / 考核); never in cases, hot topics or the attachment.
    more = [s.scope(view) for s in sections if s.kind not in ("cases", "hot_topics", "attachment")]
    lists, w = extract_unit_lists(body, [m for m in more if m.end <= body.start or m.start >= body.end])
    warnings += w
    tables, table, w = extract_tables(view)
    warnings += w
    classes = with_table_classes(classes, tables)  # categories printed only in a table (诉求类别 | 工单量 | 占比)
    signoff = extract_signoff(view)

    # The period is voted on by the whole text but the typical cases (their dates are not the period).
    period, w = extract_period([Scope.of_lines(view, s.first if s.heading_line is None else s.heading_line, s.last)
                                for s in sections if s.kind != "cases"], signoff.issued_on)
    warnings += w
    headline, figures, w = extract_headline(find_statements(view, sections), period,
                                            table_statements(tables, len(view.simp)))
    warnings += w
    scope = extract_issuer_scope(view, signoff, sections) or scope_from_units(
        [(r.unit_raw, r.sources.get("unit_raw")) for r in (table.rows if table else ())]
        + [(i.unit_raw, i.source) for unit_list in lists.values() for i in unit_list.items])

    cases_section = _first(sections, "cases")
    cases = ()
    if cases_section is not None:
        year = period.end.year if period.end else None
        cases = extract_cases(cases_section.scope(view), year, period.end.month if period.end else None)
        if not cases:
            warnings.append(ParseWarning("cases-unreadable", "a cases section is present but no numbered case was read",
                                         view.origin(view.lines[cases_section.heading_line])))
    topics_section = _first(sections, "hot_topics")
    hot_topics = extract_hot_topics(topics_section.scope(view)) if topics_section else ()
    if topics_section is not None and not hot_topics:
        warnings.append(ParseWarning("hot-topics-unreadable", "a hot-topics section is present but no topic was read",
                                     view.origin(view.lines[topics_section.heading_line])))

    for kind, label in (("cases", "typical cases (典型案例)"), ("hot_topics", "hot topics (热点难点)")):
        if _first(sections, kind) is None:
            warnings.append(ParseWarning("section-missing", f"no {label} section was found"))
    if hotline_evidence(view, has_table=table is not None) is None:
        raise NotABulletin(view.name, "no hotline or mailbox handling figures (such as 受理诉求N件) and no "
                           "statistics table were found", "check that the file is a 12345 hotline bulletin")
    for n in HEADLINE_FIELDS:
        if getattr(headline, n).source is None:
            warnings.append(ParseWarning("figure-not-found", f"headline figure {n} is not stated in the basic section"))
    if signoff.issued_on is None:
        warnings.append(ParseWarning("issue-date-missing", "no sign-off date line (such as 2020年6月1日) was found"))

    return Bulletin(
        source_name=view.name, format=view.format, encoding=view.encoding, script=view.script,
        period=period, issuer=signoff.issuer, issued_on=signoff.issued_on, headline=headline,
        categories=classes.categories, request_types=classes.request_types, lists=lists, cases=cases,
        hot_topics=hot_topics, table=table,
        sections=tuple(_section(view, s) for s in sections), warnings=tuple(warnings),
        issuer_source=signoff.issuer_source, issued_on_source=signoff.issued_on_source, figures=figures,
        scope=scope, tables=tables,
        reading_notes=view.reader_notes + ((table.report.note(),) if table is not None else ()),
    )


def _section(view: View, s: SectionSpan) -> Section:
    first = s.heading_line if s.heading_line is not None else s.first
    scope = Scope.of_lines(view, first, s.last)
    origin = view.origin(view.lines[first]) if first <= s.last or s.heading_line is not None else None
    return Section(s.kind, s.heading, view.raw[scope.start:scope.end], view.simp[scope.start:scope.end], origin)
