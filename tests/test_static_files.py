"""Issue 20: under `make run` (DEBUG=1) the pages name static files by their hash and the browser
keeps them a year, so a repeat visit asks the server for the page only; pages are compressed.

Run as `make run` runs: collectstatic with UNIFORM_STATIC_MANIFEST=1 (into a folder of the test's
own, STATIC_ROOT), then a DEBUG process that answers a logged-out page and its static files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import copy_demo_sqlite

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_ACCEPT_ENCODING="gzip, br", HTTP_HOST="127.0.0.1")
page = client.get("/accounts/login/")
out = {"status": page.status_code, "encoding": page.get("Content-Encoding", ""), "statics": {}}
import gzip, re
html = gzip.decompress(page.content).decode() if out["encoding"] == "gzip" else page.content.decode()
for url in sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html))):
    response = client.get(url)
    out["statics"][url] = [response.status_code, response.get("Cache-Control", ""), response.get("Content-Encoding", "")]
print(json.dumps(out))
"""


def test_make_run_serves_hashed_static_files_cached_for_a_year(tmp_path, demo_sqlite_template):
    copy_demo_sqlite(demo_sqlite_template, tmp_path / "db.sqlite3")
    env = {k: v for k, v in os.environ.items() if k not in ("UNIFORM_TESTING", "DJANGO_SETTINGS_MODULE")}
    env.update({
        "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"), "MAIL_LOG_FILE": str(tmp_path / "mail.log"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    })
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,  # noqa: S603
                   env={**env, "UNIFORM_STATIC_MANIFEST": "1"}, check=True, timeout=300)
    assert (tmp_path / "static" / "staticfiles.json").exists()
    probe = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, check=True,  # noqa: S603
                           capture_output=True, text=True, timeout=120)
    result = json.loads(probe.stdout.strip().splitlines()[-1])
    assert result["status"] == 200
    assert result["encoding"] == "gzip", "pages are compressed"
    statics = result["statics"]
    assert any("bootstrap.subset.min." in url for url in statics), statics
    for url, (status, cache, encoding) in statics.items():
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg|png|webmanifest)$", url), f"{url} has no hash in its name"
        assert status == 200, url
        assert "immutable" in cache and "max-age=315360000" in cache, (url, cache)
        if url.endswith((".css", ".js")):
            assert encoding in ("br", "gzip"), (url, encoding)
