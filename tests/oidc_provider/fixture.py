"""The session fixture that starts the test OpenID Connect provider (tests/oidc_provider)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
KEY = "test-idp"  # the LoginProvider key the tests use: its redirect URI is registered below
CALLBACK = f"/accounts/oidc/{KEY}/login/callback/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    port = _free_port()
    folder = tmp_path_factory.mktemp("oidc_provider")
    # the Django test client's host, and the browser test's (loopback: any port, RFC 8252)
    uris = " ".join(f"http://{host}{CALLBACK}" for host in ("testserver", "127.0.0.1"))
    log = (folder / "server.log").open("w")
    command = [sys.executable, "-m", "tests.oidc_provider.serve", str(port), str(folder / "idp.sqlite3"), uris]
    process = subprocess.Popen(command,  # noqa: S603 (our own module, our own arguments)
                               cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"the OIDC provider stopped: {(folder / 'server.log').read_text()[-2000:]}")
            try:
                if requests.get(f"{base}/o/.well-known/openid-configuration", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the OIDC provider did not start within 60 s")
            time.sleep(0.2)
        yield SimpleNamespace(base=base, issuer=f"{base}/o", client_id="uniform-test", client_secret="uniform-test-secret")
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
