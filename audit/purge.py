"""The one way past the append-only trigger of ``audit_accessevent`` (ADR 0022)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

SETTING = "uniform.audit_purge"


@contextmanager
def purge_allowed() -> Iterator[None]:
    """Inside: UPDATE and DELETE of audit rows are allowed, for this transaction only.

    Opens (or joins) a transaction; on PostgreSQL sets a transaction-local setting that the
    trigger reads, and clears it again on the way out. Other databases have no trigger.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [SETTING])
        try:
            yield
        finally:
            if connection.vendor == "postgresql" and not connection.needs_rollback:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, 'off', true)", [SETTING])
