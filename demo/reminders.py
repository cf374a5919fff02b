"""Reminders in the demo region (ADR 0016): things that are due today, a network schedule that
differs from the defaults, a school that turned one reminder off, and a calendar link for every
demo login. The scheduler (`make run`) sends the reminders on its first minute.

- mentor2@uniform.demo has not written a sheet for their Lindeboom intern at BKO De Ravotter for
  nine days (their unfinished draft of this week is gone): "no feedback sheet";
- Emma's hours of her last two days of more than a week ago still wait for mentor@uniform.demo:
  "hours to confirm";
- the internship agreement of a Lindeboom student who starts at KDV Klein Duimpje is due in five
  days: "documents due" for schooladmin@uniform.demo;
- Limburg's coordinator asks documents 10 days ahead (default 7); CVO Maasland (adult
  education) turned the reflection reminder off for its students.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone

DEMO_LOGINS = [
    "coordinator@uniform.demo", "schooladmin@uniform.demo", "teacher@uniform.demo", "teacher2@uniform.demo",
    "childcare@uniform.demo", "coach@uniform.demo", "mentor@uniform.demo", "mentor2@uniform.demo",
    "student@uniform.demo", "coordinator@other.demo", "teacher@other.demo", "mentor@other.demo", "student@other.demo",
]


def seed_reminders(today=None) -> None:
    from calendars.services import feed_renew
    from evaluations.feedback.models import FeedbackSheet
    from internships.models import HourEntry, Internship, RequiredDocument
    from reminders.models import Reminder, ReminderOptOut, ReminderSetting
    from tenancy.models import Network, Organisation, User

    today = today or timezone.localdate()
    limburg = Network.objects.filter(slug="limburg").first()
    if limburg is None:
        return
    ReminderSetting.objects.get_or_create(network=limburg, reminder=Reminder.DOCUMENTS_DUE, defaults={"days": 10})
    cvo = Organisation.objects.filter(network=limburg, name="CVO Maasland").first()
    if cvo is not None:
        ReminderOptOut.objects.get_or_create(organisation=cvo, reminder=Reminder.REFLECTION_MISSING)

    # No sheet for nine days: the draft of this week was never written.
    quiet = Internship.objects.filter(site__name="BKO De Ravotter", mentor__email="mentor2@uniform.demo",
                                      school__name="Campus De Lindeboom", status=Internship.Status.RUNNING).first()
    if quiet is not None:
        FeedbackSheet.objects.filter(internship=quiet, status=FeedbackSheet.Status.DRAFT, date__gt=today - timedelta(days=7)).delete()

    # Emma's last two working days of more than a week ago still to confirm.
    emma = Internship.objects.filter(student__user__email="student@uniform.demo", status=Internship.Status.RUNNING).first()
    if emma is not None and not emma.hour_entries.filter(status=HourEntry.Status.PROPOSED, date__lte=today - timedelta(days=8)).exists():
        old = list(emma.hour_entries.filter(date__lte=today - timedelta(days=8), is_absence=False, status=HourEntry.Status.CONFIRMED)
                   .order_by("-date").values_list("pk", flat=True)[:2])
        HourEntry.objects.filter(pk__in=old).update(status=HourEntry.Status.PROPOSED, confirmed_by=None, confirmed_at=None)
        confirmed = emma.hour_entries.filter(status=HourEntry.Status.CONFIRMED, is_absence=False).aggregate(s=Sum("hours"))["s"] or 0
        Internship.objects.filter(pk=emma.pk).update(hours_done=confirmed)

    # An agreement due in five days.
    soon = (
        RequiredDocument.objects.filter(internship__site__name="KDV Klein Duimpje", internship__school__name="Campus De Lindeboom",
                                        internship__status=Internship.Status.PLANNED, document_type__name="Stageovereenkomst",
                                        status=RequiredDocument.Status.MISSING)
        .order_by("internship__start_date").first()
    )
    if soon is not None and soon.due_date > today + timedelta(days=5):
        RequiredDocument.objects.filter(pk=soon.pk).update(due_date=today + timedelta(days=5))

    for user in User.objects.filter(email__in=DEMO_LOGINS, calendar_feed__isnull=True):
        feed_renew(user=user)
