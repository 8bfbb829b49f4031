"""A searchable stretch of the view: match in simplified script, read as printed.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> s = Scope.whole(build_view(load("縣熱線辦\\n共受理工單2557件")))
>>> m = s.search(r"受理工单(\\d+)件")
>>> s.raw(m, 0), s.origin(m.start(1)).line
('受理工單2557件', 2)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

import regex

from ..document import Origin
from ..script import View


@lru_cache(maxsize=512)
def compile_pattern(pattern: str) -> regex.Pattern[str]:
    """Compile once; extractors pass their pattern strings."""
    return regex.compile(pattern)


@dataclass(frozen=True, slots=True)
class Scope:
    """Joined-text positions ``[start, end)`` of a view."""

    view: View
    start: int
    end: int

    @classmethod
    def whole(cls, view: View) -> "Scope":
        return cls(view, 0, len(view.simp))

    @classmethod
    def of_lines(cls, view: View, first: int, last: int) -> "Scope":
        """Scope from line ``first`` to line ``last`` (indices into ``view.lines``), inclusive."""
        if first > last or not view.lines:
            return cls(view, 0, 0)
        return cls(view, view.starts[view.lines[first]], view.ends[view.lines[last]])

    @property
    def empty(self) -> bool:
        return self.end <= self.start

    def search(self, pattern: str, pos: int | None = None) -> regex.Match[str] | None:
        """First match of ``pattern`` in the simplified text of the scope."""
        return compile_pattern(pattern).search(self.view.simp, self.start if pos is None else pos, self.end)

    def finditer(self, pattern: str, pos: int | None = None) -> Iterator[regex.Match[str]]:
        return compile_pattern(pattern).finditer(self.view.simp, self.start if pos is None else pos, self.end)

    def raw(self, m: regex.Match[str], group: int | str = 0) -> str | None:
        """The printed text of a match group (None when the group did not take part)."""
        s, e = m.span(group)
        if s < 0:
            return None
        return self.view.raw[s:e]

    def raw_span(self, start: int, end: int) -> str:
        return self.view.raw[start:end]

    def simp_span(self, start: int, end: int) -> str:
        return self.view.simp[start:end]

    def origin(self, pos: int) -> Origin:
        return self.view.origin_at(pos)

    def sub(self, start: int, end: int) -> "Scope":
        return Scope(self.view, max(start, self.start), min(end, self.end))
