"""Files for the demo student's required documents: the signed internship agreement (approved,
so read-only), and the risk analysis that the mentor handed in first and the student replaced
with a corrected one (the first file is kept as an earlier version)."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone


def tiny_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF with a few lines of text (Helvetica, Latin-1), without a renderer."""
    text = " ".join(
        f"({line.encode('latin-1', 'replace').decode('latin-1')}) Tj 0 -18 Td".replace("\\", "\\\\")
        for line in lines
    )
    stream = f"BT /F1 12 Tf 56 780 Td {text} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _attach(document, name: str, lines: list[str], by, when) -> None:
    document.file.save(name, ContentFile(tiny_pdf(lines)), save=False)
    document.file_name, document.file_type = name, "application/pdf"
    document.uploaded_by, document.uploaded_at = by, when


def seed_document_files() -> None:
    from internships.models import DocumentVersion, Internship, RequiredDocument
    from tenancy.models import User

    internship = (
        Internship.objects.filter(student__user__email="student@uniform.demo")
        .select_related("student", "mentor", "site").order_by("start_date").first()
    )
    if internship is None:
        return
    student, mentor = User.objects.get(email="student@uniform.demo"), internship.mentor
    docs = {d.document_type.name: d for d in internship.documents.select_related("document_type")}
    now = timezone.now()
    who = internship.student.full_name

    agreement = docs.get("Stageovereenkomst")
    if agreement is not None and not agreement.file:
        _attach(agreement, "stageovereenkomst-getekend.pdf",
                ["Stageovereenkomst", who, f"Stageplaats: {internship.site.name}", "Getekend door school, stageplaats en stagiair."],
                student, now - timedelta(days=20))
        agreement.status = RequiredDocument.Status.APPROVED
        agreement.save()

    risk = docs.get("Werkpostfiche / risicoanalyse")
    if risk is not None and not risk.file and not risk.versions.exists():
        first_at = now - timedelta(days=9)
        _attach(risk, "werkpostfiche.pdf",
                ["Werkpostfiche / risicoanalyse", who, "Versie 1: zonder de handtekening van de preventieadviseur."],
                mentor, first_at)
        risk.save()
        replaced_at = now - timedelta(days=6)
        DocumentVersion.objects.create(
            document=risk, file=risk.file.name, file_name=risk.file_name, file_type=risk.file_type,
            uploaded_by=mentor, uploaded_at=first_at, replaced_by=student, replaced_at=replaced_at,
        )
        _attach(risk, "werkpostfiche-getekend.pdf",
                ["Werkpostfiche / risicoanalyse", who, "Versie 2: getekend door de preventieadviseur."],
                student, replaced_at)
        if risk.status == RequiredDocument.Status.MISSING:
            risk.status = RequiredDocument.Status.HANDED_IN
        risk.changed_by, risk.changed_at = student, replaced_at
        risk.save()
