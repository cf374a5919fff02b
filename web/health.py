"""``/health/`` (liveness) and ``/health/ready/`` (readiness): issue #13 and #18, ADR 0010 and 0030.

``/health/`` answers when the process answers: no database, no cache, no login, no tenant data;
a load balancer or systemd may restart a process that stops answering it. ``/health/ready/``
says whether this instance can serve now: django-health-check runs one check per dependency
(the database: SELECT 1; the cache: set and get a key; the task queue: its table answers, or
Redis answers PING; the file storage of uploads and exports: write, read and delete a small
file) and the answer is JSON: ``{"status": "ok"|"failing", "checks": {"database": "OK", ...}}``,
200 when all pass, 503 when one fails (with the failure instead of "OK"). A node answering 503
is taken out of the pool until it answers 200 again; it is not restarted for it.
"""

from __future__ import annotations

import asyncio
import dataclasses

from asgiref.sync import sync_to_async
from django.db import transaction
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from health_check.base import HealthCheck  # type: ignore[import-untyped]
from health_check.checks import Cache, Database, Storage  # type: ignore[import-untyped]
from health_check.exceptions import ServiceUnavailable  # type: ignore[import-untyped]

from web import taskqueue


@dataclasses.dataclass
class Queue(HealthCheck):
    """The configured django-tasks backend's queue answers (web/taskqueue.py)."""

    alias: str = "default"

    async def run(self) -> None:
        # in the request's thread: the database backend asks the request's own connection
        try:
            await sync_to_async(taskqueue.ping)(self.alias)
        except Exception as exc:
            raise ServiceUnavailable(f"{taskqueue.kind(self.alias)} queue: {type(exc).__name__}") from exc


#: name in the answer → the check
READINESS_CHECKS: dict[str, type[HealthCheck]] = {
    "database": Database,
    "cache": Cache,
    "queue": Queue,
    "storage": Storage,
}


@never_cache
@require_GET
def liveness(request):
    return JsonResponse({"status": "ok"})


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class ReadinessView(View):
    http_method_names = ["get"]

    async def get(self, request):
        names = list(READINESS_CHECKS)
        results = await asyncio.gather(*(READINESS_CHECKS[name]().get_result() for name in names))
        checks = {name: "OK" if result.error is None else str(result.error) for name, result in zip(names, results, strict=True)}
        failing = any(result.error is not None for result in results)
        response = JsonResponse({"status": "failing" if failing else "ok", "checks": checks}, status=503 if failing else 200)
        add_never_cache_headers(response)
        return response
