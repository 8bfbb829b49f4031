import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


def pytest_configure(config):
    # Fixture paths in tests and in the package's doctests are relative to the repository root: run from
    # there whatever the caller's directory (before collection, which globs fixtures). The examples use
    # the built-in unit registry, not one a user's environment names.
    os.chdir(config.rootpath)
    os.environ.pop("HOTLINE_ETL_REGISTRY", None)
    # The fingerprint's shared cache of module facts goes to a folder of this run, not the user's ~/.cache.
    os.environ["HOTLINE_ETL_CACHE"] = tempfile.mkdtemp(prefix="hotline_etl_test_cache_")


def pytest_unconfigure(config):
    folder = os.environ.get("HOTLINE_ETL_CACHE")
    if folder and os.path.basename(folder).startswith("hotline_etl_test_cache_"):
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def seed():
    import hotline_etl
    from seed_expected import SEED

    return hotline_etl.parse(SEED)


@pytest.fixture
def no_ocr_extra(monkeypatch):
    """The [ocr] extra as if not installed."""
    from hotline_etl.readers import ocr as ocr_module

    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    ocr_module.ocr_engine.cache_clear()
    yield
    ocr_module.ocr_engine.cache_clear()


@pytest.fixture(scope="session")
def text_views():
    """(path, view) of every text fixture that reads (a bulletin or not), built once for the session: the
    tests checking that a faster scan finds what the plain one finds run over all of them."""
    import hotline_etl
    from hotline_etl.readers import load
    from hotline_etl.script import build_view

    views = []
    for path in sorted(Path("fixtures").rglob("*.txt")):
        try:
            views.append((path, build_view(load(path))))
        except hotline_etl.HotlineError:
            continue
    return views
