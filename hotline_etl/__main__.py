"""``python -m hotline_etl`` runs the ``hotline-etl`` command line."""

import sys

from .cli import main

sys.exit(main())
