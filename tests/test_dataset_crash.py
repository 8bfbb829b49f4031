"""A run killed with SIGKILL at any moment leaves a dataset that opens, and the next run completes it.

Two runs on one dataset at once: the second refuses (or waits with --wait).
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import hotline_etl
from hotline_etl.dataset import DatasetBusy, TABLE_NAMES, ingest
from hotline_etl.dataset.coordinator import LOCK_NAME

from test_dataset_incremental import make_small_archive, snapshot


def start_cli(archive: Path, out: Path, *extra: str, env: dict | None = None) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "hotline_etl", "ingest", str(archive), str(out), "--workers", "1", "--quiet", *extra]
    return subprocess.Popen(cmd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def run_cli(archive: Path, out: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    proc = start_cli(archive, out, *extra, env=env)
    stdout, stderr = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


def parsed_and_failed(stderr: str) -> int:
    m = re.search(r"(\d+) parsed .*?(\d+) failed", stderr)
    return int(m.group(1)) + int(m.group(2))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return make_small_archive(tmp_path_factory.mktemp("crash") / "archive")


@pytest.fixture(scope="module")
def reference(archive, tmp_path_factory):
    out = tmp_path_factory.mktemp("reference") / "out"
    ingest(archive, out, workers=1)
    return snapshot(out)


def assert_opens(out: Path):
    """Every reader opens the half-written dataset; no bulletin appears twice in the committed view."""
    ds = hotline_etl.open_dataset(out)
    for table in TABLE_NAMES:
        getattr(ds, table)
    assert ds.bulletins.bulletin_id.is_unique
    for table in ("bulletins", "unit_stats"):
        if (out / table).is_dir() and any((out / table).rglob("*.parquet")):
            pd.read_parquet(out / table)


def assert_complete(out: Path, reference):
    assert snapshot(out) == reference
    # no stray file either: the raw folders hold exactly the committed files
    ds = hotline_etl.open_dataset(out)
    for table in TABLE_NAMES:
        on_disk = sorted(str(p) for p in (out / table).rglob("*.parquet"))
        assert on_disk == ds._files(table), table
    assert not (out / "_tmp").exists() or not any((out / "_tmp").iterdir())


@pytest.mark.parametrize("stage,n", [("published", 1), ("committed", 3), ("cleaned", 5), ("published", 7)])
def test_killed_at_each_commit_stage_then_completed(archive, reference, tmp_path, stage, n):
    out = tmp_path / "out"
    proc = run_cli(archive, out, env={"HOTLINE_ETL_INGEST_FAULT": f"{stage}:{n}"})
    assert proc.returncode == -signal.SIGKILL
    assert_opens(out)
    committed = n - 1 if stage == "published" else n
    assert len(hotline_etl.open_dataset(out).manifest) == committed
    proc = run_cli(archive, out)
    assert proc.returncode == 0, proc.stderr
    assert parsed_and_failed(proc.stderr) == 7 - committed
    if stage == "published":
        assert re.search(r"interrupted run: [1-9]\d* stray files removed", proc.stderr)
    assert_complete(out, reference)


def test_killed_while_replacing_a_changed_file(archive, reference, tmp_path):
    """Killed after the new version's files are in place but before they are committed: readers see the old one."""
    work = make_small_archive(tmp_path / "archive")
    out = tmp_path / "out"
    ingest(work, out, workers=1)
    rel = "2020/yueyang-2020-12.zh-Hant.utf-8.txt"
    original = (work / rel).read_bytes()
    (work / rel).write_bytes(original.replace("信件共".encode(), "信件共1".encode(), 1))
    proc = run_cli(work, out, env={"HOTLINE_ETL_INGEST_FAULT": "published:1"})
    assert proc.returncode == -signal.SIGKILL
    ds = hotline_etl.open_dataset(out)
    assert len(ds.bulletins) == 5 and rel in set(ds.bulletins.source_path)
    assert len(pd.read_parquet(out / "bulletins")) == 6  # the raw folder holds both versions until the next run
    run_cli(work, out)
    ds = hotline_etl.open_dataset(out)
    assert len(ds.bulletins) == 5 and len(pd.read_parquet(out / "bulletins")) == 5
    (work / rel).write_bytes(original)
    run_cli(work, out)
    assert_complete(out, reference)


@pytest.mark.parametrize("delay", [0.3, 1.2, 2.0])
def test_killed_from_outside_at_random_moments(archive, reference, tmp_path, delay):
    out = tmp_path / "out"
    proc = start_cli(archive, out, env={"HOTLINE_ETL_INGEST_DELAY": "0.15"})
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    if out.exists():
        assert_opens(out)
    proc = run_cli(archive, out)
    assert proc.returncode == 0, proc.stderr
    assert_complete(out, reference)


def test_second_concurrent_run_is_refused_or_waits(archive, reference, tmp_path):
    out = tmp_path / "out"
    first = start_cli(archive, out, env={"HOTLINE_ETL_INGEST_DELAY": "0.3"})
    lock = out / LOCK_NAME
    deadline = time.monotonic() + 30
    while not (lock.exists() and lock.read_text().strip() == str(first.pid)):
        assert time.monotonic() < deadline, "the first run never took the lock"
        time.sleep(0.05)
    with pytest.raises(DatasetBusy, match=f"another ingest \\(pid {first.pid}\\)"):
        ingest(archive, out, workers=1)
    refused = run_cli(archive, out)
    assert refused.returncode == 2 and "another ingest" in refused.stderr and "--wait" in refused.stderr
    waited = ingest(archive, out, workers=1, wait=60)
    first.communicate(timeout=60)
    assert first.returncode == 0
    assert waited.parsed == 0 and waited.skipped == 7
    assert_complete(out, reference)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_pool_workers_exit_when_the_ingest_is_killed(archive, reference, tmp_path):
    out = tmp_path / "out"
    proc = start_cli(archive, out, "--workers", "2", env={"HOTLINE_ETL_INGEST_DELAY": "0.5"})
    children_file = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    deadline = time.monotonic() + 60
    children: list[int] = []
    while len(children) < 2:
        assert time.monotonic() < deadline and proc.poll() is None, "the pool never started"
        children = [int(c) for c in children_file.read_text().split()] if children_file.exists() else []
        time.sleep(0.05)
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children):
        assert time.monotonic() < deadline, "pool workers outlived the killed ingest"
        time.sleep(0.1)
    assert run_cli(archive, out).returncode == 0
    assert_complete(out, reference)
