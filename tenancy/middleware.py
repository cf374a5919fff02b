"""Language selection: Dutch unless the person chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language header; shared tablets and
phones on the work floor often run an English system, and the product is Dutch first. So the
language is the one chosen with the switch (the language cookie), else Dutch. See
docs/adr/0002-language.md.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class RequireMFAMiddleware:
    """Coordinators, school and childcare admins and Django admin operators use two-step login
    (an authenticator app, TOTP): until they have set it up, every page sends them to the
    page where they do (``access.must_use_mfa``; ``settings.UNIFORM_REQUIRE_MFA``, on by
    default in production). The account pages (log out, set up the app, password) stay open.

    Once set up, allauth asks for the code at every login. See docs/adr/0005-mfa.md."""

    OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/media/", "/favicon")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.UNIFORM_REQUIRE_MFA:
            needed = self._needed(request)
            if needed == "set_up":
                messages.warning(request, _("Your role gives access to many students' data: set up two-step login "
                                            "with an authenticator app before you go on."))
                return self._redirect(request, self._activate_path())
            if needed == "code":
                return self._redirect(request, reverse("mfa_reauthenticate") + "?" + urlencode({"next": request.get_full_path()}))
            if needed == "mailbox":
                return self._redirect(request, reverse("account_request_reauthentication_code") + "?"
                                      + urlencode({"next": request.get_full_path()}))
        enrolling = request.method == "POST" and request.path == self._activate_path() and not self._has_app(request.user)
        response = self.get_response(request)
        if enrolling and self._has_app(request.user):
            # This session just typed a code from the new app: it has proven the second factor.
            request.session[MFA_ENROLLED_SESSION_KEY] = request.user.pk
        return response

    _activate = None

    @classmethod
    def _activate_path(cls) -> str:
        if cls._activate is None:
            cls._activate = reverse("mfa_activate_totp")
        return cls._activate

    @staticmethod
    def _recent_code(request, user) -> bool:
        # Only the address the account had at login counts: one added in this session (by
        # whoever has the password) is no proof of the owner's mailbox.
        from tenancy import reauth

        return reauth.mailbox_proven(request, user, within=MAILBOX_PROOF_SECONDS)

    @staticmethod
    def _has_app(user) -> bool:
        from allauth.mfa.models import Authenticator

        return bool(user.is_authenticated) and Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    @staticmethod
    def _redirect(request, target):
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)

    def _needed(self, request) -> str:
        """"" (nothing), "set_up" (no authenticator app yet) or "code" (this session has not
        given the second factor: it logged in before the app was set up elsewhere, or before
        the setting was switched on)."""
        from allauth.account.authentication import get_authentication_records

        import access

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return ""
        if request.path == self._activate_path():
            # Linking the first app proves the mailbox too (a code mailed in the last minutes):
            # a password alone, guessed or stolen, must not be enough to link the thief's app.
            if access.must_use_mfa(user) and not self._has_app(user) and not self._recent_code(request, user):
                return "mailbox"
            return ""
        if request.path.startswith(self.OPEN_PREFIXES) or not access.must_use_mfa(user):
            return ""
        # The session's own proof first: no query on the pages of someone who gave the code.
        if request.session.get(MFA_ENROLLED_SESSION_KEY) == user.pk:
            return ""
        # Logged in through a provider its admin declared to enforce a second factor (ADR 0026).
        if request.session.get(MFA_BY_PROVIDER_SESSION_KEY) == user.pk:
            return ""
        if any(record.get("method") == "mfa" for record in get_authentication_records(request, user)):
            return ""
        return "code" if self._has_app(user) else "set_up"


class StrongReauthenticationMiddleware:
    """The account pages that change how one logs in (addresses, password, the second factor:
    ``tenancy.reauth.PROTECTED``) ask for a recent reauthentication with the strongest factor
    the account has. allauth's own check takes any method, the password too; this one sends
    the request on to the strongest method and allauth resumes it from there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from allauth.account.adapter import get_adapter
        from allauth.account.internal.flows.reauthentication import suspend_request

        from tenancy import reauth

        match = request.resolver_match
        name = match.url_name if match else None
        if name not in reauth.PROTECTED or not request.user.is_authenticated:
            return None
        if request.method in ("GET", "HEAD") and not reauth.PROTECTED[name]:
            return None
        if reauth.recently_reauthenticated(request, request.user):
            return None
        methods = get_adapter(request).get_reauthentication_methods(request.user)
        if not methods:
            return None  # allauth refuses by itself
        return suspend_request(request, methods[0]["url"])


#: How recent the emailed code must be to link a first authenticator app.
MAILBOX_PROOF_SECONDS = 15 * 60

#: Set in the session where the person linked their authenticator app: that session has just
#: proven the second factor.
MFA_ENROLLED_SESSION_KEY = "uniform_mfa_enrolled"

#: Set in the session after a login through a login provider that enforces a second factor
#: (sso.signals, ADR 0026): the provider asked for it.
MFA_BY_PROVIDER_SESSION_KEY = "uniform_mfa_by_provider"
