from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: people join a network by invitation only (see uniform.services)."""

    def is_open_for_signup(self, request):
        return False
