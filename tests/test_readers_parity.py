"""Every container fixture, in either script, parses to the same record as the seed text.

For simplified fixtures the seed's record is converted with OpenCC t2s on its
string values; ``script`` and ``warnings`` are left out of the comparison.
"""

from functools import lru_cache
from pathlib import Path

import opencc
import pytest

import hotline_etl
from seed_expected import SEED

FIXTURES = sorted(str(p) for sub in ("docx", "pdf", "html") for p in Path("fixtures", sub).iterdir())
IGNORED = ("script", "warnings", "reading_notes")  # reading notes say what each format's reader did

#: Fixtures whose header has two rows (a group label over sub-headers): the record's
#: header_raw is, rightly, each column's header path as printed (the group label spans the
#: columns under it), and the audit names those columns by it. Everything else must equal
#: the seed's record.
GROUPED_HEADER_RAW = ["部門名稱", "受理案件數", "應辦理數", "辦結情況/辦理數", "辦結情況/辦結率", "按期情況/按期辦理數",
                      "按期情況/按期辦結率", "返工情況/返工數", "返工情況/返工率", "等級評價"]
#: Header path -> the seed's one-row label (each path is unique in a record).
GROUPED_LABELS = {"辦結情況/辦理數": "辦理數", "辦結情況/辦結率": "辦結率", "按期情況/按期辦理數": "按期辦理數",
                  "按期情況/按期辦結率": "按期辦結率", "返工情況/返工數": "返工數", "返工情況/返工率": "返工率"}


@lru_cache(maxsize=None)
def _t2s():
    return opencc.OpenCC("t2s")


def _simplified(value):
    if isinstance(value, str):
        return _t2s().convert(value)
    if isinstance(value, dict):
        return {k: _simplified(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_simplified(v) for v in value]
    return value


@lru_cache(maxsize=None)
def _seed_record():
    record = hotline_etl.parse(SEED).to_dict(sources=False)
    return {k: v for k, v in record.items() if k not in IGNORED}


def test_every_format_and_script_has_fixtures():
    names = [Path(f).name for f in FIXTURES]
    for kind in ("docx", "pdf", "html"):
        for script in ("trad", "simp"):
            assert sum(n.startswith(f"seed_{script}_") and n.endswith(kind) for n in names) >= 2


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: Path(f).name)
def test_fixture_parses_like_the_seed(fixture):
    record = {k: v for k, v in hotline_etl.parse(fixture).to_dict(sources=False).items() if k not in IGNORED}
    expected = _seed_record()
    simplified = "_simp_" in Path(fixture).name
    if simplified:
        expected = _simplified(expected)
    if "merged" in fixture or "rowspan_colspan" in fixture:
        header = _simplified(GROUPED_HEADER_RAW) if simplified else GROUPED_HEADER_RAW
        assert record["table"]["header_raw"] == header
        labels = {_simplified(k): _simplified(v) for k, v in GROUPED_LABELS.items()} if simplified else GROUPED_LABELS
        record = _relabel(record, labels)
    assert record == expected


def _relabel(value, labels: dict[str, str]):
    """The record with each combined two-row header label replaced by the one-row label."""
    if isinstance(value, str):
        for combined, plain in labels.items():
            value = value.replace(combined, plain)
        return value
    if isinstance(value, dict):
        return {k: _relabel(v, labels) for k, v in value.items()}
    if isinstance(value, list):
        return [_relabel(v, labels) for v in value]
    return value
