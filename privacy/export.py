"""The worker's part of a student's data export (``ExportJob.Kind.STUDENT_DATA``).

It runs inside ``exports.services.build_export`` (same claim, heartbeat, retry, expiry and
clean-up as the batch exports): a readable PDF per document (each internship's dossier, each
evaluation, each feedback sheet; the renderers of ``reports.documents``), ``data.json`` with
everything (privacy.selectors.student_data), the uploaded files themselves, and a README.
"""

from __future__ import annotations

import json
import tempfile
import zipfile

from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from privacy import selectors


def build_student_data(job) -> None:
    from exports import services as exports
    from exports.models import ExportJob, retention
    from reports import documents

    user, student = job.requested_by, job.student
    if student is None or not access.data_export_students(user).filter(pk=student.pk).exists():
        raise exports.ExportError(_("You may no longer export this student's data."))
    plan = selectors.plan_pdfs(user, student)
    files = selectors.student_documents(student) if plan else []
    total = len(plan) + 1
    exports._heartbeat(job, progress_total=total)
    used: set[str] = set()

    def unique(name: str) -> str:
        base, dot, ext = name.rpartition(".")
        candidate, n = name, 2
        while candidate.lower() in used:
            candidate, n = f"{base} ({n}).{ext}" if dot else f"{name} ({n})", n + 1
        used.add(candidate.lower())
        return candidate

    index = [_("Everything Uniform holds about %(student)s") % {"student": student.full_name},
             f"{student.school}", timezone.localtime().strftime("%d/%m/%Y %H:%M"), "",
             _("data.json: all data, machine-readable (JSON)."), _("pdf/: a readable PDF per document."),
             _("files/: the uploaded documents."), ""]
    with tempfile.TemporaryFile() as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for done, (internship, what, obj) in enumerate(plan, start=1):
                if done > 1:
                    exports._heartbeat(job)
                folder = exports._safe(f"{internship.start_date:%Y-%m-%d} {internship.site}")
                try:
                    if what == "dossier":
                        pdf, label = documents.dossier_pdf(user=user, internship=obj), _("dossier")
                    elif what == "evaluation":
                        pdf = documents.evaluation_pdf(user=user, evaluation=obj)
                        label = f"{obj.get_kind_display()} {obj.number}"
                    else:
                        pdf, label = documents.sheet_pdf(user=user, sheet=obj), _("feedback sheet") + f" {obj.date:%Y-%m-%d}"
                except Exception as error:
                    raise exports.ExportError(
                        _("A PDF could not be made, so the export stopped after %(done)s of %(total)s. Try again.")
                        % {"done": done - 1, "total": total}
                    ) from error
                name = unique(f"pdf/{folder}/{exports._safe(label)}.pdf")
                archive.writestr(name, bytes(pdf))
                index.append(name)
                exports._heartbeat(job, progress_done=done)
            for _internship, kind, file_name, field in files:
                try:
                    with field.open("rb") as handle:
                        content = handle.read()
                except (FileNotFoundError, OSError):
                    index.append(_("missing on the server: %(name)s") % {"name": file_name})
                    continue
                name = unique(f"files/{exports._safe(kind)}/{exports._safe(file_name or field.name.rsplit('/', 1)[-1])}")
                archive.writestr(name, content)
                index.append(name)
            data = selectors.student_data(user, student)
            archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
            archive.writestr("README.txt", "\n".join(index) + "\n")
        tmp.seek(0)
        job.file.save(job.download_name, File(tmp), save=False)
    now = timezone.now()
    finished = exports._this_run(job).update(
        file=job.file.name, status=ExportJob.Status.DONE, progress_done=total, finished_at=now,
        updated_at=now, heartbeat_at=now, expires_at=now + retention(), error="",
    )
    if not finished:
        exports._delete_file(job)
        raise exports.Superseded
