"""After a login through a provider that declares it enforces a second factor, the session
records that the second factor was given there (tenancy.middleware.RequireMFAMiddleware)."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in)
def _mfa_by_provider(sender, request, user, **kwargs):
    from sso.selectors import provider_of
    from tenancy.middleware import MFA_BY_PROVIDER_SESSION_KEY

    sociallogin = kwargs.get("sociallogin")
    if sociallogin is None:
        request.session.pop(MFA_BY_PROVIDER_SESSION_KEY, None)
        return
    provider = provider_of(sociallogin.account.provider)
    if provider is not None and provider.enforces_mfa:
        request.session[MFA_BY_PROVIDER_SESSION_KEY] = user.pk
    else:
        request.session.pop(MFA_BY_PROVIDER_SESSION_KEY, None)
