"""Erasure's one way past the immutability guards of signed evaluations and shared sheets.

Erasure (and only erasure) must change what a signed evaluation or a shared feedback sheet
shows: the student's name in its snapshot, the free texts about them. On PostgreSQL the guard
functions (evaluations migrations 0003 and 0007) also let a change through when the
transaction has set ``uniform.audit_purge`` (``audit.purge.purge_allowed()``, the same switch
the retention job uses for the audit rows): migration privacy 0002 adds that test at their top.
SQLite has no settings: there the shared-sheet triggers are dropped inside the transaction and
put back before it commits (SQLite's DDL is transactional; its writers are serialised anyway).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from audit.purge import purge_allowed

BYPASS = """
    IF coalesce(current_setting('uniform.audit_purge', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
"""


def with_bypass(function_sql: str) -> str:
    """The guard function's SQL with the bypass as its first statement."""
    head, sep, tail = function_sql.partition("\nBEGIN\n")
    assert sep, "a guard function without BEGIN"
    return head + sep + BYPASS + tail


@contextmanager
def guards_lifted() -> Iterator[None]:
    """Inside (one transaction): audit rows, signed evaluations and shared sheets may change."""
    with transaction.atomic(), purge_allowed():
        if connection.vendor != "sqlite":
            yield
            return
        from evaluations.feedback.guard import SQLITE, create_sqlite

        with connection.cursor() as cursor:
            for name, _when, _condition in SQLITE:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name};")
        try:
            yield
        finally:
            if not connection.needs_rollback:
                with connection.cursor() as cursor:
                    create_sqlite(cursor.execute)
