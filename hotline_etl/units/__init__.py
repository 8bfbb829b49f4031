"""Unit names to stable ids: registry, resolution, lineage.

A bulletin names one unit many ways (榮家灣鎮政府 / 荣家湾镇 / 榮家灣鎮人民政府),
in two scripts, sometimes damaged (``?h稅務局``), and units are merged and
renamed. :func:`resolve` maps a printed name to a registry unit, gives a
unit the registry does not know a derived id within the bulletin's area, or
reports it unresolved with candidates; :func:`resolve_bulletin` fills every
unit slot of a parsed bulletin; :func:`current_successor` follows
reorganisations; :func:`name_key` is the one name normaliser.

>>> resolve("交警大隊").unit_id == resolve("縣交警大隊").unit_id == "yueyang.traffic_police"
True
"""

from __future__ import annotations

from .apply import infer_county, resolution_area, resolve_bulletin
from .derive import DERIVED_PREFIX, derived_id, is_derived, name_key, split_derived_id
from .lineage import current_successor, successor_chain
from .registry import (
    KINDS, REGISTRY_ENV, Registry, Unit, default_registry, load_registry, read_registry_file,
)
from .resolver import CANDIDATE_FLOOR, FUZZY_THRESHOLD, METHODS, Candidate, candidates, resolve

__all__ = [
    "CANDIDATE_FLOOR", "DERIVED_PREFIX", "FUZZY_THRESHOLD", "KINDS", "METHODS", "REGISTRY_ENV",
    "Candidate", "Registry", "Unit",
    "candidates", "current_successor", "default_registry", "derived_id", "infer_county", "is_derived",
    "load_registry", "name_key", "read_registry_file", "resolution_area", "resolve", "resolve_bulletin",
    "split_derived_id", "successor_chain",
]
