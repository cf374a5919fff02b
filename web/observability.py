"""Request ids, the request log line, structured (JSON) logs and the request metrics (ADR 0030).

``RequestMiddleware`` (first in MIDDLEWARE, so it sees every answer, the HTTPS redirect too):
takes the ``X-Request-ID`` the proxy sent when it is a sane value (8–128 characters of
``A-Z a-z 0-9 . _ : -``), else makes one; puts it in a context variable that every log line of
the request carries, and on the response's ``X-Request-ID``; writes one log line per request
(``uniform.request``: method, route, status, duration_ms) and counts it in the metrics. The
route is the URL pattern's name (``internships:detail``), never the path: paths carry ids and
tokens, query strings too, and a metric label per id would grow without end.

A task's log lines carry ``task:<id>`` as their request id (set when a worker starts it);
the request that enqueued it logged that id next to its own (``task enqueued``).

``LOG_FORMAT=json``: ``JsonFormatter``, one object per line (time, level, logger, message,
request_id, and the request line's fields). No personal data: the request line has no path and
no query string; Django's own "Not Found: /path" lines lose their path; any address that looks
like an email in a message becomes ``[email]``.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Histogram

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
EMAIL = re.compile(r"[^\s@<>()\"',;:]+@[^\s@<>()\"',;:]+\.[A-Za-z]{2,}")
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
REQUEST_FIELDS = ("method", "route", "status", "duration_ms")

request_log = logging.getLogger("uniform.request")

#: The request metrics of this process (web/metrics.py exposes them; in multiprocess mode
#: prometheus-client writes them to PROMETHEUS_MULTIPROC_DIR and the scrape adds them up).
REGISTRY = CollectorRegistry(auto_describe=True)
REQUESTS = Counter(
    "uniform_http_requests", "Requests answered, by method, URL pattern name and status.",
    ["method", "route", "status"], registry=REGISTRY,
)
LATENCY = Histogram(
    "uniform_http_request_duration_seconds", "Time to answer a request, by method and URL pattern name.",
    ["method", "route"], registry=REGISTRY,
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


def incoming_request_id(value: str | None) -> str:
    if value and SANE_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def route_of(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "-"  # answered before URL resolution (the HTTPS redirect) or no pattern matched (404)
    return match.view_name or "-"


class RequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = incoming_request_id(request.headers.get("X-Request-ID"))
        request.request_id = request_id
        # Kept until the response is closed (``request_finished``): Django logs a 4xx/5xx answer
        # ("Not Found", "Internal Server Error") after the middleware has returned.
        request_id_var.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        duration = time.perf_counter() - started
        method = request.method if request.method in METHODS else "other"
        route = route_of(request)
        REQUESTS.labels(method, route, str(response.status_code)).inc()
        LATENCY.labels(method, route).observe(duration)
        request_log.info(
            "%s %s %s %.1fms", method, route, response.status_code, duration * 1000,
            extra={"method": method, "route": route, "status": response.status_code,
                   "duration_ms": round(duration * 1000, 1)},
        )
        response["X-Request-ID"] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Every record gets ``request_id`` (``-`` outside a request or a task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def _message(record: logging.LogRecord) -> str:
    if record.name == "django.request" or record.name == "django.server":
        # "Not Found: /invite/<token>/", '"GET /path?query HTTP/1.1" 404': keep the reason only.
        message = str(record.msg).split(":", 1)[0] if record.name == "django.request" else "request"
    else:
        message = record.getMessage()
    return EMAIL.sub("[email]", message)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": _message(record),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.name == "django.request" and hasattr(record, "status_code"):
            entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = EMAIL.sub("[email]", self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def _task_started(sender, task_result, **kwargs) -> None:
    request_id_var.set(f"task:{task_result.id}")


def _task_finished(sender, task_result, **kwargs) -> None:
    request_id_var.set("-")


def _task_enqueued(sender, task_result, **kwargs) -> None:
    logging.getLogger("uniform.tasks").info("task enqueued %s %s", task_result.task.name, task_result.id)


def _request_finished(sender, **kwargs) -> None:
    request_id_var.set("-")


def connect_task_signals() -> None:
    """A worker's log lines name the task they belong to; an enqueue names the task it made;
    a request's id is forgotten when its response is closed."""
    from django.core.signals import request_finished
    from django_tasks.signals import task_enqueued, task_finished, task_started

    request_finished.connect(_request_finished, dispatch_uid="uniform-request-id-end")
    task_started.connect(_task_started, dispatch_uid="uniform-task-request-id")
    task_finished.connect(_task_finished, dispatch_uid="uniform-task-request-id")
    task_enqueued.connect(_task_enqueued, dispatch_uid="uniform-task-enqueued-log")
