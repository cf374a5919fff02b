"""Errors as ``application/problem+json`` (RFC 9457), for every answer of the API that is not 2xx."""

from __future__ import annotations

import json
from http import HTTPStatus

from django.http import HttpResponse
from ninja import Schema

PROBLEM = "application/problem+json"


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    errors: list[dict] | None = None  # 422: what was wrong (a field, or a row of an import)


def problem(status: int, detail: str | None = None, *, errors: list[dict] | None = None,
            headers: dict[str, str] | None = None) -> HttpResponse:
    body: dict = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    if detail:
        body["detail"] = str(detail)
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body, ensure_ascii=False, default=str), status=status, content_type=PROBLEM)
    for name, value in (headers or {}).items():
        response[name] = value
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="uniform"'
    return response
