"""Reads of reports, dashboards and PDFs from a read-only replica (``DATABASE_REPLICA_URL``), ADR 0030.

Nothing reads from the replica unless it asks to: a view decorated with ``@replica_reads`` (or
code inside ``with reading_from_replica():``) sends its reads to the ``replica`` alias; every
write, and every read elsewhere, goes to ``default`` (the primary). A replica lags behind its
primary (usually milliseconds, sometimes seconds), so whoever just wrote reads from the primary:

* a request that writes: any unsafe method (POST, PUT, PATCH, DELETE), and any request in which
  a write statement ran on the primary (``ReplicaMiddleware`` watches its statements), reads from
  the primary for the rest of that request;
* and for ``REPLICA_PIN_SECONDS`` (default 10) after it: that browser gets a cookie
  (``uniform_primary``, no content) and its requests read from the primary while it lasts.

The cookie only ever moves reads to the primary, so a forged one costs nothing but the
replica's help. Without ``DATABASE_REPLICA_URL`` there is no ``replica`` alias and the router
answers nothing (Django's default: everything on ``default``).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PIN_COOKIE = "uniform_primary"
WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE")

_wants_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("wants_replica", default=False)
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("pinned_to_primary", default=False)
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("wrote_to_primary", default=False)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES and getattr(settings, "REPLICA_ENABLED", True)


@contextlib.contextmanager
def reading_from_replica():
    token = _wants_replica.set(True)
    try:
        yield
    finally:
        _wants_replica.reset(token)


def replica_reads(view):
    """A view whose reads may come from the replica (reports, dashboards, PDFs)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with reading_from_replica():
            return view(*args, **kwargs)

    wrapper.reads_from_replica = True  # type: ignore[attr-defined]
    return wrapper


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _wants_replica.get() and not _pinned.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows, whichever copy they were read from

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


def _watch_writes(execute, sql, params, many, context):
    if not _wrote.get() and str(sql).lstrip().upper().startswith(WRITE_STATEMENTS):
        _wrote.set(True)
        _pinned.set(True)
    return execute(sql, params, many, context)


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        unsafe = request.method not in SAFE_METHODS
        pinned, wrote = _pinned.set(unsafe or PIN_COOKIE in request.COOKIES), _wrote.set(False)
        try:
            with connections["default"].execute_wrapper(_watch_writes):
                response = self.get_response(request)
            if unsafe or _wrote.get():
                response.set_cookie(
                    PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True, samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
            return response
        finally:
            _pinned.reset(pinned)
            _wrote.reset(wrote)
