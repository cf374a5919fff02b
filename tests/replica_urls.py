"""Views for tests/test_replica.py: a report that may read from the replica, and writes."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone

from config.urls import urlpatterns as app_urlpatterns
from tenancy.models import User
from web.replica import replica_reads


@replica_reads
def report(request):
    return HttpResponse(str(User.objects.filter(email="report-count@example.org").count()))


def _write():
    Session.objects.create(session_key=f"replica-test-{timezone.now().timestamp()}", session_data="",
                           expire_date=timezone.now() + timedelta(days=1))


def write(request):
    _write()
    return HttpResponse("written")


@replica_reads
def report_that_writes_first(request):
    _write()
    return HttpResponse(str(User.objects.filter(email="report-count@example.org").count()))


urlpatterns = [
    path("report/", report),
    path("write/", write),
    path("report-that-writes/", report_that_writes_first),
    *app_urlpatterns,
]
