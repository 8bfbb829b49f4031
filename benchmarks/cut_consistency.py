"""Cut whole bulletins at many byte offsets and check that no cut gives a value the whole text does not.

Archived bulletins are excerpts, cut anywhere (mid-number, mid-name, mid-row). A cut may cost facts
(what is past it is gone) but must never produce a wrong one: every headline figure, category,
list item and table cell the parser reports for a cut must be what it reports for the whole text.
This script cuts each file every ``--step`` bytes (on a character boundary, as ``head -c`` leaves
it), parses each cut, and prints every disagreement:

- ``value``: a fact whose value differs from the whole text's, or a fact the whole text lacks
  (a category named by a cut ``交通运输 | 23``, a list item ``县住建局2``);
- ``cut-name``: a list item without a count whose name is the start of a whole-text item's name
  (``市自然资`` of ``市自然资源和规划局``), kept by design (a bare name cut short reads as a name).

Some disagreements are by design and are not reported: a category whose share, or a list item
whose count, is not printed yet, an approximate figure (``11万``) before the exact one. Others are a choice of what wins when the
preferred statement is past the cut (a 1-6月 cumulative figure before the month's own; request
types before the subject classification is printed); read them as such.

Run from the project root::

    python benchmarks/cut_consistency.py fixtures/probe7/full/*.txt [--step 23] [--from 500]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import hotline_etl
from hotline_etl.errors import NotABulletin


def facts(bulletin) -> dict[tuple, object]:
    """The facts a cut is compared on, keyed so a cut's fact finds the whole text's."""
    d = bulletin.to_dict(sources=False)
    out: dict[tuple, object] = {}
    for field, value in (d["headline"] or {}).items():
        if value is not None:
            out[("headline", field)] = value
    for c in d["categories"] + d.get("request_types", []):
        out[("category", c["name"])] = (c["count"], c.get("share_pct"))
    for name, lst in (d["lists"] or {}).items():
        if not lst:
            continue
        if lst.get("total") is not None:
            out[("list-total", name)] = lst["total"]
        for item in lst.get("items", []):
            out[("list-item", name, item["unit_raw"])] = item["count"]
    skip = ("unit_raw", "unit_id", "unit_name", "unit_kind", "resolution", "extra")
    for row in (d.get("table") or {}).get("rows", []):
        cells = {k: v for k, v in row.items() if k not in skip}
        cells.update(row.get("extra") or {})
        for column, value in cells.items():
            if value not in (None, ""):
                out[("table", row.get("unit_raw"), column)] = str(value)
    return out


def disagreements(cut: dict[tuple, object], whole: dict[tuple, object]):
    """(kind, key, cut value, whole value) for every fact of ``cut`` the whole text does not back."""
    for key, value in cut.items():
        if key[0] == "category" and key in whole and value[1] is None and value[0] == whole[key][0]:
            continue  # its share is past the cut
        if key[0] == "headline" and key in whole and value % 100 == 0 and abs(whole[key] - value) < 10000:
            continue  # an approximate figure printed before the exact one
        if key[0] == "list-item" and value is None and key in whole:
            continue  # its count is past the cut
        if key[0] == "list-item" and value is None and any(
                k[:2] == key[:2] and k[2].startswith(key[2]) and k[2] != key[2] for k in whole):
            yield "cut-name", key, value, None
            continue
        if whole.get(key, object()) != value:
            yield "value", key, value, whole.get(key)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path, help="whole bulletins (UTF-8 text)")
    ap.add_argument("--step", type=int, default=23, help="bytes between two cuts (default 23)")
    ap.add_argument("--from", dest="start", type=int, default=500, help="first cut, in bytes (default 500)")
    args = ap.parse_args()
    counts = {"value": 0, "cut-name": 0}
    cuts = 0
    for path in args.files:
        data = path.read_bytes()
        whole = facts(hotline_etl.parse(data.decode("utf-8"), audit=False))
        for size in range(args.start, len(data), args.step):
            text = data[:size].decode("utf-8", errors="ignore")  # a partial last character is dropped
            try:
                cut = facts(hotline_etl.parse(text, audit=False))
            except NotABulletin:
                continue  # too little text left to be a bulletin
            cuts += 1
            for kind, key, value, expected in disagreements(cut, whole):
                counts[kind] += 1
                print(f"{path} {size} {kind} {key} {value!r} (whole text: {expected!r}) ...{text[-12:]!r}")
    print(f"{cuts} cuts of {len(args.files)} files: {counts['value']} wrong or unbacked values, "
          f"{counts['cut-name']} cut names kept")


if __name__ == "__main__":
    main()
