"""Re-ingesting is a no-op; a changed file replaces exactly its rows; removed files go with --prune."""

import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import hotline_etl
from hotline_etl.dataset import SCHEMA_VERSION, TABLE_NAMES, ingest
from hotline_etl.dataset.manifest import MANIFEST_NAME
from hotline_etl.dataset.schema import SCHEMA_VERSION

ARCHIVE = Path("fixtures/archive")
TRUTH = json.loads((ARCHIVE / "_ground_truth.json").read_text(encoding="utf-8"))
#: A small slice of the bundled archive: five text bulletins in several encodings, two broken files
#: (text in every generator mode: PDF variants fall back to text only without LibreOffice).
SMALL = ["2019/yueyang-2019-03.zh-Hans.utf-8.txt", "2019/yueyang-2019-05.zh-Hant.gb18030.txt",
         "2019/yueyang-2019-07.zh-Hant.big5hkscs.txt", "2020/yueyang-2020-02.zh-Hant.utf-8.txt",
         "2020/yueyang-2020-12.zh-Hant.utf-8.txt", "broken/empty.txt", "broken/notice-not-a-bulletin.txt"]


def make_small_archive(root: Path) -> Path:
    for rel in SMALL:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ARCHIVE / rel, root / rel)
    return root


def snapshot(out: Path) -> dict[str, list[str]]:
    """Every table's rows, order-independent."""
    ds = hotline_etl.open_dataset(out)
    return {t: sorted(map(repr, ds.arrow(t).to_pylist())) for t in TABLE_NAMES}


def data_files(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for t in TABLE_NAMES for p in (out / t).rglob("*.parquet")}


@pytest.fixture()
def archive(tmp_path):
    return make_small_archive(tmp_path / "archive")


def test_rerun_skips_everything_and_changes_nothing(archive, tmp_path):
    out = tmp_path / "out"
    first = ingest(archive, out, workers=1)
    assert (first.parsed, first.failed, first.skipped) == (5, 2, 0)
    before, files = snapshot(out), data_files(out)
    again = ingest(archive, out, workers=1)
    assert (again.parsed, again.failed, again.skipped) == (0, 0, 7)
    assert snapshot(out) == before
    assert data_files(out) == files  # not even rewritten
    assert len(hotline_etl.open_dataset(out).bulletins.bulletin_id.unique()) == 5


def holding(out: Path, bulletin_id: str) -> set[str]:
    """Data files (relative paths) with at least one row of ``bulletin_id``, read from the files themselves."""
    return {p.relative_to(out).as_posix() for t in TABLE_NAMES for p in (out / t).rglob("*.parquet")
            if bulletin_id in set(pq.read_table(p, columns=["bulletin_id"]).column(0).to_pylist())}


def test_changed_file_replaces_only_its_rows(archive, tmp_path):
    out = tmp_path / "out"
    ingest(archive, out, workers=1)
    before, files = snapshot(out), data_files(out)
    rel = "2020/yueyang-2020-02.zh-Hant.utf-8.txt"
    truth = next(d for d in TRUTH["documents"] if d["path"] == rel)
    old_id = truth["sha256"][:16]
    old_files = holding(out, old_id)
    praise = truth["headline"]["praise"]
    text = (archive / rel).read_text(encoding="utf-8")
    assert f"表揚件{praise}件" in text
    (archive / rel).write_text(text.replace(f"表揚件{praise}件", f"表揚件{praise + 1}件", 1), encoding="utf-8")

    report = ingest(archive, out, workers=1)
    assert (report.parsed, report.skipped) == (1, 6)
    ds = hotline_etl.open_dataset(out)
    row = ds.bulletins[ds.bulletins.source_path == rel]
    assert len(row) == 1 and row.iloc[0].praise == praise + 1
    new_id = row.iloc[0].bulletin_id
    after = snapshot(out)
    for table in TABLE_NAMES:
        assert not any(old_id in r for r in after[table]), table
        unchanged_before = [r for r in before[table] if old_id not in r]
        unchanged_after = [r for r in after[table] if new_id not in r]
        assert unchanged_after == unchanged_before, table
    files_after = data_files(out)
    # Batched files (issue 17): the new version's rows are in new files, one per table it has rows in;
    # of the files that existed, only those that held the old version's rows were rewritten, at most one
    # per table; every other file is untouched.
    touched = (set(files) - set(files_after)) | {f for f in files if f in files_after and files_after[f] != files[f]}
    assert touched == old_files and not holding(out, old_id)
    assert all(n == 1 for n in Counter(f.split("/")[0] for f in touched).values())
    assert {f: m for f, m in files.items() if f not in touched} == \
        {f: m for f, m in files_after.items() if f in files and f not in touched}
    new_files = set(files_after) - set(files)
    assert new_files == holding(out, new_id)
    assert sorted(f.split("/")[0] for f in new_files) == sorted(ds._manifest.entries[row.iloc[0].source_sha256]["tables"])
    assert len(ds.bulletins) == 5


def test_removed_file_rows_stay_until_prune(archive, tmp_path):
    out = tmp_path / "out"
    ingest(archive, out, workers=1)
    (archive / "2019/yueyang-2019-03.zh-Hans.utf-8.txt").unlink()
    (archive / "broken/empty.txt").unlink()
    kept = ingest(archive, out, workers=1)
    assert (kept.not_in_archive, kept.pruned) == (2, 0)
    assert len(hotline_etl.open_dataset(out).bulletins) == 5
    pruned = ingest(archive, out, workers=1, prune=True)
    assert pruned.pruned == 2 and pruned.parsed == 0
    ds = hotline_etl.open_dataset(out)
    assert len(ds.bulletins) == 4 and list(ds.errors.source_path) == ["broken/notice-not-a-bulletin.txt"]
    assert snapshot(out) == snapshot_fresh(archive, tmp_path / "fresh")


def snapshot_fresh(archive: Path, out: Path):
    ingest(archive, out, workers=1)
    return snapshot(out)


def test_renamed_and_copied_files(archive, tmp_path):
    out = tmp_path / "out"
    ingest(archive, out, workers=1)
    os.rename(archive / "2020/yueyang-2020-12.zh-Hant.utf-8.txt", archive / "2020/renamed.txt")
    shutil.copyfile(archive / "2019/yueyang-2019-05.zh-Hant.gb18030.txt", archive / "2019/zz-copy.txt")
    shutil.copyfile(archive / "broken/empty.txt", archive / "broken/empty-again.txt")
    report = ingest(archive, out, workers=1)
    assert report.duplicates == 2 and report.parsed == 1 and report.failed == 1  # the rename; the errors file rewritten
    ds = hotline_etl.open_dataset(out)
    assert len(ds.bulletins) == 5 and "2020/renamed.txt" in set(ds.bulletins.source_path)
    assert "2019/zz-copy.txt" not in set(ds.bulletins.source_path)
    assert sorted(ds.errors.source_path) == ["broken/empty-again.txt", "broken/empty.txt",
                                             "broken/notice-not-a-bulletin.txt"]
    assert snapshot(out) == snapshot_fresh(archive, tmp_path / "fresh")


def test_force_reparses_and_gives_the_same_rows(archive, tmp_path):
    out = tmp_path / "out"
    ingest(archive, out, workers=1)
    before = snapshot(out)
    report = ingest(archive, out, workers=1, force=True)
    assert (report.parsed, report.failed, report.skipped) == (5, 2, 0)
    assert snapshot(out) == before


def test_files_carry_the_schema(archive, tmp_path):
    # Files hold many documents (issue 17): the manifest names the file holding a document's rows.
    out = tmp_path / "out"
    ingest(archive, out, workers=1)
    truth = next(d for d in TRUTH["documents"] if d["path"] == SMALL[0])
    entry = hotline_etl.open_dataset(out)._manifest.entries[truth["sha256"]]
    path = out / "unit_stats" / "year=2019" / f"{entry['files']['unit_stats']}.parquet"
    assert truth["sha256"][:16] in set(pq.read_table(path, columns=["bulletin_id"]).column(0).to_pylist())
    meta = pq.read_schema(path).metadata
    assert meta[b"hotline_etl.schema_version"] == str(SCHEMA_VERSION).encode() and meta[b"hotline_etl.table"] == b"unit_stats"
    assert meta[b"hotline_etl.parser_version"] == hotline_etl.__version__.encode()
    assert pq.read_schema(path).field("received").metadata[b"description"].startswith(b"Orders received")
    assert "year" not in pq.read_schema(path).names  # the partition key lives in the directory name only
    assert (out / MANIFEST_NAME).exists()
    assert not (out / "_tmp").exists() or not any((out / "_tmp").iterdir())  # staging left empty, if at all
