"""Numbers as bulletins print them: counts (``2557件``, ``9.67万件``, ``1,234宗``),
Chinese numerals (``前五位``, ``二〇二〇年``) and percentages.

>>> parse_count("9.67万"), parse_count("1,234"), chinese_to_int("十二")
(96700, 1234, 12)
"""

from __future__ import annotations

import re

#: A printed count: digits with optional thousands separators, decimals and 万.
NUM = r"\d[\d,]*(?:\.\d+)?\s*万?"
#: Units a count may carry.
UNIT = r"(?:件\s*\(次\)|件次|件|宗|个|条|次|单)"
#: A printed percentage value (the % sign follows).
PCT = r"\d+(?:\.\d+)?"

#: A count's number once separators and 万 are gone. Strict: float() would also take 1e999, nan and 1_000.
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")

_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def parse_count(text: str | None) -> int | None:
    """A count from its printed form; None when it is not a whole number of items."""
    if not text:
        return None
    if text.isdecimal():  # the common case, without the general path's string work (isdigit takes ², int() not)
        return int(text)
    t = text.replace(",", "").replace(" ", "")
    scale = 1
    if t.endswith("万"):
        scale, t = 10000, t[:-1]
    if _PLAIN_NUMBER.fullmatch(t) is None:
        return None
    value = float(t) * scale if "." in t else int(t) * scale
    if value != int(value):
        return None
    return int(value)


def chinese_to_int(text: str) -> int | None:
    """``五`` -> 5, ``十二`` -> 12, ``二十`` -> 20, ``二〇二〇`` -> 2020, ``12`` -> 12."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if "十" not in text:
        digits = [_DIGITS.get(c) for c in text]
        if None in digits:
            return None
        value = 0
        for d in digits:
            value = value * 10 + d  # type: ignore[operator]
        return value
    tens, _, ones = text.partition("十")
    t = _DIGITS.get(tens, None) if tens else 1
    o = _DIGITS.get(ones, None) if ones else 0
    if t is None or o is None:
        return None
    return t * 10 + o
