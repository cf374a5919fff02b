from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip

from tenancy import devices, reauth, throttle


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: people join a network by invitation only (see tenancy.services).

    Failed logins count per real client address and per account *from that address*; a
    ceiling per account over all addresses holds back a guesser spread over many. Reauthentication
    offers only the strongest factor the account has (tenancy.reauth). See docs/adr/0009."""

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        # Mails greet "from Uniform", not from the host name (we do not use django.contrib.sites).
        site = context.get("current_site")
        context = {**context, "current_site": SimpleNamespace(name="Uniform", domain=getattr(site, "domain", ""))}
        return super().send_mail(template_prefix, email, context)

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        super().send_notification_mail(template_prefix, user, context, email)
        if template_prefix == "account/email/email_deleted" and context and context.get("deleted_email"):
            # allauth tells the primary address; the removed one is the old address too (it may be
            # the owner's, after a thief made their own address primary).
            super().send_notification_mail(template_prefix, user, context, context["deleted_email"])

    # --- failed logins ---------------------------------------------------------------------

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth keys the per-account limit ("5/5m/key") by the login alone: five wrong
        # passwords from anywhere locked the owner out. Per account and client address instead.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{get_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        super().pre_authenticate(request, **credentials)
        login = (credentials.get("email") or credentials.get("username") or "").lower()
        try:
            # per account, or per account from a browser where it logged in before: strangers
            # holding the account's ceiling do not lock out its owner's own browser
            self._account_refund = throttle.attempt(request, "login_failed_account", key=devices.limit_key(request, login))
        except throttle.TooManyAttempts:
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts") from None

    def authenticate(self, request, **credentials):
        self._account_refund = None
        user = super().authenticate(request, **credentials)
        if user is not None and self._account_refund:
            self._account_refund()
        return user

    # --- reauthentication ------------------------------------------------------------------

    def get_reauthentication_methods(self, user):
        return reauth.allowed_methods(user, super().get_reauthentication_methods(user))
