"""The application's URLs plus a bare view, for scripts/bench_region.py: the baseline of one
request through the same process and middleware (gunicorn only; never in config.urls)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [*app_urlpatterns, path("bench-bare/", bare)]
