"""``/metrics`` behind its token, request ids and JSON log lines (issue #18, ADR 0030).

In-process: who gets an answer, and what the figures say (routes, not paths; tasks waiting and
failed, mails, exports). Then one gunicorn with two workers in multiprocess mode and JSON logs
(shared by the tests at the end): the request counts add up whichever worker is scraped, and
each log line is one JSON object with the request's id and no path.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "m" * 40


def samples(text: str) -> dict[tuple, float]:
    """(sample name, sorted labels) → value."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text) for s in family.samples
    }


def test_no_token_configured_no_endpoint_and_a_wrong_token_is_refused(client, db, settings):
    settings.METRICS_TOKEN = ""
    assert client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer ").status_code == 404
    settings.METRICS_TOKEN = TOKEN
    assert client.get(reverse("metrics")).status_code == 401
    assert client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer " + TOKEN[:-1] + "x").status_code == 401
    assert client.get(reverse("metrics"), HTTP_AUTHORIZATION="Basic " + TOKEN).status_code == 401
    response = client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer " + TOKEN)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain; version=")


def test_figures_name_routes_not_paths_and_count_tasks_mails_and_exports(demo, settings):
    from django_tasks_db.models import DBTaskResult

    from exports.models import ExportJob
    from notifications.tasks import send_notification

    settings.METRICS_TOKEN = TOKEN
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mentor = demo.client_for("mentor@uniform.demo")
    url = reverse("internships:detail", args=[demo.emma_internship.pk])
    assert mentor.get(url).status_code == 200
    send_notification.enqueue(0)
    send_notification.enqueue(0)
    DBTaskResult.objects.create(status="FAILED", args_kwargs={}, task_path="x", backend_name="default",
                                run_after=timezone.now(), queue_name="default")
    teacher = demo.user("teacher@uniform.demo")
    ExportJob.objects.create(requested_by=teacher, school=demo.emma_internship.school, kind="dossiers",
                             status="failed", expires_at=timezone.now() + timedelta(days=1))

    text = demo.client_for(None).get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer " + TOKEN).content.decode()
    found = samples(text)
    assert str(demo.emma_internship.pk) not in text and "@" not in text
    route = (("method", "GET"), ("route", "internships:detail"), ("status", "200"))
    assert found[("uniform_http_requests_total", route)] >= 1
    assert found[("uniform_http_request_duration_seconds_count", route[:2])] >= 1
    assert found[("uniform_tasks_waiting", (("queue", "default"),))] == 2
    assert found[("uniform_tasks_failed", (("queue", "default"),))] == 1
    assert found[("uniform_export_jobs", (("status", "failed"),))] >= 1
    assert ("uniform_mails_24h", (("kind", "notification"), ("status", "sent"))) in found
    assert {value for (name, _), value in found.items() if name == "uniform_scrape_errors"} == {0}


def test_a_request_id_from_the_proxy_is_kept_when_sane(client, db):
    assert client.get(reverse("health"), HTTP_X_REQUEST_ID="req-1234abcd")["X-Request-ID"] == "req-1234abcd"
    for insane in ("short", "x" * 129, "has space in it", "a\u00e9bcdefgh", "1234;5678"):
        given = client.get(reverse("health"), HTTP_X_REQUEST_ID=insane)["X-Request-ID"]
        assert given != insane and len(given) == 32


# --------------------------------------------------------------------------- gunicorn, 2 workers


def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """gunicorn with two workers, multiprocess metrics and JSON logs, on an empty SQLite file:
    the cluster figures cannot be read there (counted as scrape errors), the request figures can."""
    port = 8130
    assert _free(port), f"port {port} is in use"
    tmp = tmp_path_factory.mktemp("gunicorn")
    env = {k: v for k, v in os.environ.items() if k not in {"UNIFORM_TESTING", "DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings", SECRET_KEY="k" * 60, ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp / 'empty.sqlite3'}", SECURE_SSL_REDIRECT="0", METRICS_TOKEN=TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(tmp / "metrics"), LOG_FORMAT="json", MEDIA_ROOT=str(tmp / "media"),
        UNIFORM_STATIC_MANIFEST="0",
    )
    log = (tmp / "log").open("w+")
    proc = subprocess.Popen(  # noqa: S603 - our gunicorn, fixed arguments
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "config.wsgi"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                # not /health/, which the test counts: a probe that timed out may still be answered later
                urllib.request.urlopen(urllib.request.Request(base + "/metrics", headers={"Authorization": "Bearer " + TOKEN}), timeout=5)  # noqa: S310
                break
            except OSError:
                assert proc.poll() is None, (tmp / "log").read_text()
                time.sleep(0.1)
        yield base, tmp / "log"
    finally:
        proc.send_signal(signal.SIGINT)  # gunicorn's quick shutdown (SIGTERM waits for the workers)
        proc.wait(timeout=20)
        log.close()


def _get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_request_counts_of_all_workers_add_up_in_every_scrape(gunicorn):
    base, _ = gunicorn
    before = samples(_get(base + "/metrics", Authorization="Bearer " + TOKEN)[2])
    key = ("uniform_http_requests_total", (("method", "GET"), ("route", "health"), ("status", "200")))
    for _ in range(20):
        assert _get(base + "/health/", Connection="close")[0] == 200
    scrapes = [samples(_get(base + "/metrics", Authorization="Bearer " + TOKEN)[2]) for _ in range(6)]
    assert {scrape[key] - before.get(key, 0) for scrape in scrapes} == {20}
    assert scrapes[0][("uniform_scrape_errors", (("part", "exports"),))] == 1  # no tables in that database
    workers = {p.name.split("_")[-1] for p in Path(gunicorn[1].parent / "metrics").glob("counter_*.db")}
    assert workers, "multiprocess mode wrote no files"


def test_log_lines_are_json_with_the_request_id_and_no_path(gunicorn):
    base, log = gunicorn
    status, headers, _ = _get(base + "/health/?token=secret-value", **{"X-Request-ID": "proxy-id-0001"})
    assert status == 200 and headers["X-Request-ID"] == "proxy-id-0001"
    status, headers, _ = _get(base + "/no-such-page/user@example.org/?token=secret-value")
    assert status == 404
    missing_id = headers["X-Request-ID"]
    lines: list[dict] = []
    for _ in range(100):  # until the worker's log line of the 404 reaches the file
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
        if any(line["request_id"] == missing_id and line["logger"] == "uniform.request" for line in lines):
            break
        time.sleep(0.1)
    ours = [line for line in lines if line["request_id"] == "proxy-id-0001"]
    assert ours and ours[-1]["logger"] == "uniform.request"
    assert {k: ours[-1][k] for k in ("method", "route", "status")} == {"method": "GET", "route": "health", "status": 200}
    assert isinstance(ours[-1]["duration_ms"], float) and {"time", "level", "message"} <= set(ours[-1])
    of_the_404 = [line for line in lines if line["request_id"] == missing_id]
    assert {line["logger"] for line in of_the_404} >= {"uniform.request", "django.request"}
    text = log.read_text()
    assert "secret-value" not in text and "user@example.org" not in text and "no-such-page" not in text
