"""Start-up checks (issue #13, ADR 0010): a wrong DATABASE_URL stops the start-up loudly.

A malformed URL already fails in config/settings.py. An unreachable or refused database is
found here: ``manage.py check --database default`` (web/management/commands/check.py) stops
with ``uniform.E001``, and config/wsgi.py (what gunicorn and runserver load) refuses to boot,
so a deployment never runs workers that answer 500 on every request. The message names host, port and database, never the password.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections


def _where(alias: str) -> str:
    s = connections[alias].settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"SQLite file {s['NAME']}"
    host = s.get("HOST") or "localhost"
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"database {s['NAME']!r} on {host}{port} as user {s.get('USER') or '(none)'!r}"


def database_error(alias: str = "default") -> str | None:
    """Why the database cannot be used, in one line; None when a connection opens."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        reason = " ".join(str(exc).split())
        password = connection.settings_dict.get("PASSWORD")
        if password:
            reason = reason.replace(str(password), "***")
        return f"cannot connect to the database in DATABASE_URL ({_where(alias)}): {reason}"
    finally:
        connection.close()
    return None


def require_database(alias: str = "default") -> None:
    """Raise at start-up when the database cannot be reached (config/wsgi.py)."""
    error = database_error(alias)
    if error:
        raise ImproperlyConfigured(error)
