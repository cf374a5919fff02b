"""``/health/`` (liveness) and ``/health/ready/`` (readiness: database, cache, queue, storage),
issue #13 and #18, ADR 0010 and 0030: no login, no tenant data, JSON, 200 or 503."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    return tmp_path


def test_liveness_answers_without_asking_any_dependency(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert not queries.captured_queries
    assert "no-cache" in response["Cache-Control"] or response["Cache-Control"].startswith("max-age=0")
    assert client.post(reverse("health")).status_code == 405


def test_readiness_checks_database_cache_queue_and_storage(client, demo, media, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client.get(reverse("health_ready"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "checks": {"database": "OK", "cache": "OK", "queue": "OK", "storage": "OK"},
    }
    body = response.content.decode()
    for tenant_text in ("Limburg", "Antwerpen", "Emma", "Lindeboom", "@uniform.demo"):
        assert tenant_text not in body
    assert not [p for p in media.rglob("*") if p.is_file()]  # the probe file is removed again


def test_readiness_says_which_check_failed_with_503(client, db, settings, tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the media directory should be")
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(blocked)}}}
    response = client.get(reverse("health_ready"))
    assert response.status_code == 503
    answer = response.json()
    assert answer["status"] == "failing"
    assert {name for name, status in answer["checks"].items() if status != "OK"} == {"storage"}


def test_readiness_pings_redis_when_the_queue_is_on_redis(client, db, media, settings):
    pytest.importorskip("django_tasks_rq")
    for url, ok in (("redis://127.0.0.1:6379/5", True), ("redis://127.0.0.1:8139/5", False)):  # 8139: nothing listens
        settings.RQ_QUEUES = {"default": {"URL": url}}
        settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
        response = client.get(reverse("health_ready"))
        queue = response.json()["checks"]["queue"]
        if ok:
            assert (response.status_code, queue) == (200, "OK")
        else:
            assert response.status_code == 503 and "redis queue: ConnectionError" in queue, queue


def test_health_and_metrics_are_not_redirected_to_https(client, demo, media, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.METRICS_TOKEN = "t" * 32
    assert client.get(reverse("home")).status_code == 301  # the app itself: HTTPS only
    assert client.get(reverse("health")).status_code == 200
    assert client.get(reverse("health_ready")).status_code == 200
    assert client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer " + "t" * 32).status_code == 200
