"""The dossier PDF's figures for both benchmarks (ADR 0031): what a person waits for in the
request, and what the worker spends, measured apart.

``get(url)`` and ``post(url)`` ``-> (status, body size)`` are the benchmark's own client
(Django's test client in scripts/bench.py, HTTP to gunicorn in scripts/bench_region.py)."""

from __future__ import annotations

import statistics
import time


def dossier_flow(get, post, user, internship, runs: int = 5) -> dict[str, tuple[float, int]]:
    """Milliseconds: asking with nothing cached (the button's POST, which queues the job, and
    the GET it redirects to, which answers the job's page: what the person waits for), the
    worker's render (``build_export`` in this process, as ``db_worker`` runs it), and opening
    the dossier once it is made (the GET answers the file)."""
    from django.urls import reverse

    from exports.models import ExportJob
    from exports.services import _delete_file, build_export

    url = reverse("reports:dossier", args=[internship.pk])
    jobs = ExportJob.objects.filter(kind=ExportJob.Kind.DOSSIER, requested_by=user, internship=internship)

    def clear():
        for job in jobs:
            _delete_file(job)
        jobs.delete()

    asks = []
    for _ in range(runs):
        clear()
        start = time.perf_counter()
        status, _size = post(url)
        assert status == 302, status
        status, page = get(url)
        asks.append((time.perf_counter() - start) * 1000)
        assert status == 302, status  # to the job's page
    job = jobs.get()
    start = time.perf_counter()
    build_export(str(job.pk))
    render = (time.perf_counter() - start) * 1000
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    get(url)
    cached, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        status, size = get(url)
        cached.append((time.perf_counter() - start) * 1000)
        assert status == 200, status
    clear()
    return {
        "dossier PDF: ask": (statistics.median(asks), page),
        "dossier PDF: worker render": (render, size),
        "dossier PDF: cached file": (statistics.median(cached), size),
    }
