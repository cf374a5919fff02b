"""The demo region put back after a transactional test instead of seeded again.

Transactional tests (the browser journeys: pytest-django's ``live_server``) commit what they
write, Django's flush after them costs 2 s on PostgreSQL and ``seed_demo()`` takes seconds. So
each worker takes one snapshot of the rows of every table (plus the sequences) right after the
session seed, and after each transactional test puts it back (``restore()``, called from
``pytest_runtest_teardown`` in tests/conftest.py; the flush is skipped once a snapshot exists):

* PostgreSQL: ``COPY ... TO STDOUT (FORMAT binary)`` of every table into memory once; the restore
  is a ``DELETE`` of every row, a ``COPY ... FROM STDIN`` per non-empty table with the
  triggers off (the app's guards, e.g. on a published catalogue, and, as a superuser, the
  foreign-key checks: the rows were consistent when copied) and a ``setval`` per sequence to
  its snapshot value, all in one transaction, so ids and the next ids are the snapshot's.
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


def taken() -> bool:
    return _snapshot is not None


def restore() -> None:
    """After a transactional test: every row deleted and the snapshot's copied back, or, before
    there is one (the test's flush emptied the database), a seed and the snapshot of it."""
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
    def __init__(self) -> None:
        self.database = connection.settings_dict["NAME"]

    def restore(self) -> None:
        if connection.settings_dict["NAME"] != self.database:  # never into another database
            raise RuntimeError(f"snapshot of {self.database!r}, connected to {connection.settings_dict['NAME']!r}")


class _SqliteSnapshot(_Snapshot):
    def __init__(self) -> None:
        super().__init__()
        connection.ensure_connection()
        self.copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(self.copy)

    def restore(self) -> None:
        super().restore()
        connection.ensure_connection()
        self.copy.backup(connection.connection)


class _PostgresSnapshot(_Snapshot):
    def __init__(self) -> None:
        super().__init__()
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
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
            self.superuser = cursor.fetchone()[0]
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace"
            )
            self.triggered = sorted(row[0] for row in cursor.fetchall())

    def restore(self) -> None:
        super().restore()
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            # The app's own triggers (e.g. a published catalogue's content cannot change) would
            # refuse rows in COPY's order: off while the snapshot's consistent rows go back.
            if self.superuser:  # triggers and foreign-key checks off for this transaction
                cursor.execute("SET LOCAL session_replication_role = replica")
            else:
                for table in self.triggered:
                    cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER USER")
            # DELETE, not TRUNCATE: a test leaves few rows changed, and a TRUNCATE of every
            # table costs seconds on PostgreSQL.
            cursor.execute(";".join(f"DELETE FROM {quote(t)}" for t in self.tables))  # noqa: S608
            for table, data in self.rows.items():
                _copy_in(cursor.cursor, f"COPY {quote(table)} FROM STDIN (FORMAT binary)", data)
            if self.superuser:
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            else:
                for table in self.triggered:
                    cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER USER")
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
