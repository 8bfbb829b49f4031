"""The catalogue is the one place checks are documented: every code used is there, and the docs copy it."""

import logging
import re
from pathlib import Path

import pytest

import hotline_etl
from hotline_etl.checks import CATALOGUE, catalogue_markdown
from hotline_etl.checks.catalogue import Check

AUDIT_DIR = Path("hotline_etl/checks")


def test_every_code_used_is_catalogued_and_every_catalogued_code_is_used():
    used = set()
    for path in AUDIT_DIR.glob("*.py"):
        used |= set(re.findall(r'CATALOGUE\["([a-z0-9-]+)"\]', path.read_text(encoding="utf-8")))
    assert used == set(CATALOGUE)


def test_codes_are_stable_kebab_case_with_a_known_severity():
    assert list(CATALOGUE) == [
        "table-sum-mismatch", "headline-table-mismatch", "in-progress-mismatch", "count-exceeds",
        "negative-count", "rate-above-100",
        "rate-mismatch", "rate-definition", "rate-zero-denominator",
        "share-mismatch", "share-base-mismatch",
        "list-total-mismatch", "list-unit-count-mismatch", "list-unit-unmatched",
        "overdue-list-vs-table", "returned-exceeds-rework", "open-exceeds-unfinished",
        "ranking-mismatch", "grade-order",
        "duplicate-conflict", "cumulative-mismatch", "cumulative-incomplete", "carry-over-mismatch",
    ]
    assert [c for c in CATALOGUE if CATALOGUE[c].scope == "archive"] == list(CATALOGUE)[-4:]
    assert {c.severity for c in CATALOGUE.values()} == {"error", "warning", "info"}


def test_an_unknown_severity_is_refused():
    with pytest.raises(ValueError, match="unknown severity 'fatal'"):
        Check("x", "fatal", "t", "{subject}", "r")


def test_the_docs_table_is_the_catalogue():
    assert catalogue_markdown() in Path("docs/audit.md").read_text(encoding="utf-8")
    assert catalogue_markdown("archive") in Path("docs/archive_audit.md").read_text(encoding="utf-8")
    assert "cumulative-mismatch" not in catalogue_markdown()


def test_an_unknown_scope_is_refused():
    with pytest.raises(ValueError, match="unknown scope 'county'"):
        Check("x", "info", "t", "{subject}", "r", scope="county")


def test_the_library_adds_only_a_null_handler():
    handlers = logging.getLogger("hotline_etl").handlers
    assert handlers and all(isinstance(h, logging.NullHandler) for h in handlers)
    assert hotline_etl.audit.__doc__.startswith("Every finding")
