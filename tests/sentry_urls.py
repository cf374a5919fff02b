"""A URL whose view fails, for tests/test_sentry.py: the app's URLs plus one that raises."""

from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def fails(request):
    person = "mentor@uniform.demo"  # a local variable of the failing frame: sentry-sdk sends those
    raise ValueError(f"could not mail {person}")


urlpatterns = [path("fails/", fails, name="fails"), *app_urlpatterns]
