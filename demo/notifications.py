"""Demo notifications (issue #15), called by demo/region.py after everything else.

The demo's services already told people what happened while it was seeded (Emma's rejected
Friday, the sheet the coach sent back, the withdrawn school signature). This adds what a usual
week brings, through ``notifications.services.notify`` with fixed dedupe keys (idempotent), and
dates them over the past days: unread ones for the demo teacher, mentor, student, school and
childcare admin, some read. Nothing seeded is mailed: every demo row counts as delivered.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from evaluations.models import FeedbackSheet
from internships.models import Internship
from notifications import services
from notifications.kinds import Kind
from notifications.models import MailStatus, Notification
from tenancy.models import User


def _internship_url(internship, anchor=""):
    return reverse("internships:detail", args=[internship.pk]) + (f"#{anchor}" if anchor else "")


def seed_notifications() -> None:
    users = {u.email: u for u in User.objects.filter(email__endswith=".demo")}
    emma = Internship.objects.filter(student__user__email="student@uniform.demo").select_related("student", "site", "school").first()
    if emma is None:
        return
    base = {"student": emma.student.full_name, "site": str(emma.site), "school": str(emma.school)}
    sheet = FeedbackSheet.objects.filter(internship=emma, status="shared").order_by("-date").first()
    sheet_url = reverse("feedback:sheet_detail", args=[emma.pk, sheet.pk]) if sheet else _internship_url(emma, "feedback")
    mentor, teacher = users.get("mentor@uniform.demo"), users.get("teacher@uniform.demo")
    visit = emma.visits.filter(status="planned", date__gte=timezone.localdate()).order_by("date").first()
    visit_when = (visit.date.strftime("%d/%m/%Y") + (f" {visit.time:%H:%M}" if visit.time else "")) if visit else ""
    planned: list[tuple] = []  # (key, kind, recipient email, link, context, hours ago, read)
    planned += [
        ("sheet", Kind.SHEET_SHARED, "teacher@uniform.demo", sheet_url, {"actor": str(mentor), "date": sheet.date.strftime("%d/%m/%Y") if sheet else ""}, 5, False),
        ("sheet", Kind.SHEET_SHARED, "student@uniform.demo", sheet_url, {"actor": str(mentor)}, 5, True),
        ("reflection", Kind.REFLECTION_WRITTEN, "mentor@uniform.demo", sheet_url + "#reflection", {}, 26, False),
        ("reflection", Kind.REFLECTION_WRITTEN, "teacher@uniform.demo", sheet_url + "#reflection", {}, 26, True),
        ("hours", Kind.HOURS_PROPOSED, "mentor@uniform.demo", _internship_url(emma, "hours"), {"details": "7,5 uur"}, 3, False),
        ("visit", Kind.VISIT_PLANNED, "mentor@uniform.demo", _internship_url(emma, "visits"), {"actor": str(teacher), "date": visit_when}, 30, False),
        ("visit", Kind.VISIT_PLANNED, "student@uniform.demo", _internship_url(emma, "visits"), {"actor": str(teacher), "date": visit_when}, 30, False),
        ("document", Kind.DOCUMENT_UPLOADED, "schooladmin@uniform.demo", _internship_url(emma, "documents"),
         {"title": "Medisch attest", "actor": emma.student.full_name}, 8, False),
        ("reminder-docs", Kind.REMINDER_DOCUMENTS_DUE, "student@uniform.demo", _internship_url(emma, "documents"),
         {"date": (timezone.localdate() + timedelta(days=7)).strftime("%d/%m/%Y"), "details": "Uittreksel strafregister (model 2)"}, 20, False),
        ("planned", Kind.INTERNSHIP_PLANNED, "childcare@uniform.demo", _internship_url(emma),
         {"date": emma.start_date.strftime("%d/%m/%Y"), "actor": "Marc Claes"}, 24 * 9, True),
        ("reminder-feedback", Kind.REMINDER_NO_FEEDBACK_TEACHER, "teacher@uniform.demo", _internship_url(emma, "feedback"), {"days": 14}, 50, True),
    ]
    if visit is None:
        planned = [p for p in planned if p[0] != "visit"]
    lucas = Internship.objects.filter(student__user__email="student@other.demo").select_related("student", "site", "school").first()
    if lucas is not None:
        other = {"student": lucas.student.full_name, "site": str(lucas.site), "school": str(lucas.school)}
        planned += [
            ("o-hours", Kind.HOURS_PROPOSED, "mentor@other.demo", _internship_url(lucas, "hours"), {**other, "details": "6 uur"}, 4, False),
            ("o-visit", Kind.VISIT_PLANNED, "student@other.demo", _internship_url(lucas, "visits"),
             {**other, "actor": "Nathalie De Smedt", "date": (timezone.localdate() + timedelta(days=4)).strftime("%d/%m/%Y")}, 12, False),
        ]
    now = timezone.now()
    for key, kind, email, link, context, hours_ago, read in planned:
        user = users.get(email)
        if user is None:
            continue
        internship = lucas if key.startswith("o-") else emma
        rows = services.notify(kind, [user], about=internship, internship=internship, link=link,
                               context={**base, **context} if internship is emma else context, dedupe_key=f"demo:{key}:{kind}")
        when = now - timedelta(hours=hours_ago)
        Notification.objects.filter(pk__in=[r.pk for r in rows]).update(created_at=when, read_at=when if read else None)
    # Everything the seed wrote counts as delivered: `make run` mails nothing of the demo.
    Notification.objects.filter(network__slug__in=["limburg", "antwerpen"], recipient__email__endswith=".demo").exclude(mail_status__in=[MailStatus.SENT, MailStatus.NONE]).update(
        mail_status=MailStatus.SENT, mailed_at=now
    )
