"""Shared fixtures. The demo region (two networks, every role) is the test world: it is
seeded once per test database, and every test runs in a transaction rolled back after it,
so the demo contract of DEVELOPERS.md is exercised on every run.

Browser tests (tests/browser) use the live server, hence transactional tests, which commit;
pytest-django runs them after all other database tests. After each transactional test the rows
of the seeded database are put back from a snapshot taken once per worker right after the seed
(tests/db_snapshot.py), instead of Django's flush, so the next test, browser journey or not,
finds the demo region."""

import pytest
from django.test import Client, TransactionTestCase

from demo.region import DEMO_LOGINS, seed_demo
from internships.models import Internship
from schools.models import Student
from tenancy.models import User

LIMBURG_LOGINS = [e for e in DEMO_LOGINS if e.endswith("@uniform.demo")]
ANTWERPEN_LOGINS = [e for e in DEMO_LOGINS if e.endswith("@other.demo")]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from tests import db_snapshot

    with django_db_blocker.unblock():
        seed_demo()
        # The snapshot that every transactional test's teardown puts back (tests/db_snapshot.py):
        # taken here, from the seed itself, it costs 0.1 s; taken after the first flush it
        # cost each worker a second seed.
        db_snapshot.ensure()


_flush = TransactionTestCase._fixture_teardown


def _fixture_teardown(self) -> None:
    """A transactional test's teardown without Django's flush (a TRUNCATE of ~90 tables: 2 s
    on PostgreSQL) when the worker has its snapshot: ``pytest_runtest_teardown`` below deletes
    every row and copies the snapshot back anyway (0.2 s). Without a snapshot, the flush."""
    from tests import db_snapshot

    if not db_snapshot.taken():
        _flush(self)


TransactionTestCase._fixture_teardown = _fixture_teardown  # type: ignore[method-assign]


def _transactional(item) -> bool:
    names = getattr(item, "fixturenames", ())
    if {"live_server", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"} & set(names):
        return True
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
                            or (marker.args and marker.args[0])))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test (its fixtures' teardown): the demo region back."""
    try:
        return (yield)
    finally:
        # (nextitem None: the session ends, its test databases are being destroyed.)
        if nextitem is not None and _transactional(item):
            from pytest_django.plugin import blocking_manager_key

            from tests import db_snapshot

            with item.config.stash[blocking_manager_key].unblock():
                db_snapshot.restore()


@pytest.fixture
def demo(db):
    """Handy handles on the demo region."""

    class Demo:
        def user(self, email: str) -> User:
            return User.objects.get(email=email)

        def client_for(self, email: str | None) -> Client:
            client = Client()
            if email:
                client.force_login(self.user(email))
            return client

        @property
        def emma(self) -> Student:
            return Student.objects.get(user__email="student@uniform.demo")

        @property
        def lucas(self) -> Student:
            return Student.objects.get(user__email="student@other.demo")

        @property
        def emma_internship(self) -> Internship:
            return Internship.objects.get(student=self.emma)

        @property
        def lucas_internship(self) -> Internship:
            return Internship.objects.get(student=self.lucas)

    return Demo()


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Under ``--dist loadgroup`` pytest-xdist sends the tests of one ``xdist_group`` to one worker
    by adding ``@group`` to their node ids; with pytest 9 that rewrite is silently lost (the
    browser journeys then share the 2 cores with the rest, and the every-parameter crawl's reach
    check runs without the crawls). Fail loudly instead of scheduling them apart."""
    if not getattr(config.option, "loadgroup", False):
        return
    lost = [item.nodeid for item in items if item.get_closest_marker("xdist_group") and "@" not in item.nodeid]
    if lost:
        raise pytest.UsageError(f"--dist loadgroup did not group {len(lost)} tests (e.g. {lost[0]}): "
                                "check the pytest / pytest-xdist pins in requirements-dev.txt")


@pytest.fixture(scope="session")
def demo_sqlite_template(tmp_path_factory):
    """An SQLite file migrated and seeded with the demo region by the app's own commands
    (``manage.py migrate``, ``seed_demo``, as `make run` does), with the media files the seed
    wrote; built once per run and shared by the xdist workers (a file lock: the first builds,
    the others wait). Tests that run real processes on a file database of their own
    (tests/test_export_worker_kill.py, tests/test_sqlite_concurrency.py) copy it with
    ``copy_demo_sqlite``. It is left in the rollback journal mode: the settings of the
    processes that open a copy must switch on WAL themselves."""
    import fcntl
    import os
    import sqlite3
    import subprocess
    import sys
    from pathlib import Path

    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = root / "demo-sqlite-template"
    done = folder / "done"
    with open(root / "demo-sqlite-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            folder.mkdir(exist_ok=True)
            env = {
                **os.environ, "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}", "UNIFORM_TESTING": "1",
                "MEDIA_ROOT": str(folder / "media"), "MAIL_LOG_FILE": str(folder / "mail.log"),
            }
            env.pop("DJANGO_SETTINGS_MODULE", None)
            manage = Path(__file__).resolve().parent.parent / "manage.py"
            for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
                subprocess.run([sys.executable, str(manage), *command], env=env, cwd=manage.parent,  # noqa: S603
                               check=True, stdout=subprocess.DEVNULL, timeout=600)
            db = sqlite3.connect(folder / "db.sqlite3")
            try:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                assert db.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"
            finally:
                db.close()
            done.touch()
    return folder


def copy_demo_sqlite(template, target_db, media=None) -> None:
    """Copy the demo SQLite file (and, given ``media``, its media files) for one test."""
    import shutil

    shutil.copyfile(template / "db.sqlite3", target_db)
    if media is not None:
        shutil.copytree(template / "media", media, dirs_exist_ok=True)


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language (Dutch): LocaleMiddleware leaves the
    language of a request active on the thread, so a test after an English request would read
    service messages in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
