"""Access-matrix entries for the PDF reports (merged into tests/test_isolation.py).

Objects: Emma's internship (student@uniform.demo, Limburg) and Lucas's (student@other.demo,
Antwerpen), their shared feedback sheets and midterm evaluations, and each network's published
catalogue version. A PDF answers exactly whoever may open the document's page; everyone else
404. GET only: a POST is 405.

The dossier is made by the worker (ADR 0031): its URL answers whoever may read the internship
(GET: the button that asks; POST: asks, then back to the GET). A dossier job (teacher@uniform.demo's of Emma's internship,
teacher@other.demo's of Lucas's) is its requester's alone: no rule of the policy says "the
person who asked", so ``ok`` is written out; everyone else, the school admin too, gets 404.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from tests.isolation_evaluations import _evaluation, _internship, _sheet
from tests.isolation_support import Entry


def _version(demo, network, **extra):
    from catalogue.models import CatalogueVersion

    return {"pk": CatalogueVersion.objects.get(programme__network__slug=network, status="published").pk, **extra}


def _internship_pk(demo, network):
    return {"pk": _internship(demo, network).pk}


_DOSSIER_FILE = "exports/isolation-test/dossier.pdf"
_DOSSIER_OWNER = {"limburg": "teacher@uniform.demo", "antwerpen": "teacher@other.demo"}
DOSSIER_JOB = {"ok": {net: {login} for net, login in _DOSSIER_OWNER.items()}}


def _dossier_job(demo, network, status="done"):
    from exports.models import ExportJob

    internship = _internship(demo, network)
    if status == "done" and not default_storage.exists(_DOSSIER_FILE):
        default_storage.save(_DOSSIER_FILE, ContentFile(b"%PDF-1.4 isolation"))
    now = timezone.now()
    job = ExportJob.objects.create(
        requested_by=demo.user(_DOSSIER_OWNER[network]), school_id=internship.school_id, internship=internship,
        kind=ExportJob.Kind.DOSSIER, revision="isolation", internship_ids=[str(internship.pk)], status=status,
        progress_done=1, progress_total=1, error="" if status == "done" else "x",
        file=_DOSSIER_FILE if status == "done" else "", finished_at=now, expires_at=now + timedelta(days=1),
    )
    return {"pk": job.pk}


def _failed_dossier_job(demo, network):
    return _dossier_job(demo, network, status="failed")


ENTRIES = {
    "reports:sheet": Entry(kwargs=lambda demo, net: _sheet(demo, net, "shared"), rule="feedback.read_shared", obj="internship"),
    "reports:evaluation": Entry(kwargs=_evaluation, rule="internship.read", obj="internship"),
    **{name: Entry(kwargs=_internship_pk, rule="internship.read", obj="internship") for name in (
        "reports:activities", "reports:intake", "reports:visits", "reports:hours",
    )},
    # The dossier's URL: GET shows the button that asks for it (nothing made yet), POST asks
    # and goes back to it (the job is rolled back with the request).
    "reports:dossier": Entry(kwargs=_internship_pk, rule="internship.read", obj="internship", post="same", post_ok_code=302),
    "reports:dossier_job": Entry(kwargs=_dossier_job, **DOSSIER_JOB),
    "reports:dossier_progress": Entry(kwargs=_dossier_job, **DOSSIER_JOB, ok_code=302),  # without htmx: the job's page
    "reports:dossier_download": Entry(kwargs=_dossier_job, **DOSSIER_JOB),
    "reports:dossier_retry": Entry(kwargs=_failed_dossier_job, **DOSSIER_JOB, ok_code=405, denied=405, post="same",
                                   post_ok_code=302, post_denied=404),
    "reports:blank": Entry(kwargs=lambda demo, net: _version(demo, net, kind="feedback"), rule="catalogue.read", obj="network"),
    "reports:catalogue": Entry(kwargs=_version, rule="catalogue.read", obj="network"),
}
