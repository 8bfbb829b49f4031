"""Every fixture's full record (``to_dict(sources=True)``) or error, pinned by digest.

Speed work must not change what a parse gives: this test fails on any change
to any value, warning, finding or provenance of any fixture under
``fixtures/``, and on any change to the error a bad file raises. A change on
purpose is re-pinned, and said in the commit:

    .venv/bin/python tests/test_records_pinned.py --write

and ``--dump DIR`` writes each record as JSON, to diff against a dump made
by another checkout (``PYTHONPATH=/other/checkout python tests/test_records_pinned.py --dump B``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import pytest

import hotline_etl

ROOT = Path(__file__).resolve().parent.parent
PINS = Path(__file__).with_name("records_pinned.json")
#: Files under fixtures/ that are not bulletins: generators, ground truths, expectations.
NOT_SOURCES = (".py", ".json")
#: Fixtures whose record depends on the machine or costs minutes: scans (OCR, seconds a page; their
#: records are checked by tests/test_readers_ocr.py) and legacy Word files (converted only when
#: LibreOffice is installed; tests/test_readers_office.py covers both cases).
NOT_PINNED = ("fixtures/ocr/", "fixtures/legacy/",
              # spins in pdfminer until the time limit (a minute); tests/test_bad_ingest.py checks its error
              "fixtures/bad/object_refers_to_itself_hangs_pdfminer.pdf")


def fixture_paths() -> list[str]:
    """Every source file under fixtures/, relative to the repository root, sorted."""
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "fixtures").rglob("*")
                  if p.is_file() and p.suffix not in NOT_SOURCES
                  and not str(p.relative_to(ROOT)).startswith(NOT_PINNED))


def record(path: str) -> dict:
    """The parsed record with its provenance, or the error class and message."""
    try:
        return hotline_etl.parse(ROOT / path, name=path).to_dict(sources=True)
    except hotline_etl.HotlineError as e:
        return {"error": type(e).__name__, "message": str(e)}


def canonical(rec: dict) -> str:
    return json.dumps(rec, ensure_ascii=False, sort_keys=True, indent=1, default=str)


def digest(rec: dict) -> str:
    return hashlib.sha256(canonical(rec).encode("utf-8")).hexdigest()[:20]


def _pins() -> dict[str, str]:
    return json.loads(PINS.read_text(encoding="utf-8"))


def test_every_fixture_is_pinned():
    assert sorted(_pins()) == fixture_paths()


@pytest.mark.parametrize("path", fixture_paths())
def test_record_unchanged(path):
    pinned = _pins().get(path)
    assert pinned is not None, f"{path} is not pinned: run tests/test_records_pinned.py --write"
    assert digest(record(path)) == pinned, (
        f"the record of {path} changed; if on purpose, re-pin with tests/test_records_pinned.py --write "
        "(and say so in the commit), else diff two --dump folders")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help="re-pin every fixture's record")
    ap.add_argument("--dump", type=Path, metavar="DIR", help="write each record as JSON into DIR")
    args = ap.parse_args()
    pins: dict[str, str] = {}
    for path in fixture_paths():
        rec = record(path)
        pins[path] = digest(rec)
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            (args.dump / (path.replace("/", "__") + ".json")).write_text(canonical(rec), encoding="utf-8")
    if args.write:
        PINS.write_text(json.dumps(pins, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    changed = {p for p, d in pins.items() if _pins().get(p) != d} if PINS.exists() else set(pins)
    print(f"{len(pins)} fixtures, {len(changed)} differ from the pins" + ("" if args.write else " (not written)"))
    for p in sorted(changed):
        print("  ", p)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
