"""notebooks/longitudinal_analysis.ipynb: committed without outputs, and it runs headless on the bundled archive,
drawing every figure (each a PNG with something on it)."""

import base64
import io
import json
import time
from pathlib import Path

import pytest

NOTEBOOK = Path("notebooks/longitudinal_analysis.ipynb")

#: A figure smaller than this, or with fewer non-background pixels, is taken for an empty canvas.
MIN_PNG_BYTES = 5_000
MIN_INK_SHARE = 0.02


def _code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def _draws(cell) -> bool:
    return "plt.show()" in "".join(cell["source"])


def test_committed_notebook_has_no_outputs_or_execution_counts():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in _code_cells(nb):
        assert cell["outputs"] == [], f"{cell['id']}: strip the outputs before committing"
        assert cell["execution_count"] is None, f"{cell['id']}: strip the execution count before committing"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


def test_every_figure_has_a_one_line_reading_after_it():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    cells = nb["cells"]
    figures = [i for i, c in enumerate(cells) if c["cell_type"] == "code" and _draws(c)]
    assert len(figures) == 7
    for i in figures:
        reading = "".join(cells[i + 1]["source"])
        assert cells[i + 1]["cell_type"] == "markdown" and reading.startswith("**Reading:**"), cells[i]["id"]


def _ink_share(png: bytes) -> float:
    """Share of pixels that differ from the corner (background) colour."""
    import matplotlib.image
    import numpy as np

    pixels = matplotlib.image.imread(io.BytesIO(png), format="png")[..., :3]
    return float(np.any(np.abs(pixels - pixels[0, 0]) > 0.05, axis=-1).mean())


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The notebook run by nbclient on the venv's python3 kernel, ingesting the bundled archive itself."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    mp = pytest.MonkeyPatch()
    mp.delenv("HOTLINE_DATASET", raising=False)  # the first cell ingests fixtures/archive into a temp dir
    mp.setenv("MPLBACKEND", "Agg")
    mp.setenv("TMPDIR", str(tmp_path_factory.mktemp("notebook")))
    try:
        nb = nbformat.read(NOTEBOOK, as_version=4)
        started = time.perf_counter()
        nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
        nb.metadata["execution_seconds"] = time.perf_counter() - started
    finally:
        mp.undo()
    return nb


def test_notebook_runs_and_draws_every_figure(executed):
    figures = [c for c in _code_cells(executed) if _draws(c)]
    assert len(figures) == 7
    for cell in figures:
        images = [o for o in cell["outputs"] if "image/png" in o.get("data", {})]
        assert len(images) == 1, f"{cell['id']}: expected one figure, got {len(images)}"
        png = base64.b64decode(images[0]["data"]["image/png"])
        assert len(png) > MIN_PNG_BYTES, f"{cell['id']}: figure of only {len(png)} bytes"
        assert _ink_share(png) > MIN_INK_SHARE, f"{cell['id']}: the figure is (nearly) blank"
    # Nothing went to stderr: no warnings (missing glyphs, pandas) hidden in the run.
    for cell in _code_cells(executed):
        assert [o for o in cell["outputs"] if o.get("name") == "stderr"] == [], cell["id"]
    assert executed.metadata["execution_seconds"] < 120


def test_notebook_reads_the_bundled_archive(executed):
    first = "".join(o.get("text", "") for o in _code_cells(executed)[0]["outputs"])
    assert "34 files, 33 distinct documents" in first
    assert "28 bulletins, 5 unreadable files" in first
    assert "2 archive findings, 1 duplicate copies" in first
    counted = "".join(o.get("text", "") for o in _code_cells(executed)[1]["outputs"])
    assert ("28 bulletins, 1 without a known period and 4 telling a period another bulletin tells (left out of the "
            "time series)") in counted
    transitions = next(c for c in _code_cells(executed) if "grade_transitions" in "".join(c["source"]))
    assert "1298 transitions; grade kept: 71.3%" in "".join(o.get("text", "") for o in transitions["outputs"])
