"""Facts of a parsed record, to score a reading (OCR) against the seed's record.

A fact is one thing a researcher takes from a bulletin: the period, a headline
figure, a category (name, count, share), a list's stated total, a list item
(unit, count), a row of the statistics table as the set of its printed cells,
the total row. Names are compared in simplified script (OpenCC t2s), as the
corpus scorer does: a reading that gives ``縣市場监督管理局`` for
``縣市場監督管理局`` states the same unit.
"""

from __future__ import annotations

import opencc

from hotline_etl.model import HEADLINE_FIELDS, LIST_NAMES, TABLE_FIELDS

_T2S = opencc.OpenCC("t2s")


def _name(text: str | None) -> str:
    return _T2S.convert(text or "").replace(" ", "")


def _number(text: str) -> str:
    try:
        return f"{float(text):.4f}".rstrip("0").rstrip(".")
    except ValueError:
        return text


def _cell(value) -> str:
    """A cell as the corpus scorer compares it: a number whatever its column (``99.30%`` = 99.3), a name folded."""
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float)):
        return _number(str(value))
    return _number(_name(str(value)).rstrip("%"))


def _row(row: dict) -> tuple[str, ...]:
    values = [row.get(f) for f in TABLE_FIELDS] + list((row.get("extra") or {}).values())
    return tuple(sorted(c for c in map(_cell, values) if c))


def record_facts(d: dict) -> set[tuple]:
    """The facts of ``Bulletin.to_dict(sources=False)``."""
    facts: set[tuple] = {("period", d["period"]["start"], d["period"]["end"])}
    for name in HEADLINE_FIELDS:
        if d["headline"][name] is not None:
            facts.add(("headline", name, d["headline"][name]))
    for c in d["categories"]:
        facts.add(("category", _name(c["name"]), c["count"], c["share_pct"]))
    for name in LIST_NAMES:
        found = d["lists"][name]
        if found["total"] is not None:
            facts.add(("list-total", name, found["total"]))
        for item in found["items"]:
            facts.add(("list-item", name, _name(item["unit_raw"]), item["count"]))
    table = d.get("table") or {}
    for row in table.get("rows") or []:
        facts.add(("table-row", _row(row)))
    if table.get("total"):
        facts.add(("table-total", _row(table["total"])))
    return facts


def fact_f1(truth: set[tuple], found: set[tuple]) -> tuple[float, set[tuple], set[tuple]]:
    """F1 of ``found`` against ``truth``, and the facts missed and extra."""
    hit = len(truth & found)
    precision = hit / len(found) if found else 0.0
    recall = hit / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, truth - found, found - truth
