"""``/metrics``: Prometheus text format for the operator's scraper (issue #18, ADR 0030).

Behind a token: ``METRICS_TOKEN`` unset → 404 (the endpoint does not exist); a request without
``Authorization: Bearer <METRICS_TOKEN>`` (compared in constant time) → 401. No tenant data:
the figures are counts over all networks, labelled by URL pattern name, status, queue name.

Two kinds of figures:

* per process, counted as requests are answered (web/observability.py): requests by method,
  route and status, and the latency histogram. Under gunicorn with several workers set
  ``PROMETHEUS_MULTIPROC_DIR`` (an empty directory, wiped before each start) so every worker
  writes its counts there and any worker's scrape adds them all up (prometheus-client's
  multiprocess mode; config/gunicorn.py removes a dead worker's live gauges).
* cluster-wide, counted in the database (or Redis) at scrape time: tasks waiting and failed
  per queue, notification and digest mails by mail status, export jobs by status. These are
  facts of the whole installation, the same whichever node is scraped: a per-process counter
  would count only what that process did (mails go out from the workers, which no one scrapes).
"""

from __future__ import annotations

import hmac
import logging
import os
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from web import observability, taskqueue

logger = logging.getLogger(__name__)


class ClusterCollector(Collector):
    """Counts from the database and the queue, read when scraped (a few indexed counts). A part
    that cannot be read (the database or Redis is down) is left out and counted in
    ``uniform_scrape_errors``: the request figures of the same scrape still come through."""

    def collect(self):
        errors = GaugeMetricFamily("uniform_scrape_errors", "Parts of this scrape that could not be read.", labels=["part"])
        for part, families in (("queue", self._queue), ("mails", self._mails), ("exports", self._exports)):
            try:
                found = list(families())
            except Exception:
                logger.warning("metrics: %s could not be read", part, exc_info=True)
                errors.add_metric([part], 1)
                continue
            errors.add_metric([part], 0)
            yield from found
        yield errors

    def _queue(self):
        waiting = GaugeMetricFamily("uniform_tasks_waiting", "Tasks waiting in the queue, by queue.", labels=["queue"])
        failed = GaugeMetricFamily("uniform_tasks_failed", "Tasks that failed and are kept, by queue.", labels=["queue"])
        for queue, counts in sorted(_cached("queue", taskqueue.figures).items()):
            waiting.add_metric([queue], counts["waiting"])
            failed.add_metric([queue], counts["failed"])
        yield waiting
        yield failed

    def _mails(self):
        mails = GaugeMetricFamily(
            "uniform_mails_24h",
            "Mails of the last 24 hours by status (sent, failed, pending): notifications made and digests of the day.",
            labels=["kind", "status"],
        )
        for kind, counts in sorted(_cached("mails", _mail_counts).items()):
            for status, n in sorted(counts.items()):
                mails.add_metric([kind, status], n)
        yield mails

    def _exports(self):
        jobs = GaugeMetricFamily("uniform_export_jobs", "Export jobs kept now, by status.", labels=["status"])
        for status, n in sorted(_cached("exports", _export_counts).items()):
            jobs.add_metric([status], n)
        yield jobs


def _cached(part: str, compute):
    """Cluster figures are the same on every node: computed at most once per
    METRICS_CLUSTER_SECONDS for all of them (the shared cache), however many nodes are scraped."""
    seconds = settings.METRICS_CLUSTER_SECONDS
    if seconds <= 0:
        return compute()
    key = f"uniform:metrics:{part}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def _mail_counts() -> dict[str, dict[str, int]]:
    from notifications.models import Digest, MailStatus, Notification

    since = timezone.now() - timedelta(hours=24)
    statuses = (MailStatus.SENT, MailStatus.FAILED, MailStatus.PENDING)
    result = {}
    # created_at is indexed: the last day's notifications, not all that are kept
    for kind, rows in (
        ("notification", Notification.objects.filter(created_at__gte=since)),
        ("digest", Digest.objects.filter(day__gte=timezone.localdate() - timedelta(days=1), created_at__gte=since)),
    ):
        counts = dict(rows.filter(mail_status__in=statuses).order_by().values_list("mail_status").annotate(n=Count("pk")))
        result[kind] = {status.value: counts.get(status.value, 0) for status in statuses}
    return result


def _export_counts() -> dict[str, int]:
    from exports.selectors import jobs_per_status

    return jobs_per_status()


class _ProcessCollector(Collector):
    """This process's request metrics (when not in multiprocess mode)."""

    def collect(self):
        yield from observability.REGISTRY.collect()


def registry() -> CollectorRegistry:
    scrape = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(scrape)
    else:
        scrape.register(_ProcessCollector())
    scrape.register(ClusterCollector())
    return scrape


def authorised(request) -> bool:
    expected = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    scheme, _, token = given.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), expected.encode())


@never_cache
@require_GET
def metrics(request):
    if not settings.METRICS_TOKEN:
        raise Http404
    if not authorised(request):
        response = HttpResponse("Unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
