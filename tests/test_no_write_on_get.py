"""Opening a page never writes: a GET (a prefetch, a crawler, a reload) changes no data.

For every demo login, every page without parameters and the login's own internship, group,
student, site, course and catalogue version are opened while the SQL is captured; an INSERT,
UPDATE or DELETE on anything but the session (and the read receipt of a shared feedback sheet,
which is what opening that sheet means, and the access audit's INSERT) fails the test.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.db.models import Case, When
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import access
from tests.conftest import ANTWERPEN_LOGINS, LIMBURG_LOGINS

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
#: Tables a GET may write: the session, the "read" receipt of an opened shared sheet, and the
#: access audit's row of who opened a student's page (ADR 0022).
MAY_WRITE = ("django_session", "evaluations_sheetread", "audit_accessevent")
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_PREFIXES = ("account_", "mfa_", "set_language")


def _plain_url_names(patterns=None, namespace: str = "") -> list[str]:
    """Names of the project's URL patterns that take no parameters."""
    names = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in SKIPPED_NAMESPACES or "allauth" in getattr(entry.urlconf_module, "__name__", ""):
                continue
            if entry.pattern.converters or re.search(r"[(<]", str(entry.pattern)):
                continue  # an include under a parameter (internships/<uuid>/feedback/...)
            names += _plain_url_names(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.converters:
            if not re.search(r"[(<]", str(entry.pattern)) and not entry.name.startswith(SKIPPED_PREFIXES):
                names.append(namespace + entry.name)
    return names


def _own_urls(user) -> list[str]:
    urls = []
    # One waiting for its next step, else a running one (their hubs have the most forms), chosen the same way on
    # every seed: primary keys are random UUIDs.
    internship = (
        access.internships_visible_to(user)
        .order_by(Case(When(status__in=["intake_done", "final"], then=0), When(status="running", then=1), default=2),
                  "start_date", "student__last_name")
        .first()
    )
    if internship:
        urls.append(reverse("internships:detail", args=[internship.pk]))
    # A locked, uncorrected evaluation (its page carries the correction form), of a current internship.
    locked = (
        access.evaluations_visible_to(user).filter(locked_at__isnull=False, corrected_by__isnull=True)
        .order_by(Case(When(internship__status="closed", then=1), default=0), "-locked_at").first()
    )
    if locked:
        urls.append(reverse("evaluations:evaluation_detail", args=[locked.internship_id, locked.pk]))
    # And one still open for signing (its page carries the signing form).
    unsigned = access.evaluations_visible_to(user).filter(locked_at__isnull=True).order_by("internship__start_date", "pk").first()
    if unsigned:
        urls.append(reverse("evaluations:evaluation_detail", args=[unsigned.internship_id, unsigned.pk]))
    group = access.groups_visible_to(user).order_by("pk").first()
    if group:
        urls.append(reverse("schools:group", args=[group.pk]))
    student = access.students_visible_to(user).order_by("pk").first()
    if student:
        urls.append(reverse("schools:student", args=[student.pk]))
    course = access.courses_visible_to(user).order_by("pk").first()
    if course:
        urls.append(reverse("training:course", args=[course.pk]))
    version = access.catalogue_versions_visible_to(user).order_by("pk").first()
    if version:
        urls.append(reverse("catalogue:version", args=[version.pk]))
    return urls


def test_the_walk_finds_the_main_pages():
    names = _plain_url_names()
    assert {"home", "internships:list", "invitations"} <= set(names)
    assert not [n for n in names if n.startswith("admin:")]


@pytest.mark.parametrize("login", LIMBURG_LOGINS + ANTWERPEN_LOGINS[:1])
def test_no_page_writes_on_get(demo, login):
    client = demo.client_for(login)
    client.get(reverse("home"))  # the session is settled before we listen
    urls = [reverse(name) for name in _plain_url_names()] + _own_urls(demo.user(login))
    writes = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code < 500, url
        found = [q["sql"] for q in ctx.captured_queries if WRITE.match(q["sql"]) and not any(t in q["sql"] for t in MAY_WRITE)]
        if found:
            writes[url] = found
    assert len(urls) > 10
    assert not writes, writes
