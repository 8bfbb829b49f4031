"""Committing a document's rows and retiring the rows it replaces: the protocol the ingest's batches and
the archive stages (:data:`~.coordinator.ARCHIVE_STAGES`) share.

A document's files are in place before its entry is committed (one manifest
line, the commit point); rows no committed document owns any more are then
retired: a file left without rows is deleted, one left with some is
rewritten under its name.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from . import writer
from .manifest import Entry, Manifest, entry_files

if TYPE_CHECKING:
    from .coordinator import IngestReport


def no_hook(where: str) -> None:
    """The hook of a commit outside the document loop (the test hooks of :mod:`.coordinator` watch that loop only)."""


def retire(out: Path, manifest: Manifest, paths: set[str]) -> tuple[int, int]:
    """Remove rows no committed document owns from data files ``paths``: delete a file left with none,
    rewrite (under its name) one left with some. Returns ``(files removed, files rewritten)``."""
    removed = rewritten = 0
    recorded: dict[str, int] = {}
    for path in sorted(paths):
        if path not in manifest.holders:
            if Path(out, path).exists() or path in manifest.file_rows:
                writer.remove(out, [path])
                recorded[path] = 0
                removed += 1
        elif manifest.file_rows.get(path) != manifest.owned_rows[path]:
            rows = writer.rewrite(out, path, manifest.owners(path))
            recorded[path] = rows
            rewritten += 1
    manifest.record_files(recorded)
    return removed, rewritten


def commit(out: Path, manifest: Manifest, entry: Entry, drop, hook: Callable[[str], None],
           report: IngestReport) -> set[str]:
    """Commit ``entry`` (its files in place), delete the files it left without any committed rows, and
    return the files that still hold rows it retired (rewritten by the caller, once per batch)."""
    previous = manifest.entries.get(entry["sha256"])
    dropped = [manifest.entries[sha] for sha in drop if sha in manifest.entries and sha != entry["sha256"]]
    manifest.commit(entry, [e["sha256"] for e in dropped])
    hook("committed")
    keep = set(entry_files(entry))
    left = set(entry_files(previous)) - keep if previous else set()
    for e in dropped:
        left |= set(entry_files(e)) - keep
    empty = {p for p in left if p not in manifest.holders}
    removed, _ = retire(out, manifest, empty)
    report.files_removed += removed
    hook("cleaned")
    return left - empty
