"""Fact-level F1 of the parser on the held-out probe set (``fixtures/probe``).

The facts are those of the development corpus scorer (``../shared/corpus/score.py``), so the two
figures compare: each fact stated in ``truth/NAME.json`` is one item (period months and year,
headline figures, categories as name + count + share, list totals and items, table rows as sorted
cell multisets, the table's total row). A fact is found when the parser reports the same value;
a reported fact of a kind the truth states, but which the truth lacks, is extra. ``--strict``
counts extra facts of every kind (a list, table or year the truth says is absent), which the corpus
measure does not.

Run from the project root (parses in this process, with the installed ``hotline_etl``)::

    python benchmarks/score_probe.py [--by-kind] [-v] [--strict] [--dir DIR] [NAME ...]

``--dir ../shared/corpus`` scores the development corpus with the same code (a check that both
scorers agree).
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import opencc

PROBE = Path(__file__).resolve().parent.parent / "fixtures" / "probe"
HEADLINE = ("hotline_orders_received", "mailbox_letters", "praise", "direct_answers", "dispatched", "completed",
            "in_progress")
#: truth list key -> record list key
LIST_KEYS = {"overdue": "overdue", "overdue_mailbox": "mailbox_overdue", "returned": "returned"}
#: record table row keys, in the order the corpus scorer reads them (``extra`` values follow)
ROW_KEYS = ("unit_raw", "received", "due", "handled", "completion_rate_pct", "on_time", "on_time_rate_pct",
            "rework", "rework_rate_pct", "grade")
TOTAL_LABELS = ("合计", "总计")
PINYIN_GLOSS = re.compile(r"\([a-zA-Z\u00c0-\u024f\u1e00-\u1eff]{1,8}\)")
_T2S = opencc.OpenCC("t2s")


def fold(text: str | None) -> str:
    """Printed name -> comparable key: glosses dropped, simplified script, no spaces.

    >>> fold("辦結(jié) 率")
    '办结率'
    """
    return _T2S.convert(PINYIN_GLOSS.sub("", text or "")).replace(" ", "").replace("\u3000", "").strip()


#: A number printed with thousands separators (``1,624``, or a thin space ``1\u2009624`` as English
#: typesetting prints it): the same number as ``1624``.
THOUSANDS = re.compile(r"\d{1,3}(?:([,\u2009\u202f])\d{3})(?:\1\d{3})*(?:\.\d+)?")


def _number_text(value: str | int | float) -> str:
    if isinstance(value, str) and THOUSANDS.fullmatch(value):
        value = re.sub(r"[,\u2009\u202f]", "", value)
    try:
        return ("%.4f" % float(value)).rstrip("0").rstrip(".")
    except ValueError:
        return str(value)


def _scalar(value):
    return value.get("value", value.get("printed")) if isinstance(value, dict) else value


def cell_key(value) -> str:
    """A table cell as compared: numbers at up to 4 decimals, a trailing % dropped, names folded.

    >>> cell_key("99.50%"), cell_key(12), cell_key("合 計"), cell_key("1,624"), cell_key("3\u2009412")
    ('99.5', '12', '合计', '1624', '3412')
    """
    value = _scalar(value)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return _number_text(value)
    return _number_text(fold(str(value)).rstrip("%"))


def number_key(value) -> float:
    """A count or share as compared; absent or unreadable is -1.

    >>> number_key("12.5%"), number_key(None)
    (12.5, -1.0)
    """
    value = _scalar(value)
    if isinstance(value, str):
        try:
            return float(value.strip().rstrip("%"))
        except ValueError:
            return -1.0
    return float(value) if isinstance(value, (int, float)) else -1.0


def _cells(values) -> tuple[str, ...]:
    return tuple(sorted(k for k in map(cell_key, values) if k))


def truth_facts(truth: dict) -> set[tuple]:
    """Every fact a truth file states."""
    facts: set[tuple] = set()
    period = truth.get("period") or {}
    if period.get("month_start"):
        facts.add(("period.month_start", period["month_start"]))
        facts.add(("period.month_end", period.get("month_end") or period["month_start"]))
    if period.get("year"):
        facts.add(("period.year", period["year"]))
    for key, value in (truth.get("headline") or {}).items():
        if key in HEADLINE and value is not None:
            facts.add(("headline." + key, float(value)))
    for c in truth.get("categories") or []:
        facts.add(("category", fold(c.get("name")), number_key(c.get("count")), number_key(c.get("share_pct"))))
    for name in LIST_KEYS:
        listed = truth.get(name)
        if not listed:
            continue
        if listed.get("total") is not None:
            facts.add((name + ".total", float(listed["total"])))
        for u in listed.get("units") or []:
            facts.add((name + ".item", fold(u.get("name_simplified") or u.get("name")), number_key(u.get("count"))))
    table = truth.get("table")
    if table:
        header = [fold(h) for h in table.get("header") or []]
        half = len(header) // 2
        # a side-by-side table prints two units per row under a doubled header: one fact per unit
        doubled = bool(half) and len(header) % 2 == 0 and header[:half] == header[half:]
        for row in table.get("rows") or []:
            for part in ((row[:half], row[half:]) if doubled else (row,)):
                if cells := _cells(part):
                    facts.add(("table.row", cells))
        if table.get("total_row"):
            facts.add(("table.total", tuple(k for k in _cells(table["total_row"]) if k not in TOTAL_LABELS)))
    return facts


def _row_values(row: dict) -> list:
    extra = row.get("extra") or {}
    return [row.get(k) for k in ROW_KEYS] + list(extra.values() if isinstance(extra, dict) else extra)


def record_facts(record: dict, truth: dict, strict: bool = False) -> set[tuple]:
    """The facts of a parsed record (``Bulletin.to_dict``), in the terms of :func:`truth_facts`.

    The year is only compared when the truth states one, unless ``strict``.
    """
    facts: set[tuple] = set()
    period = record.get("period") or {}
    start, end = str(period.get("start") or ""), str(period.get("end") or "")
    if len(start) >= 7:
        facts.add(("period.month_start", int(start[5:7])))
        if start[:4].isdigit() and (strict or (truth.get("period") or {}).get("year")):
            facts.add(("period.year", int(start[:4])))
    if len(end) >= 7:
        facts.add(("period.month_end", int(end[5:7])))
    for key, value in (record.get("headline") or {}).items():
        if key in HEADLINE and value is not None:
            facts.add(("headline." + key, number_key(value)))
    for c in record.get("categories") or []:
        facts.add(("category", fold(c.get("name")), number_key(c.get("count")), number_key(c.get("share_pct"))))
    lists = record.get("lists") or {}
    for name, key in LIST_KEYS.items():
        listed = lists.get(key) or {}
        if listed.get("total") is not None:
            facts.add((name + ".total", number_key(listed["total"])))
        for item in listed.get("items") or []:
            facts.add((name + ".item", fold(item.get("unit_raw")), number_key(item.get("count"))))
    table = record.get("table") or {}
    for row in table.get("rows") or []:
        facts.add(("table.row", _cells(_row_values(row))))
    if table.get("total"):
        facts.add(("table.total", tuple(k for k in _cells(_row_values(table["total"])) if k not in TOTAL_LABELS)))
    return facts


@dataclass
class Tally:
    """Found, missed and extra facts; F1 over them."""

    found: int = 0
    missed: int = 0
    extra: int = 0

    def add(self, found: int, missed: int, extra: int) -> None:
        self.found, self.missed, self.extra = self.found + found, self.missed + missed, self.extra + extra

    def f1(self) -> float:
        return 2 * self.found / (2 * self.found + self.missed + self.extra) if self.found else 0.0

    def precision(self) -> float:
        return self.found / (self.found + self.extra) if self.found else 0.0

    def recall(self) -> float:
        return self.found / (self.found + self.missed) if self.found else 0.0


@dataclass
class DocumentScore:
    name: str
    found: set = field(default_factory=set)
    missed: set = field(default_factory=set)
    extra: set = field(default_factory=set)
    error: str | None = None


def parse_record(path: Path) -> tuple[dict | None, str | None]:
    """The record ``hotline-etl parse --json --no-sources`` prints, or the error it reports."""
    from hotline_etl import parse
    from hotline_etl.errors import HotlineError

    try:
        return parse(path).to_dict(sources=False), None
    except HotlineError as exc:
        return None, str(exc).splitlines()[-1][:200]
    except Exception as exc:  # a crash is scored as a failure and named, never hidden
        return None, f"{type(exc).__name__}: {exc}"[:200]


def score_document(truth_path: Path, folder: Path, strict: bool = False) -> DocumentScore:
    """Parse the document a truth file names and compare its facts."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    doc = folder / "docs" / (truth.get("file") or truth_path.stem + ".txt")
    stated = truth_facts(truth)
    record, error = parse_record(doc)
    got = set() if record is None else record_facts(record, truth, strict)
    if not strict:
        kinds = {f[0] for f in stated}
        got = {f for f in got if f[0] in kinds}
    return DocumentScore(doc.name, stated & got, stated - got, got - stated, error)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help="document names without extension (default: all), e.g. p07")
    ap.add_argument("--dir", type=Path, default=PROBE, help="folder with docs/ and truth/ (default: fixtures/probe)")
    ap.add_argument("--by-kind", action="store_true", help="F1 per kind of fact")
    ap.add_argument("--verbose", "-v", action="store_true", help="list the missed and extra facts of each document")
    ap.add_argument("--strict", action="store_true", help="also count extra facts of kinds the truth does not state")
    args = ap.parse_args()
    truths = sorted((args.dir / "truth").glob("*.json"))
    if args.names:
        truths = [t for t in truths if t.stem in args.names]
    total, kinds, failed = Tally(), {}, 0
    for truth_path in truths:
        s = score_document(truth_path, args.dir, args.strict)
        doc = Tally(len(s.found), len(s.missed), len(s.extra))
        total.add(doc.found, doc.missed, doc.extra)
        for group, facts in ((0, s.found), (1, s.missed), (2, s.extra)):
            for f in facts:
                counts = [0, 0, 0]
                counts[group] = 1
                kinds.setdefault(f[0].split(".")[0], Tally()).add(*counts)
        if s.error:
            failed += 1
            print(f"{s.name}  FAILED: {s.error}")
        else:
            print(f"{s.name}  F1 {doc.f1():.3f}  {doc.found}/{doc.found + doc.missed} found, {doc.extra} extra")
        if args.verbose:
            for label, facts in (("missed", s.missed), ("extra ", s.extra)):
                for f in sorted(map(str, facts)):
                    print(f"    {label} {f}")
    if args.by_kind:
        for kind, t in sorted(kinds.items()):
            print(f"  {kind:16s} F1 {t.f1():.3f}  ({t.found} found, {t.missed} missed, {t.extra} extra)")
    print(f"{args.dir.name}: F1 {total.f1():.3f} (precision {total.precision():.3f}, recall {total.recall():.3f}) "
          f"over {len(truths)} bulletins, {failed} failed to parse{' [strict]' if args.strict else ''}")


if __name__ == "__main__":
    main()
