"""No process pool is left to the garbage collector: the interpreter exits without
``Exception ignored … weakref_cb`` (concurrent.futures) after an ingest or a Dask task."""

import subprocess
import sys

# A Dask task's pool kept for the next task (as on a Dask worker), then an exit without the end-of-run call.
# The check is registered first, so it runs after everything registered later (atexit is last in, first out).
KEPT_POOL = """
import atexit
from hotline_etl.dataset import executors
from hotline_etl.dataset.worker import Job

@atexit.register
def check():
    print("pool at exit:", executors._PARSERS, "shut down:", kept._shutdown_thread)

kept = executors._parsers(1)
job = Job("fixtures/archive", ("broken/empty.txt",), executors.EMPTY_SHA256, "/unused")
print(kept.submit(executors.parse_here, job).result().status)
"""


def run(*args):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300)


def test_a_dask_workers_kept_pool_is_shut_down_at_exit():
    done = run("-c", KEPT_POOL)
    assert (done.returncode, done.stdout, done.stderr) == (0, "error\npool at exit: None shut down: True\n", "")


def test_the_dask_task_called_directly_leaves_no_pool():
    # process_and_ship's doctest calls it off a Dask worker; under pytest its pool used to be collected at
    # teardown, printing "Exception ignored in: … weakref_cb".
    done = run("-m", "pytest", "-q", "-p", "no:cacheprovider", "--doctest-modules",
               "hotline_etl/dataset/executors.py", "-k", "process_and_ship")
    assert done.returncode == 0, done.stdout
    assert "Exception ignored" not in done.stderr and "weakref_cb" not in done.stderr, done.stderr


def test_an_ingest_with_worker_processes_exits_cleanly(tmp_path):
    done = run("-m", "hotline_etl", "ingest", "fixtures/archive", str(tmp_path / "out"), "--workers", "2")
    assert done.returncode == 0
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr
