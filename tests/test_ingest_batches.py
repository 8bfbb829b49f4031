"""Files that scale and a batch that goes on (issue 17, parts 1 and 4).

Many documents share a file; a partition's files are compacted into one; readers see only committed rows
while a batch is half committed; a document that kills its worker becomes a ``worker-died`` errors row.
"""

import importlib
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import hotline_etl
from hotline_etl.cli import main
from hotline_etl.dataset import TABLE_NAMES, ingest
from hotline_etl.dataset.worker import WORKER_FAULT_ENV, Job, process_document
from hotline_etl.limits import Limits

from test_dataset_crash import assert_complete, parsed_and_failed, run_cli
from test_dataset_incremental import SMALL, make_small_archive, snapshot

#: The compaction module and the ingest's coordinator.
COMPACT = importlib.import_module("hotline_etl.dataset.compaction")
INGEST = importlib.import_module("hotline_etl.dataset.coordinator")


def parquet_files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for t in TABLE_NAMES for p in (out / t).rglob("*.parquet"))


def tables_in(files: list[str], year: int) -> set[str]:
    """Tables with a file in partition ``year``."""
    return {f.split("/")[0] for f in files if f"/year={year}/" in f}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    archive = make_small_archive(tmp_path_factory.mktemp("ref") / "archive")
    out = archive.parent / "out"
    ingest(archive, out, workers=1)
    return snapshot(out)


def test_one_file_per_table_per_partition(tmp_path, reference):
    archive = make_small_archive(tmp_path / "archive")
    out = tmp_path / "out"
    report = ingest(archive, out, workers=1)
    files = parquet_files(out)
    # 5 bulletins in 2019 and 2020, 2 errors rows in year 0: every table-partition is one file of batch 1.
    assert {Path(f).name for f in files} == {"r1-b1.parquet"}
    assert "errors/year=0/r1-b1.parquet" in files and "unit_stats/year=2019/r1-b1.parquet" in files
    assert {f.split("/")[1] for f in files} == {"year=0", "year=2019", "year=2020"}
    assert len(files) == report.files_written == 2 * len(tables_in(files, 2019)) + 1
    assert len(pd.read_parquet(out / "unit_stats")) == 5 * 60


def test_compaction_merges_small_runs_and_keeps_every_row(tmp_path, reference, capsys):
    archive = make_small_archive(tmp_path / "archive")
    held = {rel: (archive / rel).read_bytes() for rel in SMALL[1:]}
    for rel in held:
        (archive / rel).unlink()
    out = tmp_path / "out"
    ingest(archive, out, workers=1)
    for rel, data in held.items():  # six more runs, one file each: one more batch file per partition each
        (archive / rel).write_bytes(data)
        ingest(archive, out, workers=1)
    assert len([f for f in parquet_files(out) if f.startswith("unit_stats/year=2019/")]) == 3
    assert snapshot(out) == reference
    assert main(["compact", str(out)]) == 0
    assert re.match(r"\d+ partitions compacted: \d+ files -> \d+ ", capsys.readouterr().err)
    files = parquet_files(out)
    partitions = {f.rpartition("/")[0] for f in files}
    assert len(files) == len(partitions)  # one file per table-partition
    assert snapshot(out) == reference
    ds = hotline_etl.open_dataset(out)
    assert all(Path(f).name in (Path(p).name for p in ds._files(f.split("/")[0])) for f in files)
    assert len(pd.read_parquet(out / "unit_stats")) == 5 * 60  # a plain reader sees each row once
    assert ingest(archive, out, workers=1).parsed == 0
    assert main(["compact", str(out)]) == 0 and "nothing to compact" in capsys.readouterr().err


def test_ingest_compacts_a_partition_once_it_holds_enough_files(tmp_path, reference, monkeypatch):
    monkeypatch.setattr(COMPACT, "AUTO_COMPACT_FILES", 3)
    archive = make_small_archive(tmp_path / "archive")
    held = {rel: (archive / rel).read_bytes() for rel in ("2019/yueyang-2019-05.zh-Hant.gb18030.txt",
                                                           "2019/yueyang-2019-07.zh-Hant.big5hkscs.txt")}
    for rel in held:
        (archive / rel).unlink()
    out = tmp_path / "out"
    ingest(archive, out, workers=1)
    (archive / "2019/yueyang-2019-05.zh-Hant.gb18030.txt").write_bytes(held["2019/yueyang-2019-05.zh-Hant.gb18030.txt"])
    assert ingest(archive, out, workers=1).compacted_partitions == 0  # two files in 2019 partitions
    (archive / "2019/yueyang-2019-07.zh-Hant.big5hkscs.txt").write_bytes(held["2019/yueyang-2019-07.zh-Hant.big5hkscs.txt"])
    report = ingest(archive, out, workers=1)
    # every 2019 partition reached three files
    assert report.compacted_partitions == len(tables_in(parquet_files(out), 2019)) > 8
    assert [f for f in parquet_files(out) if f.startswith("bulletins/")] == [
        "bulletins/year=2019/r3-c1.parquet", "bulletins/year=2020/r1-b1.parquet"]
    assert snapshot(out) == reference


def test_batches_closed_mid_run_are_merged_when_the_run_ends(tmp_path, reference, monkeypatch):
    monkeypatch.setattr(INGEST, "BATCH_ROWS", 100)  # every bulletin closes its batch (errors rows do not)
    archive = make_small_archive(tmp_path / "archive")
    out = tmp_path / "out"
    report = ingest(archive, out, workers=1)
    assert report.batches == 6 and report.compacted_partitions > 0
    files = parquet_files(out)
    assert len(files) == len({f.rpartition("/")[0] for f in files}) == 2 * len(tables_in(files, 2019)) + 1
    assert "bulletins/year=2019/r1-c1.parquet" in files
    assert snapshot(out) == reference


def test_readers_see_only_committed_documents_of_a_half_committed_batch(tmp_path, reference):
    archive = make_small_archive(tmp_path / "archive")
    out = tmp_path / "out"
    proc = run_cli(archive, out, env={"HOTLINE_ETL_INGEST_FAULT": "published:4"})
    assert proc.returncode == -signal.SIGKILL
    ds = hotline_etl.open_dataset(out)
    committed = {e["bulletin_id"] for e in ds._manifest}
    assert len(committed) == 3
    # The batch's files are in place with all five bulletins; the committed view filters to three.
    assert len(pd.read_parquet(out / "bulletins")) == 5
    assert set(ds.bulletins.bulletin_id) == committed and set(ds.unit_stats.bulletin_id) == committed
    assert len(ds.unit_stats) == 3 * 60
    assert ds.duckdb().sql("select count(distinct bulletin_id) from unit_stats").fetchall() == [(3,)]
    done = run_cli(archive, out)
    assert done.returncode == 0, done.stderr
    assert parsed_and_failed(done.stderr) == 4 and re.search(r"[1-9]\d* stray files removed", done.stderr)
    assert_complete(out, reference)


def test_worker_killed_on_one_document_leaves_an_errors_row_and_a_complete_dataset(tmp_path, reference, monkeypatch):
    archive = make_small_archive(tmp_path / "archive")
    killer = "2019/yueyang-2019-05.zh-Hant.gb18030.txt"
    monkeypatch.setenv(WORKER_FAULT_ENV, Path(killer).name)
    out = tmp_path / "out"
    report = ingest(archive, out, workers=2)
    assert (report.parsed, report.failed, report.worker_died) == (4, 3, 1)
    ds = hotline_etl.open_dataset(out)
    row = ds.errors.set_index("source_path").loc[killer]
    assert (row.error_class, row.error_kind) == ("WorkerDied", "worker-died")
    assert row.reason == "the parser process died (signal SIGKILL) on this file, twice"
    assert row.source_format == "txt"
    assert len(ds.bulletins) == 4 and len(ds.unit_stats) == 4 * 60
    assert ds._manifest.entries[row.source_sha256]["error_class"] == "WorkerDied"

    monkeypatch.delenv(WORKER_FAULT_ENV)  # the file is fixed (or the memory raised): a forced run parses it
    ingest(archive, out, workers=2, force=True)
    assert snapshot(out) == reference


def test_worker_killed_once_is_retried_and_parsed(tmp_path, reference, monkeypatch):
    archive = make_small_archive(tmp_path / "archive")
    marker = tmp_path / "died-once"
    monkeypatch.setenv(WORKER_FAULT_ENV, f"yueyang-2020-02.zh-Hant.utf-8.txt@{marker}")
    out = tmp_path / "out"
    report = ingest(archive, out, workers=2)
    assert marker.exists() and (report.parsed, report.failed, report.worker_died) == (5, 2, 0)
    assert snapshot(out) == reference


def test_file_size_is_checked_before_the_worker_reads_it(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 3000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read"))
    outcome = process_document(Job(str(tmp_path), ("big.txt",), "ab" * 32, "/unused", Limits(max_file_bytes=1000),
                                   size=3000))
    assert (outcome.status, outcome.error_class, outcome.sha256) == ("error", "FileTooLarge", "ab" * 32)
    assert outcome.error == ("big.txt: file too large: 3000 bytes, more than the limit of 1000 (max_file_bytes; "
                             "raise it with --max-file-mb or Limits(max_file_bytes=...))")
    grown = process_document(Job(str(tmp_path), ("big.txt",), "ab" * 32, "/unused", Limits(), size=10))
    assert grown.status == "changed"


def test_killed_during_compaction_is_finished_by_the_next_run(tmp_path, reference):
    archive = make_small_archive(tmp_path / "archive")
    out = tmp_path / "out"
    rel = SMALL[2]
    data = (archive / rel).read_bytes()
    (archive / rel).unlink()
    ingest(archive, out, workers=1)
    (archive / rel).write_bytes(data)
    ingest(archive, out, workers=1)
    # A compaction killed right after its first merged file is in place, before the manifest records it.
    code = textwrap.dedent(f"""
        import importlib, os, signal
        compacting = importlib.import_module("hotline_etl.dataset.coordinator")
        real = compacting.writer.publish
        def publish_then_die(*args, **kwargs):
            real(*args, **kwargs)
            os.kill(os.getpid(), signal.SIGKILL)
        compacting.writer.publish = publish_then_die
        compacting.compact({str(out)!r})
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert len(pd.read_parquet(out / "bulletins")) == 5 + 3  # the 2019 rows twice, until the next run
    assert snapshot(out) == reference  # the committed view never changed
    assert ingest(archive, out, workers=1).parsed == 0
    assert_complete(out, reference)


def test_archive_stages_run_once_every_document_is_committed(tmp_path, monkeypatch):
    seen = []

    def probe(run):  # what issue 16's checks over the whole archive will see
        seen.append((len(run.manifest), len(run.parsed), run.report.parsed, len(hotline_etl.open_dataset(run.root).bulletins)))

    monkeypatch.setitem(INGEST.ARCHIVE_STAGES, "probe", probe)
    archive = make_small_archive(tmp_path / "archive")
    ingest(archive, tmp_path / "out", workers=1)
    ingest(archive, tmp_path / "out", workers=1)
    assert seen == [(7, 7, 5, 5), (7, 0, 0, 5)]
