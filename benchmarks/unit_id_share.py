"""Share of table rows and list items that get a unit id, on a folder of real bulletins.

Run from the repository root (the development corpus lives outside the
project and is never copied into it)::

    python benchmarks/unit_id_share.py ../shared/corpus/docs
    python benchmarks/unit_id_share.py ../shared/corpus/docs -v      # one line per document

Parses every file (audit off), and counts the unit slots of the statistics
table (total row excluded) and of every list by resolution method. Prints
the share with a non-null ``unit_id`` overall and outside the built-in
registry's counties, and how many files failed to parse (they have no slots).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import hotline_etl
from hotline_etl.errors import HotlineError
from hotline_etl.units import default_registry, infer_county


def slots(bulletin) -> list[tuple[str, str]]:
    """(where, method) of every table row and list item."""
    out = []
    if bulletin.table is not None:
        out += [("table", r.unit.method) for r in bulletin.table.rows if r.unit is not None]
    out += [("list", i.unit.method) for ul in bulletin.lists.values() for i in ul.items if i.unit is not None]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per document")
    args = parser.parse_args(argv)
    registry = default_registry()
    files = sorted(p for p in args.folder.iterdir() if p.is_file())
    methods: Counter[tuple[str, str, bool]] = Counter()
    failed = 0
    for path in files:
        try:
            b = hotline_etl.parse(path, audit=False)
        except HotlineError as exc:
            failed += 1
            if args.verbose:
                print(f"{path.name}\tfailed\t{exc.kind}")
            continue
        in_registry = infer_county(b, registry) is not None
        found = slots(b)
        for where, method in found:
            methods[(where, method, in_registry)] += 1
        if args.verbose:
            got = sum(m != "unresolved" for _, m in found)
            print(f"{path.name}\tscope={b.scope.name if b.scope else '-'}\t{got}/{len(found)} with unit_id\t"
                  + " ".join(f"{m}={n}" for m, n in sorted(Counter(m for _, m in found).items())))

    def share(select) -> str:
        total = sum(n for k, n in methods.items() if select(k))
        got = sum(n for k, n in methods.items() if select(k) and k[1] != "unresolved")
        return f"{got}/{total} = {got / total:.1%}" if total else "0/0"

    print(f"{len(files)} files, {len(files) - failed} parsed, {failed} failed to parse")
    for where in ("table", "list"):
        print(f"{where} slots with unit_id: {share(lambda k: k[0] == where)} "
              f"(outside registry counties: {share(lambda k: k[0] == where and not k[2])})")
    print(f"all slots with unit_id: {share(lambda k: True)}")
    by_method = Counter()
    for (_, method, _), n in methods.items():
        by_method[method] += n
    print("by method: " + ", ".join(f"{m} {n}" for m, n in sorted(by_method.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
