"""Phone budgets (issue 20): the mentor's pages on a cheap phone, as `make run` serves them.

Chromium (Debian's, headless) at 390 x 844 with a 4x CPU slowdown opens each page
1. on a first visit (an empty cache): DOMContentLoaded, load (the scripts run after
   DOMContentLoaded are done by then), requests, bytes transferred (compressed);
2. on a repeat visit (the same browser, the page opened again): DOMContentLoaded and the
   requests that reached the server (counted in the server's log: not answered from the
   browser's cache or the service worker's; the worker's own check for a new version counts).
The first visit's requests include the service worker's and what it keeps for offline use;
its bytes are the page's own (what the page waited for).
Medians of RUNS (default 5). Budgets: DOMContentLoaded < 600 ms, a repeat visit at most 2
requests, a first visit under 120 KiB.

The server is started the way `make run` starts it: its own SQLite file (var/bench_phone.sqlite3,
migrated and seeded on the first run), collectstatic with hashed names, `runserver` with DEBUG=1.
``--static-plain`` measures the static files as they were served before issue 20 (plain names,
max-age=0), for a before/after. Usage: make bench (or .venv/bin/python scripts/bench_phone.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PHONE_PORT") or 8766))
parser.add_argument("--runs", type=int, default=int(os.environ.get("RUNS") or 5))
parser.add_argument("--static-plain", action="store_true", help="plain static names, max-age=0 (before issue 20)")
parser.add_argument("--chromium", default=os.environ.get("CHROMIUM") or "/usr/bin/chromium")
args = parser.parse_args()

DB = ROOT / "var" / "bench_phone.sqlite3"
ENV = {
    **{k: v for k, v in os.environ.items() if k not in ("UNIFORM_TESTING", "DATABASE_URL")},
    "DATABASE_URL": f"sqlite:///{DB}",
    "DEBUG": "1",
    "UNIFORM_STATIC_MANIFEST": "0" if args.static_plain else "1",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}
os.environ.update(ENV)
os.environ.pop("UNIFORM_TESTING", None)
PY = str(ROOT / ".venv" / "bin" / "python")

#: runserver's log: one line per request that reached the server (the page's, and the service
#: worker's, which the page's own network events show as answered by the worker).
SERVER_LOG = ROOT / "var" / "bench_phone.server.log"

BUDGET_DCL_MS = 600
BUDGET_REPEAT_REQUESTS = 2
BUDGET_FIRST_KIB = 120


def manage(*argv: str) -> None:
    subprocess.run([PY, "manage.py", *argv], cwd=ROOT, env=ENV, check=True)  # noqa: S603 - our own manage.py


def prepare() -> None:
    DB.parent.mkdir(exist_ok=True)
    fresh = not DB.exists()
    manage("migrate", "--noinput", "-v0")
    manage("createcachetable")
    if fresh:
        manage("seed_demo")
    if not args.static_plain:
        manage("collectstatic", "--noinput", "-v0")


def serve() -> subprocess.Popen:
    proc = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        [PY, "manage.py", "runserver", f"127.0.0.1:{args.port}", "--noreload"],
        cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=SERVER_LOG.open("w"),
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/health/", timeout=2)  # noqa: S310 - our own server
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("runserver did not start")


def pages_and_cookie() -> tuple[list[tuple[str, str]], str, str]:
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from evaluations.models import FeedbackSheet
    from internships.models import Internship
    from tenancy.models import User

    emma = Internship.objects.get(student__user__email="student@uniform.demo")
    sheet = FeedbackSheet.objects.filter(internship=emma, status="draft").order_by("date").first()
    client = Client()
    client.force_login(User.objects.get(email="mentor@uniform.demo"))
    pages = [
        ("mentor's home", reverse("home")),
        ("internship hub", reverse("internships:detail", args=[emma.pk])),
        ("feedback sheet (edit)", reverse("feedback:sheet_detail", args=[emma.pk, sheet.pk])),
    ]
    return pages, settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value


class Visit:
    """One page load in a CDP-instrumented tab: requests that went to the network, bytes."""

    def __init__(self, context, page):
        self.page = page
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        self.sent: set[str] = set()
        self.cached: set[str] = set()
        self.bytes = 0
        self.cdp.on("Network.requestWillBeSent", lambda e: self.sent.add(e["requestId"]))
        self.cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _response(self, event) -> None:
        response = event["response"]
        if response.get("fromDiskCache") or response.get("fromPrefetchCache") or response.get("fromServiceWorker"):
            self.cached.add(event["requestId"])

    def _finished(self, event) -> None:
        if event["requestId"] not in self.cached:
            self.bytes += int(event.get("encodedDataLength") or 0)

    def open(self, url: str) -> dict:
        self.sent.clear()
        self.cached.clear()
        self.bytes = 0
        start = SERVER_LOG.stat().st_size
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_timeout(300)
        with SERVER_LOG.open() as log:
            log.seek(start)
            served = sum(1 for line in log if '"GET ' in line or '"POST ' in line)
        dcl, loaded = self.page.evaluate(
            "(n => [n.domContentLoadedEventEnd, n.loadEventEnd])(performance.getEntriesByType('navigation')[0])")
        nodes = self.page.evaluate("document.getElementsByTagName('*').length")
        return {"dcl": float(dcl), "load": float(loaded), "requests": served, "bytes": self.bytes, "nodes": nodes}


def measure(browser, base: str, pages, cookie_name: str, cookie: str) -> list[dict]:
    rows = []
    for label, path in pages:
        first, repeat = [], []
        for _ in range(args.runs):
            context = browser.new_context(
                viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True, has_touch=True,
            )
            context.add_cookies([{"name": cookie_name, "value": cookie, "url": base}])
            page = context.new_page()
            visit = Visit(context, page)
            first.append(visit.open(base + path))
            repeat.append(visit.open(base + path))
            context.close()
        row = {
            "page": label,
            "first_dcl": statistics.median(v["dcl"] for v in first),
            "first_load": statistics.median(v["load"] for v in first),
            "first_requests": statistics.median(v["requests"] for v in first),
            "first_kib": statistics.median(v["bytes"] for v in first) / 1024,
            "repeat_dcl": statistics.median(v["dcl"] for v in repeat),
            "repeat_requests": max(v["requests"] for v in repeat),
            "nodes": first[0]["nodes"],
        }
        rows.append(row)
    return rows


def main() -> int:
    from playwright.sync_api import sync_playwright

    prepare()
    pages, cookie_name, cookie = pages_and_cookie()
    server = serve()
    base = f"http://127.0.0.1:{args.port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=args.chromium, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            )
            rows = measure(browser, base, pages, cookie_name, cookie)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    static = "plain names, max-age=0" if args.static_plain else "hashed names, cached a year"
    print(f"\nPhone budgets: 390x844, 4x CPU slowdown, Debian chromium, `make run`'s server (static: {static}); "
          f"medians of {args.runs} first visits and {args.runs} repeat visits")
    print(f"{'page':<24} {'first DCL':>10} {'load':>8} {'requests':>9} {'KiB':>7} {'repeat DCL':>11} {'requests':>9} {'DOM nodes':>10}")
    failed = []
    for r in rows:
        print(f"{r['page']:<24} {r['first_dcl']:>8.0f}ms {r['first_load']:>6.0f}ms {r['first_requests']:>9.0f} {r['first_kib']:>7.1f}"
              f" {r['repeat_dcl']:>9.0f}ms {r['repeat_requests']:>9} {r['nodes']:>10}")
        if max(r["first_dcl"], r["repeat_dcl"]) >= BUDGET_DCL_MS:
            failed.append(f"{r['page']}: DOMContentLoaded over {BUDGET_DCL_MS} ms")
        if r["repeat_requests"] > BUDGET_REPEAT_REQUESTS:
            failed.append(f"{r['page']}: a repeat visit made {r['repeat_requests']} requests (budget {BUDGET_REPEAT_REQUESTS})")
        if r["first_kib"] >= BUDGET_FIRST_KIB:
            failed.append(f"{r['page']}: a first visit transferred {r['first_kib']:.0f} KiB (budget {BUDGET_FIRST_KIB})")
    print(f"Budgets: DOMContentLoaded < {BUDGET_DCL_MS} ms, repeat visit <= {BUDGET_REPEAT_REQUESTS} requests, "
          f"first visit < {BUDGET_FIRST_KIB} KiB")
    for line in failed:
        print("  over budget:", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
