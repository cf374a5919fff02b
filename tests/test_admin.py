"""The Django admin is a read-only window for operators (architecture.md: an admin.py per app).

A superuser opens every list and a record of each; nothing can be added, changed or deleted
there, and keys such as an invitation's token never appear on screen."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from childcare.models import Site
from tenancy.models import Invitation, Membership, Network, Organisation, Role, User
from web.admin import ReadOnlyAdmin

#: The models an operator must be able to look up (the brief of the admin pages).
REQUIRED = {Network, Organisation, Membership, Invitation, Site}


@pytest.fixture
def operator(demo, settings) -> Client:
    """A superuser, logged in; the demo region plus one invitation (it seeds none)."""
    school = Organisation.objects.filter(kind="school").order_by("pk").first()
    Invitation.objects.create(
        network=school.network, organisation=school, role=Role.TEACHER, email="new.teacher@uniform.test",
        invited_by=demo.user("schooladmin@uniform.demo"), expires_at=timezone.now() + timedelta(days=7),
    )
    settings.UNIFORM_REQUIRE_MFA = False  # tests/test_mfa.py covers the admin's two-step login
    user = User.objects.create_superuser(email="operator@uniform.test", password="operator-pass-1")
    client = Client()
    client.force_login(user)
    return client


def _registered():
    """Our models in the admin (third-party apps such as allauth register their own)."""
    ours = [m for m, model_admin in admin.site._registry.items() if isinstance(model_admin, ReadOnlyAdmin)]
    return sorted(ours, key=lambda m: m._meta.label)


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_the_operator_models_are_registered_read_only():
    assert REQUIRED <= set(_registered())


@pytest.mark.parametrize("model", _registered(), ids=lambda m: m._meta.label)
def test_operator_sees_list_and_record_but_cannot_write(operator, model):
    listing = operator.get(_url(model, "changelist"))
    assert listing.status_code == 200
    assert _url(model, "add") not in listing.content.decode()  # no "add" button
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the demo region has no {model._meta.verbose_name}"
    change = _url(model, "change", obj.pk)
    page = operator.get(change)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # shown as text, no save button
    assert operator.post(change, {}).status_code == 403
    assert operator.get(_url(model, "add")).status_code == 403
    assert operator.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model._default_manager.filter(pk=obj.pk).exists()


def test_invitation_token_is_not_shown(operator):
    invitation = Invitation.objects.order_by("pk").first()
    page = operator.get(_url(Invitation, "change", invitation.pk)).content.decode()
    assert invitation.email in page and invitation.token not in page


def test_app_users_do_not_get_in(demo):
    client = demo.client_for("coordinator@uniform.demo")
    response = client.get(_url(Network, "changelist"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
