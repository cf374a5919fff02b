"""The childcare admin manages sites, capacity periods, mentors and coaches; coaches and mentors
see their own sites read-only; used vs offered places per period."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from childcare import selectors, services
from childcare.models import Site, SiteCapacity
from demo.capacity import CAPACITY_PERIODS, seed_capacity
from internships.models import Internship
from tenancy.models import Membership, Organisation, Role
from tests.conftest import ANTWERPEN_LOGINS, LIMBURG_LOGINS
from tests.factories import InternshipFactory, StudentFactory
from tests.isolation_support import ROLES

ADMIN = "childcare@uniform.demo"
S = Internship.Status


def text(response) -> str:
    return html.unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def english(demo, email):
    """A logged-in client that chose English: the assertions read the English msgids, whatever
    Dutch translations are added later."""
    client = demo.client_for(email)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def admin(demo):
    return english(demo, ADMIN)


@pytest.fixture
def kindernest(db):
    return Organisation.objects.get(name="vzw Kindernest")


@pytest.fixture
def nestje(db):
    return Site.objects.get(name="KDV 't Nestje")


def site(name: str) -> Site:
    return Site.objects.get(name=name)


def mentor_membership(email="mentor@uniform.demo") -> Membership:
    return Membership.objects.get(user__email=email, role=Role.MENTOR)


# --------------------------------------------------------------------------- sites and capacity


def test_admin_adds_a_site_and_a_capacity_period(admin, kindernest):
    page = admin.get(reverse("childcare:site_add"))
    assert page.status_code == 200
    for field in ("name", "kind", "address", "city", "capacity", "coach_review"):
        assert f'for="id_{field}"' in text(page)  # every field has its label
    assert "Kind of care" in text(page)

    response = admin.post(
        reverse("childcare:site_add"),
        {"organisation": kindernest.pk, "name": "BKO Het Speelkasteel", "kind": Site.Kind.OUT_OF_SCHOOL,
         "address": "Kasteelstraat 1, 3500 Hasselt", "city": "Hasselt", "capacity": "3", "coach_review": "on"},
        follow=True,
    )
    new = Site.objects.get(name="BKO Het Speelkasteel")
    assert new.organisation == kindernest and new.capacity == 3 and new.coach_review and new.kind == "out_of_school"
    assert response.redirect_chain[-1][0] == reverse("childcare:site", args=[new.pk])
    assert "Site BKO Het Speelkasteel added." in messages_of(response)

    response = admin.post(
        reverse("childcare:capacity_add", args=[new.pk]),
        {"start_date": "2027-02-01", "end_date": "2027-06-30", "places": "5", "note": "tweede semester"},
        follow=True,
    )
    assert "Capacity period added." in messages_of(response)
    period = SiteCapacity.objects.get(site=new)
    assert (period.start_date, period.end_date, period.places) == (date(2027, 2, 1), date(2027, 6, 30), 5)
    assert "01/02/2027 – 30/06/2027" in text(response) and "tweede semester" in text(response)

    # ...and it is on the organisation's overview.
    assert "BKO Het Speelkasteel" in text(admin.get(reverse("childcare:index")))


def test_admin_edits_a_site_and_a_duplicate_name_is_refused(admin, nestje):
    url = reverse("childcare:site_edit", args=[nestje.pk])
    assert "Kuringersteenweg 112" in text(admin.get(url))
    data = {"name": "KDV 't Nestje", "kind": "daycare", "address": "Nieuwe straat 1", "city": "Hasselt", "capacity": "6"}
    assert admin.post(url, data).status_code == 302
    nestje.refresh_from_db()
    assert nestje.address == "Nieuwe straat 1" and nestje.capacity == 6 and not nestje.coach_review

    response = admin.post(url, {**data, "name": "bko de speelboom"})
    assert response.status_code == 200
    assert "This organisation already has a site called bko de speelboom." in text(response)
    nestje.refresh_from_db()
    assert nestje.name == "KDV 't Nestje"


def test_overlapping_capacity_period_is_refused_with_a_message(admin, nestje):
    seed_capacity()
    before = SiteCapacity.objects.filter(site=nestje).count()
    response = admin.post(
        reverse("childcare:capacity_add", args=[nestje.pk]),
        {"start_date": "2026-12-01", "end_date": "2027-03-31", "places": "2"},
    )
    assert response.status_code == 200
    assert "This period overlaps the capacity period 01/09/2026 – 31/01/2027 of this site." in text(response)
    assert SiteCapacity.objects.filter(site=nestje).count() == before

    # Editing a period so that it runs into the next one is refused as well; it keeps its dates.
    first = SiteCapacity.objects.get(site=nestje, start_date=date(2026, 9, 1))
    response = admin.post(
        reverse("childcare:capacity_edit", args=[first.pk]),
        {"start_date": "2026-09-01", "end_date": "2027-02-15", "places": "4"},
    )
    assert "overlaps the capacity period 01/02/2027 – 30/06/2027" in text(response)
    first.refresh_from_db()
    assert first.end_date == date(2027, 1, 31)

    # Touching is not overlapping; a period may change its own dates; the same dates elsewhere are fine.
    ok = admin.post(
        reverse("childcare:capacity_add", args=[nestje.pk]), {"start_date": "2027-07-01", "end_date": "2027-08-31", "places": "1"}
    )
    assert ok.status_code == 302
    assert admin.post(
        reverse("childcare:capacity_edit", args=[first.pk]), {"start_date": "2026-08-15", "end_date": "2027-01-31", "places": "4"}
    ).status_code == 302
    assert admin.post(
        reverse("childcare:capacity_add", args=[site("KDV Zonnebloem").pk]),
        {"start_date": "2026-12-01", "end_date": "2027-02-28", "places": "2"},
    ).status_code == 302


def test_end_before_start_is_refused(admin, nestje):
    response = admin.post(
        reverse("childcare:capacity_add", args=[nestje.pk]), {"start_date": "2027-03-01", "end_date": "2027-02-01", "places": "2"}
    )
    assert response.status_code == 200
    assert "The end date cannot be before the start date." in text(response)
    assert not SiteCapacity.objects.filter(site=nestje, start_date=date(2027, 3, 1)).exists()


def test_admin_deletes_a_capacity_period(admin, nestje):
    period = seed_capacity()[0]
    response = admin.post(reverse("childcare:capacity_delete", args=[period.pk]), follow=True)
    assert "Capacity period 01/09/2026 – 31/01/2027 deleted." in messages_of(response)
    assert not SiteCapacity.objects.filter(pk=period.pk).exists()
    assert admin.get(reverse("childcare:capacity_delete", args=[period.pk])).status_code == 405


def test_seed_capacity_is_idempotent(db):
    first = seed_capacity()
    assert len(first) == len(CAPACITY_PERIODS)
    assert seed_capacity() == first
    nestje_periods = SiteCapacity.objects.filter(site__name="KDV 't Nestje").order_by("start_date")
    assert [(p.start_date, p.end_date, p.places) for p in nestje_periods] == [
        (date(2026, 9, 1), date(2027, 1, 31), 4), (date(2027, 2, 1), date(2027, 6, 30), 3),
    ]


# --------------------------------------------------------------------------- used vs offered


@pytest.fixture
def speelhuis(db, kindernest):
    """A new site with two capacity periods and internships in and around them."""
    new = services.site_create(organisation=kindernest, name="KDV Het Speelhuis", kind=Site.Kind.DAYCARE, capacity=5)
    services.capacity_create(site=new, start_date=date(2030, 9, 1), end_date=date(2031, 1, 31), places=2)
    services.capacity_create(site=new, start_date=date(2031, 2, 1), end_date=date(2031, 6, 30), places=1)
    school = Organisation.objects.get(name="Campus De Lindeboom")
    for name, start, end, status in [
        ("Anna", date(2030, 9, 15), date(2030, 11, 10), S.RUNNING),      # in P1
        ("Bert", date(2030, 8, 20), date(2030, 9, 5), S.PLANNED),        # starts before P1
        ("Cleo", date(2030, 10, 1), date(2030, 12, 1), S.CLOSED),        # in P1, closed: no place
        ("Dirk", date(2031, 3, 1), date(2031, 4, 30), S.PLANNED),        # in P2
        ("Eva", date(2031, 1, 20), date(2031, 2, 20), S.INTAKE_DONE),    # across P1 and P2
    ]:
        student = StudentFactory(school=school, first_name=name, last_name="Speelhuis")
        InternshipFactory(student=student, site=new, start_date=start, end_date=end, status=status)
    return new


def _use(response) -> tuple[int, int]:
    use = response.context["use"]
    return use.used, use.offered


def test_used_vs_offered_for_a_period(admin, speelhuis):
    url = reverse("childcare:site", args=[speelhuis.pk])
    first_semester = admin.get(url, {"start": "2030-09-01", "end": "2031-01-31"})
    assert _use(first_semester) == (3, 2)  # Anna, Bert, Eva vs 2 places
    page = text(first_semester)
    assert "3 / 2" in page and "Over capacity: 3 interns for 2 places." in page
    listed = [i.student.first_name for i in first_semester.context["page"]]
    assert sorted(listed) == ["Anna", "Bert", "Cleo", "Eva"]  # the closed one is listed, not counted

    assert _use(admin.get(url, {"start": "2030-09-01", "end": "2031-06-30"})) == (4, 3)  # both periods: 2 + 1
    assert _use(admin.get(url, {"start": "2031-03-01", "end": "2031-03-31"})) == (1, 1)
    assert _use(admin.get(url, {"start": "2031-09-01", "end": "2031-12-31"})) == (0, 5)  # no period: the default
    assert _use(admin.get(url, {"start": "2031-06-01", "end": "2031-07-31"})) == (0, 6)  # partly covered: 1 + default

    overview = admin.get(reverse("childcare:capacity"), {"start": "2030-09-01", "end": "2031-01-31"})
    assert overview.status_code == 200
    row = next(u for _, uses in overview.context["organisations"] for u in uses if u.site == speelhuis)
    assert (row.used, row.offered, row.over) == (3, 2, True)
    assert f'class="table-danger over-capacity" data-site="{speelhuis.pk}"' in text(overview)
    others = [u for _, uses in overview.context["organisations"] for u in uses if u.site != speelhuis]
    assert {u.site.organisation.name for u in others} == {"vzw Kindernest"}  # never another organisation's sites


def test_offered_places_rules(db):
    s = Site(capacity=4)
    periods = [
        SiteCapacity(start_date=date(2026, 9, 1), end_date=date(2027, 1, 31), places=4),
        SiteCapacity(start_date=date(2027, 3, 1), end_date=date(2027, 6, 30), places=3),
    ]
    period = selectors.Period
    assert selectors.offered_places(s, periods, period(date(2026, 10, 1), date(2026, 10, 31))) == 4
    assert selectors.offered_places(s, periods, period(date(2026, 9, 1), date(2027, 6, 30))) == 4 + 3 + 4  # February
    assert selectors.offered_places(s, periods[:1], period(date(2026, 9, 1), date(2027, 1, 31))) == 4
    assert selectors.offered_places(s, [], period(date.min, date.max)) == 4


def test_default_period_is_the_school_year_around_today():
    assert selectors.school_year_around(date(2026, 11, 28)) == selectors.Period(date(2026, 9, 1), date(2027, 6, 30))
    assert selectors.school_year_around(date(2027, 6, 30)) == selectors.Period(date(2026, 9, 1), date(2027, 6, 30))
    assert selectors.school_year_around(date(2027, 8, 10)) == selectors.Period(date(2027, 9, 1), date(2028, 6, 30))


def test_site_page_defaults_to_the_current_school_year(admin, nestje):
    response = admin.get(reverse("childcare:site", args=[nestje.pk]))
    expected = selectors.school_year_around(date.today())
    assert response.context["period"] == expected
    assert "Emma Aerts" in text(response)


def test_interns_are_paginated_by_25(admin, speelhuis):
    school = Organisation.objects.get(name="Campus De Lindeboom")
    for _ in range(30):
        InternshipFactory(student=StudentFactory(school=school), site=speelhuis,
                          start_date=date(2031, 3, 1), end_date=date(2031, 3, 31))
    url = reverse("childcare:site", args=[speelhuis.pk])
    first = admin.get(url, {"start": "2031-03-01", "end": "2031-03-31"})
    assert len(first.context["page"].object_list) == 25
    assert "page=2" in text(first) and "start=2031-03-01" in text(first)
    second = admin.get(url, {"start": "2031-03-01", "end": "2031-03-31", "page": "2"})
    assert len(second.context["page"].object_list) == 31 - 25  # 30 + Dirk
    assert _use(second) == (31, 1)


# --------------------------------------------------------------------------- mentors and coaches


def test_deactivating_a_mentor_removes_their_access_at_once(demo, admin):
    membership = mentor_membership()
    mentor = english(demo, "mentor@uniform.demo")
    internship_url = reverse("internships:detail", args=[demo.emma_internship.pk])
    assert mentor.get(internship_url).status_code == 200

    response = admin.post(reverse("childcare:membership_deactivate", args=[membership.pk]), follow=True)
    assert any("An Vermeulen is deactivated at KDV 't Nestje" in m for m in messages_of(response))
    membership.refresh_from_db()
    assert not membership.is_active and membership.deactivated_at is not None

    # The same logged-in session: no access any more, anywhere on the site.
    assert mentor.get(internship_url).status_code == 404
    assert mentor.get(reverse("childcare:site", args=[membership.site_id])).status_code == 404
    assert mentor.get(reverse("childcare:index")).status_code == 403
    # Their past data stays, attributed to them; the admin still sees them, marked deactivated.
    assert Internship.objects.filter(mentor__email="mentor@uniform.demo").count() >= 4
    site_page = text(admin.get(reverse("childcare:site", args=[membership.site_id])))
    assert "An Vermeulen" in site_page and "deactivated" in site_page
    assert reverse("childcare:membership_reactivate", args=[membership.pk]) in site_page
    # The coach of the site no longer lists them.
    coach_page = english(demo, "coach@uniform.demo").get(reverse("childcare:site", args=[membership.site_id]))
    assert "An Vermeulen" not in [str(m.user) for m in coach_page.context["staff"]]

    # Deactivating twice is a message, not an error page.
    again = admin.post(reverse("childcare:membership_deactivate", args=[membership.pk]), follow=True)
    assert any("already deactivated" in m for m in messages_of(again))

    admin.post(reverse("childcare:membership_reactivate", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.is_active and membership.deactivated_at is None
    assert mentor.get(internship_url).status_code == 200


def test_only_mentor_and_coach_memberships_of_the_own_organisation_can_be_deactivated(demo, admin):
    own_admin = Membership.objects.get(user__email=ADMIN)
    other_org_mentor = mentor_membership("mentor2@uniform.demo")
    other_network_mentor = mentor_membership("mentor@other.demo")
    for membership in (own_admin, other_org_mentor, other_network_mentor):
        assert admin.post(reverse("childcare:membership_deactivate", args=[membership.pk])).status_code == 404
        membership.refresh_from_db()
        assert membership.is_active
    coach = Membership.objects.filter(user__email="coach@uniform.demo").first()
    assert admin.post(reverse("childcare:membership_deactivate", args=[coach.pk])).status_code == 302
    coach.refresh_from_db()
    assert not coach.is_active


def test_organisation_posted_by_hand(demo, admin, kindernest):
    """An admin of one organisation has no organisation field: a posted id is ignored. An admin
    of two chooses, and an organisation that is not theirs is a validation error."""
    speelvogel = Organisation.objects.get(name="vzw Speelvogel")
    data = {"organisation": speelvogel.pk, "name": "BKO Ingebroken", "kind": "daycare", "capacity": "2"}
    assert admin.post(reverse("childcare:site_add"), data).status_code == 302
    assert Site.objects.get(name="BKO Ingebroken").organisation == kindernest

    kwadraat = Organisation.objects.get(name="Kinderopvang Kwadraat")
    Membership.objects.create(user=demo.user(ADMIN), network=kwadraat.network, organisation=kwadraat, role=Role.CHILDCARE_ADMIN)
    form = admin.get(reverse("childcare:site_add"))
    assert 'name="organisation"' in text(form) and "Kinderopvang Kwadraat" in text(form)
    for foreign in (speelvogel.pk, "999999999999999999999999", "abc"):
        response = admin.post(reverse("childcare:site_add"), {**data, "name": "KDV Elders", "organisation": foreign})
        assert response.status_code == 200 and "Select a valid choice" in text(response)
    assert not Site.objects.filter(name="KDV Elders").exists()
    assert admin.post(reverse("childcare:site_add"), {**data, "name": "KDV Elders", "organisation": kwadraat.pk}).status_code == 302
    assert Site.objects.get(name="KDV Elders").organisation == kwadraat


def test_deactivating_from_the_overview_returns_to_it(admin, kindernest):
    membership = mentor_membership()
    index = text(admin.get(reverse("childcare:index")))
    assert f'value="/childcare/#staff-{kindernest.pk}"' in index
    response = admin.post(
        reverse("childcare:membership_deactivate", args=[membership.pk]), {"next": f"/childcare/#staff-{kindernest.pk}"}
    )
    assert response["Location"] == f"/childcare/#staff-{kindernest.pk}"


def test_invite_links_to_the_invitations_page(admin):
    assert reverse("invitations") in text(admin.get(reverse("childcare:index")))


# --------------------------------------------------------------------------- who sees what


KINDERNEST_SITES = ["KDV 't Nestje", "BKO De Speelboom", "KDV Zonnebloem"]


@pytest.mark.parametrize("email", ["mentor2@uniform.demo", "mentor@other.demo", "teacher@uniform.demo", "student@uniform.demo"])
def test_outsiders_get_404_on_every_kindernest_site(demo, email):
    client = demo.client_for(email)
    seed_capacity()
    for name in KINDERNEST_SITES:
        pk = site(name).pk
        for url in (reverse("childcare:site", args=[pk]), reverse("childcare:site_edit", args=[pk]),
                    reverse("childcare:capacity_add", args=[pk])):
            assert client.get(url).status_code == 404, url
            if "edit" in url or "add" in url:
                assert client.post(url, {"name": "x", "places": "1"}).status_code == 404, url
    for period in SiteCapacity.objects.filter(site__organisation__name="vzw Kindernest"):
        assert client.post(reverse("childcare:capacity_edit", args=[period.pk]), {}).status_code == 404
        assert client.post(reverse("childcare:capacity_delete", args=[period.pk])).status_code == 404
    for membership in Membership.objects.filter(organisation__name="vzw Kindernest", role__in=[Role.MENTOR, Role.COACH]):
        assert client.post(reverse("childcare:membership_deactivate", args=[membership.pk])).status_code == 404
    assert SiteCapacity.objects.filter(site__organisation__name="vzw Kindernest").count() == len(CAPACITY_PERIODS)
    assert Membership.objects.filter(organisation__name="vzw Kindernest", is_active=False).count() == 0


def test_coach_sees_own_sites_read_only(demo):
    seed_capacity()
    coach = english(demo, "coach@uniform.demo")
    index = coach.get(reverse("childcare:index"))
    assert index.status_code == 200
    names = [s.name for b in index.context["blocks"] for s in b.sites]
    assert names == ["BKO De Speelboom", "KDV 't Nestje"]
    page = text(index)
    assert "Sarah Vandeweyer" in page and "Deactivate" not in page and "New site" not in page

    nestje = site("KDV 't Nestje")
    detail = coach.get(reverse("childcare:site", args=[nestje.pk]))
    assert detail.status_code == 200 and not detail.context["can_manage"]
    assert reverse("childcare:site_edit", args=[nestje.pk]) not in text(detail)
    assert "Emma Aerts" in text(detail)

    period = SiteCapacity.objects.filter(site=nestje).first()
    membership = mentor_membership()
    assert coach.get(reverse("childcare:site_edit", args=[nestje.pk])).status_code == 403
    assert coach.post(reverse("childcare:site_edit", args=[nestje.pk]), {"name": "Gekaapt", "kind": "daycare", "capacity": 9}).status_code == 403
    assert coach.post(reverse("childcare:capacity_add", args=[nestje.pk]), {}).status_code == 403
    assert coach.post(reverse("childcare:capacity_edit", args=[period.pk]), {}).status_code == 403
    assert coach.post(reverse("childcare:capacity_delete", args=[period.pk])).status_code == 403
    assert coach.post(reverse("childcare:membership_deactivate", args=[membership.pk])).status_code == 403
    assert coach.get(reverse("childcare:site_add")).status_code == 403
    assert coach.get(reverse("childcare:capacity")).status_code == 403
    assert coach.get(reverse("childcare:site", args=[site("KDV Zonnebloem").pk])).status_code == 404
    nestje.refresh_from_db()
    assert nestje.name == "KDV 't Nestje" and SiteCapacity.objects.filter(pk=period.pk).exists()


def test_mentor_sees_own_site_and_only_own_interns(demo):
    mentor = english(demo, "mentor@uniform.demo")
    index = mentor.get(reverse("childcare:index"))
    assert [s.name for b in index.context["blocks"] for s in b.sites] == ["KDV 't Nestje"]
    nestje = site("KDV 't Nestje")
    detail = mentor.get(reverse("childcare:site", args=[nestje.pk]))
    assert detail.status_code == 200
    shown = list(detail.context["page"])
    assert shown and all(i.mentor.email == "mentor@uniform.demo" for i in shown)
    # The count of used places covers every intern of the site (a number, no names).
    assert detail.context["use"].used > len([i for i in shown if i.status != S.CLOSED])
    assert mentor.get(reverse("childcare:site_edit", args=[nestje.pk])).status_code == 403


def test_people_without_a_childcare_role_get_403_on_the_overview(demo):
    for email in ("coordinator@uniform.demo", "schooladmin@uniform.demo", "teacher@uniform.demo", "student@other.demo"):
        assert demo.client_for(email).get(reverse("childcare:index")).status_code == 403


# The full answer per demo login on KDV 't Nestje and KDV Speelvogel (admin 200, their coach and
# mentor 403, everyone else 404) is in the one access matrix: the "(seen site)" entries of
# tests/isolation_mentors.py.


def test_matrix_covers_every_demo_login():
    assert set(ROLES[1:]) == set(LIMBURG_LOGINS) | set(ANTWERPEN_LOGINS)


# --------------------------------------------------------------------------- performance


def _queries(client, url, params=None) -> int:
    client.get(url, params)  # warm up the session and the language
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_internships(demo, admin, speelhuis):
    seed_capacity()
    school = Organisation.objects.get(name="Campus De Lindeboom")
    nestje = site("KDV 't Nestje")
    urls = [
        (reverse("childcare:site", args=[nestje.pk]), None),
        (reverse("childcare:site", args=[speelhuis.pk]), {"start": "2030-09-01", "end": "2031-06-30"}),
        (reverse("childcare:capacity"), None),
        (reverse("childcare:index"), None),
    ]
    coach = english(demo, "coach@uniform.demo")
    pages = [(admin, u, p) for u, p in urls] + [(coach, *urls[0]), (coach, *urls[3])]
    before = [_queries(c, u, p) for c, u, p in pages]
    for i in range(40):
        the_site = speelhuis if i % 2 else nestje
        start = date(2030, 10, 1) if the_site == speelhuis else date.today()
        InternshipFactory(student=StudentFactory(school=school), site=the_site, start_date=start,
                          end_date=start.replace(day=28))
    services.capacity_create(site=nestje, start_date=date(2027, 7, 1), end_date=date(2027, 8, 31), places=2)
    after = [_queries(c, u, p) for c, u, p in pages]
    assert before == after
    assert max(after) <= 15


# --------------------------------------------------------------------------- garbage in, no 500


@pytest.mark.parametrize(
    "params",
    [
        {"start": "garbage", "end": "2027-13-45"},
        {"start": "2027-06-30", "end": "2026-09-01"},
        {"start": "99999-01-01"},
        {"start": "0001-01-01", "end": "9999-12-31"},
        {"start": "", "end": ""},
        {"page": "abc"},
        {"page": "999999999999999999999"},
        {"start": "2026-09-01\x00"},
    ],
)
def test_bad_period_input_shows_the_default_period(admin, nestje, params):
    for url in (reverse("childcare:site", args=[nestje.pk]), reverse("childcare:capacity")):
        response = admin.get(url, params)
        assert response.status_code == 200, (url, params)


def test_bad_period_input_says_so(admin, nestje):
    response = admin.get(reverse("childcare:site", args=[nestje.pk]), {"start": "2027-06-30", "end": "2026-09-01"})
    assert "The end date cannot be before the start date." in text(response)
    assert response.context["period"] == selectors.school_year_around(date.today())


def test_garbage_posted_by_hand_never_gives_a_500(demo, admin, nestje, kindernest):
    sites_before = Site.objects.count()
    bad_sites = [
        {"organisation": kindernest.pk, "name": "Ingebroken", "kind": "castle", "capacity": "2"},
        {"organisation": kindernest.pk, "name": "Ingebroken", "kind": "daycare", "capacity": str(10**30)},
        {"organisation": kindernest.pk, "name": "Ingebroken", "kind": "daycare", "capacity": "-1"},
        {"organisation": kindernest.pk, "name": "   ", "kind": "daycare", "capacity": "2"},
        {"organisation": kindernest.pk, "name": "x" * 5000, "kind": "daycare", "capacity": "2"},
        {"name": "Ingebroken", "kind": ["daycare", "castle"], "capacity": ["2", "x"]},
    ]
    for data in bad_sites:
        response = admin.post(reverse("childcare:site_add"), data)
        assert response.status_code == 200, data
    assert Site.objects.count() == sites_before
    assert "Select a valid choice. castle is not one of the available choices." in text(
        admin.post(reverse("childcare:site_add"), bad_sites[0])
    )

    periods_before = SiteCapacity.objects.count()
    for data in [
        {"start_date": "2027-02-30", "end_date": "2027-03-01", "places": "2"},
        {"start_date": "0000-00-00", "end_date": "2027-03-01", "places": "2"},
        {"start_date": "9999-12-31", "end_date": "0001-01-01", "places": "2"},
        {"start_date": "2027-01-01", "end_date": "2027-03-01", "places": "99999999999999999999"},
        {"start_date": "2027-01-01", "end_date": "2027-03-01", "places": "1e3"},
        {"start_date": "2027-01-01", "end_date": "2027-03-01", "places": "100"},
        {},
    ]:
        response = admin.post(reverse("childcare:capacity_add", args=[nestje.pk]), data)
        assert response.status_code == 200, data
    assert SiteCapacity.objects.count() == periods_before

    # Ids that are not the admin's (or do not exist at all): 404, nothing changes.
    huge = 10**20
    for url in (
        reverse("childcare:site", args=[huge]),
        reverse("childcare:site_edit", args=[huge]),
        reverse("childcare:capacity_edit", args=[huge]),
        reverse("childcare:site", args=[site("KDV Speelvogel").pk]),
    ):
        assert admin.get(url).status_code == 404, url
    for url in (
        reverse("childcare:capacity_delete", args=[huge]),
        reverse("childcare:membership_deactivate", args=[huge]),
        reverse("childcare:membership_reactivate", args=[huge]),
        reverse("childcare:capacity_add", args=[site("KDV Speelvogel").pk]),
    ):
        assert admin.post(url, {"start_date": "2027-01-01", "end_date": "2027-02-01", "places": "1"}).status_code == 404, url

    # A "next" that leads elsewhere is ignored.
    response = admin.post(
        reverse("childcare:membership_deactivate", args=[mentor_membership().pk]), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("childcare:site", args=[nestje.pk]))


def test_the_home_counts_todays_places_as_the_capacity_page_does(demo, admin, nestje):
    """The childcare admin's home: places taken today against the capacity period covering
    today (not the site's default), the same figures as the capacity overview."""
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    SiteCapacity.objects.filter(site=nestje).delete()
    SiteCapacity.objects.create(site=nestje, start_date=today - timedelta(days=10), end_date=today + timedelta(days=10), places=9)
    used = selectors.site_uses([nestje], selectors.Period(today, today))[0].used
    home = admin.get(reverse("home"))
    nestje_row = next(s for section in home.context["sections"] for s in section.context.get("sites", []) if s.pk == nestje.pk)
    assert (nestje_row.used_today, nestje_row.places_today) == (used, 9)
    assert f"{used} / 9" in text(home)
