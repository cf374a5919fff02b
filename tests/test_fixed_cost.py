"""Issue 21: the fixed cost of every logged-in page (the memberships query compiled once per
connection, the menu's fixed links reversed once) without a change in what a page shows or
whom it lets in."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.urls import clear_url_caches

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


def _render(source: str, path: str = "/") -> str:
    request = RequestFactory().get(path)
    return Template(source).render(Context({"request": request}))


def test_fixed_links_are_djangos_url():
    source = "{% url 'home' %}|{% url 'notifications:index' %}|{% url 'accessibility' %}"
    cached = _render("{% load cached_url %}" + source)
    assert cached == _render(source) == "/|/notifications/|/accessibility/"
    assert _render("{% load cached_url %}" + source) == cached  # the second time from the dict
    # Arguments, a variable name and ``as`` are Django's own tag.
    with_args = "{% load cached_url %}{% url 'internships:detail' pk %}{% url name %}{% url 'home' as h %}[{{ h }}]"
    out = Template(with_args).render(Context({"pk": "00000000-0000-0000-0000-000000000001", "name": "accessibility"}))
    assert out == "/internships/00000000-0000-0000-0000-000000000001//accessibility/[/]"


@pytest.mark.parametrize("prefix", ["/uniform/"])
def test_fixed_links_follow_the_script_prefix(prefix):
    from django.urls import set_script_prefix

    try:
        set_script_prefix(prefix)
        assert _render("{% load cached_url %}{% url 'home' %}") == "/uniform/"
    finally:
        set_script_prefix("/")
    assert _render("{% load cached_url %}{% url 'home' %}") == "/"


def test_fixed_links_follow_the_url_configuration():
    with override_settings(ROOT_URLCONF="tests.replica_urls"):
        clear_url_caches()
        source = "{% load cached_url %}{% url 'home' %}"
        try:
            expected = Template("{% url 'home' %}").render(Context({}))
        except Exception as exc:  # no such name there: the cached tag says the same
            with pytest.raises(type(exc)):
                _render(source)
        else:
            assert _render(source) == expected
    clear_url_caches()


def test_the_bells_recorded_count_is_the_orm_count(demo, django_assert_num_queries):
    from django.utils import timezone

    from notifications import selectors
    from notifications.models import Delivery, Notification

    teacher = demo.user("teacher@uniform.demo")
    mine = Notification.objects.filter(recipient=teacher)
    assert mine.count() >= 2
    first, second = mine.order_by("pk")[:2]
    Notification.objects.filter(pk=first.pk).update(read_at=None, delivery=Delivery.OFF)  # not shown
    Notification.objects.filter(pk=second.pk).update(read_at=timezone.now())  # read
    for email in ("teacher@uniform.demo", "mentor@uniform.demo", "coordinator@uniform.demo", "student@uniform.demo"):
        person = demo.user(email)
        expected = selectors._unread(person).count()
        with django_assert_num_queries(1):
            assert selectors.unread_count(person) == expected
    assert selectors.unread_count(teacher) == mine.filter(read_at__isnull=True).exclude(delivery=Delivery.OFF).count()
