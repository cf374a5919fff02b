"""Placements (issue #17, ADR 0018): periods, places offered and asked, placement requests and
the coordinator's network dashboard, on the demo region (demo/placements.py)."""

from __future__ import annotations

import io
import threading
import time
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, connections
from django.urls import reverse

from catalogue.services import current_version
from childcare.models import Site, SiteCapacity
from internships.models import Internship
from placements import selectors, services
from placements.models import PlaceDemand, PlacementEvent, PlacementPeriod, PlacementRequest
from schools.models import Student
from tenancy.models import Network, Organisation


def period(name: str) -> PlacementPeriod:
    return PlacementPeriod.objects.get(network__slug="limburg", name=name)


def site(name: str) -> Site:
    return Site.objects.get(name=name)


def pending() -> PlacementRequest:
    return PlacementRequest.objects.get(status="pending", site__name="KDV 't Nestje", period__name="Voorjaar 2027")


def free_students(n: int, school="Campus De Lindeboom") -> list[Student]:
    """Students of the school without an internship or a request."""
    return list(Student.objects.filter(school__name=school, internships__isnull=True, placement_requests__isnull=True,
                                       user__isnull=True).order_by("last_name", "first_name")[:n])


def board(demo, period_name=None):
    coordinator = demo.user("coordinator@uniform.demo")
    pk = period(period_name).pk if period_name else None
    return selectors.network_dashboard(coordinator, Network.objects.get(slug="limburg"), pk)


# --------------------------------------------------------------------------- services


def test_publishing_places_writes_the_sites_capacity_and_refuses_an_overlap(demo):
    summer = period("Zomer 2027")
    offer = services.offer_publish(site=site("KDV 't Nestje"), period=summer, places=2, by=demo.user("childcare@uniform.demo"))
    assert (offer.capacity.start_date, offer.capacity.end_date, offer.capacity.places) == (date(2027, 7, 1), date(2027, 8, 31), 2)
    again = services.offer_publish(site=site("KDV 't Nestje"), period=summer, places=3)
    assert again.pk == offer.pk and SiteCapacity.objects.get(pk=offer.capacity_id).places == 3
    # KDV Zonnebloem has a capacity period 1/3 – 30/6/2027: spring cannot be published over it.
    with pytest.raises(ValidationError, match="overlapt"):
        services.offer_publish(site=site("KDV Zonnebloem"), period=period("Voorjaar 2027"), places=2)
    # The school admin sees the published places, with what is free.
    page = demo.client_for("schooladmin@uniform.demo").get(reverse("placements:index"))
    offers = [o for o in page.context["offers"] if o.site.name == "KDV 't Nestje" and o.period == summer]
    assert [(o.places, o.free) for o in offers] == [(3, 3)]


def test_a_school_admin_posts_demand_and_the_dashboard_counts_it(demo):
    before = board(demo, "Voorjaar 2027").current.asked
    client = demo.client_for("schooladmin@uniform.demo")
    school = Organisation.objects.get(name="Campus De Lindeboom")
    bad = client.post(reverse("placements:demand_add"), {"school": school.pk, "period": period("Voorjaar 2027").pk, "students": "0"})
    assert bad.status_code == 200 and bad.context["form"].errors
    response = client.post(reverse("placements:demand_add"), {
        "school": school.pk, "period": period("Voorjaar 2027").pk, "programme": school.network.programmes.get().pk,
        "year": "6de jaar", "students": 3, "municipality": "Genk", "site_kind": "out_of_school",
    })
    assert response.status_code == 302
    assert PlaceDemand.objects.filter(school=school, year="6de jaar", students=3).exists()
    assert board(demo, "Voorjaar 2027").current.asked == before + 3


def test_accepting_a_request_plans_the_internship_with_the_catalogue_pinned(demo):
    request = pending()
    student = request.students.order_by("last_name").first()
    client = demo.client_for("childcare@uniform.demo")
    mentor = demo.user("mentor@uniform.demo")
    response = client.post(reverse("placements:request_answer", args=[request.pk]),
                           {"action": "accept", "students": [student.pk], "mentor": mentor.pk})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted"
    internship = request.internships.get()
    spring = period("Voorjaar 2027")
    assert (internship.student, internship.site.name, internship.mentor, internship.status) == (
        student, "KDV 't Nestje", mentor, Internship.Status.PLANNED)
    assert (internship.start_date, internship.end_date) == (spring.start_date, spring.end_date)
    assert internship.catalogue_version == current_version(request.programme)
    assert internship.teacher == request.teacher
    assert [e.action for e in request.events.all()] == ["asked", "accepted"]
    assert request.events.last().by == demo.user("childcare@uniform.demo")


def test_accepting_beyond_the_places_is_refused_and_plans_nothing(demo):
    nestje, spring = site("KDV 't Nestje"), period("Voorjaar 2027")
    lindeboom = Organisation.objects.get(name="Campus De Lindeboom")
    mentor = demo.user("mentor@uniform.demo")
    programme = pending().programme
    services.request_accept(request=pending(), students=[pending().students.first()], mentor=mentor)  # the last place
    other = services.request_create(school=lindeboom, site=nestje, period=spring, programme=programme, students=free_students(1))
    before = Internship.objects.count()
    with pytest.raises(ValidationError, match="Geen plaats meer"):
        services.request_accept(request=other, students=list(other.students.all()), mentor=mentor)
    other.refresh_from_db()
    assert other.status == "pending" and Internship.objects.count() == before
    # Through the page: the form is shown again with the refusal (no 500, nothing planned).
    page = demo.client_for("childcare@uniform.demo").post(
        reverse("placements:request_answer", args=[other.pk]),
        {"action": "accept", "students": [other.students.get().pk], "mentor": mentor.pk})
    assert page.status_code == 200 and "Geen plaats meer" in str(page.context["answer_form"].non_field_errors())


def test_decline_needs_a_reason_and_the_school_reads_it(demo):
    request = pending()
    client = demo.client_for("childcare@uniform.demo")
    short = client.post(reverse("placements:request_answer", args=[request.pk]), {"action": "decline", "reason": ""})
    assert short.status_code == 200 and "reason" in short.context["answer_form"].errors
    client.post(reverse("placements:request_answer", args=[request.pk]), {"action": "decline", "reason": "Geen mentor vrij in het voorjaar."})
    request.refresh_from_db()
    assert request.status == "declined" and request.reason == "Geen mentor vrij in het voorjaar."
    page = demo.client_for("schooladmin@uniform.demo").get(reverse("placements:request", args=[request.pk]))
    assert "Geen mentor vrij in het voorjaar." in page.content.decode()
    # Answering twice is refused in words, not overwritten.
    with pytest.raises(ValidationError, match="werd al beantwoord"):
        services.request_decline(request=request, reason="Nog eens geweigerd.")


def test_another_period_proposed_and_taken_by_the_school(demo):
    request = pending()
    childcare = demo.user("childcare@uniform.demo")
    services.offer_publish(site=request.site, period=period("Zomer 2027"), places=1, by=childcare)
    services.request_counter(request=request, period=period("Zomer 2027"), mentor=demo.user("mentor@uniform.demo"),
                             message="In de zomer wel.", by=childcare)
    client = demo.client_for("schooladmin@uniform.demo")
    response = client.post(reverse("placements:request_reply", args=[request.pk]), {"action": "accept"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted" and request.period.name == "Zomer 2027"
    assert request.internships.get().start_date == date(2027, 7, 1)
    assert [e.action for e in request.events.all()] == ["asked", "counter_proposed", "counter_accepted"]


def test_the_demo_counter_proposal_can_be_declined_by_the_school(demo):
    request = PlacementRequest.objects.get(status="counter_proposed")
    client = demo.client_for("schooladmin@uniform.demo")
    assert client.post(reverse("placements:request_reply", args=[request.pk]), {"action": "decline", "reason": "Te laat."}).status_code == 302
    request.refresh_from_db()
    assert request.status == "counter_declined" and not request.internships.exists()


# --------------------------------------------------------------------------- the last place, twice at once


def _last_place_world():
    """A small network of its own (the test commits, so it leaves the demo alone): two schools
    with a student each, one site with one place in one period, its mentor, a published catalogue."""
    from django.utils import timezone

    from catalogue.models import CatalogueVersion, Programme
    from tests.factories import (
        ChildcareFactory,
        MembershipFactory,
        NetworkFactory,
        SchoolFactory,
        SiteFactory,
        StudentFactory,
    )

    network = NetworkFactory()
    programme = Programme.objects.create(network=network, name="Kinderbegeleider", code="kb")
    CatalogueVersion.objects.create(programme=programme, label="2027", status="published", published_at=timezone.now())
    site = SiteFactory(organisation=ChildcareFactory(network=network))
    mentor = MembershipFactory(organisation=site.organisation, site=site, role="mentor").user
    late = services.period_create(network=network, name="Najaar 2027", start_date=date(2027, 9, 1), end_date=date(2028, 1, 31))
    services.offer_publish(site=site, period=late, places=1)
    requests = []
    for _ in range(2):
        school = SchoolFactory(network=network)
        requests.append(services.request_create(school=school, site=site, period=late, programme=programme,
                                                students=[StudentFactory(school=school)]))
    return site, late, mentor, requests


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_accepts_for_the_last_place_one_wins():
    """Acceptance 2: two schools ask a site for its last place; the site's admin (two tabs)
    accepts both at the same moment. One is planned, the other refused in words; the capacity
    (1 place) is never exceeded. Two threads, each with its own database connection.

    PostgreSQL: the second acceptance waits on the capacity row's lock, then counts the place
    taken. SQLite: the suite's in-memory database shares one cache between connections, where
    a writer gets "database table is locked" at once instead of waiting as the file database
    of `make run` does (BEGIN IMMEDIATE + busy timeout, ADR 0010); the thread then tries again,
    as that wait would, and must find the place taken."""
    site, late, mentor, requests = _last_place_world()
    barrier = threading.Barrier(2)
    results: list[str] = []
    retries: list[int] = []

    def accept(request):
        try:
            barrier.wait(timeout=10)
            for attempt in range(400):
                try:
                    services.request_accept(request=request, students=list(request.students.all()), mentor=mentor)
                    results.append("accepted")
                except OperationalError as error:
                    if "locked" not in str(error):
                        raise
                    retries.append(attempt)
                    time.sleep(0.02)
                    continue
                except ValidationError as error:
                    results.append(" ".join(error.messages))
                break
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(r,)) for r in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(results) == 2 and results.count("accepted") == 1, results
    if connection.vendor == "postgresql":
        assert not retries  # the row lock made the second one wait
    refusal = next(r for r in results if r != "accepted")
    assert "Geen plaats meer" in refusal or "No place left" in refusal, refusal
    assert Internship.objects.filter(site=site).count() == 1
    assert sorted(PlacementRequest.objects.filter(period=late).values_list("status", flat=True)) == ["accepted", "pending"]


# --------------------------------------------------------------------------- the dashboard


def test_dashboard_figures_of_the_demo(demo):
    spring = board(demo, "Voorjaar 2027")
    c = spring.current
    # Offered: 't Nestje 3 + De Ravotter 2 + Klein Duimpje 2; asked 6 + 4 + 3 (demo/placements.py).
    assert (c.offered, c.asked, c.shortage) == (7, 13, 6)
    filled = Internship.objects.filter(site__organisation__network__slug="limburg", start_date__lte=date(2027, 6, 30),
                                       end_date__gte=date(2027, 2, 1)).count()
    assert c.filled == filled
    assert [f.label for f in spring.per_year] == ["2025-2026", "2026-2027"]
    # 2025-2026: the five closed placements of demo/placements.py, and last year's evening class of
    # demo/calibration.py (closed internships too).
    assert spring.per_year[0].filled >= 5 and spring.per_year[0].offered == 9
    genk = next(f for f in spring.per_municipality if f.label == "Genk")
    assert (genk.offered, genk.asked, genk.shortage) == (0, 4, 4)
    assert spring.requests == {"pending": 1, "accepted": 1, "declined": 1, "counter_proposed": 1, "counter_declined": 0}
    flagged = {m.site.name for m in spring.sites_without_trained}
    assert "KDV Zonnebloem" in flagged and "KDV 't Nestje" not in flagged


def test_dashboard_page_export_and_no_student_names(demo, django_assert_max_num_queries):
    from openpyxl import load_workbook

    client = demo.client_for("coordinator@uniform.demo")
    with django_assert_max_num_queries(16):
        page = client.get(reverse("placements:dashboard"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and 'id="per-period-hatch"' in html and "⚠" in html
    export = client.get(reverse("placements:dashboard"), {"format": "xlsx", "period": period("Voorjaar 2027").pk})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(export.content))
    assert len(book.sheetnames) == 5
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert ("Voorjaar 2027", 7, 13) == rows[4][:3]
    index = client.get(reverse("placements:index"))
    names = {s.full_name for s in Student.objects.filter(school__network__slug="limburg")} | {
        s.last_name for s in Student.objects.filter(school__network__slug="limburg")}
    cells = " ".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
    for text in (html, index.content.decode(), cells):
        assert not [n for n in names if n in text]
    # ...and a request is not hers at all.
    assert client.get(reverse("placements:request", args=[pending().pk])).status_code == 404


def test_places_nav_and_home_links(demo):
    home = demo.client_for("coordinator@uniform.demo").get(reverse("home")).content.decode()
    assert reverse("placements:dashboard") in home
    page = demo.client_for("schooladmin@uniform.demo").get(reverse("placements:index")).content.decode()
    assert reverse("placements:request_add") in page and reverse("placements:index") in page
    assert demo.client_for("mentor@uniform.demo").get(reverse("placements:index")).status_code == 403


def test_seed_is_idempotent(demo):
    from demo.placements import seed_placements

    counts = (PlacementRequest.objects.count(), PlacementEvent.objects.count(), PlaceDemand.objects.count(), Internship.objects.count())
    seed_placements()
    assert counts == (PlacementRequest.objects.count(), PlacementEvent.objects.count(), PlaceDemand.objects.count(), Internship.objects.count())
