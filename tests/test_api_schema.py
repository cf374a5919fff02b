"""The API fuzzed against its own OpenAPI schema (schemathesis, ADR 0027).

Every operation gets up to MAX_EXAMPLES generated requests (valid and invalid parameters and
bodies) with the token of a demo school admin (read and write), sent to the WSGI app in this
process (so inside the test's database transaction: the imports it sends are rolled back).
Each answer: no 5xx, a documented status code, the documented content type, a body that
matches the schema."""

from __future__ import annotations

from datetime import timedelta

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.endpoints import ERRORS

MAX_EXAMPLES = 20
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request (request_finished):
    on PostgreSQL that is the test's connection, inside its transaction. Django's test client
    disconnects the same handler; so does this test, while it sends its requests."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(demo):
    from api import services

    return services.token_create(user=demo.user("schooladmin@uniform.demo"), name="schemathesis", scope="read_write",
                                 expires_at=timezone.now() + timedelta(days=1))[1]


@override_settings(ALLOWED_HOSTS=["*"], UNIFORM_API_RATE=(100_000, 60))
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_api_answers_as_its_schema_says(case, token):
    # The app gzips what the client accepts; the in-process WSGI client would not unpack it.
    response = case.call_and_validate(headers={"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"},
                                      checks=CHECKS)
    # call_and_validate raises on a failed check; the answer is also one of the documented kinds.
    assert response.status_code < 500, response.status_code
    assert response.status_code in (200, 405, *ERRORS), response.status_code  # 405: a method the path does not take
