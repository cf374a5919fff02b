"""The embedded default (SQLite, what `make run` uses) under concurrent writers.

Seen under `make run`: saving an evaluation or accepting an invitation answered 500
"database is locked" while another request or the task worker wrote. A service's
``transaction.atomic`` reads first (``select_for_update`` is a no-op on SQLite) and then writes;
in SQLite's default DEFERRED mode that upgrade from a read to a write lock fails at once with
SQLITE_BUSY when another connection writes, whatever the busy timeout. The settings open every
transaction with BEGIN IMMEDIATE (which waits for the timeout) and use WAL, so readers and the
writer never block each other (ADR 0010).

This test runs the real settings (DEBUG=1, no test overrides) in separate processes against one
SQLite file: a copy of the demo region migrated and seeded once per run, then several writer processes saving feedback
sheets through the service at the same time, each in a read-then-write transaction.
"""

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.conftest import copy_demo_sqlite

ROOT = Path(__file__).resolve().parent.parent
WRITERS = 4
SAVES = 25

WRITER = textwrap.dedent(
    """
    import json, os, sys, time
    import django
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import OperationalError, connection, transaction
    from django.db.models import F
    from django.utils import timezone
    from evaluations.feedback import services
    from evaluations.feedback.models import FeedbackSheet
    from internships.models import Internship

    index, saves, start_at = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    today = timezone.localdate()
    internships = list(
        Internship.objects.filter(
            mentor__isnull=False, start_date__lte=today,  # sheets only from the start (#14's guardrail)
            end_date__gte=today - timezone.timedelta(days=30),
        ).exclude(status=Internship.Status.CLOSED).order_by("pk")
    )
    internship = internships[index % len(internships)]
    errors, done = [], 0
    while time.time() < start_at:  # start together
        time.sleep(0.005)
    for n in range(saves):
        try:
            sheet = services.sheet_start(internship=internship, by=internship.mentor)
            sheet = FeedbackSheet.objects.get(pk=sheet.pk)
            services.sheet_save(
                sheet=sheet, by=internship.mentor, revision=sheet.revision, day=sheet.date,
                strengths=f"Writer {index}, save {n}", work_points="", agreements="", ratings={},
            )
            with transaction.atomic():  # read, then write: what every service does
                Internship.objects.filter(pk=internship.pk).first()
                Internship.objects.filter(pk=internship.pk).update(status=F("status"))
            done += 1
        except OperationalError as exc:
            errors.append(str(exc))
    print(json.dumps({
        "done": done, "errors": errors,
        "journal_mode": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0],
    }))
    """
)


def _env(db_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"UNIFORM_TESTING", "DJANGO_SETTINGS_MODULE"}}
    env.update(DEBUG="1", DATABASE_URL=f"sqlite:///{db_path}", MAIL_LOG_FILE=str(db_path.parent / "mail.log"))
    return env


def test_concurrent_writers_on_the_sqlite_default_never_see_database_is_locked(tmp_path, demo_sqlite_template):
    db_path = tmp_path / "db.sqlite3"
    env = _env(db_path)
    # The migrated, seeded demo region, built once per run (tests/conftest.py), in the rollback
    # journal mode: WAL must come from the settings of the writers.
    copy_demo_sqlite(demo_sqlite_template, db_path)

    start_at = str(time.time() + 4)  # every writer has imported Django by then
    writers = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", WRITER, str(i), str(SAVES), start_at],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i in range(WRITERS)
    ]
    results = []
    for proc in writers:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))

    errors = [e for r in results for e in r["errors"]]
    assert errors == [], f"{len(errors)} of {WRITERS * SAVES} saves failed: {sorted(set(errors))}"
    assert [r["done"] for r in results] == [SAVES] * WRITERS
    assert {r["journal_mode"] for r in results} == {"wal"}
