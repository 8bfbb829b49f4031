"""The manifest: which source bytes are in the dataset, under which paths, in which files.

``OUT_DIR/_manifest.jsonl`` is a journal of JSON lines. Each line is one
atomic change:

- ``{"op": "put", "entry": {...}, "drop": [sha256, ...]}``: a document's files
  are in place (entry), and the entries of the listed older hashes (the
  previous content of the same paths) are gone from the dataset;
- ``{"op": "drop", "sha256": ...}``: a document was removed (``--prune``).

Appending one line is the commit point of a document: data files are
renamed into place *before* their line is appended and old files are
deleted *after*, so a process killed at any moment leaves either the old or
the new document committed. A torn last line (a write cut short) is
ignored. At the start and end of every run the journal is compacted into
one ``put`` per document, written to a temporary file and renamed.

An entry (keyed by the SHA-256 of the source bytes)::

    {"sha256": ..., "bulletin_id": ..., "status": "ok" | "error", "path": owner path,
     "paths": [every archive path with these bytes], "year": 2020,
     "tables": {"bulletins": 1, "unit_stats": 60, ...},  # rows per table file
     "size": 8563, "parser_version": "0.1.0", "fingerprint": ..., "ingested_at": ISO time}

>>> m = Manifest()
>>> m.put({"sha256": "ab" * 32, "bulletin_id": "ab" * 8, "status": "ok", "path": "a.txt", "paths": ["a.txt"],
...        "year": 2020, "tables": {"bulletins": 1}})
>>> sorted(m.files())
['bulletins/year=2020/abababababababab.parquet']
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable, Iterator

from .writer import data_path

#: File name of the manifest journal in the dataset root.
MANIFEST_NAME = "_manifest.jsonl"
#: Version of the manifest format (first line of a compacted journal).
MANIFEST_VERSION = 1

Entry = dict[str, Any]


def entry_files(entry: Entry) -> list[str]:
    """Data files (relative to the root) an entry owns."""
    return [data_path(table, entry["year"], entry["bulletin_id"]) for table in entry["tables"]]


class Manifest:
    """In-memory state of the journal: entries by source SHA-256.

    Load with :meth:`load`; record changes with :meth:`commit` and :meth:`drop`
    (which append to the journal when the manifest is bound to a file).
    """

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else None
        self.entries: dict[str, Entry] = {}
        self._journal = None

    # -- reading ---------------------------------------------------------------------------------
    @classmethod
    def load(cls, root: str | os.PathLike) -> "Manifest":
        """Replay ``root/_manifest.jsonl`` (an absent file is an empty manifest)."""
        m = cls(Path(root, MANIFEST_NAME))
        try:
            with open(m.path, "rb") as fh:
                for raw in fh:
                    m._replay(raw)
        except FileNotFoundError:
            pass
        return m

    def _replay(self, raw: bytes) -> None:
        try:
            record = json.loads(raw)
        except ValueError:
            return  # a line torn by a killed writer: its change never committed
        if not isinstance(record, dict):
            return
        op = record.get("op")
        if op == "put":
            self.put(record["entry"], record.get("drop", ()))
        elif op == "drop":
            self.entries.pop(record["sha256"], None)

    def put(self, entry: Entry, drop: Iterable[str] = ()) -> None:
        """Apply a ``put`` in memory (no journal write)."""
        for sha in drop:
            if sha != entry["sha256"]:
                self.entries.pop(sha, None)
        self.entries[entry["sha256"]] = entry

    def files(self) -> set[str]:
        """Every data file the committed entries own (relative paths)."""
        return {f for e in self.entries.values() for f in entry_files(e)}

    def by_path(self) -> dict[str, str]:
        """Archive path -> SHA-256 of the bytes last ingested from it."""
        return {p: sha for sha, e in self.entries.items() for p in e["paths"]}

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    # -- writing (under the ingest lock) ---------------------------------------------------------
    def commit(self, entry: Entry, drop: Iterable[str] = ()) -> None:
        """Record a document as committed (its files are already in place), dropping older hashes."""
        drop = sorted(set(drop) - {entry["sha256"]})
        self._append({"op": "put", "entry": entry, "drop": drop})
        self.put(entry, drop)

    def drop(self, sha256: str) -> None:
        """Record a document as removed (delete its files afterwards)."""
        self._append({"op": "drop", "sha256": sha256})
        self.entries.pop(sha256, None)

    def _append(self, record: dict[str, Any]) -> None:
        if self.path is None:
            return
        if self._journal is None:
            self._journal = open(self.path, "ab")
            # A torn line left by a killed run must not swallow the next record.
            if self._journal.tell() > 0:
                with open(self.path, "rb") as fh:
                    fh.seek(-1, os.SEEK_END)
                    if fh.read(1) != b"\n":
                        self._journal.write(b"\n")
        self._journal.write(json.dumps(record, ensure_ascii=False, sort_keys=True).encode() + b"\n")
        self._journal.flush()  # one write(2) per record: a SIGKILL after it cannot lose the commit

    def compact(self) -> None:
        """Rewrite the journal as one ``put`` per entry, atomically (temporary file + rename + fsync)."""
        if self.path is None:
            return
        self.close()
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(json.dumps({"op": "header", "manifest_version": MANIFEST_VERSION}).encode() + b"\n")
            for sha in sorted(self.entries):
                fh.write(json.dumps({"op": "put", "entry": self.entries[sha], "drop": []},
                                    ensure_ascii=False, sort_keys=True).encode() + b"\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        _fsync_dir(self.path.parent)

    def close(self) -> None:
        """Flush and close the journal file."""
        if self._journal is not None:
            self._journal.flush()
            os.fsync(self._journal.fileno())
            self._journal.close()
            self._journal = None


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
