"""The seed's whole record, provenance included, against a reviewed golden JSON file.

``tests/data/seed_record.json`` is the record as reviewed by hand against the seed text (headline
figures and where they stand, every list item, case, table row and warning). A change to the
parse that changes the seed's record fails here with the first differing key; when the change is
meant, regenerate the file, review its diff and say so in the commit:

    .venv/bin/python tests/test_seed_golden.py --write
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import hotline_etl
from seed_expected import SEED

GOLDEN = Path(__file__).with_name("data") / "seed_record.json"


def seed_record() -> dict:
    return hotline_etl.parse(SEED).to_dict(sources=True)


def _json(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, indent=1) + "\n"


def _first_difference(a, b, path="record"):
    if type(a) is not type(b) or not isinstance(a, (dict, list)):
        return None if a == b else f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                return f"{path}.{key}: only in {'the parse' if key in a else 'the golden file'}"
            found = _first_difference(a[key], b[key], f"{path}.{key}")
            if found:
                return found
        return None
    if len(a) != len(b):
        return f"{path}: {len(a)} items != {len(b)}"
    return next((d for i, (x, y) in enumerate(zip(a, b)) if (d := _first_difference(x, y, f"{path}[{i}]"))), None)


def test_the_seed_record_is_the_reviewed_golden_file():
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    record = json.loads(_json(seed_record()))  # through JSON, as a consumer sees it
    assert _first_difference(record, golden) is None


def test_the_golden_file_holds_the_reviewed_values():
    # Spot values reviewed against fixtures/seed: the first headline figure stands on line 2 after
    # "5月份,共受理12345熱線工單"; the sign-off is on lines 14-15; the table's total row starts on line 618.
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert golden["headline"]["hotline_orders_received"] == 2557
    assert golden["sources"]["headline"]["hotline_orders_received"] == {"line": 2, "char": len("5月份,共受理12345熱線工單")}
    assert golden["sources"]["issuer"] == {"line": 14, "char": 0} and golden["issued_on"] == "2020-06-01"
    assert golden["table"]["total"]["sources"]["unit_raw"]["line"] == 618
    assert golden["lists"]["overdue"]["total"] == 18


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    GOLDEN.write_text(_json(seed_record()), encoding="utf-8")
