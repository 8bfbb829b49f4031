import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.chdir(ROOT)  # fixture paths in tests are relative to the repository root


@pytest.fixture(scope="session")
def seed():
    import hotline_etl
    from seed_expected import SEED

    return hotline_etl.parse(SEED)
