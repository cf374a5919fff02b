"""Getting a dossier PDF in a test the way a person does (ADR 0031): ask for it (the internship
page's link), let the worker make it (``build_export``, here in the test's process and
transaction, as tests/test_exports.py does), ask again and receive the file."""

from __future__ import annotations

from django.urls import reverse


def run_dossier_jobs() -> list:
    """What ``manage.py db_worker`` does for each queued dossier job."""
    from exports import services
    from exports.models import ExportJob

    queued = ExportJob.objects.filter(kind=ExportJob.Kind.DOSSIER, status=ExportJob.Status.QUEUED).order_by("created_at")
    ids = [str(pk) for pk in queued.values_list("pk", flat=True)]
    for job_id in ids:
        services.build_export(job_id)
    return ids


def forget_dossier_files() -> None:
    """The dossier files a test made (MEDIA_ROOT outlives the test's rolled-back rows)."""
    from exports import services
    from exports.models import ExportJob

    for job in ExportJob.objects.filter(kind=ExportJob.Kind.DOSSIER).exclude(file=""):
        services._delete_file(job)


def dossier_response(client, internship_pk, *, keep_file: bool = False):
    """The answer to asking for the dossier once the worker has made it (the second ask): the
    PDF download, or whatever the ask answered when it was not a redirect to a job (404 …)."""
    return get_through_worker(client, reverse("reports:dossier", args=[internship_pk]), keep_file=keep_file)


def get_through_worker(client, url: str, *, keep_file: bool = False):
    """GET ``url``; for the dossier, first ask for it (the POST of the internship page's
    button) and run the worker. A streamed answer is read into ``response.body`` (and can
    still be iterated)."""
    if url.endswith("/dossier.pdf"):
        asked = client.post(url)
        if asked.status_code == 302:
            run_dossier_jobs()
    response = client.get(url)
    if response.streaming:
        body = b"".join(response.streaming_content)
        response.streaming_content = [body]
        response.body = body
    if not keep_file:
        forget_dossier_files()
    return response


def dossier_bytes(client, internship_pk) -> bytes:
    response = dossier_response(client, internship_pk)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response.body
