"""Safe normalisation and mirror-damage repair of decoded text.

Only changes that cannot alter meaning are applied:

- compatibility forms mapped one character to one character (the readers'
  table, :data:`hotline_etl.characters.FOLDS`: full-width forms,
  ideographic space, radicals, compatibility ideographs), so offsets are unchanged;
- letters that OCR reads for digits inside a number (``3l2件``, ``2O23年``,
  ``l2.9l%``; a lone ``l`` or ``O`` right before a counting unit: ``l 件``), one to
  one, so offsets are unchanged; a run with a Latin letter beside it is a word and stays;
- deletions that mirrors, PDF tools and OCR introduce: pinyin glosses after Han
  characters (``服務(wù)``), one or two spaces between Han characters (``数据完 整``,
  ``洋  县``), single spaces between the single digits of a count (``2 4 1 7 件``),
  a space after the decimal point of a percentage printed after a word (``占8. 97%``),
  a stray backtick or a doubled percent sign after a number
  (``10.81`%``, ``99.80%%``), zero-width characters. Each deletion is recorded so
  every kept character still maps to its column in the decoded source. A wider
  gap or a tab between Han characters is kept: it separates the columns of a
  table printed with spaces (``单位    受理数``).

Spots where a character was lost (an ASCII ``?`` or a stray Latin letter
between Han characters) are kept as printed and reported as damage.

>>> repair(["服務(wù)質量"]).texts
['服務質量']
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import numpy
import regex

from .characters import FOLDS, fold_characters

#: One-to-one compatibility mapping applied to all text (offsets unchanged): the readers' table.
SAFE_TRANSLATION = FOLDS


def fold_compatible(text: str) -> str:
    """Apply :data:`SAFE_TRANSLATION` (readers already did; text built by hand may not have been)."""
    return fold_characters(text)


_PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_VOWELS = "aeiouvüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# What follows a count or a date part: a counting unit, a percent sign, 年 / 月 / 日.
_COUNTING = "[件宗个单封条次%年月日]"
# OCR's letters for digits (l and I for 1, O for 0): inside a run of digits (single spaces and a decimal
# point may stand between them) that holds a real digit, or alone before a counting unit. No Latin letter
# (a pinyin gloss's included) may touch the run, nor an opening bracket (a gloss: 服務(lǜ)).
_LATIN = r"A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_OCR_NUMBER = regex.compile(
    rf"(?<![{_LATIN}(])(?:(?=[\dlIO .]*\d)[\dlIO](?:[ .]?[\dlIO])+|[lIO](?= ?{_COUNTING}))(?![{_LATIN}])"
)
_OCR_DIGITS = str.maketrans("lIO", "110")
# A quick test for any such letter beside a digit or before a counting unit (most texts have none;
# most have no l, I or O at all, which three one-character scans tell).
_OCR_HINT = regex.compile(rf"[lIO](?=[ .]?(?:\d|{_COUNTING}))|[lIO](?<=\d[ .]?[lIO])")


def _ocr_digits(m: regex.Match[str]) -> str:
    """The digits OCR meant, unless a space-separated piece is letters only (``IO``: a word)."""
    text = m.group()
    if any(len(p) > 1 and not any(c.isdigit() for c in p) for p in text.split(" ")):
        return text
    return text.translate(_OCR_DIGITS)


# Where a deletion of spaces can be: a space right before a digit or a Han character (every Han
# character is at U+2E80 or above; tests/test_repair.py checks it). The space deletions match
# spaces only, within a line, their last space followed by one of these: only the lines holding
# such a spot are scanned for them (a table printed with spaces has hundreds of spaces, few spots).
_SPOT = re.compile(r" (?=\d|[^\x00-\u2e7f])")

# Deletions: pinyin gloss after a Han character; one or two spaces between Han characters
# (wider gaps and tabs separate table columns); backtick or doubled % after a number;
# zero-width characters. Each pattern starts with a literal so the scan is fast;
# lookarounds follow it. Beside each, the strings one of which every match holds (a text holding
# none of them is not scanned: most text has no gloss, backtick or zero-width character), or the
# spot every match ends at.
_DELETE = (
    (regex.compile(rf"\((?<=\p{{Han}}\()(?=[{_PINYIN_LETTERS}]*[{_VOWELS}])[{_PINYIN_LETTERS}]{{1,6}}\)"), ("(",)),
    (regex.compile(r" {1,2}(?=\p{Han})(?<=\p{Han} {1,2})"), _SPOT),
    (regex.compile(rf" (?=\d(?: \d)* ?{_COUNTING})(?<=(?<![\d.,])\d(?: \d)* )"), _SPOT),
    # 占8. 97%: after a word (an item number 1. opens a line or follows a colon, not a word)
    (regex.compile(r" (?<=\p{Han}\d{1,3}\. )(?=\d{1,2} ?%)"), _SPOT),
    (regex.compile(r"`+(?<=\d`+)(?=\s*%)"), ("`",)),
    (regex.compile(r"%\K%+"), ("%%",)),
    (regex.compile(r"[\u200b\u200c\u200d\ufeff]"), ("\u200b", "\u200c", "\u200d", "\ufeff")),
)
# Lost characters: runs of ASCII "?" with the stray letter a mis-decoded byte
# leaves (?h市), a Latin capital squeezed between Han text (,F來電), U+FFFD.
_DAMAGE = (
    (regex.compile(r"\?+[A-Za-z]?(?=\p{Han}|\d)|\?{2,}"), ("?",)),
    (regex.compile(r"[A-Z](?<=[\p{Han},][A-Z])(?=\p{Han})"), ()),
    (regex.compile(r"\ufffd+"), ("\ufffd",)),
)


#: What a pattern's matches need: strings one of which the text holds, or a spot pattern (see :data:`_SPOT`).
_Needs = tuple[str, ...] | re.Pattern[str]


def _matches(patterns: tuple[tuple[regex.Pattern[str], _Needs], ...], text: str) -> list[regex.Match[str]]:
    """The matches of one alternation of ``patterns``, from one scan per pattern (several times faster:
    the regex module scans an alternation position by position, a pattern by its first character).

    The same matches, because no two patterns match at one place (of the three starting with a space, one
    has a Han character after it, one a digit before it, one a point before it) and none consumes a
    character another starts a match at (the letter after ``?`` is never after a Han character). A
    pattern whose required strings (none listed: no test) are all absent from ``text`` has no match
    there and is not run; one with a spot pattern runs on the lines holding a spot only (``pos`` and
    ``endpos`` at the line's ends: what its lookarounds see past them, a line break or nothing, fails
    them alike).
    """
    found: list[regex.Match[str]] = []
    lines: dict[re.Pattern[str], list[tuple[int, int]]] = {}
    for rx, needs in patterns:
        if isinstance(needs, tuple):
            if not needs or any(n in text for n in needs):
                found += rx.finditer(text)
            continue
        if needs not in lines:
            lines[needs] = _lines_with(needs, text)
        for start, end in lines[needs]:
            found += rx.finditer(text, start, end)
    return sorted(found, key=lambda m: m.start()) if len(patterns) > 1 else found


def _lines_with(spot: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text`` holding a match of ``spot``, in order."""
    out: list[tuple[int, int]] = []
    end = -1
    for m in spot.finditer(text):
        at = m.start()
        if at < end:
            continue  # its line is listed
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        if end < 0:
            end = len(text)
        out.append((start, end))
    return out


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


def line_starts(text: str) -> list[int]:
    """Where each line of ``text`` starts: 0 and the position after every line break (one numpy pass).

    >>> line_starts("甲\\n\\n乙丙\\n")
    [0, 2, 3, 6]
    """
    codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    starts = (numpy.flatnonzero(codes == 10) + 1).tolist()
    starts.insert(0, 0)
    return starts


def repair(texts: list[str] | tuple[str, ...]) -> Repaired:
    """Repair a batch of texts in a handful of passes over their joined form."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:  # a text with its own line break would shift the rest
        joined = "\n".join(t.replace("\n", " ") for t in texts)
    starts = line_starts(joined)
    joined = fold_compatible(joined)
    if ("l" in joined or "I" in joined or "O" in joined) and _OCR_HINT.search(joined):
        joined = _OCR_NUMBER.sub(_ocr_digits, joined)

    deletions: dict[int, list[tuple[int, int]]] = {}
    count = 0
    for m in _matches(_DELETE, joined):
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
        starts = line_starts(joined)

    damage: list[Damage] = []
    for m in _matches(_DAMAGE, joined):
        i = bisect_right(starts, m.start()) - 1
        pos = m.start() - starts[i]
        cmap = colmaps[i]
        column = cmap[pos] if cmap else pos
        text = out[i]
        damage.append(Damage(i, pos, column, m.group(), text[max(0, pos - 8): pos + len(m.group()) + 8]))
    return Repaired(out, joined, starts, tuple(colmaps), tuple(damage), count)
