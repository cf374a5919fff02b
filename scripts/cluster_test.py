"""Several nodes on this machine (issue 18): ``make cluster-test``.

Starts the production profile the README's "Running at scale" section describes, all on this
machine, and drives a person's journey across it:

- PostgreSQL (the machine's server; a database of its own, dropped afterwards), Redis (cache,
  sessions, the task queue: one Redis database number of its own, flushed before and after),
  SeaweedFS as the S3-compatible object storage (tests/s3_server.py, a private bucket);
- two gunicorn app servers (node A and node B, 2 workers each, each with its *own* empty
  MEDIA_ROOT, so a file found on the other node came from the bucket), two task workers
  (``manage.py run_worker``) and the scheduler (``manage.py run_scheduler``).

The journey alternates nodes: the mentor logs in on A and opens the home on B; autosaves a
feedback sheet on B; uploads a document on A and downloads it on B; the teacher asks for a
group's export on A, the worker that takes it is killed (SIGKILL) in the middle, the other
worker finishes it, exactly once; the ZIP is downloaded from B. Then ``/health/ready/`` and
``/metrics`` of both nodes, and the figures: requests/s and p95 of the mentor's home and the
feedback sheet with 4 concurrent clients, on node A alone and spread over both nodes.

Exit status 0 when every step passed. ``--keep`` leaves the database and the logs
(var/cluster/) for a look afterwards.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.processes import family, kill  # noqa: E402 - the project's root is on the path just above

PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--port", type=int, default=int(os.environ.get("CLUSTER_PORT") or 8400),
                    help="node A listens on PORT, node B on PORT+1, SeaweedFS from PORT+10")
parser.add_argument("--db", default=os.environ.get("CLUSTER_DB") or "uniform_cluster")
parser.add_argument("--redis-db", type=int, default=int(os.environ.get("CLUSTER_REDIS_DB") or 12))
parser.add_argument("--seconds", type=float, default=float(os.environ.get("CLUSTER_SECONDS") or 8),
                    help="length of each throughput measurement")
parser.add_argument("--keep", action="store_true", help="keep the database and var/cluster/ afterwards")
args = parser.parse_args()

SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("CLUSTER_REDIS_SERVER", "redis://127.0.0.1:6379")
VAR = ROOT / "var" / "cluster"
NODES = {"A": args.port, "B": args.port + 1}
PASSWORD = "uniform-demo"  # noqa: S105 - the demo logins' published password
METRICS_TOKEN = secrets.token_urlsafe(32)

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DATABASE_URL": f"{SERVER}/{args.db}",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DEBUG": "0",
    "UNIFORM_TESTING": "0",
    "REDIS_URL": f"{REDIS}/{args.redis_db}",
    "TASK_QUEUE": "redis",
    "METRICS_TOKEN": METRICS_TOKEN,
    "LOG_FORMAT": "json",
    "STATIC_ROOT": str(VAR / "static"),
    "MEDIA_ROOT": str(VAR / "media-script"),
    "MAIL_LOG_FILE": str(VAR / "mail.log"),
    "UNIFORM_BASE_URL": f"https://127.0.0.1:{NODES['A']}",
    # A killed worker's export is taken up again once its heartbeat is this old (default 120 s).
    "EXPORT_HEARTBEAT_STALE_SECONDS": "8",
}
for key in ("UNIFORM_REQUIRE_MFA",):  # production defaults: the mentor and the teacher have no MFA duty
    ENV.pop(key, None)

PROCESSES: dict[str, subprocess.Popen] = {}
FAILURES: list[str] = []


def say(text: str) -> None:
    print(text, flush=True)


def check(condition: bool, what: str) -> None:
    say(f"  {'ok  ' if condition else 'FAIL'} {what}")
    if not condition:
        FAILURES.append(what)
        raise SystemExit(f"cluster test failed: {what}")


# --------------------------------------------------------------------------- processes


def manage(*argv: str, env: dict | None = None) -> None:
    subprocess.run([PY, "manage.py", *argv], cwd=ROOT, env=env or ENV, check=True)  # noqa: S603


def start(name: str, argv: list[str], env: dict) -> subprocess.Popen:
    log = (VAR / f"{name}.log").open("w")
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    PROCESSES[name] = proc
    return proc


def node_env(node: str) -> dict:
    media = VAR / f"media-{node}"
    media.mkdir(parents=True, exist_ok=True)
    metrics = VAR / f"metrics-{node}"
    shutil.rmtree(metrics, ignore_errors=True)
    metrics.mkdir(parents=True)
    return {**ENV, "MEDIA_ROOT": str(media), "PROMETHEUS_MULTIPROC_DIR": str(metrics)}


def start_node(node: str) -> None:
    start(f"node-{node}", [
        GUNICORN, "-c", "config/gunicorn.py", "config.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{NODES[node]}",
        "--max-requests", "500", "--max-requests-jitter", "50", "--timeout", "60", "--log-level", "warning",
    ], node_env(node))


def start_worker(name: str) -> subprocess.Popen:
    return start(name, [PY, "manage.py", "run_worker"], node_env(name))


def wait_ready(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/health/ready/", headers=HEADERS, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the node on port {port} did not become ready; see {VAR}")


def stop_all() -> None:
    for proc in PROCESSES.values():
        if proc.poll() is None:
            proc.terminate()
    for proc in PROCESSES.values():
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


# --------------------------------------------------------------------------- a browser, by hand

#: The nodes sit behind a TLS-terminating proxy in production; here we say so ourselves.
HEADERS = {"X-Forwarded-Proto": "https"}


class Browser:
    """Cookies kept by hand: the session and CSRF cookies are Secure (production settings) and
    the nodes speak plain HTTP here, which a cookie jar would refuse to send them over."""

    def __init__(self, name: str):
        self.name = name
        self.cookies: dict[str, str] = {}
        self.http = requests.Session()

    def request(self, node: str, method: str, path: str, *, data=None, files=None, extra=None) -> requests.Response:
        port = NODES[node]
        headers = {**HEADERS, "Host": f"127.0.0.1:{port}", "Referer": f"https://127.0.0.1:{port}{path}", **(extra or {})}
        if method == "POST":
            data = {**(data or {}), "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        response = self.http.request(method, f"http://127.0.0.1:{port}{path}", data=data, files=files, headers=headers,
                                     cookies=self.cookies, allow_redirects=False, timeout=60)
        self.http.cookies.clear()
        for cookie in response.cookies:
            self.cookies[cookie.name] = cookie.value or ""
        return response

    def get(self, node: str, path: str, **kw) -> requests.Response:
        return self.request(node, "GET", path, **kw)

    def post(self, node: str, path: str, **kw) -> requests.Response:
        return self.request(node, "POST", path, **kw)

    def login(self, node: str, email: str) -> None:
        self.get(node, "/accounts/login/")
        response = self.post(node, "/accounts/login/", data={"login": email, "password": PASSWORD})
        check(response.status_code == 302 and "sessionid" in self.cookies, f"{email} logs in on node {node}")


def location(response: requests.Response) -> str:
    return re.sub(r"^https?://[^/]+", "", response.headers.get("Location", ""))


# --------------------------------------------------------------------------- the journey


def journey() -> None:
    from django.urls import reverse

    from evaluations.models import FeedbackSheet
    from exports.models import ExportJob
    from internships.models import Internship, RequiredDocument

    emma = Internship.objects.get(student__user__email="student@uniform.demo")
    mentor = Browser("mentor")
    say("The mentor, across both nodes:")
    mentor.login("A", "mentor@uniform.demo")
    home = mentor.get("B", reverse("home"))
    check(home.status_code == 200 and emma.student.first_name in home.text, "node B knows the session made on node A")

    FeedbackSheet.objects.filter(internship=emma, status="draft").delete()
    created = mentor.post("B", reverse("feedback:sheet_new", args=[emma.pk]))
    check(created.status_code == 302, "a new feedback sheet on node B")
    sheet_path = location(created)
    page = mentor.get("B", sheet_path).text
    revision = re.search(r'name="revision" value="([^"]+)"', page).group(1)
    sheet_date = re.search(r'name="date"[^>]*value="([^"]+)"', page).group(1)
    levels = {}
    for indicator, level in re.findall(r'name="level-(\d+)"[^>]*value="(\d+)"', page):
        levels.setdefault(indicator, level)
    form = {"revision": revision, "date": sheet_date, "strengths": "Rustig bij het onthaal (cluster-test).",
            "work_points": "", "agreements": ""}
    for indicator, level in list(levels.items())[:6]:
        form[f"level-{indicator}"] = level
        form[f"remark-{indicator}"] = ""
    sheet_pk = sheet_path.rstrip("/").split("/")[-1]
    saved = mentor.post("B", reverse("feedback:sheet_save", args=[emma.pk, sheet_pk]), data=form, extra={"HX-Request": "true"})
    sheet = FeedbackSheet.objects.get(pk=sheet_pk)
    check(saved.status_code == 200 and sheet.ratings.count() == 6 and "cluster-test" in sheet.strengths,
          "the sheet autosaved on node B: 6 ratings and the text are in the database")
    reopened = mentor.get("A", sheet_path).text
    check("cluster-test" in reopened, "node A shows what node B saved")

    document = (RequiredDocument.objects.filter(internship=emma, file="").select_related("document_type").first()
                or RequiredDocument.objects.filter(internship=emma).first())
    body = b"%PDF-1.4\n% cluster-test " + secrets.token_hex(16).encode() + b"\n%%EOF\n"
    uploaded = mentor.post("A", reverse("internships:document_upload", args=[emma.pk, document.pk]),
                           files={"file": ("stage-overeenkomst.pdf", body, "application/pdf")})
    document.refresh_from_db()
    check(uploaded.status_code == 302 and bool(document.file), "a document uploaded on node A")
    local = [p for p in (VAR / "media-A").rglob("*") if p.is_file()]
    check(not local, "node A kept nothing of it on its own disk (it went to the bucket)")
    download = mentor.get("B", reverse("internships:document_file", args=[emma.pk, document.pk]))
    if download.status_code in (301, 302):
        target = download.headers["Location"]
        check("X-Amz-Signature=" in target or "Signature=" in target, "node B answers with a presigned URL")
        fetched = requests.get(target, timeout=30)
        content = fetched.content
    else:
        content = download.content
    check(content == body, "the same bytes come back through node B")

    say("The teacher's group export, with a worker killed in the middle:")
    teacher = Browser("teacher")
    teacher.login("B", "teacher@uniform.demo")
    exports_page = teacher.get("A", reverse("exports:index")).text
    group_pk = re.search(r'<select name="group"[^>]*>.*?<option value="(\d+)"', exports_page, re.S).group(1)
    asked = teacher.post("A", reverse("exports:index"), data={"group": group_pk, "kind": "dossiers", "status": ""})
    check(asked.status_code == 302, "the export is queued from node A")
    job = ExportJob.objects.filter(requested_by__email="teacher@uniform.demo").latest("created_at")
    victim = wait_for_running(job)
    doomed = family(PROCESSES[victim].pid)
    say(f"  {victim} took it ({job.progress_done} of {job.progress_total} dossiers done); SIGKILL to it and its "
        f"work horse ({len(doomed)} processes), as when its machine dies")
    kill(doomed)
    PROCESSES[victim].wait()
    say("  the scheduler's next minute finds the export without a heartbeat and queues it again …")
    deadline = time.time() + 240
    while time.time() < deadline:
        job.refresh_from_db()
        if job.status in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
            break
        time.sleep(1)
    check(job.status == ExportJob.Status.DONE, f"the export finished anyway (attempts {job.attempts}, status {job.status})")
    start_worker(f"{victim}-again")  # back to two workers
    folder = os.path.dirname(job.file.name)
    listed = STORAGE[0].client().list_objects_v2(Bucket=ENV["S3_BUCKET"], Prefix=f"{ENV.get('S3_PREFIX', '')}{folder}/")
    kept = [item["Key"] for item in listed.get("Contents", [])]
    check(len(kept) == 1, f"one ZIP in the bucket for it ({', '.join(kept)})")
    zipped = teacher.get("B", reverse("exports:download", args=[job.pk]))
    if zipped.status_code in (301, 302):
        zipped = requests.get(zipped.headers["Location"], timeout=60)
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()
    pdfs = [n for n in names if n.endswith(".pdf")]
    check(len(pdfs) == job.progress_total, f"node B hands out the ZIP: {len(pdfs)} dossiers, each once")


def wait_for_running(job) -> str:
    """The worker that runs the job: RQ's registry of workers says which one is busy with it."""
    import redis
    from rq import Worker

    from exports.models import ExportJob

    deadline = time.time() + 120
    while time.time() < deadline:
        job.refresh_from_db()
        if job.status == ExportJob.Status.RUNNING and job.progress_done >= 1:
            break
        if job.status in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
            raise SystemExit(f"the export ended ({job.status}) before a worker could be killed; a bigger group is needed")
        time.sleep(0.2)
    else:
        raise SystemExit("no worker started the export")
    connection = redis.Redis.from_url(ENV["REDIS_URL"])
    for worker in Worker.all(connection=connection):
        if worker.get_state() != "busy":
            continue
        for name in ("worker-1", "worker-2"):
            if worker.pid in family(PROCESSES[name].pid):
                return name
    raise SystemExit("cannot tell which worker runs the export (no RQ worker is busy)")


def operable() -> None:
    say("Health and metrics of both nodes:")
    for node, port in NODES.items():
        ready = requests.get(f"http://127.0.0.1:{port}/health/ready/", headers=HEADERS, timeout=10)
        check(ready.status_code == 200, f"node {node} /health/ready/ {ready.status_code}")
        refused = requests.get(f"http://127.0.0.1:{port}/metrics", headers=HEADERS, timeout=10)
        check(refused.status_code in (401, 403, 404), f"node {node} /metrics without the token: {refused.status_code}")
        metrics = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=10,
                               headers={**HEADERS, "Authorization": f"Bearer {METRICS_TOKEN}"})
        check(metrics.status_code == 200 and "uniform_" in metrics.text, f"node {node} /metrics with the token")


# --------------------------------------------------------------------------- figures


def load(paths: list[tuple[str, str]], cookies: dict, clients: int = 4) -> tuple[float, float]:
    """``clients`` threads, each on its own keep-alive connection, for args.seconds; each
    request goes to the next (node, path) of ``paths``. Returns (requests/s, p95 ms)."""
    times: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + args.seconds

    def work(k: int) -> None:
        sessions = {node: requests.Session() for node in NODES}
        mine = []
        n = k
        while time.perf_counter() < stop:
            node, path = paths[n % len(paths)]
            n += 1
            t = time.perf_counter()
            response = sessions[node].get(f"http://127.0.0.1:{NODES[node]}{path}", cookies=cookies, timeout=60,
                                          headers={**HEADERS, "Host": f"127.0.0.1:{NODES[node]}"}, allow_redirects=False)
            mine.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (node, path, response.status_code)
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return len(times) / elapsed, statistics.quantiles(times, n=20)[-1]


def figures() -> list[tuple[str, str, float, float]]:
    from django.urls import reverse

    from evaluations.models import FeedbackSheet
    from internships.models import Internship

    emma = Internship.objects.get(student__user__email="student@uniform.demo")
    sheet = FeedbackSheet.objects.filter(internship=emma, status="draft").latest("created_at")
    mentor = Browser("mentor-load")
    mentor.login("A", "mentor@uniform.demo")
    pages = [("mentor's home", reverse("home")),
             ("feedback sheet", reverse("feedback:sheet_detail", args=[emma.pk, sheet.pk]))]
    rows = []
    for label, path in pages:
        rows.append((label, "node A alone", *load([("A", path)], mentor.cookies)))
        rows.append((label, "nodes A and B", *load([("A", path), ("B", path)], mentor.cookies)))
    return rows


# --------------------------------------------------------------------------- main


def prepare() -> None:
    import psycopg
    import redis

    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    conn = psycopg.connect(f"{SERVER}/postgres", autocommit=True)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{args.db}"')
    conn.close()
    redis.Redis.from_url(ENV["REDIS_URL"]).flushdb()


STORAGE: list = []


def start_storage() -> None:
    from tests import s3_server

    server = s3_server.start(data_dir=VAR / "s3", first_port=args.port + 10)
    STORAGE.append(server)
    # Downloads answer with a presigned URL (the browser fetches from the bucket itself).
    ENV.update(server.env(), S3_DOWNLOAD_MODE="redirect")


def drop() -> None:
    import psycopg
    import redis

    redis.Redis.from_url(ENV["REDIS_URL"]).flushdb()
    conn = psycopg.connect(f"{SERVER}/postgres", autocommit=True)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
    conn.close()


def main() -> int:
    began = time.perf_counter()
    load_at_start = os.getloadavg()[0]
    prepare()
    try:
        say("Object storage (SeaweedFS, a private bucket) …")
        start_storage()
        os.environ.update(ENV)
        say("Migrating and seeding the demo region on PostgreSQL …")
        manage("migrate", "--noinput", "-v0")
        manage("createcachetable")
        manage("seed_demo")
        manage("collectstatic", "--noinput", "-v0")
        import django

        django.setup()
        say("Starting node A and node B (gunicorn, 2 workers each), two task workers and the scheduler …")
        for node in NODES:
            start_node(node)
        start_worker("worker-1")
        start_worker("worker-2")
        start("scheduler", [PY, "manage.py", "run_scheduler"], node_env("scheduler"))
        for port in NODES.values():
            wait_ready(port)
        journey()
        operable()
        say(f"Figures: 4 concurrent clients, {args.seconds:.0f} s each (load average {os.getloadavg()[0]:.1f}):")
        rows = figures()
        say(f"\n{'page':<16} {'served by':<15} {'requests/s':>11} {'p95 ms':>8}")
        for label, where, rps, p95 in rows:
            say(f"{label:<16} {where:<15} {rps:>11.0f} {p95:>8.1f}")
        for name, proc in PROCESSES.items():
            if name.startswith(("node-", "scheduler")):
                check(proc.poll() is None, f"{name} is still running")
    except BaseException as exc:
        if not isinstance(exc, SystemExit) or exc.code not in (0, None):
            say(f"\n{exc!r}\nThe last lines of each log ({VAR}):")
            for log in sorted(VAR.glob("*.log")):
                lines = log.read_text(errors="replace").splitlines()[-8:]
                say(f"--- {log.name}\n" + "\n".join(lines))
        raise
    finally:
        stop_all()
        for server in STORAGE:
            server.stop()
        if not args.keep:
            drop()
    say(f"\nCluster test passed in {time.perf_counter() - began:.0f} s (load average {load_at_start:.1f} → "
        f"{os.getloadavg()[0]:.1f}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
