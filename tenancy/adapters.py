from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: people join a network by invitation only (see tenancy.services)."""

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        # Mails greet "from Uniform", not from the host name (we do not use django.contrib.sites).
        site = context.get("current_site")
        context = {**context, "current_site": SimpleNamespace(name="Uniform", domain=getattr(site, "domain", ""))}
        return super().send_mail(template_prefix, email, context)
