"""precision.agrees and implied_bases, in integers, against the definitions in fractions, over a grid of inputs."""

import math
from fractions import Fraction
from itertools import product

from hotline_etl.model import Percent
from hotline_etl.precision import agrees, implied_bases, printed

PRINTED = ("0%", "0.0%", "0.00%", "0.01%", "0.5%", "1%", "12.5%", "13.82%", "33.3%", "50%", "66.67%", "96.55%",
           "99.99%", "100%", "100.00%", "120%", "-3%", "-0.5%", "7.125%")


def _window(p: Percent) -> tuple[Fraction, Fraction]:
    unit = Fraction(1, 10 ** p.decimals)
    return printed(p) - unit / 2, printed(p) + unit


def _agrees_by_fractions(p: Percent, numerator: int, denominator: int) -> bool:
    if denominator <= 0:
        return False
    ratio, value, half = Fraction(100 * numerator, denominator), printed(p), Fraction(1, 2 * 10 ** p.decimals)
    return abs(ratio - value) <= half or value <= ratio < value + 2 * half


def _bases_by_fractions(count: int, p: Percent) -> tuple[int, int | None] | None:
    low, high = _window(p)
    if count <= 0 or high <= 0:
        return None
    first = math.floor(Fraction(100 * count) / high) + 1
    if low <= 0:
        return first, None
    last = math.floor(Fraction(100 * count) / low)
    return (first, last) if first <= last else None


def test_agrees_is_the_rounding_or_truncation_window():
    for text in PRINTED:
        p = Percent.parse(text)
        for numerator, denominator in product(range(-3, 45), range(-2, 45)):
            assert agrees(p, numerator, denominator) == _agrees_by_fractions(p, numerator, denominator), \
                (text, numerator, denominator)


def test_implied_bases_match_the_window_in_fractions():
    for text in PRINTED:
        p = Percent.parse(text)
        for count in (-1, 0, 1, 2, 3, 7, 99, 369, 371, 2557, 10 ** 7):
            assert implied_bases(count, p) == _bases_by_fractions(count, p), (text, count)


def test_known_values():
    assert implied_bases(369, Percent.parse("13.82%")) == (2669, 2671)
    assert implied_bases(1, Percent.parse("0.0%")) == (1001, None)
    assert (agrees(Percent.parse("89.18%"), 33, 37), agrees(Percent.parse("89.20%"), 33, 37)) == (True, False)
