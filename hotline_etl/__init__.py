"""hotline_etl: archived Chinese 12345-hotline bulletins to trustworthy data.

>>> import hotline_etl
>>> b = hotline_etl.parse("fixtures/seed/000_0bd1a52a453bee82.txt")
>>> b.table.total.handled
2574
>>> [f.check for f in hotline_etl.audit(b)][:1]
['table-sum-mismatch']
"""

from __future__ import annotations

import logging

from ._version import __version__
from .checks import audit
from .errors import HotlineError, NotABulletin, UnreadableDocument, UnsupportedFormat
from .model import Bulletin
from .pipeline import parse

__all__ = ["parse", "audit", "open_dataset", "Bulletin", "HotlineError", "NotABulletin", "UnreadableDocument",
           "UnsupportedFormat", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def open_dataset(root, *, duplicates: bool = False):
    """Open a dataset written by ``hotline-etl ingest`` (pyarrow is imported on first use); ``duplicates=True``
    keeps the fact-table rows of copies of a bulletin (docs/archive_audit.md).

    >>> ds = open_dataset("out")  # doctest: +SKIP
    >>> ds.bulletins.hotline_orders_received.sum()  # doctest: +SKIP
    """
    from .dataset.reader import open_dataset as _open

    return _open(root, duplicates=duplicates)
