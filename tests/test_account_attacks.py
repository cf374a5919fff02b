"""An attacker's review of the fix for issue #13 (tests/test_account_security.py has the fix's
own tests): the routes a thief with only an admin's password would try, the locks a stranger
could put on someone else's account, and the operators the fix must not lock out.

Rate limits are off in the test settings; ``limits`` switches the production ones on."""

from __future__ import annotations

import uuid

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tenancy.models import User

PASSWORD = "uniform-demo"
ACTIVATE = "/accounts/2fa/totp/activate/"


@pytest.fixture
def required(settings):
    settings.UNIFORM_REQUIRE_MFA = True


@pytest.fixture
def limits(settings):
    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = settings.UNIFORM_RATE_LIMITS
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    yield settings
    cache.clear()


def _from(ip: str, **headers) -> Client:
    """A browser behind the (one, trusted) proxy, which appends the client's address."""
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=ip, **headers)


def _log_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _code_to(client: Client, email: str):
    return client.post(reverse("account_request_login_code"), {"email": email})


def _mailed_code(message) -> str:
    import re

    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.M).group(1)


# --- A password alone, every door ---------------------------------------------------------------


CHANGES = [
    ("account_email", {"email": "thief@evil.example", "action_add": ""}),
    ("account_change_password", {"oldpassword": PASSWORD, "password1": "Th1ef-pass-999", "password2": "Th1ef-pass-999"}),
    ("account_set_password", {"password1": "Th1ef-pass-999", "password2": "Th1ef-pass-999"}),
    ("mfa_generate_recovery_codes", {}),
    ("mfa_deactivate_totp", {}),
]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_a_password_alone_changes_nothing_with_any_http_method(demo, required, mailoutbox, method):
    """With only the password of an admin who has no app yet, no method on any account page
    that changes how one logs in gets through: each is sent to the code for the old mailbox."""
    thief = Client()
    assert _log_in(thief, "schooladmin@uniform.demo").status_code == 302
    before = demo.user("schooladmin@uniform.demo").password
    code_page = reverse("account_request_reauthentication_code")
    for name, data in CHANGES:
        response = getattr(thief, method)(reverse(name), data)
        assert response.status_code == 302 and response["Location"].startswith(code_page), (name, response.status_code)
    assert not EmailAddress.objects.filter(email="thief@evil.example").exists()
    assert demo.user("schooladmin@uniform.demo").password == before
    assert not Authenticator.objects.filter(user__email="schooladmin@uniform.demo").exists()
    for name in ("mfa_view_recovery_codes", "mfa_download_recovery_codes"):
        assert thief.get(reverse(name))["Location"].startswith(code_page), name
    assert not any("thief@evil.example" in m.to for m in mailoutbox)


def test_the_password_page_does_not_stand_in_for_the_mailbox_even_when_resuming(demo, required):
    """The thief's suspended "add my address" is resumed only by the strongest factor: typing
    the password on allauth's password page (even posted straight to it, with the suspended
    request's ``next``) does not replay it."""
    thief = Client()
    _log_in(thief, "schooladmin@uniform.demo")
    suspended = thief.post(reverse("account_email"), {"email": "thief@evil.example", "action_add": ""})
    assert suspended.status_code == 302
    replay = thief.post(reverse("account_reauthenticate") + "?next=/accounts/email/", {"password": PASSWORD})
    assert replay.status_code == 302 and replay["Location"].startswith(reverse("account_request_reauthentication_code"))
    assert thief.post(reverse("mfa_reauthenticate") + "?next=/accounts/email/", {"code": "123456"}).status_code == 302
    assert not EmailAddress.objects.filter(email="thief@evil.example").exists()


def test_a_code_confirmed_for_another_address_does_not_unlock_the_app(demo, required, mailoutbox):
    """An address on the account that is not the one it had at login (confirmed by a thief
    before the fix) gets no code, neither by the reauthentication page nor by crafting the
    code process in the thief's own session: the check reads the address of the record."""
    admin = demo.user("schooladmin@uniform.demo")
    EmailAddress.objects.create(user=admin, email="thief@evil.example", verified=True, primary=False)
    thief = Client()
    _log_in(thief, "schooladmin@uniform.demo")
    from allauth.account.internal.flows.login import record_authentication
    from django.http import HttpRequest

    # what a code to the thief's address would leave in the session
    request = HttpRequest()
    request.session = thief.session
    record_authentication(request, admin, method="code", email="thief@evil.example", reauthenticated=True)
    request.session.save()
    assert thief.get(ACTIVATE)["Location"].startswith(reverse("account_request_reauthentication_code"))
    added = thief.post(reverse("account_email"), {"email": "thief2@evil.example", "action_add": ""})
    assert added["Location"].startswith(reverse("account_request_reauthentication_code"))
    assert not EmailAddress.objects.filter(email="thief2@evil.example").exists()


def test_an_operator_without_an_address_record_can_set_up_the_app(demo, required, mailoutbox):
    """``createsuperuser`` (and the Django admin) make accounts without allauth's address
    record. The mailbox proof before linking the app must still reach the operator's address:
    before, the code page had no recipient, sent on to the password page, which sent back to
    the code page: the operator could never set up the app, so never use the app or the admin."""
    User.objects.create_superuser("op@uniform.demo", PASSWORD)
    operator = Client()
    assert _log_in(operator, "op@uniform.demo").status_code == 302
    page = operator.get(ACTIVATE)
    code_page = reverse("account_request_reauthentication_code")
    assert page.status_code == 302 and page["Location"].startswith(code_page)
    form = operator.get(page["Location"])
    assert form.status_code == 200 and "op@uniform.demo" in form.content.decode()
    sent = operator.post(page["Location"], {"recipient": "op@uniform.demo"})
    assert sent.status_code == 302 and mailoutbox[-1].to == ["op@uniform.demo"]
    done = operator.post(sent["Location"], {"code": _mailed_code(mailoutbox[-1])})
    assert done.status_code == 302 and done["Location"] == ACTIVATE
    assert operator.get(ACTIVATE).status_code == 200  # the QR code of the app to link


# --- Behind the proxy: whose address counts ------------------------------------------------------


def test_a_forged_leading_forwarded_for_entry_does_not_buy_fresh_attempts(demo, limits):
    """The proxy appends the real client's address; whatever the client wrote before it is
    ignored, so writing a new address into each request gives no fresh allowance."""
    for n in range(12):
        _log_in(_from(f"10.0.{n}.1, 203.0.113.5"), f"{uuid.uuid4().hex}@example.org", "wrong")
    held = _log_in(_from("10.9.9.9, 203.0.113.5"), "teacher@uniform.demo")
    assert held.status_code != 302
    assert _log_in(_from("198.51.100.7"), "teacher@uniform.demo").status_code == 302


# --- A stranger must not lock the owner out -----------------------------------------------------


def _lock_out(email: str) -> None:
    """What a stranger with a few dozen addresses (one IPv6 /48 is 65536 of them) can do
    without knowing anything but the address: the ceiling of failed logins per account, and
    allauth's 3 login codes a minute per address."""
    for n in range(1, 22):
        guesser = _from(f"203.0.113.{n}")
        for _ in range(5):
            _log_in(guesser, email, "wrong-guess")
    for n in range(3):
        _code_to(_from(f"203.0.114.{n}"), email)


def test_a_stranger_cannot_lock_the_owner_out_of_their_own_browser(demo, limits, mailoutbox):
    """The owner's browser, where they logged in before, still logs in with the password or
    an emailed code while strangers hold the account's ceilings; a new browser waits."""
    owner = _from("198.51.100.7")
    assert _log_in(owner, "teacher@uniform.demo").status_code == 302
    owner.post(reverse("account_logout"))
    _lock_out("teacher@uniform.demo")
    # a stranger's browser, and a new one of the owner's, wait: the ceiling holds
    assert _log_in(_from("198.51.100.8"), "teacher@uniform.demo").status_code != 302
    assert _code_to(_from("198.51.100.8"), "teacher@uniform.demo").status_code != 302
    # the owner's own browser (same address or another) gets in both ways
    assert _log_in(owner, "teacher@uniform.demo").status_code == 302
    owner.post(reverse("account_logout"))
    moved = _from("192.0.2.44")
    moved.cookies = owner.cookies
    mailoutbox.clear()
    assert _code_to(moved, "teacher@uniform.demo").status_code == 302
    assert mailoutbox and mailoutbox[-1].to == ["teacher@uniform.demo"]


def test_a_forged_device_cookie_buys_nothing(demo, limits, settings):
    owner = _from("198.51.100.7")
    _log_in(owner, "teacher@uniform.demo")
    cookie = owner.cookies.get(settings.UNIFORM_DEVICE_COOKIE)
    assert cookie is not None and cookie["httponly"]
    _lock_out("teacher@uniform.demo")
    forger = _from("198.51.100.9")
    forger.cookies[settings.UNIFORM_DEVICE_COOKIE] = cookie.value[:-2] + "xx"
    assert _log_in(forger, "teacher@uniform.demo").status_code != 302
    # the owner's device cookie names the owner, not another account
    other = _from("198.51.100.10")
    other.cookies[settings.UNIFORM_DEVICE_COOKIE] = cookie.value
    _lock_out("mentor@uniform.demo")
    assert _log_in(other, "mentor@uniform.demo").status_code != 302


def test_a_flood_of_login_codes_does_not_block_the_admins_mailbox_proof(demo, limits, required, mailoutbox):
    """A stranger asking login codes for an admin's address three times a minute must not keep
    the logged-in admin from getting the code that proves the mailbox (to set up the app)."""
    admin = _from("198.51.100.7")
    assert _log_in(admin, "schooladmin@uniform.demo").status_code == 302
    for n in range(3):
        _code_to(_from(f"203.0.114.{n}"), "schooladmin@uniform.demo")
    mailoutbox.clear()
    sent = admin.post(reverse("account_request_reauthentication_code") + "?next=" + ACTIVATE,
                      {"recipient": "schooladmin@uniform.demo"})
    assert sent.status_code == 302, sent.content.decode()[:2000]
    assert mailoutbox and mailoutbox[-1].to == ["schooladmin@uniform.demo"]


def test_a_reauthentication_older_than_five_minutes_does_not_unlock_the_second_factor(demo):
    """A session where the owner gave the app's code a while ago (a tablet left open) does not
    see or change the recovery codes: the code must be recent (allauth's 5 minutes)."""
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = demo.user("teacher@uniform.demo")
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    owner = Client()
    owner.force_login(user)
    session = owner.session
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "mfa", "at": time.time() - 301, "type": "totp", "reauthenticated": True}]
    session.save()
    for name in ("mfa_view_recovery_codes", "mfa_download_recovery_codes"):
        assert owner.get(reverse(name))["Location"].startswith(reverse("mfa_reauthenticate")), name
    session = owner.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "mfa", "at": time.time() - 10, "type": "totp", "reauthenticated": True}]
    session.save()
    assert owner.get(reverse("mfa_view_recovery_codes")).status_code == 200
