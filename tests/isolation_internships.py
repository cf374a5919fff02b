"""Access-matrix entries for the internships URLs (merged into tests/test_isolation.py)."""

from tests.isolation_support import Entry  # noqa: F401

ENTRIES: dict = {}
