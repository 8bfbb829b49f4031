"""Memos of pure functions, kept for a worker's lifetime, and one switch to clear them all.

A batch of bulletins repeats itself: the same table cells (``0``, ``100%``),
unit names, headers and phrases come back in every month's bulletin of a
county. The parse remembers the answers of pure functions of such short
texts (a cell's kind, a printed rate's value, a name's resolution) instead
of computing them again. Every memo is bounded and registered here, so
:func:`clear_memos` can start afresh (tests, benchmarks of a cold parse, a
registry edited in place).

>>> @memoised(maxsize=16)
... def double(text: str) -> str:
...     return text * 2
>>> double("件"), double.cache_info().currsize
('件件', 1)
>>> clear_memos(); double.cache_info().currsize
0
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, TypeVar

F = TypeVar("F", bound=Callable)

#: Entries a memo keeps by default (least recently used dropped first).
DEFAULT_SIZE = 8192

_CLEARERS: list[Callable[[], None]] = []


def memoised(maxsize: int = DEFAULT_SIZE) -> Callable[[F], F]:
    """``functools.lru_cache`` registered with :func:`clear_memos`; only for pure functions of hashable values."""
    def wrap(fn: F) -> F:
        cached = lru_cache(maxsize=maxsize)(fn)
        _CLEARERS.append(cached.cache_clear)
        return cached  # type: ignore[return-value]
    return wrap


def on_clear(clear: Callable[[], None]) -> Callable[[], None]:
    """Register ``clear`` (a memo kept some other way) to run in :func:`clear_memos`."""
    _CLEARERS.append(clear)
    return clear


def clear_memos() -> None:
    """Forget every memoised answer (the next parse computes everything again)."""
    for clear in _CLEARERS:
        clear()
