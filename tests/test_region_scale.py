"""Issue 21 / ADR 0021: the region generator keeps the models' rules and is deterministic; the
pages that grew with a region are bounded and keep a flat query count (time is measured by
make bench-region, never here)."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Evaluation, FeedbackSheet
from internships.models import Internship
from tests.factories import InternshipFactory, StudentFactory


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def _seed_tiny():
    from demo.scale import seed_scale
    from schools.models import Student

    counts = seed_scale(scale=0.01, today=timezone.localdate())
    return counts, sorted(str(pk) for pk in Student.objects.filter(school__name__contains="(regio)").values_list("pk", flat=True))


def test_seed_scale_is_deterministic_and_keeps_the_rules(demo):
    from evaluations.evaluation.selectors import content_digest, evaluation_content
    from evaluations.feedback.selectors import sheet_content

    with transaction.atomic():
        first = _seed_tiny()
        transaction.set_rollback(True)
    with transaction.atomic():
        second = _seed_tiny()
        assert first == second  # same counts, same ids
        counts = second[0]
        assert counts["internships"] > 0 and counts["feedback_ratings"] >= 7 * counts["feedback_sheets"]
        assert counts["evaluations"] > 0
        # Shared sheets carry the snapshot of what they show; signed evaluations the digests of their content.
        region = Internship.objects.filter(school__name__contains="(regio)")
        sheet = FeedbackSheet.objects.filter(internship__in=region, status="shared").select_related(
            "internship__student__group", "internship__school__network", "internship__site__organisation",
            "internship__catalogue_version__programme", "internship__mentor", "internship__teacher", "author").first()
        assert sheet.snapshot == sheet_content(sheet)
        for evaluation in Evaluation.objects.filter(internship__in=region)[:3]:
            assert evaluation.locked_at is not None
            content = evaluation_content(evaluation)
            assert evaluation.mentor_signed_digest == content_digest(content, "mentor")
            assert evaluation.teacher_signed_digest == content_digest(content, "teacher")
            assert evaluation.snapshot["content"] == content
        # The demo logins get their share: the demo mentor has more interns than the demo's five.
        assert Internship.objects.filter(mentor__email="mentor@uniform.demo").count() > 5
        transaction.set_rollback(True)


def _grow_active(n, *, status=Internship.Status.RUNNING):
    from childcare.models import Site
    from schools.models import Group
    from tenancy.models import Organisation, User

    lindeboom = Organisation.objects.get(name="Campus De Lindeboom")
    group = Group.objects.get(name="7BKO-A")
    nestje = Site.objects.get(name="KDV 't Nestje")
    mentor = User.objects.get(email="mentor@uniform.demo")
    for _ in range(n):
        InternshipFactory(student=StudentFactory(school=lindeboom, group=group), site=nestje, mentor=mentor, status=status,
                          catalogue_version=Internship.objects.filter(school=lindeboom).first().catalogue_version)


def test_school_admin_home_shows_what_needs_action_not_every_internship(demo):
    from home.selectors import HOME_LIMIT

    client = demo.client_for("schooladmin@uniform.demo")
    before, _ = _queries(client, reverse("home"))
    _grow_active(HOME_LIMIT + 5)
    after, response = _queries(client, reverse("home"))
    assert after == before
    section = next(s for s in response.context["sections"] if s.role == "school_admin")
    assert len(section.context["internships"]) == HOME_LIMIT
    assert section.context["n_active"] > HOME_LIMIT
    assert "?status=active" in response.content.decode()
    # Overdue documents first.
    flags = [i.n_overdue for i in section.context["internships"]]
    assert flags == sorted(flags, reverse=True)


def test_coordinator_home_shows_the_sites_that_need_attention_not_every_site(demo):
    from childcare.models import Site
    from home.selectors import HOME_LIMIT
    from tenancy.models import Organisation
    from tests.factories import SiteFactory

    client = demo.client_for("coordinator@uniform.demo")
    before, first = _queries(client, reverse("home"))
    kindernest = Organisation.objects.get(name="vzw Kindernest")
    lindeboom = Organisation.objects.get(name="Campus De Lindeboom")
    version = Internship.objects.filter(school=lindeboom).first().catalogue_version
    # New sites with a current intern each, more than their places and no trained mentor.
    for i in range(HOME_LIMIT + 5):
        site = SiteFactory(organisation=kindernest, name=f"KDV Extra {i:02}", capacity=0)
        InternshipFactory(student=StudentFactory(school=lindeboom), site=site, status=Internship.Status.RUNNING,
                          catalogue_version=version)
    after, response = _queries(client, reverse("home"))
    assert after == before
    section = next(s for s in response.context["sections"] if s.role == "coordinator")
    ctx = section.context
    assert len(ctx["attention"]) == HOME_LIMIT < ctx["n_attention"]
    assert all(s.over for s in ctx["attention"]) and ctx["n_sites"] == Site.objects.filter(
        organisation__network=kindernest.network, organisation__is_active=True).count()
    html = response.content.decode()
    assert f"De {HOME_LIMIT} van de {ctx['n_attention']} opvanglocaties" in html
    assert reverse("childcare:site_directory") in html and reverse("network:organisations") in html
    # The totals count everything, the list does not grow.
    n = Internship.objects.filter(school__network=lindeboom.network).count()
    assert ctx["n_internships"] == n and f">{n}<" in html
    assert html.count("<tr>") == first.content.decode().count("<tr>") + HOME_LIMIT - len(
        next(s for s in first.context["sections"] if s.role == "coordinator").context["attention"])


def test_mentor_and_teacher_homes_count_closed_internships_and_link_them(demo):
    _grow_active(6, status=Internship.Status.CLOSED)
    for email in ("mentor@uniform.demo",):
        client = demo.client_for(email)
        before, _ = _queries(client, reverse("home"))
        _grow_active(4, status=Internship.Status.CLOSED)
        after, response = _queries(client, reverse("home"))
        assert after == before
        assert "?status=closed" in response.content.decode()


def _share_sheets(internship, n):
    author = internship.mentor
    start = internship.start_date
    FeedbackSheet.objects.bulk_create(
        FeedbackSheet(internship=internship, author=author, date=start + timedelta(days=k % 40), status="shared",
                      shared_at=timezone.now(), snapshot={"bench": True})
        for k in range(n)
    )


def test_progress_grid_shows_a_window_of_recent_columns_and_the_rest_on_request(demo):
    from evaluations.progress.selectors import WINDOW

    emma = demo.emma_internship
    client = demo.client_for("teacher@uniform.demo")
    url = reverse("progress:progress_detail", args=[emma.pk])
    _share_sheets(emma, 3)
    before, _ = _queries(client, url)
    _share_sheets(emma, 2 * WINDOW)
    after, response = _queries(client, url)
    assert after == before
    total = response.context["n_columns"]
    assert len(response.context["columns"]) == WINDOW and total > 2 * WINDOW
    html = response.content.decode()
    assert "?page=2" in html and "?all=1" in html
    # The most recent columns first; page 2 the ones before; all=1 everything.
    later = [c[1] for c in response.context["columns"]]
    earlier = [c[1] for c in client.get(url + "?page=2").context["columns"]]
    assert max(earlier) <= min(later)
    assert len(client.get(url + "?all=1").context["columns"]) == total
    assert client.get(url + "?page=x").status_code == 200


def test_internship_page_lists_the_newest_sheets_and_the_rest_on_request(demo):
    """A sheet a day for a year: the internship page lists the newest ones, says how many there
    are and shows them all on request, in the same number of queries."""
    from evaluations.feedback.selectors import SHEETS_SHOWN

    emma = demo.emma_internship
    client = demo.client_for("teacher@uniform.demo")
    url = reverse("internships:detail", args=[emma.pk])
    _share_sheets(emma, SHEETS_SHOWN + 1)
    before, _ = _queries(client, url)
    _share_sheets(emma, 3 * SHEETS_SHOWN)
    after, response = _queries(client, url)
    assert after == before
    total = FeedbackSheet.objects.filter(internship=emma, status="shared").count()
    html = response.content.decode()
    assert len(response.context["feedback_sheets"]) == SHEETS_SHOWN
    assert f"De nieuwste {SHEETS_SHOWN} van {total} feedbackbladen" in html and "?sheets=all#feedback" in html
    everything = client.get(url + "?sheets=all")
    assert len(everything.context["feedback_sheets"]) == total and "sheets-more" not in everything.content.decode()


def test_site_directory_is_paged_and_keeps_its_filters(demo):
    """A region has 400 sites: the directory shows 30 cards a page, counts them all and keeps
    the filters in its page links, in the same number of queries."""
    from childcare.models import Site
    from childcare.profile_views import DIRECTORY_PAGE
    from tests.factories import SiteFactory

    client = demo.client_for("teacher@uniform.demo")
    url = reverse("childcare:site_directory")
    organisation = Site.objects.get(name="KDV Zonnebloem").organisation
    SiteFactory.create_batch(DIRECTORY_PAGE + 1, organisation=organisation, city="Genk")
    before, _ = _queries(client, url)
    SiteFactory.create_batch(DIRECTORY_PAGE, organisation=organisation, city="Genk")
    after, response = _queries(client, url + "?municipality=Genk")
    assert after == before
    total = response.context["page"].paginator.count
    assert len(response.context["sites"]) == DIRECTORY_PAGE and total > 2 * DIRECTORY_PAGE
    html = response.content.decode()
    assert f"{total} locaties" in html and "?municipality=Genk&amp;page=2" in html
    last = client.get(url, {"municipality": "Genk", "page": "3"})
    assert len(last.context["sites"]) == total - 2 * DIRECTORY_PAGE
    assert client.get(url, {"page": "x"}).status_code == 200


UUID = __import__("uuid").UUID


@pytest.mark.parametrize("name,args", [
    ("catalogue:indicator", [7]), ("catalogue:move", ["indicator", 12]), ("catalogue:cluster_delete", [3]),
    ("internships:detail", [UUID("0a1b2c3d-0000-4000-8000-000000000001")]),  # the mentor's cards
    ("feedback:sheet_detail", [UUID("0a1b2c3d-0000-4000-8000-000000000001"), UUID("0a1b2c3d-0000-4000-8000-0000000000f2")]),
])
def test_editor_urls_are_the_reversed_ones(name, args):
    from catalogue.templatetags.catalogue_editor import item_url

    def other(a):
        return a if isinstance(a, str) else UUID(int=a.int + 100) if isinstance(a, UUID) else a + 100

    assert item_url(name, *args) == reverse(name, args=args)
    assert item_url(name, *[other(a) for a in args]) == reverse(name, args=[other(a) for a in args])


def test_evaluation_and_site_pages_keep_their_query_counts_as_sheets_and_interns_grow(demo):
    """The evaluation page's hints (one row per indicator) and the site page's interns table
    (a page of 25): the same number of queries with many more rated sheets and interns."""
    from catalogue.models import Indicator, RatingLevel
    from childcare.models import Site
    from evaluations.models import FeedbackRating

    emma = demo.emma_internship
    mentor = demo.client_for("mentor@uniform.demo")
    assert mentor.post(reverse("evaluations:evaluation_start", args=[emma.pk, "midterm"])).status_code == 302
    evaluation = Evaluation.objects.get(internship=emma, kind="midterm")
    url = reverse("evaluations:evaluation_detail", args=[emma.pk, evaluation.pk])
    teacher = demo.client_for("teacher@uniform.demo")
    before, _ = _queries(teacher, url)
    indicators = list(Indicator.objects.filter(version=emma.catalogue_version))
    level = RatingLevel.objects.filter(scale__version=emma.catalogue_version).order_by("value").last()
    sheets = FeedbackSheet.objects.bulk_create(  # rated as drafts, then shared (a shared sheet does not change)
        FeedbackSheet(internship=emma, author=emma.mentor, date=timezone.localdate() + timedelta(days=k)) for k in range(30))
    FeedbackRating.objects.bulk_create(FeedbackRating(sheet=sheet, indicator=i, level=level) for sheet in sheets for i in indicators[:8])
    FeedbackSheet.objects.filter(pk__in=[s.pk for s in sheets]).update(status="shared", shared_at=timezone.now())
    after, response = _queries(teacher, url)
    assert after == before
    assert response.content.decode().count(f"niveau {level.value} op") >= 8  # the hints of the rated indicators

    nestje = Site.objects.get(name="KDV 't Nestje")
    admin = demo.client_for("childcare@uniform.demo")
    site_url = reverse("childcare:site", args=[nestje.pk])
    before, _ = _queries(admin, site_url)
    for _ in range(30):
        InternshipFactory(student=StudentFactory(school=emma.school), site=nestje, mentor=emma.mentor, teacher=emma.teacher,
                          catalogue_version=emma.catalogue_version, start_date=emma.start_date, end_date=emma.end_date)
    after, response = _queries(admin, site_url)
    assert after == before
    assert len(response.context["page"].object_list) == 25
