"""``manage.py check_deployment`` (ADR 0030) run as an operator would, in a subprocess with a
bad and a good production environment: one line per problem, exit 1 on errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.s3_server import s3_server  # noqa: F401 (the session fixture)

ROOT = Path(__file__).resolve().parent.parent


def run(env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items()
            if k not in {"UNIFORM_TESTING", "DJANGO_SETTINGS_MODULE", "DEBUG", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST",
                         # set by the browser tests' fixtures in this process (Playwright and Django's ORM in one thread)
                         "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check_deployment"], cwd=ROOT, env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True, text=True, timeout=120,
    )


def test_a_bad_environment_gets_one_line_per_problem_and_exit_1(tmp_path):
    result = run({
        "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "REDIS_URL": "redis://127.0.0.1:8139/4",
        "METRICS_TOKEN": "short", "STATIC_ROOT": str(tmp_path / "static"), "MEDIA_ROOT": str(tmp_path / "media"),
    })
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [line for line in result.stdout.splitlines() if line.startswith("ERROR")]
    for says in ("SECRET_KEY is not set", "DEBUG is on", "UNIFORM_BASE_URL is not https", "EMAIL_HOST is not set",
                 "METRICS_TOKEN is too short", "static files are not collected", "not PostgreSQL",
                 "migrations are not applied", "REDIS_URL does not answer"):
        assert [line for line in errors if says in line], f"no error line says {says!r}:\n{result.stdout}"
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.django_db
def test_a_good_environment_passes_with_warnings_only(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("a good deployment is on PostgreSQL: run the suite with DATABASE_URL=postgres://...")
    db = connection.settings_dict  # the test database: migrated by the suite
    static = tmp_path / "static"
    static.mkdir()
    (static / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    result = run({
        "SECRET_KEY": "s3cr3t-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2, "ALLOWED_HOSTS": "uniform.example.org",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": "redis://127.0.0.1:6379/4", "EMAIL_HOST": "smtp.example.org", "UNIFORM_BASE_URL": "https://uniform.example.org",
        "METRICS_TOKEN": "t" * 40, "STATIC_ROOT": str(static), "MEDIA_ROOT": str(tmp_path / "media"),
    })
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout
    assert "WARNING  uploaded files and exports are on this machine's disk" in result.stdout


@pytest.mark.xdist_group("s3")
def test_the_storage_check_finds_the_s3_bucket_private(s3_server, settings):  # noqa: F811
    """Against the suite's SeaweedFS (tests/s3_server.py): the probe file is written and read, and
    neither the bucket's listing nor the object answers a request without credentials."""
    from config.object_storage import s3_storage
    from web.management.commands.check_deployment import Findings, check_storage

    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(
        bucket=s3_server.bucket, endpoint_url=s3_server.endpoint, access_key=s3_server.access_key,
        secret_key=s3_server.secret_key, region=s3_server.region, prefix="check-deployment")}
    found = Findings()
    check_storage(found)
    assert (found.errors, found.warnings) == ([], [])
    listing = s3_server.client().list_objects_v2(Bucket=s3_server.bucket, Prefix="check-deployment/")
    assert not listing.get("Contents")  # the probe files are deleted again
