"""Every page at demo size and at the size of a whole region, under gunicorn on PostgreSQL
(issue 21, ADR 0021). Usage: make bench-region [SCALE=1] [BENCH_PORT=8765] [BENCH_DB=uniform_bench]

1. creates the database BENCH_DB (dropped first) on BENCH_DATABASE_SERVER
   (postgres://postgres@127.0.0.1:5432), migrates it and seeds the demo region;
2. starts gunicorn (2 workers, production settings, scripts/bench_wsgi.py: the application and a
   bare view) and measures each page, one client, keep-alive: p50 of RUNS requests;
3. adds the region (manage.py seed_scale --scale SCALE), ANALYZEs, measures again;
4. prints one table: page, demo p50, region p50, region/demo, region/bare view; then the
   mentor's home with 4 concurrent clients (requests per second) and the PDFs.

``--reuse`` keeps a database seeded before (skips step 1 and 3's seeding, measures the region only).
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser()
parser.add_argument("--scale", type=float, default=float(os.environ.get("SCALE") or 1))
parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT") or 8765))
parser.add_argument("--db", default=os.environ.get("BENCH_DB") or "uniform_bench")
parser.add_argument("--runs", type=int, default=int(os.environ.get("RUNS") or 21))
parser.add_argument("--reuse", action="store_true", help="measure a region seeded before (no demo-size column)")
parser.add_argument("--only", default="", help="comma-separated page labels to measure")
args = parser.parse_args()

SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
ENV = {
    **os.environ,
    "DATABASE_URL": f"{SERVER}/{args.db}",
    "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "UNIFORM_REQUIRE_MFA": "0",  # the bench logs in by session; MFA is not what is measured
    "DEBUG": "0",
    "UNIFORM_TESTING": "0",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}
os.environ.update(ENV)


def create_database() -> None:
    import psycopg

    conn = psycopg.connect(f"{SERVER}/postgres", autocommit=True)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{args.db}"')
    conn.close()


if not args.reuse:
    create_database()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402


def prepare() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    # Always: a manifest of an earlier checkout lacks the files added since (a 500 on every page).
    call_command("collectstatic", verbosity=0, interactive=False)
    from demo.region import seed_demo

    seed_demo()
    from catalogue.models import CatalogueVersion
    from catalogue.services import version_create_draft

    version = CatalogueVersion.objects.get(programme__network__slug="limburg", status="published")
    version_create_draft(programme=version.programme, label="bench-draft", based_on=version)


def pages() -> list[tuple[str, str, str]]:
    """(label, login, url) of every page measured."""
    from catalogue.models import CatalogueVersion
    from childcare.models import Site
    from evaluations.models import Evaluation, FeedbackSheet
    from internships.models import Internship
    from schools.models import Group

    emma = Internship.objects.get(student__user__email="student@uniform.demo")
    draft_sheet = FeedbackSheet.objects.filter(internship=emma, status="draft").first()
    shared_sheet = FeedbackSheet.objects.filter(internship=emma, status="shared").order_by("date").first()
    locked = Evaluation.objects.filter(locked_at__isnull=False, internship__teacher__email="teacher@uniform.demo").order_by("pk").first()
    draft = CatalogueVersion.objects.filter(label="bench-draft").first()
    if draft is None:  # --reuse on a database seeded otherwise
        from catalogue.services import version_create_draft

        version = CatalogueVersion.objects.get(programme__network__slug="limburg", status="published")
        draft = version_create_draft(programme=version.programme, label="bench-draft", based_on=version)
    group = Group.objects.get(name="7BKO-A")
    rows = [
        ("mentor's home", "mentor@uniform.demo", reverse("home")),
        ("coordinator's home", "coordinator@uniform.demo", reverse("home")),
        ("school admin's home", "schooladmin@uniform.demo", reverse("home")),
        ("teacher's home", "teacher@uniform.demo", reverse("home")),
        ("childcare admin's home", "childcare@uniform.demo", reverse("home")),
        ("coach's home", "coach@uniform.demo", reverse("home")),
        ("student's home", "student@uniform.demo", reverse("home")),
        ("internship list", "schooladmin@uniform.demo", reverse("internships:list")),
        ("progress grid", "teacher@uniform.demo", reverse("progress:progress_detail", args=[emma.pk])),
        ("internship hub", "mentor@uniform.demo", reverse("internships:detail", args=[emma.pk])),
        ("feedback sheet (edit)", "mentor@uniform.demo", reverse("feedback:sheet_detail", args=[emma.pk, draft_sheet.pk])),
        ("feedback sheet (shared)", "student@uniform.demo", reverse("feedback:sheet_detail", args=[emma.pk, shared_sheet.pk])),
        ("activity list", "mentor@uniform.demo", reverse("activities:activity_list", args=[emma.pk])),
        ("evaluation (locked)", "teacher@uniform.demo", reverse("evaluations:evaluation_detail", args=[locked.internship_id, locked.pk])),
        ("group overview", "teacher@uniform.demo", reverse("schools:group_overview", args=[group.pk])),
        ("group page", "schooladmin@uniform.demo", reverse("schools:group", args=[group.pk])),
        ("site page", "childcare@uniform.demo", reverse("childcare:site", args=[Site.objects.get(name="KDV 't Nestje").pk])),
        ("catalogue index", "coordinator@uniform.demo", reverse("catalogue:index")),
        # Found slow at region size outside this list (26-31 s; 208 KB): measured since.
        ("calibration (mentor)", "mentor@uniform.demo", reverse("calibration:index")),
        ("site directory", "teacher@uniform.demo", reverse("childcare:site_directory")),
        ("catalogue editor", "coordinator@uniform.demo", reverse("catalogue:edit", args=[draft.pk])),
        ("evaluation PDF", "teacher@uniform.demo", reverse("reports:evaluation", args=[locked.pk])),
        ("dossier PDF", "schooladmin@uniform.demo", reverse("reports:dossier", args=[emma.pk])),
    ]
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    return [r for r in rows if not only or r[0] in only]


def cookies() -> dict[str, str]:
    from demo.region import DEMO_LOGINS
    from tenancy.models import User

    out = {}
    for email in DEMO_LOGINS:
        client = Client()
        client.force_login(User.objects.get(email=email))
        out[email] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return out


class Http:
    def __init__(self, cookie: str = ""):
        self.conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=120)
        self.headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
        if cookie:
            self.headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={cookie}"

    def post(self, url: str) -> tuple[int, int]:
        """A form's POST with a CSRF token of our own (the cookie's secret, masked in the header)."""
        from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

        secret = _get_new_csrf_string()
        headers = {
            **self.headers, "Origin": "https://127.0.0.1", "Referer": "https://127.0.0.1/", "Content-Length": "0",
            "X-CSRFToken": _mask_cipher_secret(secret),
            "Cookie": "; ".join(filter(None, [self.headers.get("Cookie"), f"{settings.CSRF_COOKIE_NAME}={secret}"])),
        }
        self.conn.request("POST", url, headers=headers)
        response = self.conn.getresponse()
        body = response.read()
        return response.status, len(body)

    def get(self, url: str) -> tuple[int, int]:
        self.conn.request("GET", url, headers=self.headers)
        response = self.conn.getresponse()
        body = response.read()
        return response.status, len(body)


def p50(client: Http, url: str, runs: int) -> tuple[float, int]:
    status, size = client.get(url)
    assert status == 200, (url, status)
    client.get(url)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), size


def measure(rows, jar) -> dict:
    out = {"bare view": p50(Http(jar["mentor@uniform.demo"]), "/bench-bare/", args.runs)}
    for label, email, url in rows:
        if label == "dossier PDF":  # made by the worker (ADR 0031): the request and the render apart
            out.update(dossier(jar[email], email))
            continue
        runs = 5 if label.endswith("PDF") else args.runs
        out[label] = p50(Http(jar[email]), url, runs)
        print(f"  {label:<26} {out[label][0]:8.1f} ms  {out[label][1] // 1024:>5} KB", flush=True)
    return out


def dossier(cookie: str, email: str) -> dict:
    from internships.models import Internship
    from scripts.bench_dossier import dossier_flow
    from tenancy.models import User

    client = Http(cookie)
    figures = dossier_flow(client.get, client.post, User.objects.get(email=email),
                           Internship.objects.get(student__user__email="student@uniform.demo"))
    for label, (ms, size) in figures.items():
        print(f"  {label:<26} {ms:8.1f} ms  {size // 1024:>5} KB", flush=True)
    return figures


def redis_url() -> str | None:
    """A Redis for the production profile's sessions and cache (ADR 0028), if one answers."""
    import redis

    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return None
    return url


def throughputs(url: str, cookie: str) -> list[float]:
    """Three runs of 5 s (the machine's speed drifts): the table shows their median."""
    return [throughput(url, cookie, seconds=5.0) for _ in range(3)]


def throughput(url: str, cookie: str, clients: int = 4, seconds: float = 10.0) -> float:
    done = [0] * clients
    stop = time.perf_counter() + seconds

    def work(k: int) -> None:
        client = Http(cookie)
        while time.perf_counter() < stop:
            status, _ = client.get(url)
            assert status == 200
            done[k] += 1

    threads = [threading.Thread(target=work, args=(k,)) for k in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.perf_counter() - start)


def gunicorn(**extra_env: str):
    # The request log (one line per request) goes to a file, as in production, not into the table.
    log = ROOT / "var" / "bench-gunicorn.log"
    log.parent.mkdir(exist_ok=True)
    proc = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "scripts.bench_wsgi:application", "--workers", "2",
         "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning", "--timeout", "120"],
        cwd=ROOT, env={**os.environ, **extra_env}, stdout=log.open("a"), stderr=subprocess.STDOUT,
    )
    for _ in range(120):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
            conn.request("GET", "/health/", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status in (200, 500):
                return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def main() -> None:
    load = os.getloadavg()
    started = time.perf_counter()
    if not args.reuse:
        prepare()
    rows = pages()
    jar = cookies()
    server = gunicorn()
    try:
        small = None
        if not args.reuse:
            print("Demo size:", flush=True)
            small = measure(rows, jar)
            print(f"Seeding the region at scale {args.scale} …", flush=True)
            t = time.perf_counter()
            call_command("seed_scale", scale=args.scale)
            with connection.cursor() as cur:
                cur.execute("ANALYZE")
            print(f"  seeded in {time.perf_counter() - t:.0f} s", flush=True)
        from internships.models import Internship

        print(f"Region size ({Internship.objects.count():,} internships):", flush=True)
        large = measure(rows, jar)
        rps = throughputs(reverse("home"), jar["mentor@uniform.demo"])
    finally:
        server.terminate()
        server.wait()
    rps_redis = None
    if url := redis_url():  # the same, with sessions and the cache on Redis (ADR 0028)
        server = gunicorn(REDIS_URL=url)
        try:
            rps_redis = throughputs(reverse("home"), jar["mentor@uniform.demo"])
        finally:
            server.terminate()
            server.wait()
    bare_small = small["bare view"][0] if small else None
    bare = large["bare view"][0]
    print(f"\n{'page':<26} {'demo p50':>9} {'region p50':>11} {'region/demo':>12} {'/bare view':>11} {'region KB':>10}")
    for label, (t2, size) in large.items():
        t1 = small[label][0] if small else None
        ratio = f"{t2 / t1:.1f}x" if t1 else "-"
        print(f"{label:<26} {f'{t1:.1f}' if t1 else '-':>9} {t2:>11.1f} {ratio:>12} {t2 / bare:>10.1f}x {size // 1024:>10}")
    print(f"\nBare view: {bare_small or 0:.1f} ms (demo), {bare:.1f} ms (region). Milliseconds, p50 of {args.runs} "
          f"(PDFs: 5), one client, gunicorn 2 workers, PostgreSQL, scale {args.scale}.")
    runs = " ".join(f"{r:.0f}" for r in rps)
    print(f"Mentor's home, 4 concurrent clients, 2 workers: {statistics.median(rps):.0f} requests/s (budget >= 100; "
          f"runs of 5 s: {runs}).")
    if rps_redis:
        runs = " ".join(f"{r:.0f}" for r in rps_redis)
        print(f"  with sessions and the cache on Redis (REDIS_URL, ADR 0028): {statistics.median(rps_redis):.0f} requests/s "
              f"(runs: {runs}).")
    print(f"Load average at the start {load[0]:.1f}, at the end {os.getloadavg()[0]:.1f} (2 cores); "
          f"{(time.perf_counter() - started) / 60:.1f} min in all.")


if __name__ == "__main__":
    main()
