"""Issue 13: nothing personal about a student reaches a coordinator's pages, lists or exports
(shared/docs/access-policy.md: "counts only", "invitations of students: counts only, never
names"). The coordinator of each demo network walks every page they can reach — the links and
htmx partials of every page from the home on, every URL without arguments, each page again
with a student's name as search — and downloads every export (CSV, XLSX, JSON, calendar);
no demo student's name or email may appear in any of them."""

from __future__ import annotations

import html
import io
import re
import zipfile
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import access
from schools.models import Student
from tenancy.models import Invitation, Role

SKIP = re.compile(r"^/(accounts/logout|admin/|static/|media/|i18n/|__)")
LINK = re.compile(r'(?:href|hx-get|action)="(/[^"#]*)"')


def _plain_urls(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every URL of the URLconf that takes no arguments."""
    urls = []
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if "<" not in pattern:
                urls += _plain_urls(entry, prefix + pattern)
        elif isinstance(entry, URLPattern) and "<" not in pattern and not pattern.startswith("^"):
            urls.append("/" + prefix + pattern)
    return urls


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":  # XLSX (and any ZIP): every part's text
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return html.unescape(body.decode("utf-8", "replace"))


def _student_traces() -> set[str]:
    traces: set[str] = set()
    for s in Student.objects.select_related("user"):
        traces |= {s.full_name, f"{s.last_name}, {s.first_name}", f"{s.last_name} {s.first_name}"}
        traces |= {e for e in (s.email, s.user.email if s.user_id else "") if e}
    for invitation in Invitation.objects.filter(role=Role.STUDENT):
        traces |= {t for t in (invitation.email, invitation.full_name) if t}
    return traces


def walk(client, start: list[str], search: str, limit: int = 800):
    seen: dict[str, str] = {}
    todo = list(start)
    while todo and len(seen) < limit:
        url = todo.pop(0)
        if url in seen or SKIP.match(url):
            continue
        response = client.get(url)
        text = _text(response)
        seen[url] = text
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            todo += [html.unescape(u) for u in LINK.findall(text) if html.unescape(u) not in seen]
            if "?" not in url:
                todo.append(f"{url}?{urlencode({'q': search})}")
    return seen


@pytest.fixture
def student_invitations(demo):
    """A school admin invites two students of Lindeboom (one is then revoked): the coordinator
    must see that there are such invitations, never whom."""
    admin = demo.client_for("schooladmin@uniform.demo")
    target = next(t for t in access.invite_targets(demo.user("schooladmin@uniform.demo")) if t.role == Role.STUDENT)
    pending = Invitation.objects.pending().filter(student__isnull=False).values("student_id")
    records = list(
        access.students_to_invite(demo.user("schooladmin@uniform.demo")).filter(school=target.organisation)
        .exclude(pk__in=pending).order_by("last_name")[:2]
    )
    for n, student in enumerate(records):
        response = admin.post(reverse("invitations"), {
            "target": target.key, "student": student.pk, "email": student.email or f"stagiair{n}@example.org",
            "full_name": student.full_name,
        })
        assert response.status_code == 302, response.context["form"].errors if response.context else response
    revoked = Invitation.objects.filter(role=Role.STUDENT).order_by("created_at").last()
    assert admin.post(reverse("invitation_revoke", args=[revoked.pk])).status_code == 302
    return records


@pytest.mark.parametrize("email", ["coordinator@uniform.demo", "coordinator@other.demo"])
def test_no_student_data_on_any_page_a_coordinator_reaches(demo, email, student_invitations):
    traces = _student_traces()
    assert len(traces) > 20 and student_invitations[0].full_name in traces
    pages = walk(demo.client_for(email), ["/", *_plain_urls()], search=student_invitations[0].first_name)
    leaks = {url: sorted(t for t in traces if t in text)[:3] for url, text in pages.items() if any(t in text for t in traces)}
    assert not leaks
    # The walk reached the coordinator's pages, their exports and their search.
    reached = set(pages)
    assert len(reached) > 40
    assert {"/", reverse("invitations"), reverse("catalogue:index"), reverse("training:index")} <= reached
    assert any(u.endswith((".csv", "/csv/")) or "csv" in u for u in reached)
    assert any("xlsx" in u for u in reached)
    assert any("?q=" in u for u in reached)


def test_the_coordinator_sees_student_invitations_as_numbers(demo, student_invitations):
    # The demo region has one pending student invitation; the fixture adds one pending, one revoked.
    page = demo.client_for("coordinator@uniform.demo").get(reverse("invitations"))
    counts = page.context["student_counts"]
    assert counts == {"pending": 2, "expired": 0, "accepted": 0, "revoked": 1}
    text = page.content.decode()
    assert "2 openstaand · 0 aanvaard · 0 verlopen · 1 ingetrokken" in text
    assert all(s.full_name not in text for s in student_invitations)
    # No revoke button for them either, and no way to revoke by id.
    invitation = Invitation.objects.filter(role=Role.STUDENT).first()
    assert reverse("invitation_revoke", args=[invitation.pk]) not in text
    client = demo.client_for("coordinator@uniform.demo")
    assert client.post(reverse("invitation_revoke", args=[invitation.pk])).status_code == 404
    # The school admin still sees (and may revoke) them, with names.
    own = demo.client_for("schooladmin@uniform.demo").get(reverse("invitations")).content.decode()
    assert student_invitations[0].full_name in own
    assert demo.client_for("schooladmin@uniform.demo").get(reverse("invitations")).context["student_counts"] is None
    # The other network's coordinator counts none of them.
    assert demo.client_for("coordinator@other.demo").get(reverse("invitations")).context["student_counts"]["pending"] == 0


def test_the_coordinator_cannot_invite_a_student(demo):
    targets = access.invite_targets(demo.user("coordinator@uniform.demo"))
    assert Role.STUDENT not in {t.role for t in targets}
    assert {Role.TEACHER, Role.SCHOOL_ADMIN, Role.MENTOR} <= {t.role for t in targets}
