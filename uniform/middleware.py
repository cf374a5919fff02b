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
        if settings.UNIFORM_REQUIRE_MFA and self._must_set_up(request):
            target = reverse("mfa_activate_totp")
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            messages.warning(request, _("Your role gives access to many students' data: set up two-step login "
                                        "with an authenticator app before you go on."))
            return HttpResponseRedirect(target)
        return self.get_response(request)

    def _must_set_up(self, request) -> bool:
        from allauth.mfa.models import Authenticator

        from uniform import access

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(self.OPEN_PREFIXES):
            return False
        if not access.must_use_mfa(user):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
