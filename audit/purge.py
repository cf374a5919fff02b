"""The one way past the database's guards (ADR 0022, 0023, 0024): the append-only trigger of
``audit_accessevent`` and the immutability guards of signed evaluations and shared feedback
sheets (evaluations migrations 0003 and 0007). Only the retention job and erasure use it.

On PostgreSQL every guard function starts with the same test (``BYPASS``, added to the
evaluation guards by migration privacy 0002): a transaction that has set ``uniform.audit_purge``
passes. SQLite has no settings and no audit trigger: there ``guards_lifted()`` drops the
shared-sheet triggers inside the transaction and puts them back before it commits (SQLite's DDL
is transactional, and its writers are serialised anyway).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

SETTING = "uniform.audit_purge"

#: The first statement of every guard function: let a transaction inside ``purge_allowed()`` through.
BYPASS = """
    IF coalesce(current_setting('uniform.audit_purge', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
"""


def with_bypass(function_sql: str) -> str:
    """A guard function's SQL with ``BYPASS`` as its first statement."""
    head, sep, tail = function_sql.partition("\nBEGIN\n")
    assert sep, "a guard function without BEGIN"
    return head + sep + BYPASS + tail


@contextmanager
def purge_allowed() -> Iterator[None]:
    """Inside: UPDATE and DELETE of audit rows are allowed, for this transaction only.

    Opens (or joins) a transaction; on PostgreSQL sets a transaction-local setting that the
    trigger reads, and puts back what it was on the way out (so a nested use does not end the
    outer one). Other databases have no trigger.
    """
    with transaction.atomic():
        before = "off"
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT coalesce(current_setting(%s, true), '')", [SETTING])
                before = cursor.fetchone()[0] or "off"
                cursor.execute("SELECT set_config(%s, 'on', true)", [SETTING])
        try:
            yield
        finally:
            if connection.vendor == "postgresql" and not connection.needs_rollback and before != "on":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, 'off', true)", [SETTING])


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
