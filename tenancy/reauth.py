"""Changing an account asks for its strongest factor, not for whatever one has at hand.

allauth asks for a recent reauthentication before addresses or the second factor change, but
any method counts, the password too. With only a stolen password a thief could then add their
own address, have the mailbox proof sent there and link their own authenticator app. So:

- an account with an authenticator app (or recovery codes) reauthenticates with it;
- an account that must use one and has none yet (``access.must_use_mfa``) proves the mailbox:
  a code sent to the address it had when this session logged in (``login_email``);
- any other account as allauth has it (password, or an emailed code).

``tenancy.adapters`` offers only those methods; ``tenancy.middleware`` holds the pages in
``PROTECTED`` until one was used in the last minutes. Every change of addresses is mailed to
the old address (allauth's notifications plus ``email_added`` below). See docs/adr/0009.
"""

from __future__ import annotations

import time

from allauth.account import app_settings as account_settings
from allauth.account.models import EmailAddress
from allauth.account.signals import email_added
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

#: The account's primary address when this session logged in.
LOGIN_EMAIL_SESSION_KEY = "uniform_login_email"

#: The pages (URL names) that change how one logs in or where the proof goes; True: also to see
#: them (the recovery codes are a second factor), False: only to post.
PROTECTED = {
    "account_email": False,
    "account_change_password": False,
    "account_set_password": False,
    "mfa_deactivate_totp": False,
    "mfa_generate_recovery_codes": False,
    "mfa_view_recovery_codes": True,
    "mfa_download_recovery_codes": True,
}

MFA, MAILBOX = "mfa", "mailbox"


@receiver(user_logged_in, dispatch_uid="uniform_remember_login_email")
def remember_login_email(sender, request, user, **kwargs):
    from tenancy import devices

    if not EmailAddress.objects.filter(user=user).exists() and user.email:
        # Accounts made by ``createsuperuser`` or the Django admin have no address record, so
        # allauth had no recipient for a code: an operator could never prove the mailbox, so
        # never link the app. The login address is where login codes and resets go already.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_EMAIL_SESSION_KEY] = EmailAddress.objects.get_primary_email(user) or user.email
        devices.remember(request, user)


def login_email(request, user) -> str:
    """The address the account had before this session (its primary at login); sessions from
    before this was recorded: the primary address."""
    return (request.session.get(LOGIN_EMAIL_SESSION_KEY) or EmailAddress.objects.get_primary_email(user)
            or user.email or "").lower()


def strongest_factor(user) -> str:
    """MFA, MAILBOX or "" (allauth's methods as they are)."""
    from allauth.mfa.utils import is_mfa_enabled

    import access

    if not user.is_authenticated:
        return ""
    if is_mfa_enabled(user):
        return MFA
    if settings.UNIFORM_REQUIRE_MFA and access.must_use_mfa(user):
        return MAILBOX
    return ""


def mailbox_proven(request, user, *, within: float) -> bool:
    """A code mailed to the address the account had at login, typed in the last ``within``
    seconds (at login by code, or reauthenticating by code)."""
    from allauth.account.authentication import get_authentication_records

    address = login_email(request, user)
    now = time.time()
    return any(
        record.get("method") == "code" and (record.get("email") or "").lower() == address
        and now - record.get("at", 0) < within
        for record in get_authentication_records(request, user)
    )


def recently_reauthenticated(request, user) -> bool:
    """allauth's "recent reauthentication", with the strongest factor the account has."""
    from allauth.account.authentication import get_authentication_records

    factor = strongest_factor(user)
    if not factor:
        return True  # allauth's own check (ACCOUNT_REAUTHENTICATION_REQUIRED) applies
    if factor == MAILBOX:
        address = login_email(request, user)
    now = time.time()
    for record in get_authentication_records(request, user):
        if not record.get("reauthenticated") or now - record.get("at", 0) >= account_settings.REAUTHENTICATION_TIMEOUT:
            continue
        if factor == MFA and record.get("method") == "mfa":
            return True
        if factor == MAILBOX and record.get("method") == "code" and (record.get("email") or "").lower() == address:
            return True
    return False


def allowed_methods(user, methods: list[dict]) -> list[dict]:
    """allauth's reauthentication methods, the strongest only."""
    factor = strongest_factor(user)
    if factor == MFA:
        return [m for m in methods if m["id"].startswith("mfa_reauthenticate")] or methods
    if factor == MAILBOX:
        return [m for m in methods if m["id"] == "reauthenticate_by_code"] or methods
    return methods


@receiver(email_added, dispatch_uid="uniform_notify_email_added")
def notify_email_added(sender, request, user, email_address, **kwargs):
    """allauth tells the old address of a removal and of a new primary, not of an addition."""
    from allauth.account.adapter import get_adapter

    get_adapter(request).send_notification_mail("account/email/email_added", user, {"added_email": email_address.email})
