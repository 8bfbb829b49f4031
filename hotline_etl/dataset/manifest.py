"""The manifest: which source bytes are in the dataset, under which paths, in which files.

``OUT_DIR/_manifest.jsonl`` is a journal of JSON lines. Each line is one
atomic change:

- ``{"op": "put", "entry": {...}, "drop": [sha256, ...]}``: a document's rows
  are in place (entry), and the entries of the listed older hashes (the
  previous content of the same paths) are gone from the dataset;
- ``{"op": "drop", "sha256": ...}``: a document was removed (``--prune``);
- ``{"op": "files", "rows": {path: n, ...}}``: data files now hold ``n`` rows
  (0: the file was deleted). Written *after* the file system changed, so a
  file whose recorded count differs from the rows its committed documents
  own may hold rows of documents that are not committed (see :meth:`Manifest.dirty`);
- ``{"op": "move", "table": t, "year": y, "from": [name, ...], "to": name, "rows": n}``:
  compaction merged files of one partition into ``to`` (``n`` rows); the
  documents in them are now there;
- ``{"op": "run", "run": n}``: a run that writes files took number ``n`` (its
  files are named ``r<n>-...``);
- ``{"op": "header", "manifest_version": 2, "run": n}``: first line of a compacted journal.

Appending one line is the commit point of a document: data files are
renamed into place *before* their documents' lines are appended, and rows
the commit retires are removed *after*, so a process killed at any moment
leaves each document either as before or as after. A torn last line (a write
cut short) is ignored. At the start of a run that finds lines left by an
interrupted one, and at the end of a run that appended any, the journal is
compacted into one line per document, written to a temporary file and renamed.

An entry (keyed by the SHA-256 of the source bytes)::

    {"sha256": ..., "bulletin_id": ..., "status": "ok" | "error", "path": owner path,
     "paths": [every archive path with these bytes], "year": 2020,
     "tables": {"bulletins": 1, "unit_stats": 60, ...},  # rows per table
     "files": {"bulletins": "r3-b1", ...},                # the file (name) holding them, per table
     "stats": {path: [size, mtime_ns, ctime_ns]},         # when the plan may trust the hash without reading
     "size": 8563, "parser_version": "0.1.0", "fingerprint": code, "registry": registry, "limits": ...,
     "error_class": None, "reason": "new", "ingested_at": ISO time}

Entries written before batched files (manifest version 1) have no ``files``:
their rows are in files named by their ``bulletin_id``.

>>> m = Manifest()
>>> m.put({"sha256": "ab" * 32, "bulletin_id": "ab" * 8, "status": "ok", "path": "a.txt", "paths": ["a.txt"],
...        "year": 2020, "tables": {"bulletins": 1}, "files": {"bulletins": "r1-b1"}})
>>> sorted(m.files())
['bulletins/year=2020/r1-b1.parquet']
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable, Iterator

#: File name of the manifest journal in the dataset root.
MANIFEST_NAME = "_manifest.jsonl"
#: Version of the manifest format (first line of a compacted journal).
MANIFEST_VERSION = 2
#: Suffix of data files.
DATA_SUFFIX = ".parquet"

Entry = dict[str, Any]


def data_path(table: str, year: int, name: str) -> str:
    """Path, relative to the dataset root, of a data file of ``table`` in partition ``year``.

    >>> data_path("unit_stats", 2020, "r3-b1")
    'unit_stats/year=2020/r3-b1.parquet'
    """
    return f"{table}/year={year}/{name}{DATA_SUFFIX}"


def entry_file(entry: Entry, table: str) -> str:
    """The data file holding ``entry``'s rows of ``table``."""
    name = entry.get("files", {}).get(table, entry["bulletin_id"])
    return data_path(table, entry["year"], name)


def entry_files(entry: Entry) -> list[str]:
    """Data files (relative to the root) holding an entry's rows, one per table it has rows in."""
    return [entry_file(entry, table) for table in entry["tables"]]


class Manifest:
    """In-memory state of the journal: entries by source SHA-256, and recorded row counts of data files.

    Load with :meth:`load`; record changes with :meth:`commit`, :meth:`drop`,
    :meth:`record_files` and :meth:`move` (which append to the journal when
    the manifest is bound to a file).
    """

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else None
        self.entries: dict[str, Entry] = {}
        self.file_rows: dict[str, int] = {}         # recorded rows of each data file (what is on disk)
        self.holders: dict[str, set[str]] = {}      # data file -> sha256 of the committed entries with rows in it
        self.owned_rows: dict[str, int] = {}        # data file -> rows those entries own in it
        self.run = 0
        self.lines = 0          # lines in the journal when loaded or last compacted
        self.appended = 0       # lines appended since
        self._run_taken = False
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
                    m.lines += 1
        except FileNotFoundError:
            pass
        return m

    @property
    def is_compact(self) -> bool:
        """True when the journal holds exactly a header, the file counts and one line per entry."""
        return self.appended == 0 and self.lines == 1 + bool(self.file_rows) + len(self.entries)

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
            self.forget(record["sha256"])
        elif op == "files":
            self.note_rows(record["rows"])
        elif op == "move":
            self._move(record["table"], record["year"], record["from"], record["to"])
            self.note_rows({data_path(record["table"], record["year"], record["to"]): record.get("rows", 0)})
        elif op in ("header", "run"):
            self.run = max(self.run, int(record.get("run", 0)))

    def put(self, entry: Entry, drop: Iterable[str] = ()) -> None:
        """Apply a ``put`` in memory (no journal write)."""
        for sha in drop:
            if sha != entry["sha256"]:
                self.forget(sha)
        self.forget(entry["sha256"])
        self.entries[entry["sha256"]] = entry
        for table, n in entry["tables"].items():
            self._hold(entry_file(entry, table), entry["sha256"], n)

    def forget(self, sha: str) -> None:
        """Remove an entry in memory only (recovery: the journal is compacted right after)."""
        entry = self.entries.pop(sha, None)
        if entry is not None:
            for table, n in entry["tables"].items():
                self._release(entry_file(entry, table), sha, n)

    def _hold(self, path: str, sha: str, rows: int) -> None:
        self.holders.setdefault(path, set()).add(sha)
        self.owned_rows[path] = self.owned_rows.get(path, 0) + rows

    def _release(self, path: str, sha: str, rows: int) -> None:
        holders = self.holders.get(path)
        if holders is not None:
            holders.discard(sha)
            self.owned_rows[path] -= rows
            if not holders:
                del self.holders[path]
                del self.owned_rows[path]

    def note_rows(self, rows: dict[str, int]) -> None:
        """Set recorded row counts of data files in memory only (0: no such file); see :meth:`record_files`."""
        for path, n in rows.items():
            if n:
                self.file_rows[path] = n
            else:
                self.file_rows.pop(path, None)

    def _move(self, table: str, year: int, sources: Iterable[str], target: str) -> None:
        target_path = data_path(table, year, target)
        for name in sources:
            path = data_path(table, year, name)
            for sha in list(self.holders.get(path, ())):
                entry = self.entries[sha]
                n = entry["tables"][table]
                self._release(path, sha, n)
                entry["files"] = {**entry.get("files", {}), table: target}
                self._hold(target_path, sha, n)

    def files(self) -> set[str]:
        """Every data file the committed entries own (relative paths)."""
        return set(self.holders)

    def committed_rows(self) -> dict[str, int]:
        """Data file -> rows its committed entries own in it."""
        return dict(self.owned_rows)

    def owners(self, path: str) -> set[str]:
        """``bulletin_id`` of the committed documents with rows in data file ``path``."""
        return {self.entries[sha]["bulletin_id"] for sha in self.holders.get(path, ())}

    def dirty(self) -> set[str]:
        """Committed files that may also hold rows of no committed document (after an interrupted run).

        A file is clean when its recorded row count equals the rows its
        committed entries own; files of version-1 entries (one document per
        file, named by it) are clean by construction.
        """
        out = set()
        for path, rows in self.owned_rows.items():
            recorded = self.file_rows.get(path)
            if recorded is None and self._legacy(path):
                continue
            if recorded != rows:
                out.add(path)
        return out

    def _legacy(self, path: str) -> bool:
        holders = self.holders.get(path, ())
        if len(holders) != 1:
            return False
        entry = self.entries[next(iter(holders))]
        return "files" not in entry and path.rpartition("/")[2] == entry["bulletin_id"] + DATA_SUFFIX

    def by_path(self) -> dict[str, str]:
        """Archive path -> SHA-256 of the bytes last ingested from it."""
        return {p: sha for sha, e in self.entries.items() for p in e["paths"]}

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    # -- writing (under the ingest lock) ---------------------------------------------------------
    def this_run(self) -> int:
        """The number of this run, taken (and journaled) on first use: new file names carry it, so they never
        collide with the names of an earlier run, committed or left behind by a killed one."""
        if not self._run_taken:
            self.run += 1
            self._append({"op": "run", "run": self.run})
            self._run_taken = True
        return self.run

    def commit(self, entry: Entry, drop: Iterable[str] = ()) -> None:
        """Record a document as committed (its files are already in place), dropping older hashes."""
        drop = sorted(set(drop) - {entry["sha256"]})
        self._append({"op": "put", "entry": entry, "drop": drop})
        self.put(entry, drop)

    def drop(self, sha256: str) -> None:
        """Record a document as removed (its rows are retired afterwards)."""
        self._append({"op": "drop", "sha256": sha256})
        self.forget(sha256)

    def record_files(self, rows: dict[str, int]) -> None:
        """Record the row counts data files now hold (0: deleted); call after the files changed."""
        if rows:
            self._append({"op": "files", "rows": dict(sorted(rows.items()))})
            self.note_rows(rows)

    def move(self, table: str, year: int, sources: list[str], target: str, rows: int) -> None:
        """Record that ``sources`` (file names in one partition) were merged into ``target`` (``rows`` rows)."""
        self._append({"op": "move", "table": table, "year": year, "from": sorted(sources), "to": target,
                      "rows": rows})
        self._move(table, year, sources, target)
        self.note_rows({data_path(table, year, target): rows})

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
        self.appended += 1

    def compact(self) -> None:
        """Rewrite the journal as a header, one ``files`` line and one ``put`` per entry, atomically."""
        if self.path is None:
            return
        self.close()
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(json.dumps({"op": "header", "manifest_version": MANIFEST_VERSION, "run": self.run}).encode()
                     + b"\n")
            if self.file_rows:
                fh.write(json.dumps({"op": "files", "rows": dict(sorted(self.file_rows.items()))}).encode() + b"\n")
            for sha in sorted(self.entries):
                fh.write(json.dumps({"op": "put", "entry": self.entries[sha], "drop": []},
                                    ensure_ascii=False, sort_keys=True).encode() + b"\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        _fsync_dir(self.path.parent)
        self.lines, self.appended = 1 + bool(self.file_rows) + len(self.entries), 0

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
