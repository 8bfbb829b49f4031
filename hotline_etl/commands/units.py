"""``hotline-etl units resolve|list|unresolved|suggest``: look up unit names and grow the registry.

- ``units resolve NAME... [--scope AREA]`` prints what each printed name
  resolves to (exit 1 when any is unresolved); with ``--scope`` a name the
  registry does not know gets its derived id in that area;
- ``units list [--county C]`` prints the registry;
- ``units unresolved FILE...`` parses bulletins and lists the names that are
  not in the registry (unresolved, or given derived ids), with how often they
  occur and their best candidates, so a maintainer can add aliases or units;
- ``units suggest OUT_DIR [--scope AREA] > registry.csv`` proposes registry
  rows for the derived units of an ingested dataset (one per derived id, every
  printed variant an alias, near-duplicates flagged).

Every subcommand takes ``--registry PATH`` (repeatable) on top of the
built-in registry and ``HOTLINE_ETL_REGISTRY``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from dataclasses import dataclass, field

from ..errors import HotlineError
from ..units import Registry, candidates, is_derived, load_registry, resolve, resolve_bulletin
from ..units.suggest import Mention, suggest_units, write_registry_csv
from .parse import parse_each


#: Resolution methods of names the registry does not hold.
NOT_IN_REGISTRY = ("unresolved", "derived")


def register(sub: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--registry", action="append", default=[], metavar="PATH",
                        help="extra registry CSV file or folder (repeatable); merged with the built-in one")
    common.add_argument("--county", help="limit to one county (any script), e.g. 岳阳县")
    common.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = sub.add_parser("units", help="resolve unit names to stable ids; list and extend the registry",
                       description="Resolve unit names against the unit registry, list it, and report "
                                   "names in bulletins that do not resolve.")
    units_sub = p.add_subparsers(dest="units_command", metavar="SUBCOMMAND", required=True)

    r = units_sub.add_parser("resolve", parents=[common], help="resolve printed unit names",
                             description="Resolve each NAME (any script, damaged or not); exit 1 if any is unresolved.")
    r.add_argument("names", nargs="+", metavar="NAME")
    r.add_argument("--on", type=_date, metavar="YYYY-MM-DD",
                   help="resolve as of this date (reorganised units give way to their successors)")
    r.add_argument("--scope", metavar="AREA",
                   help="the bulletin's area (any script, e.g. 灌云县): names the registry does not know get "
                        "derived ids in it")
    r.set_defaults(run=run, units_run=_run_resolve)

    ls = units_sub.add_parser("list", parents=[common], help="list the registry",
                              description="List registry units: id, county, name, kind, validity, successor.")
    ls.set_defaults(run=run, units_run=_run_list)

    u = units_sub.add_parser("unresolved", parents=[common], help="names in bulletins that are not in the registry",
                             description="Parse each FILE (directories are searched) and list the unit names "
                                         "that are not in the registry (unresolved, or given derived ids), most "
                                         "frequent first, with candidates.")
    u.add_argument("paths", nargs="+", metavar="FILE")
    u.set_defaults(run=run, units_run=_run_unresolved)

    sg = units_sub.add_parser(
        "suggest", help="propose registry rows for a dataset's derived units (CSV on stdout)",
        description="Read the derived units (resolution method 'derived') of the dataset in OUT_DIR and print a "
                    "registry CSV: one row per derived id with every printed variant as an alias, the number of "
                    "bulletins naming it, and near-duplicates of the same scope flagged. Review it, then load it "
                    "with --registry or HOTLINE_ETL_REGISTRY: the next ingest resolves those units as curated.")
    sg.add_argument("out", metavar="OUT_DIR")
    sg.add_argument("--scope", metavar="AREA", help="only units of this area (any script), e.g. 灌云县")
    sg.add_argument("--registry", action="append", default=[], metavar="PATH",
                    help="extra registry CSV file or folder (repeatable): ids of areas it covers reuse its prefix")
    sg.set_defaults(run=run, units_run=_run_suggest)


def run(args: argparse.Namespace) -> int:
    try:
        registry = load_registry(args.registry)
    except HotlineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return args.units_run(args, registry)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2019-02-01") from None


def _run_resolve(args: argparse.Namespace, registry: Registry) -> int:
    records = []
    for name in args.names:
        ref = resolve(name, args.county, args.on, registry, scope=args.scope)
        record = {"name": name, **ref.to_fields()}
        if ref.method == "unresolved":
            record["resolution"]["candidates"] = _described(ref.candidates, name, args.county, registry)
        records.append(record)
    if args.json:
        print(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        for rec in records:
            res = rec["resolution"]
            if rec["unit_id"] is None:
                print(f"{rec['name']}\t-\tunresolved{' damaged' if res['damaged'] else ''}\t"
                      f"candidates: {_candidates_text(res['candidates'])}")
            else:
                score = f" {res['score']:.2f}" if res["score"] is not None else ""
                print(f"{rec['name']}\t{rec['unit_id']}\t{rec['unit_name']}\t{rec['unit_kind']}\t"
                      f"{res['method']}{score}{' damaged' if res['damaged'] else ''}")
    return 1 if any(r["unit_id"] is None for r in records) else 0


def _described(ids, name: str, county: str | None, registry: Registry) -> list[dict]:
    # Candidate ids with their names, and the similarity score where one was computed; a derived
    # candidate (a unit of the same bulletin the registry does not know) is named by its id.
    scores = {c.unit_id: c.score for c in candidates(name, county, registry, limit=len(registry))}
    return [{"unit_id": i, "name": i if is_derived(i) else registry.get(i).name, "score": scores.get(i)}
            for i in ids]


def _candidates_text(cands: list[dict]) -> str:
    if not cands:
        return "none"
    return "; ".join(
        f"{c['name']} ({c['unit_id']}" + (f" {c['score']:.2f})" if c.get("score") is not None else ")")
        for c in cands
    )


def _run_list(args: argparse.Namespace, registry: Registry) -> int:
    units = registry.in_county(args.county)
    if args.json:
        print(json.dumps([
            {"unit_id": u.unit_id, "county": u.county, "name": u.name, "kind": u.kind, "aliases": list(u.aliases),
             "valid_from": u.valid_from.isoformat() if u.valid_from else None,
             "valid_to": u.valid_to.isoformat() if u.valid_to else None,
             "predecessor_ids": list(u.predecessor_ids), "successor_id": u.successor_id}
            for u in units
        ], ensure_ascii=False, indent=2))
    else:
        for u in units:
            span = f"{u.valid_from or ''}..{u.valid_to or ''}" if (u.valid_from or u.valid_to) else ""
            succ = f"-> {u.successor_id}" if u.successor_id else ""
            print("\t".join(x for x in (u.unit_id, u.county, u.name, u.kind, span, succ)).rstrip())
    if not units:
        print(f"no units for county {args.county!r} in {', '.join(registry.files)}", file=sys.stderr)
        return 1
    return 0


@dataclass
class _Unresolved:
    key: str
    count: int = 0
    printed: Counter = field(default_factory=Counter)
    files: set = field(default_factory=set)
    damaged: bool = False
    candidates: tuple = ()


def _run_unresolved(args: argparse.Namespace, registry: Registry) -> int:
    found: dict[str, _Unresolved] = {}
    failed = parsed = 0
    for path, bulletin in parse_each(args.paths):
        if bulletin is None:
            failed += 1
            continue
        parsed += 1
        bulletin = resolve_bulletin(bulletin, args.county, registry)
        for raw, ref in _unit_slots(bulletin):
            if ref is None or ref.method not in NOT_IN_REGISTRY:
                continue
            key = registry.fold(raw)
            entry = found.setdefault(key, _Unresolved(key))
            entry.count += 1
            entry.printed[raw] += 1
            entry.files.add(str(path))
            entry.damaged |= ref.damaged
            entry.candidates = entry.candidates or ref.candidates
    entries = sorted(found.values(), key=lambda e: (-e.count, e.key))
    records = [
        {"name": e.key, "count": e.count, "printed": dict(e.printed), "files": len(e.files), "damaged": e.damaged,
         "candidates": _described(e.candidates, e.key, args.county, registry)}
        for e in entries
    ]
    if args.json:
        print(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        for rec in records:
            printed = ", ".join(rec["printed"])
            print(f"{rec['count']}\t{rec['name']}\t{printed}\t{rec['files']} file(s)"
                  f"{chr(9) + 'damaged' if rec['damaged'] else ''}\tcandidates: {_candidates_text(rec['candidates'])}")
    print(f"{len(records)} unresolved name(s), {sum(r['count'] for r in records)} occurrence(s) "
          f"in {parsed} bulletin(s); {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def _unit_slots(bulletin):
    if bulletin.table is not None:
        for row in bulletin.table.rows:
            yield row.unit_raw, row.unit
    for ul in bulletin.lists.values():
        for item in ul.items:
            yield item.unit_raw, item.unit
    for case in bulletin.cases:
        if case.handler_raw:
            yield case.handler_raw, case.handler_unit


def _run_suggest(args: argparse.Namespace, registry: Registry) -> int:
    from ..dataset import open_dataset  # pandas and pyarrow only for this subcommand

    try:
        ds = open_dataset(args.out)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    mentions = []
    for table in ("unit_stats", "unit_mentions"):
        frame = ds.frame(table)
        if "is_total" in frame:
            frame = frame[~frame["is_total"].astype(bool)]
        frame = frame[frame["unit_method"].astype("object") == "derived"]
        mentions += [Mention(*row) for row in frame[["bulletin_id", "unit_id", "unit_raw", "unit_name", "unit_kind"]]
                     .astype("object").itertuples(index=False, name=None)]
    scope = registry.fold(args.scope) if args.scope else None
    suggestions = suggest_units(mentions, registry, scope)
    write_registry_csv(suggestions, sys.stdout)
    near = sum(len(s.near_duplicates) for s in suggestions) // 2
    areas = len({s.county for s in suggestions})
    print(f"{len(suggestions)} derived unit(s) in {areas} scope(s) from {len(mentions)} mention(s); "
          f"{near} near-duplicate pair(s) flagged", file=sys.stderr)
    if not suggestions:
        where = f" of scope {scope}" if scope else ""
        print(f"no derived units{where} in {args.out}: nothing to suggest", file=sys.stderr)
        return 1
    return 0
