"""Account takeover and guessing (issue #13): a stolen password must not be enough to move an
admin's second factor; failed logins behind the proxy must not lock out everyone; password
checks outside the login form (signing, password change) are limited per person.

Rate limits are off in the test settings (the suite logs in dozens of times a minute);
the tests here switch the production ones on (``settings.UNIFORM_RATE_LIMITS``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from evaluations.models import Evaluation

ACTIVATE = "/accounts/2fa/totp/activate/"
PASSWORD = "uniform-demo"


@pytest.fixture
def required(settings):
    settings.UNIFORM_REQUIRE_MFA = True


@pytest.fixture
def limits(settings):
    """The production rate limits, on an empty cache."""
    cache.clear()
    # (before issue #13 the production limits were these two, written inline)
    settings.ACCOUNT_RATE_LIMITS = getattr(
        settings, "UNIFORM_RATE_LIMITS", {"login_failed": "10/m/ip,5/5m/key", "reset_password": "20/m/ip,5/m/key"}
    )
    yield settings
    cache.clear()


def _totp_code(secret: str) -> str:
    from allauth.mfa import app_settings

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 3:  # a code about to expire: the next one (allauth allows no tolerance)
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def _log_in(email: str, password: str = PASSWORD, **headers) -> Client:
    client = Client(**headers)
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302, response.content[:300]
    return client


def _mailed_code(message) -> str:
    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.M).group(1)


def _add(client, email):
    return client.post(reverse("account_email"), {"email": email, "action_add": ""})


# --- A stolen password is not enough to take over the second factor ---------------------------


def test_a_password_alone_cannot_add_an_address_to_an_admin_account(demo, required, mailoutbox):
    """The thief logs in with the password of an admin who has no authenticator app yet and
    tries to add their own address (to have the mailbox proof sent there). Email management
    asks for proof from the mailbox the account had: the password is not enough."""
    thief = _log_in("schooladmin@uniform.demo")
    response = _add(thief, "thief@evil.example")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_request_reauthentication_code"))
    assert not EmailAddress.objects.filter(email="thief@evil.example").exists()
    # typing the password again does not stand in for the mailbox
    again = thief.post(reverse("account_reauthenticate") + "?next=/accounts/email/", {"password": PASSWORD})
    assert again.status_code == 302 and again["Location"].startswith(reverse("account_request_reauthentication_code"))
    assert _add(thief, "thief@evil.example")["Location"].startswith(reverse("account_request_reauthentication_code"))
    assert not EmailAddress.objects.filter(email="thief@evil.example").exists()
    assert not any("thief@evil.example" in m.to for m in mailoutbox)


def test_the_owner_adds_an_address_after_a_code_and_the_old_address_hears_of_it(demo, required, mailoutbox):
    owner = _log_in("schooladmin@uniform.demo")
    response = _add(owner, "second@uniform.demo")
    sent = owner.post(response["Location"], {"recipient": "schooladmin@uniform.demo"})
    assert sent.status_code == 302 and mailoutbox[-1].to == ["schooladmin@uniform.demo"]
    done = owner.post(sent["Location"], {"code": _mailed_code(mailoutbox[-1])})
    assert done.status_code == 302, done.content[:300]
    assert EmailAddress.objects.filter(email="second@uniform.demo", user__email="schooladmin@uniform.demo").exists()
    notices = [m for m in mailoutbox if m.to == ["schooladmin@uniform.demo"] and "second@uniform.demo" in m.body]
    assert notices and "toegevoegd" in notices[-1].subject.lower() + notices[-1].body.lower()


def test_the_mailbox_proof_goes_only_to_the_address_the_account_had(demo, required, mailoutbox):
    """An address confirmed on the account (by a thief, before this was closed) is not offered
    for the code that unlocks linking an app, and a code sent there does not count."""
    admin = demo.user("schooladmin@uniform.demo")
    EmailAddress.objects.create(user=admin, email="thief@evil.example", verified=True, primary=False)
    thief = _log_in("schooladmin@uniform.demo")
    page = thief.get(reverse("account_request_reauthentication_code") + "?next=" + ACTIVATE).content.decode()
    assert "schooladmin@uniform.demo" in page and "thief@evil.example" not in page
    response = thief.post(reverse("account_request_reauthentication_code") + "?next=" + ACTIVATE,
                          {"recipient": "thief@evil.example"})
    assert response.status_code == 200  # refused, the form again
    assert not any("thief@evil.example" in m.to for m in mailoutbox)
    assert thief.get(ACTIVATE)["Location"].startswith(reverse("account_request_reauthentication_code"))


def test_adding_removing_and_making_primary_notify_the_old_address(demo, mailoutbox):
    """A teacher (password is the strongest factor) confirms with the password; every change
    of addresses is told to the address that was there before."""
    teacher = _log_in("teacher@uniform.demo")
    response = _add(teacher, "new@uniform.demo")
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    resumed = teacher.post(response["Location"], {"password": PASSWORD})
    assert resumed.status_code == 302
    assert EmailAddress.objects.filter(email="new@uniform.demo").exists()
    assert any(m.to == ["teacher@uniform.demo"] and "new@uniform.demo" in m.body for m in mailoutbox)
    EmailAddress.objects.filter(email="new@uniform.demo").update(verified=True)
    mailoutbox.clear()
    teacher.post(reverse("account_email"), {"email": "new@uniform.demo", "action_primary": ""})
    assert EmailAddress.objects.get(email="new@uniform.demo").primary
    assert any(m.to == ["teacher@uniform.demo"] and "new@uniform.demo" in m.body for m in mailoutbox)
    mailoutbox.clear()
    teacher.post(reverse("account_email"), {"email": "teacher@uniform.demo", "action_remove": ""})
    assert not EmailAddress.objects.filter(email="teacher@uniform.demo").exists()
    assert any(m.to == ["teacher@uniform.demo"] for m in mailoutbox), [m.to for m in mailoutbox]


def test_with_an_app_the_account_pages_ask_for_its_code_not_the_password(demo, mailoutbox):
    """A session that has only the password (it logged in before the owner linked an app) and
    typed it again recently: recovery codes, password change, email management and switching
    the app off ask for a code from the app."""
    teacher = _log_in("teacher@uniform.demo")
    teacher.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # a recent password check
    user = demo.user("teacher@uniform.demo")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    mfa = reverse("mfa_reauthenticate")
    for name in ("mfa_view_recovery_codes", "mfa_download_recovery_codes"):
        response = teacher.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(mfa), name
    response = teacher.post(reverse("account_change_password"),
                            {"oldpassword": PASSWORD, "password1": "Nieuw-wachtwoord-42", "password2": "Nieuw-wachtwoord-42"})
    assert response.status_code == 302 and response["Location"].startswith(mfa)
    assert demo.user("teacher@uniform.demo").check_password(PASSWORD)
    assert _add(teacher, "thief@evil.example")["Location"].startswith(mfa)
    assert teacher.post(reverse("mfa_deactivate_totp"))["Location"].startswith(mfa)
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    # the password page itself sends on to the app
    assert teacher.get(reverse("account_reauthenticate"))["Location"].startswith(mfa)
    # with the app's code, the owner sees the recovery codes
    teacher.post(mfa, {"code": _totp_code(secret)})
    assert teacher.get(reverse("mfa_view_recovery_codes")).status_code == 200


# --- Failed logins behind the proxy ------------------------------------------------------------


def _behind_proxy(ip: str) -> Client:
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=ip)


def _try(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_failures_from_one_client_do_not_lock_out_another_behind_the_proxy(demo, limits):
    limits.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    guesser = _behind_proxy("203.0.113.5")
    for _ in range(10):
        assert _try(guesser, f"{uuid.uuid4().hex}@example.org", "wrong-password").status_code == 200
    # the guesser's own address is held back ...
    blocked = _try(guesser, "teacher@uniform.demo", PASSWORD)
    assert blocked.status_code in (200, 429) and "_auth_user_id" not in guesser.session
    # ... another person behind the same proxy logs in at once
    assert _try(_behind_proxy("198.51.100.7"), "teacher@uniform.demo", PASSWORD).status_code == 302


def test_someone_guessing_a_password_does_not_lock_out_its_owner(demo, limits):
    limits.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    guesser = _behind_proxy("203.0.113.5")
    for _ in range(6):
        _try(guesser, "teacher@uniform.demo", "wrong-password")
    assert _try(guesser, "teacher@uniform.demo", PASSWORD).status_code != 302  # the guesser is held back
    assert _try(_behind_proxy("198.51.100.7"), "teacher@uniform.demo", PASSWORD).status_code == 302


def _production_settings(**env) -> dict:
    """config.settings as a production process reads it (not under pytest)."""
    code = ("import json, django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
            "from django.conf import settings as s; "
            "print(json.dumps({k: getattr(s, k, None) for k in ('ALLAUTH_TRUSTED_PROXY_COUNT', "
            "'ALLAUTH_TRUSTED_CLIENT_IP_HEADER', 'ACCOUNT_RATE_LIMITS', 'MFA_RATE_LIMITS')}))")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("UNIFORM_", "DEBUG", "PYTEST"))}
    result = subprocess.run(  # noqa: S603  (our own interpreter, a fixed program)
        [sys.executable, "-c", code], env={**base, "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "uniform.example", **env},
        cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True, check=True,
    )
    return json.loads(result.stdout)


def test_the_proxy_is_configured_from_the_environment_and_limits_are_on_in_production():
    plain = _production_settings()
    assert plain["ALLAUTH_TRUSTED_PROXY_COUNT"] == 0 and plain["ALLAUTH_TRUSTED_CLIENT_IP_HEADER"] is None
    assert plain["ACCOUNT_RATE_LIMITS"]["login_failed"] and plain["ACCOUNT_RATE_LIMITS"]["password_check"]
    assert plain["MFA_RATE_LIMITS"] is not False
    proxied = _production_settings(TRUSTED_PROXY_COUNT="1")
    assert proxied["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
    assert _production_settings(TRUSTED_CLIENT_IP_HEADER="X-Real-IP")["ALLAUTH_TRUSTED_CLIENT_IP_HEADER"] == "X-Real-IP"


def test_a_real_ip_header_counts_the_real_client(demo, limits):
    limits.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    guesser = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.5")
    for _ in range(10):
        _try(guesser, f"{uuid.uuid4().hex}@example.org", "wrong-password")
    assert _try(Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.7"), "teacher@uniform.demo", PASSWORD).status_code == 302


# --- Password checks outside the login form ----------------------------------------------------


def _signable(demo) -> Evaluation:
    from tests.test_evaluations import _mentor_form, _start

    evaluation = _start(demo)
    mentor = demo.client_for("mentor@uniform.demo")
    assert mentor.post(reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk]),
                       _mentor_form(evaluation)).status_code == 302
    return Evaluation.objects.get(pk=evaluation.pk)


def _sign(client, evaluation, password):
    revision = Evaluation.objects.get(pk=evaluation.pk).revision
    response = client.post(reverse("evaluations:evaluation_sign", args=[evaluation.internship_id, evaluation.pk]),
                           {"password": password, "revision": revision}, follow=True)
    return " ".join(str(m) for m in response.context["messages"])


def test_signing_is_no_password_oracle(demo, limits):
    evaluation = _signable(demo)
    mentor = demo.client_for("mentor@uniform.demo")
    answers = [_sign(mentor, evaluation, f"guess-{n}") for n in range(30)]
    wrong = [a for a in answers if "wachtwoord klopt niet" in a.lower()]
    assert len(wrong) <= 5, answers[:8]
    assert "te vaak" in answers[-1].lower()
    # held back even with the right password: nothing is checked, nothing signed
    assert "te vaak" in _sign(mentor, evaluation, PASSWORD).lower()
    assert Evaluation.objects.get(pk=evaluation.pk).mentor_signed_at is None
    # per person: the school's teacher is not held back
    teacher = demo.client_for("teacher@uniform.demo")
    assert "te vaak" not in _sign(teacher, evaluation, "guess").lower()
    # once the window has passed, the mentor signs
    cache.clear()
    _sign(mentor, evaluation, PASSWORD)
    assert Evaluation.objects.get(pk=evaluation.pk).mentor_signed_at is not None


def test_password_change_shares_the_limit_of_password_checks(demo, limits):
    evaluation = _signable(demo)
    mentor = demo.client_for("mentor@uniform.demo")
    for n in range(5):
        _sign(mentor, evaluation, f"guess-{n}")
    response = mentor.post(reverse("account_change_password"),
                           {"oldpassword": PASSWORD, "password1": "Nieuw-wachtwoord-42", "password2": "Nieuw-wachtwoord-42"})
    assert response.status_code == 200 and "te vaak" in response.content.decode().lower()
    assert demo.user("mentor@uniform.demo").check_password(PASSWORD)


def test_unknown_invitation_links_are_limited_per_client(demo, limits):
    client = Client()
    codes = [client.get(reverse("invitation_accept", args=[uuid.uuid4().hex])).status_code for _ in range(25)]
    assert codes[:20] == [404] * 20 and codes[-1] == 429
    assert Client(REMOTE_ADDR="198.51.100.7").get(reverse("invitation_accept", args=[uuid.uuid4().hex])).status_code == 404


def test_a_signer_without_a_password_but_with_an_app_confirms_with_the_app(demo):
    """The strongest factor is the one asked: a mentor who logs in by code and linked an app
    confirms a signature with the app's code (not a mailed code), one signature per code."""
    evaluation = _signable(demo)
    user = demo.user("mentor@uniform.demo")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    mentor = Client()
    mentor.force_login(user)
    url = reverse("evaluations:evaluation_sign", args=[evaluation.internship_id, evaluation.pk])
    response = mentor.post(url, {"as": "mentor", "revision": evaluation.revision})
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert mentor.get(reverse("account_request_reauthentication_code"))["Location"].startswith(reverse("mfa_reauthenticate"))
    done = mentor.post(response["Location"], {"code": _totp_code(secret)})
    assert done.status_code == 302
    assert Evaluation.objects.get(pk=evaluation.pk).mentor_signed_by == user
