"""Issue 21: the fixed cost of every logged-in page (the memberships query compiled once per
connection) without a change in what a page shows or whom it lets in."""

from __future__ import annotations

import access
from access.memberships import _fetch_memberships, _memberships_query
from tenancy.models import Role
from tests.factories import ChildcareFactory, MembershipFactory, SchoolFactory, SiteFactory, UserFactory


def _rows(memberships):
    def fields(obj):
        return None if obj is None else {k: v for k, v in obj.__dict__.items() if k != "_state"}

    return [
        (fields(m), fields(m.network), fields(m.organisation), fields(m.site), fields(m.site and m.site.organisation))
        for m in memberships
    ]


def test_compiled_memberships_are_the_orm_query(demo, django_assert_num_queries):
    person = UserFactory()
    school = SchoolFactory()
    childcare = ChildcareFactory(network=school.network)
    site = SiteFactory(organisation=childcare)
    MembershipFactory(user=person, organisation=school, role=Role.TEACHER)
    MembershipFactory(user=person, organisation=childcare, site=site, role=Role.MENTOR)
    MembershipFactory(user=person, network=school.network, role=Role.COORDINATOR)
    MembershipFactory(user=person, organisation=ChildcareFactory(is_active=False), role=Role.CHILDCARE_ADMIN)
    MembershipFactory(user=person, organisation=SchoolFactory(), role=Role.SCHOOL_ADMIN, is_active=False)
    MembershipFactory(organisation=school, role=Role.TEACHER)  # someone else's
    expected = list(_memberships_query(person.pk))
    assert [m.role for m in expected] == [Role.COORDINATOR, Role.MENTOR, Role.TEACHER]
    with django_assert_num_queries(1):
        got = _fetch_memberships(person.pk)
        assert _rows(got) == _rows(expected)  # related objects loaded with it: no query more
    assert all(not m._state.adding and m._state.db == "default" for m in got)
    for email in ("mentor@uniform.demo", "teacher@uniform.demo", "coordinator@uniform.demo"):
        user = demo.user(email)
        assert _rows(_fetch_memberships(user.pk)) == _rows(_memberships_query(user.pk))


def test_a_revoked_membership_counts_on_the_next_request(demo):
    mentor = demo.user("mentor@uniform.demo")
    client = demo.client_for("mentor@uniform.demo")
    assert client.get("/childcare/").status_code == 200
    mentor.memberships.update(is_active=False)
    access.forget_memberships(mentor)
    assert access.active_memberships(mentor) == []
    assert client.get("/childcare/").status_code in (403, 404)
