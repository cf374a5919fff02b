"""``manage.py check_deployment``: is this configuration fit to start in production? (ADR 0030)

Run it with the production environment before starting (or restarting) the app servers, the
workers and the scheduler. One line per finding, ``ERROR`` or ``WARNING``; it exits 1 when
there is an error. Errors stop a deployment (a weak SECRET_KEY, DEBUG on, an unreachable
database, unapplied migrations, no mail server, ...); warnings are what one machine may accept
and several may not (files on the local disk) or what is worth knowing (metrics off).
Django's own ``check --deploy`` findings are included (``--no-django-checks`` leaves them out).
Nothing here writes to the database; the storage check writes, reads and deletes one small file.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

INSECURE_KEY = "insecure-development-key-only-for-local-use"  # noqa: S105 - the DEBUG fallback of config/settings.py
LOCAL_ONLY_CACHES = ("locmem", "dummy", "filebased")


class Findings:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, text: str) -> None:
        self.errors.append(text)

    def warning(self, text: str) -> None:
        self.warnings.append(text)


def _one_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:300]


def check_settings(found: Findings) -> None:
    key = settings.SECRET_KEY
    if key == INSECURE_KEY or not key:
        found.error("SECRET_KEY is not set (the development fallback is in use): set a random value of 50+ characters")
    elif len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure"):
        found.error(f"SECRET_KEY is weak ({len(key)} characters): use a random value of 50+ characters")
    if settings.DEBUG:
        found.error("DEBUG is on: unset DEBUG (it shows code and settings to anyone on an error)")
    hosts = settings.ALLOWED_HOSTS
    if not hosts:
        found.error("ALLOWED_HOSTS is empty: set the host name(s) the app is reached at")
    elif "*" in hosts:
        found.error("ALLOWED_HOSTS contains '*': list the host name(s) the app is reached at")
    if not settings.UNIFORM_BASE_URL.startswith("https://"):
        found.error(f"UNIFORM_BASE_URL is not https ({settings.UNIFORM_BASE_URL}): links in mails must use https")
    if not os.environ.get("EMAIL_HOST", "").strip():
        found.error("EMAIL_HOST is not set: login codes, invitations and notifications cannot be mailed")
    token = settings.METRICS_TOKEN
    if token and len(token) < 32:
        found.error(f"METRICS_TOKEN is too short ({len(token)} characters): use 32 or more")
    elif not token:
        found.warning("METRICS_TOKEN is not set: /metrics answers 404 (no metrics)")
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        found.error(f"static files are not collected ({manifest} is missing): run manage.py collectstatic")


def check_database(found: Findings) -> None:
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    from web.checks import database_error

    if connections["default"].vendor != "postgresql":
        found.error(f"the database is {connections['default'].vendor}, not PostgreSQL: set DATABASE_URL=postgres://...")
    if error := database_error("default"):
        found.error(error)
        return
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        found.error(f"the migrations could not be read: {_one_line(exc)}")
    else:
        if plan:
            found.error(f"{len(plan)} migrations are not applied (first: {plan[0][0]}): run manage.py migrate")
    if "replica" in settings.DATABASES and os.environ.get("DATABASE_REPLICA_URL", "").strip():
        if error := database_error("replica"):
            found.error(error.replace("DATABASE_URL", "DATABASE_REPLICA_URL"))
        elif connections["replica"].vendor == "postgresql":
            with connections["replica"].cursor() as cursor:
                cursor.execute("SELECT pg_is_in_recovery()")
                if not cursor.fetchone()[0]:
                    found.warning("DATABASE_REPLICA_URL is not a standby (pg_is_in_recovery() is false): is it the primary?")
            connections["replica"].close()


def check_redis(found: Findings) -> None:
    url = os.environ.get("REDIS_URL", "").strip()
    if not url:
        return
    try:
        import redis

        redis.Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3).ping()
    except Exception as exc:
        found.error(f"REDIS_URL does not answer: {_one_line(exc)}")


def check_several_servers(found: Findings) -> None:
    cache = settings.CACHES["default"]["BACKEND"]
    if any(kind in cache.lower() for kind in LOCAL_ONLY_CACHES):
        found.error(f"the cache ({cache}) is this process's own: rate limits and locks need a shared one (REDIS_URL)")
    engine = settings.SESSION_ENGINE
    if engine.endswith(".file") or (engine.endswith(".cache") and any(k in cache.lower() for k in LOCAL_ONLY_CACHES)):
        found.error(f"sessions ({engine}) are not shared between app servers")
    storage = settings.STORAGES["default"]["BACKEND"]
    if storage.endswith("FileSystemStorage"):
        found.warning(
            "uploaded files and exports are on this machine's disk (MEDIA_ROOT): fine for one machine; "
            "several app servers need object storage (S3_*)"
        )


def check_queue(found: Findings) -> None:
    from web import taskqueue

    kind = taskqueue.kind()
    if kind == "none":
        found.warning(f"the task backend ({settings.TASKS['default']['BACKEND']}) keeps no queue: tasks run in the request")
        return
    try:
        taskqueue.ping()
    except Exception as exc:
        found.error(f"the task queue ({kind}) does not answer: {_one_line(exc)}")


def check_storage(found: Findings) -> None:
    from django.core.files.storage import storages
    from health_check.checks import Storage  # type: ignore[import-untyped]

    try:
        Storage().run()
    except Exception as exc:
        found.error(f"the file storage is not writable: {_one_line(exc)}")
        return
    storage: Any = storages["default"]
    try:
        from storages.backends.s3 import S3Storage  # type: ignore[import-untyped]
    except ImportError:
        return
    if not isinstance(storage, S3Storage):
        return
    if getattr(storage, "default_acl", None) in {"public-read", "public-read-write"}:
        found.error(f"S3 objects are written with the ACL {storage.default_acl!r}: they must be private")
    if not getattr(storage, "querystring_auth", True):
        found.error("S3 URLs are unsigned (querystring_auth off): downloads would bypass the access check")
    _check_bucket_is_private(found, storage)


def _check_bucket_is_private(found: Findings, storage) -> None:
    """Ask for the bucket's listing and a just-written object without credentials: both refused."""
    from django.core.files.base import ContentFile

    endpoint = (getattr(storage, "endpoint_url", None) or "").rstrip("/")
    bucket = getattr(storage, "bucket_name", "")
    if not endpoint or not bucket:
        found.warning("S3 bucket privacy not checked (no endpoint URL or bucket name)")
        return
    name = storage.save("check_deployment/probe.txt", ContentFile(b"probe"))
    try:
        key = storage._normalize_name(name)  # with the storage's prefix (S3_PREFIX)
        for what, url in (("the bucket's listing", f"{endpoint}/{bucket}/"), ("an object", f"{endpoint}/{bucket}/{key}")):
            try:
                with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - the operator's endpoint
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError as exc:
                found.warning(f"S3 bucket privacy not checked ({_one_line(exc)})")
                return
            if status < 400:
                found.error(f"S3 bucket {bucket!r} is public: {what} answers {status} without credentials")
    finally:
        storage.delete(name)


def check_django(found: Findings) -> None:
    from django.core import checks

    for message in checks.run_checks(include_deployment_checks=True):
        if message.is_silenced():
            continue
        line = f"{message.id}: {' '.join(str(message.msg).split())}"
        (found.error if message.level >= checks.ERROR else found.warning)(line)


class Command(BaseCommand):
    help = "Check this deployment's configuration before it starts; exits 1 on errors."

    def add_arguments(self, parser):
        parser.add_argument("--no-django-checks", action="store_true", help="leave out Django's check --deploy")
        parser.add_argument("--json", action="store_true", help="print the findings as one JSON object")

    def handle(self, *args, **options):
        found = Findings()
        for step in (check_settings, check_database, check_redis, check_several_servers, check_queue, check_storage):
            try:
                step(found)
            except Exception as exc:
                found.error(f"{step.__name__} could not run: {_one_line(exc)}")
        if not options["no_django_checks"]:
            check_django(found)
        if options["json"]:
            self.stdout.write(json.dumps({"errors": found.errors, "warnings": found.warnings}, indent=1))
        else:
            for line in found.errors:
                self.stdout.write(f"ERROR    {line}")
            for line in found.warnings:
                self.stdout.write(f"WARNING  {line}")
            self.stdout.write(f"{len(found.errors)} errors, {len(found.warnings)} warnings")
        if found.errors:
            raise CommandError("the deployment's configuration has errors (above)", returncode=1)
