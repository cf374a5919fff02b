"""The API's access matrix: every API operation (read from the URL resolver) × every demo login's
token (and no token) × an object of each network. Expected answers come from the policy table
through tests/isolation_api.py; see its docstring for why this is not the session matrix."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api import services
from tests.isolation_api import API_ENTRIES
from tests.isolation_support import NETWORKS, ROLES
from tests.test_isolation import _named_patterns


def test_every_api_operation_has_an_entry():
    operations = {name for _, name in _named_patterns() if name and name.startswith("api-v1:")}
    assert operations - set(API_ENTRIES) == set(), "API operations without an entry in tests/isolation_api.py"
    assert set(API_ENTRIES) - operations == set(), "entries for API operations that no longer exist"


class _RolledBack(Exception):
    pass


@pytest.mark.parametrize("url_name", sorted(API_ENTRIES))
def test_api_matrix(demo, url_name):
    entry = API_ENTRIES[url_name]
    urls = {net: reverse(url_name, kwargs=entry.kwargs(demo, net) if entry.kwargs else None) for net in NETWORKS}
    tokens = {
        login: services.token_create(user=demo.user(login), name="matrix", scope="read_write",
                                     expires_at=timezone.now() + timedelta(days=1))[1]
        for login in ROLES if login
    }
    failures = []
    for login in ROLES:
        headers = {"Authorization": f"Bearer {tokens[login]}"} if login else {}
        for net in NETWORKS:
            if entry.public:
                expected = entry.ok_code
            elif login is None:
                expected = 401
            elif login in entry.ok.get(net, set()):
                expected = entry.ok_code
            elif login in entry.visible.get(net, set()):
                expected = 403
            else:
                expected = 404
            try:
                with transaction.atomic():
                    if entry.method == "post":
                        response = Client().post(urls[net], entry.body, content_type="application/json", headers=headers)
                    else:
                        response = Client().get(urls[net], headers=headers)
                    raise _RolledBack
            except _RolledBack:
                pass
            where = f"{entry.method.upper()} {urls[net]} as {login or 'no token'} ({net})"
            if response.status_code != expected:
                failures.append(f"{where}: {response.status_code}, expected {expected}")
            elif expected >= 400 and response["Content-Type"] != "application/problem+json":
                failures.append(f"{where}: {response['Content-Type']}, not problem+json")
    assert not failures, "\n".join(failures)
