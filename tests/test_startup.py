"""A wrong DATABASE_URL stops the start-up with a clear message (issue #13), instead of the app
booting and answering 500 on the first request. The password in the URL is never printed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UNREACHABLE = "postgres://uniform:s3cret-pw@127.0.0.1:1/uniform"  # nothing listens on port 1


def run(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"UNIFORM_TESTING", "DJANGO_SETTINGS_MODULE"}}
    env.update(DEBUG="1", DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "url, says",
    [
        ("postgress://uniform:s3cret-pw@db/uniform", "has an unknown scheme 'postgress'"),
        ("uniform:s3cret-pw@db/uniform", "has an unknown scheme '(none)'"),
        ("postgres://uniform:s3cret-pw@db:port/uniform", "is not a valid database URL"),
        ("mysql://uniform:s3cret-pw@db/uniform", "scheme 'mysql' is not supported"),
        ("postgres://uniform:s3cret-pw@db", "names no database"),
    ],
)
def test_a_malformed_database_url_fails_at_start_up_with_a_clear_message(url, says):
    result = run(url, "manage.py", "check")
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured: DATABASE_URL" in last and says in last, last
    assert "s3cret-pw" not in result.stderr + result.stdout


def test_check_database_default_fails_on_an_unreachable_database():
    result = run(UNREACHABLE, "manage.py", "check", "--database", "default")
    assert result.returncode != 0
    assert "uniform.E001" in result.stderr, result.stderr[-2000:]
    assert "cannot connect to the database in DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr
    assert "s3cret-pw" not in result.stderr + result.stdout


def test_the_wsgi_application_does_not_boot_on_an_unreachable_database():
    """gunicorn imports config.wsgi in each worker: an error there stops gunicorn ("Worker
    failed to boot") instead of workers answering 500."""
    result = run(UNREACHABLE, "-c", "import config.wsgi")
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert "cannot connect to the database in DATABASE_URL" in last, last
    assert "127.0.0.1:1" in last
    assert "s3cret-pw" not in result.stderr + result.stdout


def test_the_wsgi_application_boots_on_a_reachable_database(tmp_path):
    result = run(f"sqlite:///{tmp_path / 'db.sqlite3'}", "-c", "import config.wsgi; print('booted')")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "booted" in result.stdout
