"""What the archive audit's last run checked and found (``OUT_DIR/_archive_audit.json``), readable
without the audit itself.

The ingest stage (:mod:`.archive_audit`) reads the dataset with ``pyarrow.dataset``; this small module
lets a run that parsed nothing tell, from the state file and the manifest alone, that the audit would
run no check and write nothing, and report the last run's totals instead of importing it.

The state holds, besides each check's members and results, the **archive key**: a digest of every
committed bulletin's id and ingest time when the stage last finished. Equal keys mean the same
bulletins with the same rows, so the same checks over the same members: exactly when the stage's own
per-check test (members and their ingest times unchanged) would run nothing.

>>> import tempfile
>>> from pathlib import Path
>>> root = Path(tempfile.mkdtemp())
>>> save_state(root, code_digest(), {}, archive_key([]), planned=0)
>>> unchanged_run(root, []).planned
0
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

__all__ = ["STATE_NAME", "ArchiveAuditRun", "archive_key", "code_digest", "load_state", "save_state",
           "unchanged_run"]

#: What the last run checked and found, in the dataset root (leading underscore: not data).
STATE_NAME = "_archive_audit.json"
STATE_VERSION = 1
#: Modules whose code decides the archive results: when one changes, every check runs again.
CODE = ("checks/archive.py", "checks/catalogue.py", "dataset/archive_audit.py")


@dataclass
class ArchiveAuditRun:
    """What the ingest stage did: checks run per kind (of ``planned``), documents rewritten, findings held."""

    checks: Counter = field(default_factory=Counter)
    planned: int = 0
    rewritten: int = 0
    findings: int = 0
    duplicates: int = 0

    def __str__(self) -> str:
        from ..checks.archive import CHECK_KINDS

        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.checks.items(), key=lambda kv: CHECK_KINDS.index(kv[0])))
        return (f"archive audit: {sum(self.checks.values())} of {self.planned} checks run" + (f" ({kinds})" if kinds else "")
                + f"; {self.rewritten} documents rewritten; {self.findings} archive findings, "
                  f"{self.duplicates} duplicate copies")


def code_digest() -> str:
    """Digest of the modules in :data:`CODE`."""
    h = hashlib.sha256()
    base = Path(__file__).resolve().parent.parent
    for rel in CODE:
        h.update((base / rel).read_bytes())
    return h.hexdigest()[:16]


def archive_key(entries: Iterable[Mapping[str, Any]]) -> str:
    """Digest of the committed (``status == 'ok'``) manifest entries' bulletin ids and ingest times."""
    h = hashlib.sha256()
    for bid, at in sorted((e["bulletin_id"], str(e.get("ingested_at"))) for e in entries if e["status"] == "ok"):
        h.update(f"{bid}\t{at}\n".encode())
    return h.hexdigest()[:16]


def _read(root: Path) -> dict[str, Any]:
    try:
        state = json.loads((root / STATE_NAME).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return state if isinstance(state, dict) and state.get("version") == STATE_VERSION else {}


def load_state(root: Path, code: str) -> dict[str, Any]:
    """Each check's stored members and results, or {} when none were stored by this code."""
    state = _read(root)
    return state.get("checks", {}) if state.get("code") == code else {}


def save_state(root: Path, code: str, checks: Mapping[str, Any], key: str | None = None, planned: int = 0) -> None:
    """Store the checks' results (atomically); ``key`` (:func:`archive_key`) only once the stage is done."""
    tmp = root / f"{STATE_NAME}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps({"version": STATE_VERSION, "code": code, "checks": checks, "archive": key,
                               "planned": planned}, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, root / STATE_NAME)


def totals(checks: Mapping[str, Any]) -> tuple[int, int]:
    """Archive findings and duplicate copies held in stored results."""
    return (sum(len(v["findings"]) for v in checks.values()),
            len({d for v in checks.values() for d in v.get("duplicate_of", {})}))


def unchanged_run(root: Path, entries: Iterable[Mapping[str, Any]]) -> ArchiveAuditRun | None:
    """The stage's outcome when it would run no check (same code, same committed bulletins as when it last
    finished): its planned count and the findings and copies it holds; None when it has to run."""
    state = _read(root)
    if not state.get("archive") or state.get("code") != code_digest() or state["archive"] != archive_key(entries):
        return None
    findings, duplicates = totals(state.get("checks", {}))
    return ArchiveAuditRun(planned=state.get("planned", 0), findings=findings, duplicates=duplicates)
