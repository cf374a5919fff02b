"""``/health/`` (issue #13, ADR 0010): database, cache and storage, without login or tenant data."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    return tmp_path


def test_health_checks_database_cache_and_storage_without_login(client, demo, media):
    response = client.get(reverse("health"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    results = response.json()
    assert set(results.values()) == {"OK"}
    names = " ".join(results)
    assert "Database" in names and "Cache" in names and "Storage" in names
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    assert not [p for p in media.rglob("*") if p.is_file()]  # the probe file is removed again


def test_health_shows_no_tenant_data_and_works_under_the_csp(client, demo, media):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    body = response.content.decode()
    for tenant_text in ("Limburg", "Antwerpen", "Emma", "Lindeboom", "@uniform.demo"):
        assert tenant_text not in body
    assert "<style" not in body and 'style="' not in body
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_health_fails_when_storage_is_not_writable(client, demo, settings, tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the media directory should be")
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(blocked)}}}
    response = client.get(reverse("health") + "?format=json")
    assert response.status_code == 500
    failed = {name: status for name, status in response.json().items() if status != "OK"}
    assert list(failed) and all("Storage" in name for name in failed), failed


def test_health_is_not_redirected_to_https(client, demo, media, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("home")).status_code == 301  # the app itself: HTTPS only
    assert client.get(reverse("health") + "?format=json").status_code == 200
