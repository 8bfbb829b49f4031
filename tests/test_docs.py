"""The documentation: a short README whose example runs, and docs/ building as a site with no warning."""

import doctest
import shutil
import subprocess
import sys
from pathlib import Path

README = Path("README.md")


def test_the_readme_is_short():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 200


def test_the_readme_example_gives_the_output_it_shows():
    result = doctest.testfile(str(README), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 7 and result.failed == 0


def test_every_readme_link_to_docs_names_a_page():
    text = README.read_text(encoding="utf-8")
    pages = {p.name for p in Path("docs").glob("*.md")}
    linked = {part.split(")")[0].split("#")[0] for part in text.split("](docs/")[1:]}
    assert linked and linked <= pages


def test_the_docs_build_strictly(tmp_path):
    # --strict turns every MkDocs warning into a failure: a broken link or anchor, a page left out of the nav.
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or "mkdocs"
    run = subprocess.run([mkdocs, "build", "--strict", "--site-dir", str(tmp_path / "site")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "site" / "codes" / "index.html").exists()
