"""Unit names to stable ids: registry, resolution, lineage.

A bulletin names one unit many ways (榮家灣鎮政府 / 荣家湾镇 / 榮家灣鎮人民政府),
in two scripts, sometimes damaged (``?h稅務局``), and units are merged and
renamed. :func:`resolve` maps a printed name to a registry unit or reports
it unresolved with candidates; :func:`resolve_bulletin` fills every unit slot
of a parsed bulletin; :func:`current_successor` follows reorganisations.

>>> resolve("交警大隊").unit_id == resolve("縣交警大隊").unit_id == "yueyang.traffic_police"
True
"""

from __future__ import annotations

from .apply import infer_county, resolve_bulletin
from .lineage import current_successor, successor_chain
from .registry import (
    KINDS, REGISTRY_ENV, Registry, Unit, default_registry, load_registry, read_registry_file,
)
from .resolve import CANDIDATE_FLOOR, FUZZY_THRESHOLD, METHODS, Candidate, candidates, resolve

__all__ = [
    "CANDIDATE_FLOOR", "FUZZY_THRESHOLD", "KINDS", "METHODS", "REGISTRY_ENV",
    "Candidate", "Registry", "Unit",
    "candidates", "current_successor", "default_registry", "infer_county", "load_registry",
    "read_registry_file", "resolve", "resolve_bulletin", "successor_chain",
]
