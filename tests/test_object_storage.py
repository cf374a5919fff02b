"""Files on S3-compatible object storage (issue 18, ADR 0029), against a real server: SeaweedFS
started once for these tests (tests/s3_server.py), with the storage options a deployment gets
(config/object_storage.py). Every test switches the default storage to the bucket, under a
prefix of its own, and back.

Uploads go through the real upload view; downloads through the app's access check, then a
presigned URL (redirect) or the app's own stream (proxy). The bucket itself refuses what is
not signed, and a presigned URL once it has expired."""

from __future__ import annotations

import io
import time
import uuid
import zipfile
from unittest import mock

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from audit.models import AccessEvent
from config.object_storage import s3_storage
from internships import selectors
from internships.models import DocumentVersion, RequiredDocument
from tests.s3_server import s3_server  # noqa: F401 (the session fixture)

pytestmark = pytest.mark.xdist_group("s3")

PDF = b"%PDF-1.4\n% the first file\n%%EOF\n"
PDF_2 = b"%PDF-1.4\n% the second file\n%%EOF\n"
STUDENT, MENTOR, OTHER_MENTOR = "student@uniform.demo", "mentor@uniform.demo", "mentor@other.demo"


@pytest.fixture
def bucket(s3_server, settings):  # noqa: F811
    """Switch the default storage to the bucket; ``bucket(download_mode=..., presigned_seconds=...)``
    switches again. Returns the storage's prefix and a client to look into the bucket."""
    prefix = f"test-{uuid.uuid4().hex[:8]}"

    def use(download_mode="proxy", presigned_seconds=60):
        entry = s3_storage(bucket=s3_server.bucket, endpoint_url=s3_server.endpoint, access_key=s3_server.access_key,
                           secret_key=s3_server.secret_key, region=s3_server.region, prefix=prefix,
                           download_mode=download_mode, presigned_seconds=presigned_seconds)
        # override_settings' setting_changed resets django.core.files.storage.default_storage.
        settings.STORAGES = {**settings.STORAGES, "default": entry}

    use()
    client = s3_server.client()
    use.prefix, use.client, use.server = prefix, client, s3_server
    use.keys = lambda: sorted(o["Key"] for o in client.list_objects_v2(Bucket=s3_server.bucket, Prefix=prefix + "/")
                              .get("Contents", []))
    use.read = lambda name: client.get_object(Bucket=s3_server.bucket, Key=f"{prefix}/{name}")["Body"].read()
    return use


@pytest.fixture
def document(demo) -> RequiredDocument:
    """A document of Emma's internship still to hand in."""
    return RequiredDocument.objects.filter(internship=demo.emma_internship, status="missing").order_by("pk").first()


def _upload(demo, document, body: bytes, name: str = "attest.pdf") -> RequiredDocument:
    """Emma uploads a file for the document through the upload view (again: it replaces it)."""
    url = reverse("internships:document_upload", args=[document.internship_id, document.pk])
    response = demo.client_for(STUDENT).post(url, {"file": SimpleUploadedFile(name, body)})
    assert response.status_code == 302
    return RequiredDocument.objects.select_related("document_type").get(pk=document.pk)


def _file_url(document) -> str:
    return reverse("internships:document_file", args=[document.internship_id, document.pk])


def test_an_upload_lands_in_the_bucket_and_downloads_through_a_presigned_url(demo, bucket, document):
    bucket(download_mode="redirect")
    document = _upload(demo, document, PDF)
    assert bucket.keys() == [f"{bucket.prefix}/{document.file.name}"]
    assert bucket.read(document.file.name) == PDF

    events = AccessEvent.objects.count()
    response = demo.client_for(MENTOR).get(_file_url(document))
    assert response.status_code == 302
    presigned = response["Location"]
    assert presigned.startswith(f"{bucket.server.endpoint}/{bucket.server.bucket}/{bucket.prefix}/")
    assert "X-Amz-Signature=" in presigned and "X-Amz-Expires=60" in presigned
    assert response["Cache-Control"] == "private, no-store"
    assert AccessEvent.objects.count() == events + 1  # the audit row, as for a file from the disk

    fetched = requests.get(presigned, timeout=10)
    assert fetched.status_code == 200 and fetched.content == PDF
    assert fetched.headers["Content-Type"] == "application/pdf"
    name = selectors.document_download_name(document)
    assert fetched.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    assert fetched.headers["Cache-Control"] == "private, no-store"

    # Someone of another network: 404 from the app, no URL of the bucket, no audit row.
    other = demo.client_for(OTHER_MENTOR).get(_file_url(document))
    assert other.status_code == 404 and "Location" not in other
    assert AccessEvent.objects.count() == events + 1
    # Straight to the bucket, without a signature, or with a signature that is not the app's.
    plain = presigned.split("?", 1)[0]
    assert requests.get(plain, timeout=10).status_code == 403
    assert requests.get(presigned.replace("X-Amz-Signature=", "X-Amz-Signature=0"), timeout=10).status_code == 403
    assert requests.put(plain, data=b"%PDF-1.4 not mine", timeout=10).status_code == 403
    assert bucket.read(document.file.name) == PDF


def test_a_presigned_url_is_refused_once_it_has_expired(demo, bucket, document):
    bucket(download_mode="redirect", presigned_seconds=1)
    document = _upload(demo, document, PDF)
    presigned = demo.client_for(MENTOR).get(_file_url(document))["Location"]
    assert "X-Amz-Expires=1&" in presigned or presigned.endswith("X-Amz-Expires=1")
    time.sleep(2.1)  # S3 counts whole seconds from X-Amz-Date
    expired = requests.get(presigned, timeout=10)
    assert expired.status_code == 403 and b"AccessDenied" in expired.content


def test_proxy_mode_streams_through_the_app_and_keeps_earlier_versions(demo, bucket, document):
    first = _upload(demo, document, PDF)
    document = _upload(demo, document, PDF_2, "attest-2.pdf")  # replaces it: the first stays, as a version
    version = DocumentVersion.objects.get(document=document)
    assert version.file.name == first.file.name != document.file.name
    assert bucket.keys() == sorted(f"{bucket.prefix}/{n}" for n in (first.file.name, document.file.name))

    mentor = demo.client_for(MENTOR)
    response = mentor.get(_file_url(document))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_2
    assert response["Content-Length"] == str(len(PDF_2)) and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "private, no-store"
    url = reverse("internships:document_version_file", args=[document.internship_id, document.pk, version.pk])
    earlier = mentor.get(url)
    assert earlier.status_code == 200 and b"".join(earlier.streaming_content) == PDF
    assert demo.client_for(OTHER_MENTOR).get(url).status_code == 404
    assert demo.client_for(None).get(_file_url(document)).status_code == 302  # to the login page

    # Gone from the bucket (a purge elsewhere): 404, as for a file gone from the disk.
    bucket.client.delete_object(Bucket=bucket.server.bucket, Key=f"{bucket.prefix}/{document.file.name}")
    assert mentor.get(_file_url(document)).status_code == 404


def test_an_export_zip_is_written_to_the_bucket_downloads_and_is_cleaned_up(demo, bucket):
    from exports import services
    from exports.models import ExportJob
    from schools.models import Group

    bucket(download_mode="redirect")
    admin = demo.client_for("schooladmin@uniform.demo")
    reverse("exports:index")
    with mock.patch("reports.documents.dossier_pdf", return_value=b"%PDF-1.4 fake", create=True):
        admin.post(reverse("exports:index"), {"group": Group.objects.get(name="7BKO-A").pk, "kind": "dossiers"})
        job = ExportJob.objects.get(requested_by__email="schooladmin@uniform.demo")
        assert services.build_export(str(job.pk)) == "done"
    job.refresh_from_db()
    assert bucket.keys() == [f"{bucket.prefix}/{job.file.name}"]

    response = admin.get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 302
    fetched = requests.get(response["Location"], timeout=10)
    assert fetched.status_code == 200 and fetched.headers["Content-Type"] == "application/zip"
    assert job.download_name in fetched.headers["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(fetched.content)).namelist()
    assert len([n for n in names if n.endswith(".pdf")]) == 8
    assert demo.client_for("teacher@other.demo").get(reverse("exports:download", args=[job.pk])).status_code == 404

    assert services.cleanup_expired(now=job.expires_at) == 1  # deleted through the storage API
    assert bucket.keys() == []


def test_a_students_data_export_reads_her_uploads_from_the_bucket(demo, bucket, document):
    from exports import services
    from exports.models import ExportJob

    _upload(demo, document, PDF, "mijn attest.pdf")
    student = demo.client_for(STUDENT)
    fake = mock.Mock(return_value=b"%PDF-1.4 fake")
    with mock.patch.multiple("reports.documents", dossier_pdf=fake, evaluation_pdf=fake, sheet_pdf=fake):
        student.post(reverse("privacy:student", args=[demo.emma.pk]))
        job = ExportJob.objects.get(kind=ExportJob.Kind.STUDENT_DATA, student=demo.emma)
        assert services.build_export(str(job.pk), job.attempts) == "done"
    job.refresh_from_db()
    assert f"{bucket.prefix}/{job.file.name}" in bucket.keys()
    response = student.get(reverse("privacy:export_download", args=[job.pk]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    uploads = [n for n in archive.namelist() if n.startswith("files/") and n.endswith("mijn attest.pdf")]
    assert len(uploads) == 1 and archive.read(uploads[0]) == PDF


def test_retention_deletes_the_files_in_the_bucket(demo, bucket, document, django_capture_on_commit_callbacks):
    from retention import purge

    first = _upload(demo, document, PDF)
    document = _upload(demo, document, PDF_2)
    assert len(bucket.keys()) == 2 and first.file.name != document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        removed = purge.delete_document_files(RequiredDocument.objects.filter(pk=document.pk),
                                              DocumentVersion.objects.filter(document=document))
    assert removed == 2 and bucket.keys() == []


def test_copy_media_to_storage_moves_the_disk_into_the_bucket(demo, bucket, document, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    name = f"internships/{document.internship_id}/{uuid.uuid4().hex}.pdf"
    (tmp_path / name).parent.mkdir(parents=True)
    (tmp_path / name).write_bytes(PDF)
    RequiredDocument.objects.filter(pk=document.pk).update(file=name)
    RequiredDocument.objects.exclude(pk=document.pk).update(file="")  # the demo's own files are not on this disk
    DocumentVersion.objects.all().delete()

    out = io.StringIO()
    call_command("copy_media_to_storage", stdout=out)
    assert "Copied 1 files; 0 were already there." in out.getvalue()
    assert "Every file named in the database is in the storage." in out.getvalue()
    assert bucket.read(name) == PDF
    call_command("copy_media_to_storage", stdout=out)  # again: nothing twice
    assert "Copied 0 files; 1 were already there." in out.getvalue() and bucket.keys() == [f"{bucket.prefix}/{name}"]
    response = demo.client_for(MENTOR).get(_file_url(document))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
