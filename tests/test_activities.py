"""The activity list of an internship: the student proposes, the mentor confirms (or corrects)
with one tap, the list shows coverage; nobody else reaches or changes any of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalogue.models import ActivityTemplate, CatalogueVersion
from demo.activities import seed_activities
from evaluations.activities import selectors, services
from evaluations.models import ActivityEntry
from internships.models import Internship
from tests.conftest import ANTWERPEN_LOGINS

STUDENT, MENTOR = "student@uniform.demo", "mentor@uniform.demo"
READERS = ["schooladmin@uniform.demo", "teacher@uniform.demo", "childcare@uniform.demo", "coach@uniform.demo"]
OUTSIDERS = ["mentor2@uniform.demo", "teacher2@uniform.demo", *ANTWERPEN_LOGINS]


def _url(name, internship, *args):
    return reverse(f"activities:{name}", args=[internship.pk, *args])


@pytest.fixture
def emma(demo):
    internship = demo.emma_internship
    seed_activities(internship)
    return internship


def _form(activity, day=None, level="observed", note="Met de mentor samen"):
    return {"activity": activity.pk, "date": (day or timezone.localdate()).isoformat(), "level": level, "note": note}


def _never_done(internship):
    return [row.activity for row in selectors.activity_overview(internship).never_done]


def _untouched(internship):
    """Activities without any entry yet (never done, nothing proposed)."""
    return [row.activity for row in selectors.activity_overview(internship).never_done if not row.entries]


def test_student_proposes_mentor_confirms_with_a_corrected_level_and_coverage_changes(demo, emma):
    before = selectors.activity_overview(emma)
    activity = _untouched(emma)[0]
    n_events = emma.events.filter(kind="activity").count()

    response = demo.client_for(STUDENT).post(_url("activity_add", emma), _form(activity, note="Eerste keer geholpen"))
    assert response.status_code == 302
    entry = emma.activity_entries.get(activity=activity)
    assert (entry.status, entry.level, entry.proposed_by.email, entry.confirmed_by) == ("proposed", "observed", STUDENT, None)
    # A proposal does not count yet: still never done.
    assert selectors.activity_overview(emma).n_done == before.n_done
    assert activity in _never_done(emma)

    mentor = demo.client_for(MENTOR)
    html = mentor.get(_url("activity_list", emma)).content.decode()
    assert _url("activity_confirm", emma, entry.pk) in html and "Eerste keer geholpen" in html
    response = mentor.post(_url("activity_confirm", emma, entry.pk), {"level": "with_help"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.level, entry.confirmed_by.email) == ("confirmed", "with_help", MENTOR)
    assert entry.confirmed_at is not None

    after = selectors.activity_overview(emma)
    assert after.n_done == before.n_done + 1
    assert activity not in _never_done(emma)
    row = next(r for r in after.rows if r.activity == activity)
    assert row.best_level == "with_help"
    assert emma.events.filter(kind="activity").count() == n_events + 2

    # The student's page shows it confirmed, with the best level reached.
    page = demo.client_for(STUDENT).get(_url("activity_list", emma))
    assert page.status_code == 200
    assert page.context["overview"].n_done == after.n_done
    assert _url("activity_confirm", emma, entry.pk) not in page.content.decode()


def test_mentor_confirms_as_proposed_with_one_tap_and_corrects_later(demo, emma):
    activity = _untouched(emma)[0]
    entry = services.activity_propose(
        internship=emma, by=demo.user(STUDENT), activity=activity, date=timezone.localdate(), level="independent", note="",
    )
    mentor = demo.client_for(MENTOR)
    assert mentor.post(_url("activity_confirm", emma, entry.pk), {"level": "independent"}).status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.level) == ("confirmed", "independent")
    # A confirmed entry can still be corrected; a second identical tap changes nothing.
    mentor.post(_url("activity_confirm", emma, entry.pk), {"level": "with_help"})
    entry.refresh_from_db()
    assert (entry.status, entry.level) == ("confirmed", "with_help")
    n_events = emma.events.count()
    mentor.post(_url("activity_confirm", emma, entry.pk), {"level": "with_help"})
    assert emma.events.count() == n_events


def test_mentor_entries_count_at_once_and_confirm_all(demo, emma):
    mentor = demo.client_for(MENTOR)
    activity = _untouched(emma)[0]
    assert mentor.post(_url("activity_add", emma), _form(activity, level="with_help")).status_code == 302
    assert emma.activity_entries.get(activity=activity).status == "confirmed"
    assert activity not in _never_done(emma)

    for a in _untouched(emma)[:2]:
        services.activity_propose(internship=emma, by=demo.user(STUDENT), activity=a, date=timezone.localdate(), level="observed")
    assert emma.activity_entries.filter(status="proposed").count() >= 2
    assert mentor.post(_url("activity_confirm_all", emma)).status_code == 302
    assert not emma.activity_entries.filter(status="proposed").exists()
    texts = " ".join(emma.events.filter(kind="activity").values_list("text", flat=True))
    assert "confirmed" in texts or "bevestigd" in texts  # the timeline speaks the site's language


def _other_version_activity():
    limburg = CatalogueVersion.objects.get(programme__network__slug="limburg", status="published")
    draft = CatalogueVersion.objects.create(programme=limburg.programme, label="2099-2100")
    return ActivityTemplate.objects.create(version=draft, title="Uit een andere versie", order=1)


@pytest.mark.parametrize(
    "foreign",
    [
        lambda: ActivityTemplate.objects.filter(version__programme__network__slug="antwerpen").first(),  # other network
        _other_version_activity,  # same network, another version
    ],
    ids=["other-network", "other-version"],
)
def test_a_foreign_activity_posted_by_hand_is_a_validation_error(demo, emma, foreign):
    activity = foreign()
    n = emma.activity_entries.count()
    for email in (STUDENT, MENTOR):
        response = demo.client_for(email).post(_url("activity_add", emma), _form(activity))
        assert response.status_code == 200
        assert response.context["form"].errors["activity"]
    assert emma.activity_entries.count() == n
    with pytest.raises(ValidationError):
        services.activity_propose(internship=emma, by=demo.user(STUDENT), activity=activity, date=timezone.localdate(), level="observed")


def test_dates_outside_the_period_or_in_the_future_are_rejected(demo, emma):
    activity = emma.catalogue_version.activities.first()
    client = demo.client_for(STUDENT)
    n = emma.activity_entries.count()
    for day in (emma.start_date - timedelta(days=1), emma.end_date + timedelta(days=1), timezone.localdate() + timedelta(days=1)):
        response = client.post(_url("activity_add", emma), _form(activity, day=day))
        assert response.status_code == 200, day
        assert response.context["form"].errors["date"], day
        with pytest.raises(ValidationError):
            services.activity_propose(internship=emma, by=demo.user(STUDENT), activity=activity, date=day, level="observed")
    assert emma.activity_entries.count() == n
    # Within the period, up to today: fine.
    assert client.post(_url("activity_add", emma), _form(activity, day=emma.start_date)).status_code == 302


def test_note_is_short_and_level_required(demo, emma):
    activity = emma.catalogue_version.activities.first()
    client = demo.client_for(STUDENT)
    response = client.post(_url("activity_add", emma), _form(activity, note="x" * 301))
    assert response.context["form"].errors["note"]
    response = client.post(_url("activity_add", emma), {**_form(activity), "level": "perfect"})
    assert response.context["form"].errors["level"]
    assert "level-error" in response.content.decode()


@pytest.mark.parametrize("email", READERS)
def test_readers_see_the_list_but_may_not_change_it(demo, emma, email):
    client = demo.client_for(email)
    response = client.get(_url("activity_list", emma))
    assert response.status_code == 200
    html = response.content.decode()
    assert _url("activity_add", emma) not in html and "/confirm" not in html
    entry = emma.activity_entries.filter(status="proposed").first()
    activity = emma.catalogue_version.activities.first()
    assert client.post(_url("activity_add", emma), _form(activity)).status_code == 403
    assert client.post(_url("activity_confirm", emma, entry.pk), {"level": "independent"}).status_code == 403
    assert client.post(_url("activity_confirm_all", emma)).status_code == 403
    entry.refresh_from_db()
    assert entry.status == "proposed"


def test_the_student_may_not_confirm(demo, emma):
    client = demo.client_for(STUDENT)
    entry = emma.activity_entries.filter(status="proposed").first()
    assert client.post(_url("activity_confirm", emma, entry.pk), {"level": "independent"}).status_code == 403
    assert client.post(_url("activity_confirm_all", emma)).status_code == 403


@pytest.mark.parametrize("email", OUTSIDERS)
def test_outsiders_get_404_on_emmas_list(demo, emma, email):
    client = demo.client_for(email)
    entry = emma.activity_entries.first()
    activity = emma.catalogue_version.activities.first()
    assert client.get(_url("activity_list", emma)).status_code == 404
    assert client.post(_url("activity_add", emma), _form(activity)).status_code == 404
    assert client.post(_url("activity_confirm", emma, entry.pk), {"level": "independent"}).status_code == 404
    assert client.post(_url("activity_confirm_all", emma)).status_code == 404


def test_entries_are_found_inside_the_internship_only(demo, emma):
    lucas = demo.lucas_internship
    seed_activities(lucas)
    theirs = lucas.activity_entries.filter(status="proposed").first()
    # Emma's mentor cannot confirm Lucas's entry through Emma's internship.
    response = demo.client_for(MENTOR).post(_url("activity_confirm", emma, theirs.pk), {"level": "independent"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "proposed"


def test_never_a_500_on_garbage(demo, emma):
    mentor, student = demo.client_for(MENTOR), demo.client_for(STUDENT)
    entry = emma.activity_entries.filter(status="proposed").first()
    assert mentor.post(_url("activity_confirm", emma, entry.pk), {"level": "bogus"}).status_code == 302
    entry.refresh_from_db()
    assert entry.status == "proposed"
    assert mentor.post(_url("activity_confirm", emma, 999999999), {"level": "observed"}).status_code == 404
    for data in ({}, {"activity": "x", "date": "31/02/2026", "level": ["a", "b"], "note": "\x00"}, {"activity": "99999999999999999999"}):
        assert student.post(_url("activity_add", emma), data).status_code == 200
    assert student.get(_url("activity_list", emma), {"activity": "<script>"}).status_code == 200
    assert student.get(_url("activity_list", emma), {"activity": "99999"}).status_code == 200
    assert mentor.get(_url("activity_add", emma)).status_code == 405
    assert student.get(f"/internships/{emma.pk}/activities/abc/confirm/").status_code == 404
    assert student.get("/internships/not-a-uuid/activities/").status_code == 404


def test_the_page_shows_coverage_never_done_and_best_levels(demo, emma):
    response = demo.client_for(STUDENT).get(_url("activity_list", emma))
    html = response.content.decode()
    overview = response.context["overview"]
    assert overview.total == emma.catalogue_version.activities.count() > 0
    assert [r.activity.pk for r in overview.rows] == list(
        emma.catalogue_version.activities.order_by("order", "pk").values_list("pk", flat=True)
    )
    assert 0 < overview.n_done < overview.total
    assert html.count("never-done-badge") == len(overview.never_done)
    for row in overview.rows:
        if row.done:
            assert f'data-best="{row.best_level}"' in html
    assert _url("activity_add", emma) in html and 'type="radio"' in html


def test_the_page_keeps_a_constant_query_count(demo, emma):
    client = demo.client_for(MENTOR)
    with CaptureQueriesContext(connection) as small:
        assert client.get(_url("activity_list", emma)).status_code == 200
    activities = list(emma.catalogue_version.activities.all())
    mentor, student = demo.user(MENTOR), demo.user(STUDENT)
    ActivityEntry.objects.bulk_create([
        ActivityEntry(internship=emma, activity=activities[n % len(activities)], date=emma.start_date + timedelta(days=n % 7),
                      level="with_help", status="proposed" if n % 2 else "confirmed", proposed_by=student,
                      confirmed_by=None if n % 2 else mentor, note=f"extra {n}")
        for n in range(60)
    ])
    with CaptureQueriesContext(connection) as large:
        response = client.get(_url("activity_list", emma))
    assert "extra 59" in response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries) <= 15


def test_demo_seed_is_idempotent_and_realistic(demo):
    emma = demo.emma_internship
    seed_activities(emma)
    n = emma.activity_entries.count()
    assert seed_activities(emma) == []
    assert emma.activity_entries.count() == n
    assert emma.activity_entries.filter(status="confirmed").count() >= 4
    assert 1 <= emma.activity_entries.filter(status="proposed").count() <= 2
    today = timezone.localdate()
    assert not emma.activity_entries.exclude(date__range=(emma.start_date, min(today, emma.end_date))).exists()
    assert not emma.activity_entries.exclude(activity__version=emma.catalogue_version).exists()
    planned = Internship.objects.filter(status="planned").first()
    assert seed_activities(planned) == [] and not planned.activity_entries.exists()
    closed = Internship.objects.filter(status="closed").first()
    seed_activities(closed)
    assert closed.activity_entries.exists() and not closed.activity_entries.filter(status="proposed").exists()


def test_demo_seed_works_for_every_demo_internship(demo):
    for internship in Internship.objects.select_related("catalogue_version", "student", "mentor"):
        seed_activities(internship)
        started = internship.status not in ("planned", "intake_done")
        assert internship.activity_entries.exists() == started, internship
        assert not internship.activity_entries.filter(date__gt=timezone.localdate()).exists()
        assert not internship.activity_entries.filter(date__week_day__in=(1, 7)).exists()  # no weekends
