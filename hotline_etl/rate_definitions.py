"""The rates of the statistics table, defined once: numerator and denominator counts (SPEC §3).

Extract's aligner places a lost cell by the rates a row prints, the audit
checks each printed rate against its counts, the grade check compares units
by their rates, and the analysis helpers recompute rates from the dataset: all
of them read :data:`RATES`. A leaf module.

>>> RATES["on_time_rate_pct"].numerator, RATES["on_time_rate_pct"].denominator
('on_time', 'handled')
>>> RATES["on_time_rate_pct"].denominators
('handled', 'due')
>>> [r.name for r in RATES.values()]
['completion_rate', 'on_time_rate', 'rework_rate']
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RateDefinition:
    """One printed rate: ``numerator / denominator`` in percent.

    ``field`` is its record field (``completion_rate_pct``), ``label`` the
    usual printed header, ``also_over`` other denominators bulletins are seen
    to print it over (a row's cells may be placed by those too; the audit
    names them with ``rate-definition``), ``higher_is_better`` its direction
    for comparing units.
    """

    field: str
    label: str
    numerator: str
    denominator: str
    also_over: tuple[str, ...] = ()
    higher_is_better: bool = True

    @property
    def name(self) -> str:
        """The field without ``_pct`` (``completion_rate``), as the dataset's and analysis' columns."""
        return self.field.removesuffix("_pct")

    @property
    def denominators(self) -> tuple[str, ...]:
        """The documented denominator, then the others seen."""
        return (self.denominator,) + self.also_over


#: Rate field -> its definition, in table order.
RATES: dict[str, RateDefinition] = {r.field: r for r in (
    RateDefinition("completion_rate_pct", "辦結率", "handled", "due"),
    RateDefinition("on_time_rate_pct", "按期辦結率", "on_time", "handled", also_over=("due",)),
    RateDefinition("rework_rate_pct", "返工率", "rework", "due", higher_is_better=False),
)}
