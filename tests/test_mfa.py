"""Two-step login for the roles that see many students (architecture.md: MFA for coordinator
and admin roles; access-policy.md: the Django admin's login is protected like the app's)."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

import access
from tenancy.models import User

ADMINS = ["coordinator@uniform.demo", "schooladmin@uniform.demo", "childcare@uniform.demo", "coordinator@other.demo"]
OTHERS = ["teacher@uniform.demo", "mentor@uniform.demo", "coach@uniform.demo", "student@uniform.demo", "mentor@other.demo"]
ACTIVATE = "/accounts/2fa/totp/activate/"


@pytest.fixture
def required(settings):
    settings.UNIFORM_REQUIRE_MFA = True


def _code(secret: str) -> str:
    from allauth.mfa import app_settings

    # Not in the last 3 s of a period: the code would be a period old when the server checks it
    # (allauth allows no tolerance), and the test would fail one run in ten on a busy machine.
    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def _log_in(email: str) -> Client:
    """Through the login form (a recent login, as allauth wants before adding an authenticator)."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": "uniform-demo"})
    assert response.status_code == 302, response.content[:300]
    return client


def _with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_the_policy_names_the_admin_roles(demo):
    assert all(access.must_use_mfa(demo.user(e)) for e in ADMINS)
    assert not any(access.must_use_mfa(demo.user(e)) for e in OTHERS)


@pytest.mark.parametrize("email", ADMINS)
def test_admins_set_up_two_step_login_before_anything_else(demo, required, email, mailoutbox):
    client = _log_in(email)
    for url in ("/", reverse("catalogue:index"), reverse("internships:list"), reverse("invitations")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == ACTIVATE, (email, url)
    assert client.post(reverse("invitations"), {"email": "x@example.org"}).status_code == 302
    # Linking the first app proves the mailbox too: a code is mailed and typed in.
    response = client.get(ACTIVATE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_request_reauthentication_code"))
    sent = client.post(response["Location"], {"recipient": email})
    assert sent.status_code == 302, sent.content[:300]
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mailoutbox[-1].body, re.M).group(1)
    assert client.post(sent["Location"], {"code": code}).status_code == 302
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    assert "stel eerst tweestapsverificatie in met een authenticator-app" in page.content.decode()
    # htmx requests are sent along too, not answered with a page fragment
    response = client.get(reverse("catalogue:index"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == ACTIVATE
    # linking the authenticator app (scan, type its code) opens the app in this session
    secret = re.search(r'value="([A-Z2-7]{16,})"', page.content.decode()).group(1)
    assert client.post(ACTIVATE, {"code": _code(secret)}).status_code == 302
    assert Authenticator.objects.filter(user__email=email, type="totp").exists()
    assert client.get("/").status_code == 200


def test_a_session_without_the_second_factor_stays_out(demo, required):
    """Someone with only the password logs in while the owner has no app yet; the owner then
    links one elsewhere. The first session must give a code from the app before it sees
    anything (review finding: it used to get in)."""
    intruder = _log_in("coordinator@uniform.demo")
    assert intruder.get("/")["Location"] == ACTIVATE
    secret = _with_totp(demo.user("coordinator@uniform.demo"))  # the owner, in another session
    response = intruder.get(reverse("catalogue:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert intruder.get(reverse("catalogue:index"), HTTP_HX_REQUEST="true")["HX-Redirect"].startswith(reverse("mfa_reauthenticate"))
    intruder.post(reverse("mfa_reauthenticate"), {"code": "000000" if _code(secret) != "000000" else "111111"})
    assert intruder.get("/").status_code == 302
    # the owner, with the app, gets in
    assert intruder.post(reverse("mfa_reauthenticate") + "?next=/", {"code": _code(secret)}).status_code == 302
    assert intruder.get("/").status_code == 200


@pytest.mark.parametrize("email", OTHERS)
def test_other_roles_are_not_asked(demo, required, email):
    assert demo.client_for(email).get("/").status_code == 200


def test_off_by_setting_for_the_demo(demo, settings):
    settings.UNIFORM_REQUIRE_MFA = False
    assert demo.client_for("coordinator@uniform.demo").get("/").status_code == 200


def test_account_pages_stay_open_so_one_can_log_out(demo, required):
    client = demo.client_for("schooladmin@uniform.demo")
    for name in ("account_change_password", "mfa_index", "mfa_activate_totp"):
        response = client.get(reverse(name))
        assert response.status_code == 200 or response["Location"] != ACTIVATE, name
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get("/").status_code == 302 and "/accounts/login/" in client.get("/")["Location"]


def test_login_asks_for_the_code_once_set_up(demo, required):
    user = demo.user("coordinator@uniform.demo")
    secret = _with_totp(user)
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "uniform-demo"})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert client.get("/").status_code == 302  # not logged in yet
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000" if _code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200 and client.get("/").status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_the_django_admin_logs_in_through_the_app(demo, required):
    admin_login = reverse("admin:login")
    response = Client().get(admin_login)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    operator = User.objects.create(email="operator@uniform.demo", is_staff=True, is_superuser=True,
                                   password=make_password("operator-pass-1"))
    client = Client()
    client.force_login(operator)
    assert client.get(reverse("admin:index"))["Location"] == ACTIVATE  # staff need the second factor too
    secret = _with_totp(operator)
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("mfa_reauthenticate"))
    client.post(reverse("mfa_reauthenticate"), {"code": _code(secret)})
    assert client.get(reverse("admin:index")).status_code == 200
    # a person of the app who is not staff gets no admin, even logged in
    assert demo.client_for("coordinator@other.demo").get(admin_login).status_code in (302, 403)
    assert Authenticator.objects.filter(user=operator).exists()


def test_a_password_alone_cannot_link_an_app(demo, required):
    """Whoever knows only the password (not the mailbox) cannot link their own authenticator
    app to an admin account: the activation page first asks for an emailed code, and the
    password does not stand in for it."""
    client = _log_in("schooladmin@uniform.demo")
    response = client.get(ACTIVATE)
    assert response["Location"].startswith(reverse("account_request_reauthentication_code"))
    client.post(reverse("account_reauthenticate") + "?next=" + ACTIVATE, {"password": "uniform-demo"})
    assert client.get(ACTIVATE)["Location"].startswith(reverse("account_request_reauthentication_code"))
    assert client.post(ACTIVATE, {"code": "123456"}).status_code == 302
    assert not Authenticator.objects.filter(user__email="schooladmin@uniform.demo").exists()
