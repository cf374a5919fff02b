"""The schedule page, the opt-out, the scheduler's claims, the calendar feed and the one-tap
link (issue #15; ADR 0016)."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from urllib.parse import parse_qs, urlparse

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from calendars import selectors as cal
from calendars.models import CalendarFeed
from reminders import selectors, services
from reminders.models import Reminder, ReminderOptOut, ReminderSetting, SchedulerJob, SchedulerMinute
from tenancy.onetap import mail_link

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- the schedule


def _schedule_post(**changes):
    data = {}
    for s in selectors.schedule_of(0):
        data[f"{s.reminder}_days"] = s.days
        if s.later_days is not None:
            data[f"{s.reminder}_later"] = s.later_days
        data[f"{s.reminder}_enabled"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_coordinator_sets_the_networks_schedule(demo):
    client = demo.client_for("coordinator@uniform.demo")
    page = client.get(reverse("reminders:schedule"))
    assert page.status_code == 200 and "Uniform Limburg" in page.content.decode()
    response = client.post(reverse("reminders:schedule"), _schedule_post(no_feedback_days=10, no_feedback_later=4,
                                                                          reflection_missing_enabled=None))
    assert response.status_code == 302
    limburg = {s.reminder: s for s in selectors.schedule_of(demo.emma.school.network_id)}
    assert (limburg["no_feedback"].days, limburg["no_feedback"].later_days) == (10, 4)
    assert not limburg["reflection_missing"].enabled and limburg["documents_due"].enabled
    # The other network keeps the defaults.
    antwerpen = {s.reminder: s for s in selectors.schedule_of(demo.lucas.school.network_id)}
    assert antwerpen["no_feedback"].days == 7 and antwerpen["reflection_missing"].enabled


def test_a_bad_schedule_is_shown_again_with_the_error_and_nothing_is_saved(demo):
    client = demo.client_for("coordinator@uniform.demo")
    response = client.post(reverse("reminders:schedule"), _schedule_post(no_feedback_days="-3", signature_awaited_later="x"))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="-3"' in body and "is-invalid" in body
    assert not ReminderSetting.objects.filter(reminder="no_feedback").exists()


def test_only_the_coordinator_opens_the_schedule(demo):
    assert demo.client_for("schooladmin@uniform.demo").get(reverse("reminders:schedule")).status_code == 403
    before = list(ReminderSetting.objects.values_list("network_id", "reminder", "days"))
    assert demo.client_for("mentor@uniform.demo").post(reverse("reminders:schedule"), _schedule_post(no_feedback_days=1)).status_code == 403
    assert list(ReminderSetting.objects.values_list("network_id", "reminder", "days")) == before


def test_a_switched_off_reminder_is_not_due(demo):
    today = timezone.localdate()
    due = {d.reminder for d in selectors.due_reminders(today) if d.internship.school.network_id == demo.emma.school.network_id}
    assert Reminder.DOCUMENTS_OVERDUE in due  # the demo student still owes a document
    services.schedule_update(network=demo.emma.school.network, reminder=Reminder.DOCUMENTS_OVERDUE, enabled=False, days=1,
                             later_days=None, by=None)
    due = {d.reminder for d in selectors.due_reminders(today) if d.internship.school.network_id == demo.emma.school.network_id}
    assert Reminder.DOCUMENTS_OVERDUE not in due


# --------------------------------------------------------------------------- opt-out


def test_a_school_turns_a_reminder_off_for_its_own_people_only(demo):
    school = demo.emma.school
    owed = demo.emma_internship.documents.filter(status="missing").order_by("due_date").first()
    today = owed.due_date + timedelta(days=2)  # the day after the reminder's day

    def overdue_recipients():
        return {d.recipient_id for d in selectors.due_reminders(today)
                if d.reminder == Reminder.DOCUMENTS_OVERDUE and d.internship == demo.emma_internship}

    before = overdue_recipients()
    assert demo.user("student@uniform.demo").pk in before
    client = demo.client_for("schooladmin@uniform.demo")
    assert client.get(reverse("reminders:opt_outs")).status_code == 200
    response = client.post(reverse("reminders:opt_outs"), {"organisation": school.pk, "off_documents_overdue": "on"})
    assert response.status_code == 302
    assert set(ReminderOptOut.objects.filter(organisation=school).values_list("reminder", flat=True)) == {"documents_overdue"}
    assert demo.user("student@uniform.demo").pk not in overdue_recipients()
    # The school's admins are its people too.
    assert demo.user("schooladmin@uniform.demo").pk not in overdue_recipients()
    # On again.
    client.post(reverse("reminders:opt_outs"), {"organisation": school.pk})
    assert not ReminderOptOut.objects.filter(organisation=school).exists() and overdue_recipients() == before


def test_an_organisation_that_is_not_yours_is_refused(demo):
    other = demo.lucas.school
    client = demo.client_for("childcare@uniform.demo")
    response = client.post(reverse("reminders:opt_outs"), {"organisation": other.pk, "off_no_feedback": "on"}, follow=True)
    assert response.status_code == 200 and not ReminderOptOut.objects.filter(organisation=other).exists()
    assert demo.client_for("teacher@uniform.demo").get(reverse("reminders:opt_outs")).status_code == 403


# --------------------------------------------------------------------------- the scheduler's claims


def test_two_schedulers_run_each_minute_once_and_a_killed_run_is_taken_over(demo, monkeypatch):
    calls = []
    monkeypatch.setattr(services, "send_reminders", lambda day: calls.append(day) or 0)
    monkeypatch.setattr(services, "send_training_reminders", lambda day: 0)
    now = timezone.make_aware(datetime.combine(timezone.localdate(), time(8, 0, 12)))
    assert services.tick(now, worker="one").ran
    assert not services.tick(now + timedelta(seconds=30), worker="two").ran  # the same minute
    nxt = services.tick(now + timedelta(minutes=1), worker="two")
    assert nxt.ran and nxt.counts["reminders"] is None  # the day's reminders ran already
    assert calls == [now.date()] and SchedulerMinute.objects.count() == 2
    # A process killed in the middle of the day's job leaves its claim: after STALE_CLAIM
    # another one takes it over.
    tomorrow = now + timedelta(days=1)
    SchedulerJob.objects.filter(name="reminders").update(claimed_at=tomorrow, claimed_by="dead")
    assert services.run_daily("reminders", tomorrow.date(), lambda: 1, worker="two", now=tomorrow + timedelta(minutes=5)) is None
    assert services.run_daily("reminders", tomorrow.date(), lambda: 1, worker="two", now=tomorrow + timedelta(minutes=16)) == 1
    assert SchedulerJob.objects.get(name="reminders").last_day == tomorrow.date()


def test_a_failing_job_gives_its_claim_back(demo):
    def boom():
        raise RuntimeError("mail server down")

    day = timezone.localdate()
    with pytest.raises(RuntimeError):
        services.run_daily("reminders", day, boom, worker="one")
    assert services.run_daily("reminders", day, lambda: 3, worker="one") == 3


def test_run_scheduler_once(demo):
    from django.core.management import call_command

    call_command("run_scheduler", "--once")
    assert SchedulerMinute.objects.count() == 1


# --------------------------------------------------------------------------- the calendar


def _events(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return [str(e.get("summary")) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")]


def test_the_calendar_feed_holds_only_ones_own_and_a_new_link_ends_the_old(demo, client):
    mentor = demo.client_for("mentor@uniform.demo")
    CalendarFeed.objects.filter(user__email="mentor@uniform.demo").delete()  # the demo made one
    page = mentor.get(reverse("calendars:settings"))
    assert page.status_code == 200 and not CalendarFeed.objects.filter(user__email="mentor@uniform.demo").exists()  # a GET makes nothing
    assert mentor.post(reverse("calendars:renew")).status_code == 302
    feed = CalendarFeed.objects.get(user__email="mentor@uniform.demo")
    url = reverse("calendars:feed", args=[cal.token_of(feed)])
    assert url in mentor.get(reverse("calendars:settings")).content.decode()
    summaries = _events(client, url)  # logged out: the token is the key
    emma = demo.emma.full_name
    assert any(s.startswith("Visit") or s.startswith("Stagebezoek") for s in summaries)
    assert any(emma in s for s in summaries)
    assert not any(demo.lucas.full_name in s for s in summaries)  # another network's intern
    # mentor2's interns are not the demo mentor's
    others = {i.student.full_name for i in demo.emma_internship.__class__.objects.filter(mentor__email="mentor2@uniform.demo")}
    assert others and not any(name in s for s in summaries for name in others)
    # A tampered or renewed token opens nothing.
    other = "1" if url[-6] == "0" else "0"  # a character that differs (the token's may be "0")
    assert client.get(url[:-6] + other + url[-5:]).status_code == 404
    mentor.post(reverse("calendars:renew"))
    assert client.get(url).status_code == 404
    feed.refresh_from_db()
    assert client.get(reverse("calendars:feed", args=[cal.token_of(feed)])).status_code == 200


def test_the_student_and_the_coordinator_see_their_own_calendar(demo, client):
    from calendars.services import feed_renew

    student = demo.user("student@uniform.demo")
    summaries = [e.summary for e in cal.events_for(student)]
    assert any("Deadline" in s or "deadline" in s.lower() for s in summaries) or summaries
    assert cal.events_for(demo.user("coordinator@uniform.demo")) == []
    feed = feed_renew(user=student)
    student.is_active = False
    student.save()
    assert client.get(reverse("calendars:feed", args=[cal.token_of(feed)])).status_code == 404


# --------------------------------------------------------------------------- one tap


def test_one_tap_from_the_mail_to_the_task_by_login_code(demo, client, mailoutbox):
    mentor = demo.user("mentor@uniform.demo")
    task = reverse("internships:detail", args=[demo.emma_internship.pk]) + "#hours"
    link = mail_link(mentor, task)
    assert link.startswith("http://") and "next=/internships/" in link
    parts = urlparse(link)
    page = client.get(f"{parts.path}?{parts.query}")
    body = page.content.decode()
    assert page.status_code == 200 and 'value="mentor@uniform.demo"' in body
    assert f'action="{reverse("account_request_login_code")}"' in body
    # The link alone logs nobody in.
    assert client.get(task).status_code == 302
    query = parse_qs(parts.query)
    sent = client.post(reverse("account_request_login_code"), {"email": mentor.email, "next": query["next"][0]})
    assert sent.status_code == 302 and mailoutbox[-1].to == [mentor.email]
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mailoutbox[-1].body, re.M).group(1)
    confirm = client.post(sent["Location"], {"code": code})
    assert confirm.status_code == 302 and confirm["Location"] == task
    assert client.get(task).status_code == 200


def test_the_one_tap_page_fills_in_nothing_for_a_forged_link_and_sends_nowhere_else(demo, client):
    page = client.get(reverse("onetap"), {"next": "/", "for": "12:forged"})
    assert page.status_code == 200 and 'value="mentor' not in page.content.decode()
    logged_in = demo.client_for("teacher@uniform.demo")
    assert logged_in.get(reverse("onetap"), {"next": "https://evil.example/x"})["Location"] == reverse("home")
    assert logged_in.get(reverse("onetap"), {"next": "//evil.example/x"})["Location"] == reverse("home")
    assert logged_in.get(reverse("onetap"), {"next": "/training/"})["Location"] == "/training/"


def test_the_one_tap_page_takes_nul(demo, client):
    for bad in ("a\x00b", "a\x01b\x1bc\u202ed"):
        assert client.get(reverse("onetap"), {"next": f"/{bad}", "for": bad}).status_code == 200
        assert demo.client_for("mentor@uniform.demo").get(reverse("onetap"), {"next": f"/{bad}"}).status_code == 302
