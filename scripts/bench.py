"""Performance budgets (architecture.md): SQL queries and server time per page.

Runs against a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL),
seeded with the demo region and then grown, so the figures show whether they stay flat.
Usage: make bench
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("UNIFORM_TESTING", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

RUNS = 15


def measure(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    n_queries = len(ctx.captured_queries)  # read now: later requests reset the log
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return n_queries, statistics.median(times)


def pdf_timings():
    """Issue 7's budgets: one evaluation PDF well under 1 s; a dossier (20 sheets, 2 evaluations) under 3 s."""
    from django.utils import translation

    from reports import documents
    from tests.test_pdf import _big_internship

    class Demo:  # the bits of tests.conftest's demo helper that _big_internship uses
        def user(self, email):
            from tenancy.models import User

            return User.objects.get(email=email)

        @property
        def emma_internship(self):
            from internships.models import Internship

            return Internship.objects.get(student__user__email="student@uniform.demo")

    demo = Demo()
    internship = _big_internship(demo)
    admin = demo.user("schooladmin@uniform.demo")
    evaluation = internship.evaluations.filter(kind="final").first()
    with translation.override("nl"):
        documents.evaluation_pdf(admin, evaluation)  # warm up fonts
        times = []
        for _ in range(3):
            start = time.perf_counter()
            documents.evaluation_pdf(admin, evaluation)
            times.append(time.perf_counter() - start)
        dossier_times = []
        for _ in range(3):
            start = time.perf_counter()
            body = documents.dossier_pdf(admin, internship)
            dossier_times.append(time.perf_counter() - start)
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(body)).pages)
    print(f"PDF: evaluation median {statistics.median(times):.2f} s (budget < 1 s); "
          f"dossier with {internship.feedback_sheets.count()} sheets and {internship.evaluations.count()} evaluations, "
          f"{pages} pages, {len(body) // 1024} KB: median {statistics.median(dossier_times):.2f} s, "
          f"slowest {max(dossier_times):.2f} s of 3 (budget < 3 s)")
    dossier_in_the_background(admin, internship)
    zip_of_thirty(admin)


def dossier_in_the_background(admin, internship):
    """ADR 0031: the person asks, the worker renders, the finished file is served."""
    from scripts.bench_dossier import dossier_flow

    client = Client()
    client.force_login(admin)

    def answer(response):
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response.status_code, len(body)

    figures = dossier_flow(lambda url: answer(client.get(url)), lambda url: answer(client.post(url)), admin, internship)
    ask, render, cached = (figures[k][0] for k in ("dossier PDF: ask", "dossier PDF: worker render", "dossier PDF: cached file"))
    print(f"dossier PDF: asking for it {ask:.0f} ms (the button's POST queues the worker, its GET answers the job's page; "
          f"budget < 2 s); the worker renders it in {render / 1000:.2f} s; asked again, the finished file in {cached:.0f} ms "
          f"(medians of 5; load average {os.getloadavg()[0]:.1f})")


def zip_of_thirty(admin):
    """Issue 7: a ZIP of 30 dossiers, built the way the worker builds it (exports.services.build_export)."""
    from exports.models import ExportJob
    from exports.services import build_export, request_export
    from schools.models import Group
    from tests.factories import InternshipFactory, StudentFactory

    group = Group.objects.get(name="7BKO-A")
    while admin_visible(admin, group) < 30:
        InternshipFactory(student=StudentFactory(school=group.school, group=group))
    job = request_export(user=admin, group=group, kind=ExportJob.Kind.DOSSIERS)
    start = time.perf_counter()
    build_export(str(job.pk))
    elapsed = time.perf_counter() - start
    job.refresh_from_db()
    print(f"ZIP of {job.progress_total} dossiers in the background: {job.status} in {elapsed:.1f} s "
          f"({elapsed / job.progress_total:.2f} s per dossier), {job.file.size // 1024} KB; "
          f"progress written {job.progress_done} times for the page to show")
    job.file.delete(save=False)


def admin_visible(admin, group) -> int:
    import access

    return access.export_internships(admin, group).count()


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from catalogue.models import CatalogueVersion
        from demo.region import DEMO_LOGINS, seed_demo
        from tenancy.models import User

        seed_demo()
        from tests.test_pages import _grow_region

        pages = []
        for email in DEMO_LOGINS:
            pages.append((email, reverse("home")))
        version = CatalogueVersion.objects.get(programme__network__slug="limburg")
        pages.append(("mentor@uniform.demo", reverse("catalogue:version", args=[version.pk])))
        pages.append(("mentor@uniform.demo", reverse("catalogue:index")))
        from catalogue.services import version_create_draft
        from childcare.models import Site
        from internships.models import Internship
        from schools.models import Group

        emma = Internship.objects.get(student__user__email="student@uniform.demo")
        pages.append(("mentor@uniform.demo", reverse("internships:detail", args=[emma.pk])))
        # The mentor's feedback page on a 60-indicator catalogue (the demo's 50 + 10).
        from catalogue.services import cluster_add, indicator_add, version_publish

        sixty = version_create_draft(programme=version.programme, label="bench-60", based_on=version)
        extra60 = cluster_add(version=sixty, title="Extra")
        for n in range(10):
            indicator_add(cluster=extra60, text=f"Extra gedrag {n}")
        version_publish(version=sixty)
        Internship.objects.filter(pk=emma.pk).update(catalogue_version=sixty)
        from evaluations.models import FeedbackSheet

        draft_sheet = FeedbackSheet.objects.filter(internship=emma, status="draft").first()
        pages.append(("mentor@uniform.demo", reverse("feedback:sheet_detail", args=[draft_sheet.internship_id, draft_sheet.pk])))
        shared_sheet = FeedbackSheet.objects.filter(internship=emma, status="shared").first()
        pages.append(("student@uniform.demo", reverse("feedback:sheet_detail", args=[shared_sheet.internship_id, shared_sheet.pk])))
        pages.append(("mentor@uniform.demo", reverse("activities:activity_list", args=[emma.pk])))
        from evaluations.models import Evaluation

        locked = Evaluation.objects.filter(locked_at__isnull=False, internship__school__network__slug="limburg").first()
        pages.append(("teacher@uniform.demo" if locked.internship.teacher.email == "teacher@uniform.demo" else "schooladmin@uniform.demo",
                      reverse("evaluations:evaluation_detail", args=[locked.internship_id, locked.pk])))
        pages.append(("teacher@uniform.demo", reverse("progress:progress_detail", args=[emma.pk])))
        pages.append(("teacher@uniform.demo", reverse("schools:group_overview", args=[Group.objects.get(name="7BKO-A").pk])))
        pages.append(("schooladmin@uniform.demo", reverse("internships:list")))
        pages.append(("schooladmin@uniform.demo", reverse("schools:group", args=[Group.objects.get(name="7BKO-A").pk])))
        pages.append(("childcare@uniform.demo", reverse("childcare:site", args=[Site.objects.get(name="KDV 't Nestje").pk])))

        draft = version_create_draft(programme=version.programme, label="bench-draft", based_on=version)
        pages.append(("coordinator@uniform.demo", reverse("catalogue:edit", args=[draft.pk])))
        pages.append(("coordinator@uniform.demo", reverse("catalogue:diff", args=[draft.pk])))

        base = Path(__file__).resolve().parent.parent / "static"
        import gzip

        def gz_kb(*names):  # WhiteNoise serves static files compressed
            return sum(len(gzip.compress((base / n).read_bytes())) for n in names) / 1024

        css_kb = gz_kb("vendor/bootstrap/bootstrap.subset.min.css", "css/uniform.css")
        js_kb = gz_kb("vendor/bootstrap/bootstrap.bundle.min.js", "vendor/htmx/htmx.min.js", "js/feedback-sheet.js")

        def run():
            rows = {}
            for email, url in pages:
                client = Client()
                client.force_login(User.objects.get(email=email))
                rows[(email, url)] = measure(client, url)
                if "/feedback/" in url and email.startswith("mentor"):
                    size = len(client.get(url).content)
                    print(f"feedback page (60 indicators): HTML {size / 1024:.0f} KB (not compressed), "
                          f"CSS {css_kb:.0f} KB + JS {js_kb:.0f} KB (gzip); total {size / 1024 + css_kb + js_kb:.0f} KB")
            return rows

        small = run()
        _grow_region(40)
        from catalogue.services import cluster_add, indicator_add

        extra = cluster_add(version=draft, title="Bench")
        for n in range(30):  # the draft grows from 50 to 80 indicators
            indicator_add(cluster=extra, text=f"Bench-gedrag {n}")
        large = run()
        print(f"{'page':<48} {'queries':>8} {'(grown)':>8} {'median ms':>10} {'(grown)':>8}")
        worst = 0
        for key in small:
            (q1, t1), (q2, t2) = small[key], large[key]
            worst = max(worst, q2)
            label = f"{key[1]} as {key[0]}"
            flag = "" if q2 <= q1 and q2 <= 15 else "  <-- over budget or growing"
            print(f"{label:<48} {q1:>8} {q2:>8} {t1:>10.1f} {t2:>8.1f}{flag}")
        print(f"\nBudget: ≤ 15 queries per page, flat with data. Worst: {worst}. Database: {connection.vendor}.")
        pdf_timings()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
