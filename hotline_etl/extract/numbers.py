"""Numbers as bulletins print them: counts (``2557件``, ``9.67万件``, ``1,234宗``,
``2 557件``, ``一百二十件``), Chinese numerals (``前五位``, ``二〇二〇年``) and
percentages.

A count printed in 万 (``9.67万件``), or with 近 / 约 / 余 / 多 (``近4万个``,
``7万余件``), is *approximate*: :func:`read_count` says so and gives its
printed precision (the value of its last printed digit: 100 for ``9.67万``),
so that no exact check treats it as exact.

>>> parse_count("9.67万"), parse_count("1,234"), parse_count("2 557"), chinese_to_int("十二")
(96700, 1234, 2557, 12)
>>> read_count("9.67万")
Count(value=96700, approximate=True, precision=100)
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..memo import memoised

#: A line break inside a number that a hard wrap put there (``诉求34\n17件``, ``占8\n.81%``): after digits
#: glued to a word (a cell or a line of bare numbers is not wrapped text) and before more of the number.
WRAP = r"(?<=\p{Han}\d+)\n(?=\.?\d)"
#: A printed count: digits (thousands separated by commas or spaces in groups of three), decimals, 万;
#: a hard wrap may split the digits (:data:`WRAP`).
NUM = r"(?:\d{1,3}(?:[, ]\d{3})+(?!\d)(?:\.\d+)?|\d+(?:" + WRAP + r"\d+)?(?:\.\d+)?)\s*万?"

#: Units that count work orders (and requests, cases, items).
ORDER_UNITS = ("件(次)", "件次", "件", "宗", "个", "单", "条")
#: Units that count letters.
LETTER_UNITS = ("封",)
#: Units that count calls or contacts, not orders (``来电7254次``, ``电话145279通``, ``120人次``).
CALL_UNITS = ("人次", "次", "通")


def _unit_pattern(units: tuple[str, ...]) -> str:
    # Longest first, so 件(次) and 人次 win over 件 and 次; a bracket may be full- or half-width.
    alts = [re.escape(u).replace(r"\(", r"\s*[(（]").replace(r"\)", r"[)）]")
            for u in sorted(units, key=len, reverse=True)]
    return "(?:" + "|".join(alts) + ")"


#: Units a count may carry (orders, letters, 次 and 人次; 通 is only in :data:`ANY_UNIT`).
UNIT = _unit_pattern(ORDER_UNITS + LETTER_UNITS + ("人次", "次"))
#: Every counting unit, calls (通) included.
ANY_UNIT = _unit_pattern(ORDER_UNITS + LETTER_UNITS + CALL_UNITS)
#: A printed percentage value (the % sign follows); a hard wrap may split it (:data:`WRAP`).
PCT = r"\d+(?:(?:" + WRAP + r")?\.\d+)?"
#: A count in Chinese numerals (``一百二十``, ``两千零五``, ``十二``).
CN_NUM = r"[零〇一二两三四五六七八九十百千]+"
#: A percentage written out in Chinese numerals (``百分之九十八点五``, ``百分之二十点一五``), simplified script.
CN_PCT = r"百分之[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?"
#: A count of orders as a list prints it: :data:`NUM`, or Chinese numerals right before an order unit
#: (``两件``, ``三宗``; not ``一个``/``一次``, which are prose far more often than counts).
ORDER_NUM = rf"(?:{NUM}|{CN_NUM}(?=\s*[件宗单]))"

#: A count's number once separators and 万 are gone. Strict: float() would also take 1e999, nan and 1_000.
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_CN_NUMBER = re.compile(CN_NUM)

_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SCALES = {"十": 10, "百": 100, "千": 1000}
#: Words that make a printed count approximate (before or after the number).
APPROXIMATE_WORDS = ("近", "约", "余", "多")


class Count(NamedTuple):
    """A count read from its printed form.

    ``precision`` is the value of the last printed digit of an approximate
    count (``9.67万`` → 100, ``11万`` → 10000); None for an exact count.
    """

    value: int
    approximate: bool = False
    precision: int | None = None


def read_count(text: str | None, approximate: bool = False) -> Count | None:
    """A count with its exactness; None when ``text`` is not a whole number of items.

    ``text`` is digits (with separators, decimals, 万) or Chinese numerals;
    ``approximate`` marks a count the text qualifies (近, 约, 余, 多) even without 万.

    >>> read_count("2557"), read_count("4万", approximate=True).precision
    (Count(value=2557, approximate=False, precision=None), 10000)
    >>> read_count("11万")
    Count(value=110000, approximate=True, precision=10000)
    >>> read_count("十二"), read_count("2.5")
    (Count(value=12, approximate=False, precision=None), None)
    """
    if not text:
        return None
    if text.isdecimal():  # the common case, without the general path's string work (isdigit takes ², int() not)
        return Count(int(text), approximate, 1 if approximate else None)
    t = text.replace(",", "").replace(" ", "").replace("\n", "")
    scale = 1
    if t.endswith("万"):
        scale, t = 10000, t[:-1]
    approximate = approximate or scale > 1
    if _CN_NUMBER.fullmatch(t):
        value = chinese_to_int(t)
        if value is None:
            return None
        return Count(value * scale, approximate, scale if approximate else None)
    if _PLAIN_NUMBER.fullmatch(t) is None:
        return None
    decimals = len(t) - t.index(".") - 1 if "." in t else 0
    value = float(t) * scale if decimals else int(t) * scale
    if value != int(value):
        return None
    return Count(int(value), approximate, max(1, scale // 10 ** decimals) if approximate else None)


@memoised()  # table cells repeat within a table and across a batch
def parse_count(text: str | None) -> int | None:
    """A count printed in digits; None when it is not a whole number of items (Chinese numerals: :func:`read_count`)."""
    if text and _CN_NUMBER.fullmatch(text.rstrip("万")):
        return None
    count = read_count(text)
    return count.value if count is not None else None


def count_value(text: str | None) -> int | None:
    """A whole count printed in digits or Chinese numerals (:data:`ORDER_NUM`); None when it is not one.

    >>> count_value("两"), count_value("1,126"), count_value("2.5")
    (2, 1126, None)
    """
    count = read_count(text)
    return count.value if count is not None else None


def chinese_to_int(text: str) -> int | None:
    """``五`` -> 5, ``十二`` -> 12, ``二十`` -> 20, ``一百零五`` -> 105, ``两千`` -> 2000, ``二〇二〇`` -> 2020.

    >>> chinese_to_int("三百二十一"), chinese_to_int("一千零八"), chinese_to_int("十"), chinese_to_int("十二月")
    (321, 1008, 10, None)
    >>> chinese_to_int("３"), chinese_to_int("①"), chinese_to_int("1²")  # isdigit() is true of ① and ², int() fails
    (3, None, None)
    """
    if not text:
        return None
    if text.isdecimal():
        return int(text)
    if not any(c in _SCALES for c in text):
        digits = [_DIGITS.get(c) for c in text]
        if None in digits:
            return None
        value = 0
        for d in digits:
            value = value * 10 + d  # type: ignore[operator]
        return value
    total, digit, last_scale = 0, None, 10_000
    for c in text:
        if c in "零〇":  # a placeholder between scales: 一千零八
            continue
        if c in _DIGITS:
            if digit is not None:  # two digits in a row (一二十) is not a number
                return None
            digit = _DIGITS[c]
        elif c in _SCALES:
            scale = _SCALES[c]
            if scale >= last_scale:  # scales must fall: 三百二十, not 三十百
                return None
            total += (1 if digit is None else digit) * scale
            digit, last_scale = None, scale
        else:
            return None
    return total + (digit or 0)


def chinese_percent(text: str) -> float | None:
    """The value of a percentage written in Chinese numerals (:data:`CN_PCT`, simplified); None when it is not one.

    >>> chinese_percent("百分之二十点一五"), chinese_percent("百分之九十六"), chinese_percent("百分之一百")
    (20.15, 96.0, 100.0)
    """
    whole, _, fraction = text.removeprefix("百分之").partition("点")
    value = chinese_to_int(whole)
    digits = [_DIGITS.get(c) for c in fraction]
    if value is None or None in digits:
        return None
    return float(f"{value}.{''.join(map(str, digits))}" if digits else value)
