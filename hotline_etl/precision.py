"""Printed percentages against ratios of counts, exactly, at the printed precision (used by extraction and audit).

A printed ``P%`` with ``d`` decimals stands for a ratio ``r`` (in percent) when
``r`` rounds to it (``|r − P| ≤ ½·10⁻ᵈ``, either way at an exact half) or
truncates to it (``P ≤ r < P + 10⁻ᵈ``). All arithmetic is on fractions, so no
float rounding can raise a false alarm.

>>> from hotline_etl.model import Percent
>>> agrees(Percent.parse("89.18%"), 33, 37), agrees(Percent.parse("89.20%"), 33, 37)
(True, False)
>>> agrees(Percent.parse("67%"), 2, 3)
True
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction

from .memo import memoised
from .model import Percent


def printed(p: Percent) -> Fraction:
    """The exact printed value of ``p`` (its float read back at its printed decimals).

    >>> printed(Percent.parse("13.90%"))
    Fraction(139, 10)
    """
    return Fraction(printed_decimal(p))


def printed_decimal(p: Percent) -> Decimal:
    """The printed value of ``p`` as a Decimal.

    >>> printed_decimal(Percent.parse("99.30%"))
    Decimal('99.30')
    """
    return Decimal(f"{p.value:.{p.decimals}f}")


def agrees(p: Percent, numerator: int, denominator: int) -> bool:
    """True when ``numerator / denominator`` (as a percentage) prints as ``p``, rounded or truncated."""
    if denominator <= 0:
        return False
    if numerator == denominator and p.value == 100 or numerator == 0 and p.value == 0:
        return True  # the ratio is exactly the printed value: most rates of a table (100%, 0%)
    # In units of the last printed decimal, with integers only: ratio = scaled / denominator.
    value, scale = _last_decimals(p)
    scaled = 100 * numerator * scale
    low = value * denominator
    # truncates: value ≤ ratio < value + 1; rounds: |ratio − value| ≤ ½ (both times the denominator)
    return low <= scaled < low + denominator or abs(2 * (scaled - low)) <= denominator


@memoised()  # a table prints the same rates again and again (100%, 0%)
def _last_decimals(p: Percent) -> tuple[int, int]:
    """The printed value in units of its last decimal, and that unit's scale (``99.30`` -> (9930, 100))."""
    scale = 10 ** p.decimals
    return int(printed_decimal(p) * scale), scale


def implied_bases(count: int, p: Percent) -> tuple[int, int | None] | None:
    """The integer bases N for which ``count / N`` prints as ``p``: an inclusive range, or None.

    The upper end is None when any large base fits (a small share printed as 0%).

    >>> implied_bases(369, Percent.parse("13.82%")), implied_bases(1, Percent.parse("0.0%"))
    ((2669, 2671), (1001, None))
    """
    # In units of the last decimal (value v, scale s): the window is [(2v − 1)/2s, (v + 1)/s), so
    # N > 100·count·s/(v + 1) and N ≤ 100·count·2s/(2v − 1), in integers (floor division, positive divisors).
    value, scale = _last_decimals(p)
    if count <= 0 or value + 1 <= 0:
        return None
    first = 100 * count * scale // (value + 1) + 1
    if 2 * value - 1 <= 0:
        return first, None
    last = 200 * count * scale // (2 * value - 1)
    return (first, last) if first <= last else None


def percent_text(numerator: int, denominator: int, decimals: int = 2) -> str:
    """``numerator / denominator`` as a percentage with ``decimals`` (at least 2), rounded half up.

    >>> percent_text(21, 23), percent_text(2, 3, 0)
    ('91.30%', '66.67%')
    """
    return f"{percent_value(numerator, denominator, decimals):.{max(decimals, 2)}f}%"


def percent_value(numerator: int, denominator: int, decimals: int = 2) -> Decimal:
    """The ratio as a Decimal percentage with ``max(decimals, 2)`` decimals, rounded half up.

    >>> percent_value(21, 23)
    Decimal('91.30')
    """
    places = Decimal(1).scaleb(-max(decimals, 2))
    with localcontext() as context:
        # quantize fails once the result needs more digits than the context holds (28): a rate printed
        # with 30 decimals, or a huge count. Give it the digits it needs.
        whole = len(str(abs(100 * numerator) // max(abs(denominator), 1)))
        context.prec = max(context.prec, whole + max(decimals, 2) + 2)
        return (Decimal(100 * numerator) / Decimal(denominator)).quantize(places, rounding="ROUND_HALF_UP")
