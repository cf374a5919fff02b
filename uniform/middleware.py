"""Language selection: Dutch unless the person chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language header; shared tablets and
phones on the work floor often run an English system, and the product is Dutch first. So the
language is the one chosen with the switch (the language cookie), else Dutch. See
docs/adr/0002-language.md.
"""

from django.conf import settings
from django.utils import translation


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
