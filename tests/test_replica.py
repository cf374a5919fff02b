"""Reads of reports, dashboards and PDFs from the read replica; who just wrote reads from the
primary (``DATABASE_REPLICA_URL``, web/replica.py, ADR 0030). In the suite the ``replica``
alias is a mirror of the test database (``TEST: {"MIRROR": "default"}``): the same rows, its
own connection, so the queries each alias ran can be told apart."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.test.utils import CaptureQueriesContext

from web.replica import PIN_COOKIE

COUNT = "report-count@example.org"


class Queries:
    def __init__(self):
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections["replica"])

    def __enter__(self):
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    def ran_on(self) -> set[str]:
        return {alias for alias, queries in (("default", self.primary), ("replica", self.replica))
                if any(COUNT in q["sql"] for q in queries.captured_queries)}


# The in-memory SQLite test database is shared between connections through SQLite's shared
# cache, whose table locks refuse the mirror's connection while a test's transaction is open
# ("database table is locked", already when the test starts). CI runs the suite on PostgreSQL.
needs_postgresql = pytest.mark.skipif(
    "sqlite" in django_settings.DATABASES["default"]["ENGINE"],
    reason="a mirror alias needs PostgreSQL: run with DATABASE_URL=postgres://...",
)


@pytest.fixture
def replica(settings):
    settings.REPLICA_ENABLED = True
    settings.ROOT_URLCONF = "tests.replica_urls"


@needs_postgresql
@pytest.mark.django_db(databases=["default", "replica"])
def test_reports_read_from_the_replica_until_the_browser_writes(client, replica, settings):
    with Queries() as queries:
        response = client.get("/report/")
    assert response.status_code == 200 and queries.ran_on() == {"replica"}
    assert PIN_COOKIE not in response.cookies

    response = client.post("/write/")  # a write: the browser reads from the primary for a while
    assert response.cookies[PIN_COOKIE]["max-age"] == settings.REPLICA_PIN_SECONDS
    with Queries() as queries:
        assert client.get("/report/").status_code == 200
    assert queries.ran_on() == {"default"}

    client.cookies.pop(PIN_COOKIE)  # the pin has expired
    with Queries() as queries:
        response = client.get("/report-that-writes/")  # a GET that writes before it reads
    assert queries.ran_on() == {"default"} and PIN_COOKIE in response.cookies


@needs_postgresql
@pytest.mark.django_db(databases=["default", "replica"])
def test_without_a_replica_or_outside_reports_everything_is_on_the_primary(client, replica, settings):
    settings.REPLICA_ENABLED = False
    with Queries() as queries:
        assert client.get("/report/").status_code == 200
    assert queries.ran_on() == {"default"}


def test_pdfs_and_dashboards_ask_for_the_replica():
    from home import views as home
    from reports import views as reports

    # Not the dossier (ADR 0031): its view looks up the cached file by a revision and queues the
    # job, which must see the primary's rows (a lagging replica would miss the job just queued);
    # its render, the heavy read, runs in the worker.
    for view in (home.home, reports.sheet, reports.evaluation, reports.hours, reports.blank, reports.catalogue):
        inner = view
        while not getattr(inner, "reads_from_replica", False) and hasattr(inner, "__wrapped__"):
            inner = inner.__wrapped__
        assert getattr(inner, "reads_from_replica", False), view
