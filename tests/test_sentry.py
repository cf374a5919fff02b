"""Optional Sentry (``SENTRY_DSN``, ADR 0030), tried for real: a Django process with the DSN set
sends the error of a failing view to a small HTTP receiver started here (what Sentry's ingest
does: accept the envelope POST), and the envelope holds no cookie, no email address, no query
string, but the request id of the log lines."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8131

SCRIPT = """
import django
django.setup()
import sentry_sdk
from django.test import Client, override_settings
with override_settings(ROOT_URLCONF="tests.sentry_urls",
                       SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies"):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "cookie-secret-value"
    response = client.get("/fails/?token=query-secret", HTTP_HOST="localhost", HTTP_X_REQUEST_ID="sentry-test-0001")
    print(response.status_code)
sentry_sdk.flush(10)
"""


def _decode(body: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        import brotli

        return brotli.decompress(body)
    if encoding == "deflate":
        return zlib.decompress(body)
    return body


def test_an_error_in_a_view_reaches_sentry_without_personal_data(tmp_path):
    received: list[tuple[str, bytes]] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.append((self.path, _decode(body, self.headers.get("Content-Encoding", ""))))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", PORT), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = {k: v for k, v in os.environ.items() if k not in {"UNIFORM_TESTING", "DJANGO_SETTINGS_MODULE"}}
        env.update(
            DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
            SENTRY_DSN=f"http://publickey@127.0.0.1:{PORT}/1", SENTRY_ENVIRONMENT="test-env", SENTRY_RELEASE="uniform@test",
        )
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0 and result.stdout.strip() == "500", result.stderr[-3000:]
    envelopes = [body.decode() for path, body in received if path == "/api/1/envelope/"]
    events = [e for e in envelopes if '"type":"event"' in e.replace(" ", "")]
    assert len(events) == 1, envelopes
    event = events[0]
    assert "ValueError" in event and "could not mail [email]" in event
    assert '"environment":"test-env"' in event.replace(" ", "") and "uniform@test" in event
    assert "sentry-test-0001" in event  # the request id, as a tag
    for secret in ("mentor@uniform.demo", "cookie-secret-value", "query-secret", "sessionid"):
        assert secret not in event, secret
