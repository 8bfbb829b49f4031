"""Safe normalisation and mirror-damage repair of decoded text.

Only changes that cannot alter meaning are applied:

- compatibility forms mapped one character to one character (full-width
  digits, Latin letters and punctuation, ideographic space, Kangxi radicals,
  CJK compatibility ideographs), so offsets are unchanged;
- deletions that mirrors and PDF tools introduce: pinyin glosses after Han
  characters (``服務(wù)``), spaces between Han characters, a stray backtick or a
  doubled percent sign after a number (``10.81`%``, ``99.80%%``), zero-width
  characters. Each deletion is recorded so every kept character still maps to
  its column in the decoded source.

Spots where a character was lost (an ASCII ``?`` or a stray Latin letter
between Han characters) are kept as printed and reported as damage.

>>> repair(["服務(wù)質量"]).texts
('服務質量',)
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from itertools import accumulate
from dataclasses import dataclass

import regex

# Full-width question marks stay: an ASCII "?" in Chinese text marks a lost character.
_KEEP = {"\uff1f"}


def _build_translation() -> dict[int, str]:
    table: dict[int, str] = {0x3000: " ", 0x00A0: " "}
    ranges = [(0xFF01, 0xFF5E), (0x2F00, 0x2FD5), (0xF900, 0xFAFF), (0x2E80, 0x2EF3)]
    for lo, hi in ranges:
        for code in range(lo, hi + 1):
            ch = chr(code)
            if ch in _KEEP:
                continue
            folded = unicodedata.normalize("NFKC", ch)
            if len(folded) == 1 and folded != ch:
                table[code] = folded
    return table


#: One-to-one compatibility mapping applied to all text (offsets unchanged).
SAFE_TRANSLATION = _build_translation()
_TRANSLATABLE = regex.compile("[\u00a0\u3000\uff01-\uff5e\u2f00-\u2fd5\uf900-\ufaff\u2e80-\u2ef3]")


def fold_compatible(text: str) -> str:
    """Apply :data:`SAFE_TRANSLATION`; a scan first, since most text has nothing to fold."""
    if _TRANSLATABLE.search(text) is None:
        return text
    return text.translate(SAFE_TRANSLATION)

_PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_VOWELS = "aeiouvüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# Deletions: pinyin gloss after a Han character; spaces between Han characters;
# backtick or doubled % after a number; zero-width characters.
# Each alternative starts with a literal so the scan is fast; lookbehinds follow it.
_DELETE = regex.compile(
    rf"\((?<=\p{{Han}}\()(?=[{_PINYIN_LETTERS}]*[{_VOWELS}])[{_PINYIN_LETTERS}]{{1,6}}\)"
    r"|[ \t]+(?<=\p{Han}[ \t]+)(?=\p{Han})"
    r"|`+(?<=\d`+)(?=\s*%)|%\K%+"
    r"|[\u200b\u200c\u200d\ufeff]"
)
# Lost characters: runs of ASCII "?" with the stray letter a mis-decoded byte
# leaves (?h市), a Latin capital squeezed between Han text (,F來電), U+FFFD.
_DAMAGE = regex.compile(r"\?+[A-Za-z]?(?=\p{Han}|\d)|\?{2,}|[A-Z](?<=[\p{Han},][A-Z])(?=\p{Han})|\ufffd+")


@dataclass(frozen=True, slots=True)
class Damage:
    """A spot where the source lost characters.

    ``index`` is the text in the batch, ``pos`` the position in the repaired
    text, ``column`` the column in the decoded source.
    """

    index: int
    pos: int
    column: int
    text: str
    context: str


@dataclass(frozen=True, slots=True)
class Repaired:
    """Repaired texts and their ``"\\n"``-joined form with each text's start in it,
    the source column of each kept character (None: unchanged), damage spots."""

    texts: list[str]
    joined: str
    starts: list[int]
    colmaps: tuple[tuple[int, ...] | None, ...]
    damage: tuple[Damage, ...]
    deletions: int


def _starts(texts: list[str]) -> list[int]:
    return list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))


def repair(texts: list[str] | tuple[str, ...]) -> Repaired:
    """Repair a batch of texts in a handful of passes over their joined form."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:  # a text with its own line break would shift the rest
        joined = "\n".join(t.replace("\n", " ") for t in texts)
    joined = fold_compatible(joined)
    starts = _starts(list(texts))

    deletions: dict[int, list[tuple[int, int]]] = {}
    count = 0
    for m in _DELETE.finditer(joined):
        i = bisect_right(starts, m.start()) - 1
        deletions.setdefault(i, []).append((m.start() - starts[i], m.end() - starts[i]))
        count += 1

    out = joined.split("\n") if texts else []
    colmaps: list[tuple[int, ...] | None] = [None] * len(out)
    for i, spans in deletions.items():
        text = out[i]
        kept: list[int] = []
        pieces: list[str] = []
        pos = 0
        for s, e in spans:
            kept.extend(range(pos, s))
            pieces.append(text[pos:s])
            pos = e
        kept.extend(range(pos, len(text)))
        pieces.append(text[pos:])
        out[i] = "".join(pieces)
        colmaps[i] = tuple(kept)
    if deletions:
        joined = "\n".join(out)
        starts = _starts(out)

    damage: list[Damage] = []
    for m in _DAMAGE.finditer(joined):
        i = bisect_right(starts, m.start()) - 1
        pos = m.start() - starts[i]
        cmap = colmaps[i]
        column = cmap[pos] if cmap else pos
        text = out[i]
        damage.append(Damage(i, pos, column, m.group(), text[max(0, pos - 8): pos + len(m.group()) + 8]))
    return Repaired(out, joined, starts, tuple(colmaps), tuple(damage), count)
