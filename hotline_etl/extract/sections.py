"""Split the bulletin into its sections by their headings.

Headings are numbered (``一、``, ``(二)``, ``第三部分``) or start with ``附件``;
their titles are mapped to section kinds by keywords in either script. Lines
before the first heading are the ``title`` section.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> [s.kind for s in find_sections(build_view(load("岳阳县通报\\n一、基本情况\\n正文\\n二、典型案例\\n1.某")))]
['title', 'basic', 'cases']
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .scope import Scope
from ..script import View

_NUMERAL = "一二三四五六七八九十"
# One pass over the joined text finds every candidate heading line (a short
# line starting with a section number, or with 附件).
_CANDIDATE = regex.compile(
    rf"(?m)^[ \t]*(?:(?P<att>附\s*件)|[{_NUMERAL}]+\s*[、.．]|[(（][{_NUMERAL}]+[)）]|第[{_NUMERAL}]+部分)[^\n]{{0,62}}$"
)
_HEADING = regex.compile(
    rf"^\s*(?:[{_NUMERAL}]+\s*[、.．]|[(（][{_NUMERAL}]+[)）]|第[{_NUMERAL}]+部分[:：、]?)\s*(?P<title>[^。,，;；]{{1,30}}?)\s*[:：。]?\s*$"
)
_ATTACHMENT = regex.compile(r"^\s*附\s*件\s*\d*\s*[:：]?\s*(?P<title>.{0,60})$")

#: Section kind -> keywords of its heading (simplified script).
SECTION_KEYWORDS: dict[str, tuple[str, ...]] = {
    "basic": ("基本情况", "运行情况", "总体情况", "工作情况", "受理情况", "办理情况", "总体运行", "数据分析", "工单情况"),
    "cases": ("典型案例", "案例", "典型工单"),
    "hot_topics": ("热点", "难点", "焦点"),
}


@dataclass(frozen=True, slots=True)
class SectionSpan:
    """A section: its kind, heading as printed, and its lines (indices into ``view.lines``)."""

    kind: str
    heading: str | None
    heading_line: int | None
    first: int
    last: int

    def scope(self, view: View) -> Scope:
        return Scope.of_lines(view, self.first, self.last)


def _kind_of(title: str) -> str:
    for kind, words in SECTION_KEYWORDS.items():
        if any(w in title for w in words):
            return kind
    return "other"


def find_sections(view: View) -> list[SectionSpan]:
    """Sections in document order; an attachment runs to the end of the document."""
    line_of = view.line_number
    candidates = {view.unit_index(m.start()) for m in _CANDIDATE.finditer(view.simp)}
    candidates.update(u for u in view.headings if u in line_of)
    marks: list[tuple[int, str, str]] = []  # (line index, kind, heading raw)
    in_attachment = False
    for unit in sorted(u for u in candidates if u in line_of):
        i = line_of[unit]
        simp = view.simp_text(unit)
        if _ATTACHMENT.match(simp):
            if not in_attachment:
                marks.append((i, "attachment", view.text(unit).strip()))
                in_attachment = True
            continue
        if in_attachment:
            continue
        m = _HEADING.match(simp)
        if m:
            marks.append((i, _kind_of(m.group("title")), view.text(unit).strip()))
        elif view.is_heading(unit) and len(simp) <= 30 and _kind_of(simp) != "other":
            # A container-styled heading without a number (DOCX heading style, HTML <h2>).
            marks.append((i, _kind_of(simp), view.text(unit).strip()))
    sections: list[SectionSpan] = []
    n = len(view.lines)
    if not marks or marks[0][0] > 0:
        first_mark = marks[0][0] if marks else n
        sections.append(SectionSpan("title", None, None, 0, first_mark - 1))
    for k, (i, kind, heading) in enumerate(marks):
        end = marks[k + 1][0] - 1 if k + 1 < len(marks) else n - 1
        sections.append(SectionSpan(kind, heading, i, i + 1, end))
    return sections


#: Section kinds that end the body: what follows them is not the basic figures.
BODY_ENDS = ("cases", "hot_topics", "attachment")


def body_scope(view: View, sections: list[SectionSpan]) -> Scope:
    """The basic figures' text: from the first basic section up to the first cases, hot-topics or attachment section.

    Sub-sections after the basic one (``(一)基本情况`` under ``一、运行情况``,
    ``(二)派单情况``) belong to it. Without a basic section: everything
    before the first section that ends the body.

    >>> from hotline_etl.readers import load
    >>> from hotline_etl.script import build_view
    >>> v = build_view(load("一、总体情况\\n(一)受理情况\\n共受理诉求9件\\n二、热点问题\\n物业类3件"))
    >>> s = body_scope(v, find_sections(v))
    >>> v.simp[s.start:s.end].split()
    ['(一)受理情况', '共受理诉求9件']
    """
    basic = next((i for i, s in enumerate(sections) if s.kind == "basic"), None)
    rest = sections[basic:] if basic is not None else sections
    stop = next((s.heading_line for s in rest if s.kind in BODY_ENDS), None)
    first = sections[basic].first if basic is not None else 0
    last = (stop - 1) if stop is not None else len(view.lines) - 1
    return Scope.of_lines(view, first, last)

