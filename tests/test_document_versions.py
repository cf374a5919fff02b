"""Issue 13: an approved document is read-only until someone who approves sets it back, and a
replaced file is kept as an earlier version (who, when) instead of being deleted from disk."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from internships.models import RequiredDocument

STUDENT = "student@uniform.demo"
MENTOR = "mentor@uniform.demo"
TEACHER = "teacher@uniform.demo"
ADMIN = "schooladmin@uniform.demo"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{text}.pdf", f"%PDF-1.4\n% {text}\n%%EOF\n".encode(), content_type="application/pdf")


def upload(client, document, text):
    return client.post(reverse("internships:document_upload", args=[document.internship_id, document.pk]), {"file": pdf(text)})


def set_status(client, document, status):
    return client.post(reverse("internships:document_status", args=[document.internship_id, document.pk]), {"status": status})


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def document(demo):
    doc = demo.emma_internship.documents.filter(status="missing").order_by("pk").first()
    assert upload(demo.client_for(STUDENT), doc, "eerste").status_code == 302
    doc.refresh_from_db()
    assert doc.file and doc.status == "handed_in"
    return doc


def test_an_approved_document_cannot_be_replaced_by_student_or_mentor(demo, document, media):
    first_path = document.file.path
    assert set_status(demo.client_for(TEACHER), document, "approved").status_code == 302
    document.refresh_from_db()
    assert document.status == "approved"
    for email in (STUDENT, MENTOR):
        response = upload(demo.client_for(email), document, f"vervanging-{email}")
        assert response.status_code == 302
        document.refresh_from_db()
        assert document.status == "approved" and document.file.path == first_path
        with open(first_path, "rb") as handle:
            assert b"eerste" in handle.read()
        assert not document.versions.exists()
        follow = demo.client_for(email).get(response["Location"])
        assert "goedgekeurd" in follow.content.decode()
    # The page does not offer an upload for it, and says why.
    page = demo.client_for(STUDENT).get(reverse("internships:detail", args=[document.internship_id])).content.decode()
    row = page[page.index(f'id="document-{document.pk}"'):]
    row = row[: row.index("</tr>")]
    assert "document_upload" not in row and 'name="file"' not in row and "kan niet meer vervangen worden" in row


def test_the_mentor_cannot_set_an_approved_document_back(demo, document):
    set_status(demo.client_for(TEACHER), document, "approved")
    set_status(demo.client_for(MENTOR), document, "handed_in")
    document.refresh_from_db()
    assert document.status == "approved"


def test_after_the_school_sets_it_back_a_new_file_keeps_the_earlier_one(demo, document):
    first_name = document.file.name
    teacher = demo.client_for(TEACHER)
    set_status(teacher, document, "approved")
    assert upload(demo.client_for(STUDENT), document, "tweede").status_code == 302
    document.refresh_from_db()
    assert document.file.name == first_name  # still read-only

    set_status(teacher, document, "handed_in")
    assert upload(demo.client_for(STUDENT), document, "tweede").status_code == 302
    document.refresh_from_db()
    assert document.file.name != first_name and document.file_name == "tweede.pdf"
    assert document.uploaded_by.email == STUDENT
    (version,) = document.versions.all()
    assert version.file.name == first_name and version.file_name == "eerste.pdf"
    assert version.uploaded_by.email == STUDENT and version.replaced_by.email == STUDENT
    assert version.uploaded_at <= version.replaced_at == document.uploaded_at
    with version.file.open("rb") as handle:
        assert b"eerste" in handle.read()  # still on disk

    # A third file: two earlier versions, newest first; both downloadable by who sees the document.
    assert upload(demo.client_for(MENTOR), document, "derde").status_code == 302
    document.refresh_from_db()
    assert [v.file_name for v in document.versions.all()] == ["tweede.pdf", "eerste.pdf"]
    assert document.uploaded_by.email == MENTOR
    for email in (STUDENT, MENTOR, TEACHER, ADMIN):
        for v in document.versions.all():
            url = reverse("internships:document_version_file", args=[document.internship_id, document.pk, v.pk])
            response = demo.client_for(email).get(url)
            assert response.status_code == 200 and v.file_name.split(".")[0].encode() in body(response)
            assert response["Content-Disposition"].startswith("attachment") and response["Content-Disposition"].endswith('.pdf"')
    page = demo.client_for(TEACHER).get(reverse("internships:detail", args=[document.internship_id])).content.decode()
    assert "2 eerdere versies" in page and "eerste.pdf" in page and "tweede.pdf" in page


def test_an_earlier_version_is_a_404_for_those_who_do_not_see_the_internship(demo, document):
    set_status(demo.client_for(TEACHER), document, "missing")
    upload(demo.client_for(STUDENT), document, "nieuw")
    version = document.versions.get()
    url = reverse("internships:document_version_file", args=[document.internship_id, document.pk, version.pk])
    for email in ("mentor2@uniform.demo", "student@other.demo", "coordinator@uniform.demo"):
        assert demo.client_for(email).get(url).status_code == 404
    # Another document's version id under this document: 404 too.
    other = demo.emma_internship.documents.exclude(pk=document.pk).first()
    url = reverse("internships:document_version_file", args=[document.internship_id, other.pk, version.pk])
    assert demo.client_for(TEACHER).get(url).status_code == 404


def test_the_service_refuses_an_approved_document(demo, document):
    from django.core.exceptions import ValidationError

    from internships import services

    RequiredDocument.objects.filter(pk=document.pk).update(status="approved")
    with pytest.raises(ValidationError):
        services.document_upload(document=document, upload=pdf("x"), by=demo.user(ADMIN))
