"""Optional error reporting to Sentry (or a compatible receiver such as GlitchTip): ADR 0030.

``SENTRY_DSN`` set → sentry-sdk with its Django integration. Nothing personal is sent:
``send_default_pii=False`` (no user, no IP address, no cookies), and ``scrub`` below drops the
request's cookies, headers other than a few harmless ones, query string and body, sends no
local variables of the stack's frames, and replaces anything that looks like an email address
in the messages.
Traces are off unless ``SENTRY_TRACES_SAMPLE_RATE`` says otherwise; ``SENTRY_ENVIRONMENT`` and
``SENTRY_RELEASE`` label the events. Every event carries the request id of its log lines.
"""

from __future__ import annotations

import re
from typing import Any

EMAIL = re.compile(r"[^\s@<>()\"',;:]+@[^\s@<>()\"',;:]+\.[A-Za-z]{2,}")
KEPT_HEADERS = {"host", "user-agent", "accept", "accept-language", "content-type", "content-length", "x-request-id"}


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return EMAIL.sub("[email]", value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    return value


def scrub(event: dict, hint: dict) -> dict:
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("cookies", None)
        request.pop("data", None)
        request.pop("query_string", None)
        request["headers"] = {k: v for k, v in (request.get("headers") or {}).items() if k.lower() in KEPT_HEADERS}
        if "url" in request:
            request["url"] = str(request["url"]).split("?", 1)[0]
    event.pop("user", None)
    from web.observability import request_id_var

    event.setdefault("tags", {})["request_id"] = request_id_var.get()
    return _clean(event)


def init(dsn: str, *, environment: str = "", release: str = "", traces_sample_rate: float = 0.0) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        environment=environment or None,
        release=release or None,
        traces_sample_rate=traces_sample_rate,
        before_send=scrub,  # type: ignore[arg-type]
        max_request_body_size="never",
        # A frame's local variables hold whatever the code had in hand (the request with its
        # query string, a person, a form): never sent. The stack trace itself is.
        include_local_variables=False,
    )
