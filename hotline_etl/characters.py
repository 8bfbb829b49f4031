"""Text helpers every stage shares: what a Han character is, and one table of character folds.

The folds are applied by every reader to the text it hands on (and by the
repair stage to text built by hand); ``HAN`` and ``COMMON_HAN`` say what
counts as Chinese text; :func:`is_wide` whether two characters join without
a space. A leaf module.

Fonts and converters print look-alikes of ordinary characters: a PDF font's
ToUnicode map may give the CJK radical ``⻢`` (U+2EE2) for ``马`` or the Kangxi
radical ``⼀`` (U+2F00) for ``一``; Word and web pages carry full-width digits
and Latin letters, CJK compatibility ideographs (U+F900…), vertical and small
presentation forms (``︰``, ``﹐``). :data:`FOLDS` maps each to the character it
stands for, one character to one character, so offsets (and with them the
provenance of every value) do not move:

- radicals and strokes to their equivalent unified ideograph, from Unicode's
  ``EquivalentUnifiedIdeograph.txt`` (shipped in ``hotline_etl/data``);
- Kangxi radicals, compatibility ideographs and the full-width, half-width,
  vertical, small and CJK-compatibility presentation forms by their NFKC
  mapping where that is a single character;
- the ideographic, no-break and typographic spaces (en/em spaces, the thin and hair spaces
  and the narrow no-break space that English-style typesetting puts between digit groups:
  ``18\u2009352件``) to a space.

The full-width question mark ``？`` is kept: an ASCII ``?`` in Chinese text
marks a character lost by a mirror, and folding would forge such damage.

>>> fold_characters("\\u2ee2先生\\u2f00件\\uff12\\uff10\\uff05")
'马先生一件20%'
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

_EQUIVALENTS = Path(__file__).with_name("data") / "EquivalentUnifiedIdeograph.txt"

#: Ranges folded by their NFKC mapping (when it is a single, different character).
NFKC_RANGES = (
    (0x2F00, 0x2FDF),    # Kangxi radicals
    (0xF900, 0xFAFF),    # CJK compatibility ideographs
    (0x2F800, 0x2FA1F),  # CJK compatibility ideographs supplement
    (0xFE10, 0xFE19),    # vertical forms
    (0xFE30, 0xFE4F),    # CJK compatibility forms
    (0xFE50, 0xFE6B),    # small form variants
    (0xFF01, 0xFFEE),    # half-width and full-width forms
)
#: Spaces folded to an ASCII space: ideographic, no-break, the typographic spaces U+2000–U+200A (thin
#: space U+2009 among them), narrow no-break U+202F and medium mathematical space U+205F.
SPACES = (0x3000, 0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F)
#: Characters never folded (see the module docstring).
KEPT = frozenset({0xFF1F})


def _equivalent_ideographs(path: Path = _EQUIVALENTS) -> dict[int, str]:
    """``code point -> ideograph`` from a UCD ``EquivalentUnifiedIdeograph.txt``."""
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        data = line.split("#", 1)[0].strip()
        if not data:
            continue
        source, target = (field.strip() for field in data.split(";"))
        first, _, last = source.partition("..")
        for code in range(int(first, 16), int(last or first, 16) + 1):
            table[code] = chr(int(target, 16))
    return table


def _build() -> dict[int, str]:
    table: dict[int, str] = {code: " " for code in SPACES}
    for lo, hi in NFKC_RANGES:
        for code in range(lo, hi + 1):
            folded = unicodedata.normalize("NFKC", chr(code))
            if len(folded) == 1 and folded != chr(code) and code not in KEPT:
                table[code] = folded
    table.update(_equivalent_ideographs())
    return table


#: Code point -> the one character it stands for (``str.translate`` table).
FOLDS: dict[int, str] = _build()


def _char_class(codes: list[int]) -> str:
    """A character class of ``codes`` as ranges: ``re`` scans a few dozen ranges
    fast, where a class of 1,600 listed characters cost milliseconds per page."""
    parts: list[str] = []
    first = last = codes[0]
    for code in codes[1:] + [-1]:
        if code == last + 1:
            last = code
            continue
        parts.append(re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else ""))
        first = last = code
    return "[" + "".join(parts) + "]"


_FOLDABLE = re.compile(_char_class(sorted(FOLDS)))


def fold_characters(text: str) -> str:
    """Apply :data:`FOLDS`; a scan first, since most text has nothing to fold.

    >>> fold_characters("居\\u2ea0"), fold_characters("\\uf9d1")
    ('居民', '六')
    """
    if _FOLDABLE.search(text) is None:
        return text
    return text.translate(FOLDS)


#: One Han character, for the ``regex`` module: every CJK block, radicals included.
HAN = r"\p{Han}"
#: Han characters of the BMP's unified (with extension A) and compatibility blocks, for the standard ``re``
#: module: a fast count of how much Chinese text an element holds.
COMMON_HAN = "[\u3400-\u9fff\uf900-\ufaff]"

def is_wide(ch: str) -> bool:
    """East Asian wide or full-width character (Han, kana, full-width punctuation): no space between two.

    >>> is_wide("县"), is_wide("，"), is_wide("a"), is_wide("")
    (True, True, False, False)
    """
    return unicodedata.east_asian_width(ch[:1] or " ") in ("W", "F")
