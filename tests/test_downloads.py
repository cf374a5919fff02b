"""Every download carries a file name with its real extension and the matching content type
(issue #13): PDFs, the catalogue exports, the calendar, batch ZIPs and uploaded documents."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 32
PDF = b"%PDF-1.4\n%%EOF\n"


def filename(response) -> str:
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment"), disposition
    match = re.search(r'filename="([^"]+)"', disposition)
    assert match, disposition
    return match.group(1)


@pytest.mark.parametrize(
    "upload_name, body, extension, content_type",
    [
        ("scan.pdf", PDF, ".pdf", "application/pdf"),
        ("foto.PNG", PNG, ".png", "image/png"),
        ("IMG_0042.jpeg", JPEG, ".jpg", "image/jpeg"),
        ("attest", PDF, ".pdf", "application/pdf"),  # no extension when uploaded: named by its content
        ("attest.png", PDF, ".pdf", "application/pdf"),  # a wrong one: the content decides
    ],
)
def test_an_uploaded_document_downloads_with_the_extension_of_what_it_is(demo, upload_name, body, extension, content_type):
    emma = demo.emma_internship
    document = emma.documents.filter(status="missing").select_related("document_type").first()
    student = demo.client_for("student@uniform.demo")
    upload = SimpleUploadedFile(upload_name, body, content_type="application/octet-stream")
    assert student.post(reverse("internships:document_upload", args=[emma.pk, document.pk]), {"file": upload}).status_code == 302
    document.refresh_from_db()
    assert document.file.name.endswith(extension)  # stored with it too
    response = demo.client_for("mentor@uniform.demo").get(reverse("internships:document_file", args=[emma.pk, document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    name = filename(response)
    assert name.endswith(extension) and name.count(".") == 1, name
    assert name.startswith(document.document_type.name.lower().split()[0]) and "emma-aerts" in name, name


def test_pdfs_calendar_and_catalogue_exports_are_named_for_what_they_are(demo):
    teacher = demo.client_for("teacher@uniform.demo")
    emma = demo.emma_internship
    response = teacher.get(reverse("reports:activities", args=[emma.pk]))
    assert response["Content-Type"] == "application/pdf" and filename(response).endswith(".pdf")
    response = teacher.get(reverse("training:calendar"))
    assert response["Content-Type"].startswith("text/calendar") and filename(response).endswith(".ics")
    coordinator = demo.client_for("coordinator@uniform.demo")
    version = emma.catalogue_version
    for fmt, content_type in (
        ("json", "application/json"),
        ("csv", "text/csv"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ):
        response = coordinator.get(reverse("catalogue:export", args=[version.pk, fmt]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type) and filename(response).endswith(f".{fmt}"), fmt
