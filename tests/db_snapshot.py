"""The demo region put back after a transactional test instead of seeded again.

Transactional tests (the browser journeys: pytest-django's ``live_server``) flush the database
when they end, and ``seed_demo()`` takes seconds. So each worker takes one snapshot of the rows
of every table (plus the sequences) as the session seed left them, and after each transactional
test's flush puts it back (``restore()``, called from ``pytest_runtest_teardown`` in
tests/conftest.py):

* PostgreSQL: ``COPY ... TO STDOUT (FORMAT binary)`` of every table into memory once; the restore
  is one ``TRUNCATE`` of all tables, a ``COPY ... FROM STDIN`` per non-empty table (Django's
  foreign keys are ``DEFERRABLE INITIALLY DEFERRED``: checked at the commit) and a ``setval`` per
  sequence to its snapshot value, all in one transaction, so ids and the next ids are the
  snapshot's.
* SQLite: the ``sqlite3`` backup API, into a private in-memory database and back (the whole
  database, ``sqlite_sequence`` included).

Every test after a transactional one, browser journey or not, finds the database as seeded.
Media files: the seed's document files stay on disk (no test deletes them); a test's uploads
are left behind as before, unreferenced.
"""

from __future__ import annotations

import io
import sqlite3
from typing import Any

from django.db import connection, transaction

_snapshot: _Snapshot | None = None


def ensure() -> None:
    """Before a test that needs the demo region: take the worker's snapshot the first time (the
    database holds the session seed then: every earlier test was rolled back or restored)."""
    global _snapshot
    if _snapshot is None:
        _snapshot = _take_seeded()


def restore() -> None:
    """After a transactional test (its flush emptied the database): the snapshot back, or, before
    there is one, a seed and the snapshot of it."""
    from django.contrib.contenttypes.models import ContentType

    global _snapshot
    if _snapshot is None:
        _snapshot = _take_seeded()
    else:
        _snapshot.restore()
    # The flush's post_migrate made new content types (new ids) and cached them.
    ContentType.objects.clear_cache()


def _take_seeded() -> _Snapshot:
    from demo.region import seed_demo
    from tenancy.models import User

    if not User.objects.filter(email="student@uniform.demo").exists():
        seed_demo()
    return _PostgresSnapshot() if connection.vendor == "postgresql" else _SqliteSnapshot()


class _Snapshot:
    def restore(self) -> None:
        raise NotImplementedError


class _SqliteSnapshot(_Snapshot):
    def __init__(self) -> None:
        connection.ensure_connection()
        self.copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(self.copy)

    def restore(self) -> None:
        connection.ensure_connection()
        self.copy.backup(connection.connection)


class _PostgresSnapshot(_Snapshot):
    def __init__(self) -> None:
        self.tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
        self.rows: dict[str, bytes] = {}
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {connection.ops.quote_name(table)})")  # noqa: S608
                if cursor.fetchone()[0]:
                    self.rows[table] = _copy_out(cursor.cursor, f"COPY {connection.ops.quote_name(table)} TO STDOUT (FORMAT binary)")
            cursor.execute(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value"
                " FROM pg_sequences WHERE schemaname = current_schema()"
            )
            self.sequences: list[tuple[str, int | None]] = cursor.fetchall()

    def restore(self) -> None:
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in self.tables)} CASCADE")
            for table, data in self.rows.items():
                _copy_in(cursor.cursor, f"COPY {quote(table)} FROM STDIN (FORMAT binary)", data)
            if self.sequences:
                calls = ", ".join(
                    "setval(%s, %s, true)" if value is not None else "setval(%s, 1, false)" for _, value in self.sequences
                )
                params: list[Any] = []
                for name, value in self.sequences:
                    params += [name, value] if value is not None else [name]
                cursor.execute(f"SELECT {calls}", params)  # noqa: S608


def _copy_out(cursor, sql: str) -> bytes:
    buffer = io.BytesIO()
    if hasattr(cursor, "copy_expert"):  # psycopg2
        cursor.copy_expert(sql, buffer)
    else:  # psycopg 3
        with cursor.copy(sql) as copy:
            for data in copy:
                buffer.write(data)
    return buffer.getvalue()


def _copy_in(cursor, sql: str, data: bytes) -> None:
    if hasattr(cursor, "copy_expert"):
        cursor.copy_expert(sql, io.BytesIO(data))
    else:
        with cursor.copy(sql) as copy:
            copy.write(data)
