"""The Dask executor writes the same dataset as the process pool, keeps its guarantees, and stays optional."""

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import hotline_etl
from hotline_etl.dataset import TABLE_NAMES, ingest
from hotline_etl.dataset.executors import EXECUTORS, ExecutorError, ExecutorSettings, run_on_dask
from hotline_etl.dataset.coordinator import Job
from hotline_etl.limits import Limits
from hotline_etl.readers import READERS

from test_dataset_crash import assert_complete, parsed_and_failed, run_cli
from test_dataset_incremental import make_small_archive, snapshot

distributed = pytest.importorskip("distributed")
import dask  # noqa: E402 - installed with distributed

ARCHIVE = Path("fixtures/archive")
TRUTH = json.loads((ARCHIVE / "_ground_truth.json").read_text(encoding="utf-8"))
READABLE = [d for d in TRUTH["documents"] if d["format"] in READERS]

#: Columns that identify a row within each table (every table is keyed by document first).
KEYS = {
    "bulletins": ["bulletin_id"],
    "categories": ["bulletin_id", "list_name", "rank"],
    "unit_stats": ["bulletin_id", "row_number"],
    "unit_mentions": ["bulletin_id", "list_name", "position"],
    "cases": ["bulletin_id", "number"],
    "hot_topics": ["bulletin_id", "position"],
    "sections": ["bulletin_id", "position"],
    "findings": ["bulletin_id", "position"],
    "warnings": ["bulletin_id", "position"],
    "figures": ["bulletin_id", "position"],
    "errors": ["bulletin_id", "source_path"],
    "tables": ["bulletin_id", "table_index", "row_number", "column_number"],
}
#: Manifest fields that depend on when the run happened, not on what it parsed.
RUN_TIME_FIELDS = {"ingested_at"}


@pytest.fixture(scope="module")
def pool_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("pool") / "out"
    report = ingest(ARCHIVE, out, workers=2)
    assert (report.parsed, report.failed) == (len(READABLE), 33 - len(READABLE))
    return out


@pytest.fixture(scope="module")
def dask_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("dask") / "out"
    report = ingest(ARCHIVE, out, workers=2, executor="dask")
    assert (report.files, report.documents, report.duplicates) == (34, 33, 1)
    assert (report.parsed, report.failed, report.skipped) == (len(READABLE), 33 - len(READABLE), 0)
    assert report.changed_during_run == 0
    return out


@pytest.fixture(scope="module")
def cluster():
    """A running two-worker cluster standing in for an existing one (reached by its address).

    Non-daemonic workers, as docs/dask.md asks of an existing cluster (DASK_DISTRIBUTED__WORKER__DAEMON=False).
    """
    with dask.config.set({"distributed.worker.daemon": False}):  # read when the workers start; not beyond
        c = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    with c:
        yield c


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    assert not frame.duplicated(keys).any(), keys
    return frame.sort_values(keys).reset_index(drop=True)


def test_registry_names_both_executors():
    assert sorted(EXECUTORS) == ["dask", "process"]


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_dask_rows_equal_process_pool_rows(pool_out, dask_out, table):
    pool, dask = hotline_etl.open_dataset(pool_out), hotline_etl.open_dataset(dask_out)
    expected, got = _sorted(pool.frame(table), KEYS[table]), _sorted(dask.frame(table), KEYS[table])
    assert len(got) == len(expected) > 0
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def test_dask_manifest_and_files_equal_process_pool(pool_out, dask_out):
    def entries(out):
        return {e["sha256"]: {k: v for k, v in e.items() if k not in RUN_TIME_FIELDS}
                for e in hotline_etl.open_dataset(out)._manifest}

    assert entries(dask_out) == entries(pool_out)
    assert len(entries(dask_out)) == 33
    files = {out: sorted(p.relative_to(out).as_posix() for p in out.rglob("*.parquet")) for out in (pool_out, dask_out)}
    assert files[dask_out] == files[pool_out]
    assert not any((dask_out / "_tmp").iterdir())


def test_rerun_on_dask_skips_everything(dask_out):
    report = ingest(ARCHIVE, dask_out, workers=2, executor="dask")
    assert (report.parsed, report.failed, report.skipped) == (0, 0, 33)


def test_cli_against_an_existing_cluster(cluster, tmp_path):
    archive = make_small_archive(tmp_path / "archive")
    ingest(archive, tmp_path / "pool", workers=1)
    proc = run_cli(archive, tmp_path / "out", "--executor", "dask", "--scheduler", cluster.scheduler_address)
    assert proc.returncode == 0, proc.stderr
    assert "7 files, 7 distinct documents" in proc.stderr and "5 parsed" in proc.stderr and "2 failed" in proc.stderr
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "pool")


def test_killed_dask_ingest_is_completed_by_the_next_run(tmp_path):
    archive = make_small_archive(tmp_path / "archive")
    ingest(archive, tmp_path / "pool", workers=1)
    reference = snapshot(tmp_path / "pool")
    out = tmp_path / "out"
    killed = run_cli(archive, out, "--executor", "dask", "--workers", "2",
                     env={"HOTLINE_ETL_INGEST_FAULT": "committed:3"})
    assert killed.returncode == -signal.SIGKILL
    assert len(hotline_etl.open_dataset(out)._manifest) == 3
    done = run_cli(archive, out, "--executor", "dask", "--workers", "2")
    assert done.returncode == 0, done.stderr
    # the three committed documents are skipped, whichever three finished first
    assert parsed_and_failed(done.stderr) == 4 and "3 unchanged (skipped)" in done.stderr
    assert_complete(out, reference)


def test_limits_hold_on_dask_workers_a_hanging_pdf_times_out(cluster, tmp_path):
    # Dask runs tasks in threads, where SIGALRM cannot interrupt; the parse runs in a child's main thread.
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy("fixtures/bad/object_refers_to_itself_hangs_pdfminer.pdf", archive / "hangs.pdf")
    shutil.copy("fixtures/seed/000_0bd1a52a453bee82.txt", archive / "seed.txt")
    limits = Limits(max_seconds=1)
    report = ingest(archive, tmp_path / "out", executor="dask", scheduler=cluster.scheduler_address, limits=limits)
    assert (report.parsed, report.failed) == (1, 1)
    assert report.failures == [("hangs.pdf", "hangs.pdf: parse timed out: parsing took more than 1 s (max_seconds; "
                                             "raise it with --max-seconds or Limits(max_seconds=...))")]
    ds = hotline_etl.open_dataset(tmp_path / "out")
    assert list(ds.bulletins.source_path) == ["seed.txt"]
    assert (list(ds.errors.error_class), list(ds.errors.reason)) == (["DocumentTimeout"], ["parsing took more than 1 s"])
    assert {e["limits"] for e in ds._manifest} == {limits.key()}


def test_workers_that_cannot_see_the_archive_are_refused(cluster, tmp_path):
    missing = str(tmp_path / "mounted-elsewhere")
    job = Job(missing, ("a.txt",), "0" * 64, str(tmp_path / "out"))
    with pytest.raises(ExecutorError, match=r"2 Dask worker\(s\) cannot read the archive .*same absolute path"):
        list(run_on_dask([job], ExecutorSettings(scheduler=cluster.scheduler_address)))
    assert not (tmp_path / "out").exists()


def test_daemonic_workers_are_refused_with_the_setting_to_change(tmp_path):
    archive = make_small_archive(tmp_path / "archive")
    with dask.config.set({"distributed.worker.daemon": True}):  # Dask's default
        c = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0")
    with c:
        with pytest.raises(ExecutorError, match=r"1 Dask worker\(s\) are daemonic processes .*"
                                                r"DASK_DISTRIBUTED__WORKER__DAEMON=False"):
            ingest(archive, tmp_path / "out", executor="dask", scheduler=c.scheduler_address)
    assert hotline_etl.open_dataset(tmp_path / "out")._manifest.entries == {}


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    proc = run_cli(ARCHIVE, tmp_path / "out", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9",
                   env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"})  # Dask's setting; 30 s by default
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: tcp://127.0.0.1:9: cannot run the ingest: cannot connect")


def test_missing_extra_names_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)  # what `import distributed` meets without the extra
    with pytest.raises(ExecutorError, match=r"pip install 'hotline_etl\[dask\]'"):
        ingest(make_small_archive(tmp_path / "archive"), tmp_path / "out", executor="dask")


def test_unknown_executor_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(ExecutorError, match="'spark': cannot run the ingest: no such executor .*dask, process"):
        ingest(ARCHIVE, tmp_path / "out", executor="spark")
    assert not (tmp_path / "out").exists()


def test_scheduler_without_dask_executor_is_refused(tmp_path):
    proc = run_cli(ARCHIVE, tmp_path / "out", "--scheduler", "tcp://127.0.0.1:8786")
    assert (proc.returncode, proc.stderr) == (2, "error: --scheduler needs --executor dask\n")


def test_default_path_never_imports_dask(tmp_path):
    archive = make_small_archive(tmp_path / "archive")
    code = textwrap.dedent(f"""
        import sys
        import hotline_etl.dataset.coordinator
        import hotline_etl.cli
        assert not any(m.split(".")[0] in ("dask", "distributed") for m in sys.modules), "imported on import"
        from hotline_etl.dataset import ingest
        report = ingest({str(archive)!r}, {str(tmp_path / "out")!r}, workers=2)
        assert (report.parsed, report.failed) == (5, 2), report
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed")))
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONWARNINGS": "error"})
    assert (proc.returncode, proc.stdout) == (0, "[]\n"), proc.stderr


def test_a_document_that_kills_its_parser_on_dask_is_an_errors_row(cluster, tmp_path):
    from hotline_etl.dataset.worker import WORKER_FAULT_ENV

    archive = make_small_archive(tmp_path / "archive")
    killer = "yueyang-2019-05.zh-Hant.gb18030.txt"
    client = distributed.Client(cluster)
    try:
        client.run(os.environ.__setitem__, WORKER_FAULT_ENV, killer)  # the parser processes inherit it
        report = ingest(archive, tmp_path / "out", executor="dask", scheduler=cluster.scheduler_address)
    finally:
        client.run(os.environ.pop, WORKER_FAULT_ENV, None)
        client.close()
    assert (report.parsed, report.failed, report.worker_died) == (4, 3, 1)
    errors = hotline_etl.open_dataset(tmp_path / "out").errors.set_index("source_path")
    assert errors.loc[f"2019/{killer}"].error_kind == "worker-died"
