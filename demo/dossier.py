"""A finished dossier in the demo (ADR 0031): the school admin's dossier of Emma Aerts's
internship, made the way the worker makes it, so a newcomer who opens it from the internship
page gets the file at once (and sees a job's page after changing something)."""

from __future__ import annotations


def seed_cached_dossier():
    """Idempotent: while nothing on the dossier changed, the finished job is kept as it is."""
    from exports.dossier_services import request_dossier
    from exports.models import ExportJob
    from exports.services import build_export
    from internships.models import Internship
    from tenancy.models import User

    admin = User.objects.get(email="schooladmin@uniform.demo")
    internship = Internship.objects.select_related("student").get(student__user__email="student@uniform.demo")
    job = request_dossier(user=admin, internship=internship, language="nl")
    if job.status == ExportJob.Status.QUEUED:
        build_export(str(job.pk), job.attempts)
        job.refresh_from_db()
    return job
