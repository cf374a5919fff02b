"""Access-matrix entries for the internship URLs (merged into tests/test_isolation.py).

The objects are Emma's internship (Limburg) and Lucas's (Antwerpen), and their parts. Who may
do what follows the policy's rows: intake (teacher, mentor), documents (school admin, teacher,
childcare admin, mentor; uploads also the student), visits (teacher), hours (student and mentor
log, mentor confirms), people and documents asked (school admin), start/close (school admin,
teacher). Those who see the internship but may not act get 403; everyone else 404.
"""

from django.core.files.base import ContentFile

from tests.isolation_support import Entry


def _internship(demo, network):
    return demo.emma_internship if network == "limburg" else demo.lucas_internship


def _pk(demo, network):
    return {"pk": _internship(demo, network).pk}


def _document(demo, network, with_file=False):
    internship = _internship(demo, network)
    document = internship.documents.order_by("pk").first()
    if with_file and not document.file:
        document.file.save("test.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        document.file_type = "application/pdf"
        document.save()
    return {"pk": internship.pk, "doc_pk": document.pk}


def _document_version(demo, network):
    """A document with an earlier file (kept as a version when a new one replaced it)."""
    from internships.models import DocumentVersion

    kwargs = _document(demo, network, with_file=True)
    document = _internship(demo, network).documents.get(pk=kwargs["doc_pk"])
    version = document.versions.first()
    if version is None:
        version = DocumentVersion(document=document, file_name="eerder.pdf", file_type="application/pdf")
        version.file.save("eerder.pdf", ContentFile(b"%PDF-1.4 earlier"), save=False)
        version.save()
    return {**kwargs, "version_pk": version.pk}


def _visit(demo, network):
    internship = _internship(demo, network)
    return {"pk": internship.pk, "visit_pk": internship.visits.order_by("pk").first().pk}


def _entry(demo, network):
    internship = _internship(demo, network)
    return {"pk": internship.pk, "entry_pk": internship.hour_entries.order_by("-date").first().pk}


def _post_only(kwargs, rule, post_ok_code=302):
    """A POST-only action on the internship: who sees it but may not do this gets 403."""
    return Entry(kwargs=kwargs, rule=rule, obj="internship", ok_code=405, denied=405, visible_rule="internship.read",
                 visible_get=405, visible_post=403, post="same", post_ok_code=post_ok_code, post_denied=404)


ENTRIES = {
    "internships:list": Entry(rule="internship.read", denied=403),
    "internships:new": Entry(rule="internship.manage", denied=403, post="same"),
    "internships:new_group": Entry(rule="internship.manage", denied=403, post="same"),
    "internships:document_types": Entry(rule="documents.configure", denied=403, post="same", post_ok_code=302),
    "internships:intake": Entry(kwargs=_pk, rule="intake.write", obj="internship", visible_rule="internship.read", post="same"),
    "internships:visit": Entry(kwargs=_visit, rule="visits.write", obj="internship", visible_rule="internship.read", post="same"),
    "internships:document_file": Entry(kwargs=lambda demo, net: _document(demo, net, with_file=True), rule="internship.read", obj="internship"),
    "internships:document_version_file": Entry(kwargs=_document_version, rule="internship.read", obj="internship"),
    "internships:change": _post_only(_pk, "internship.manage"),
    "internships:transition": _post_only(_pk, "internship.advance"),
    "internships:documents_add": _post_only(_pk, "documents.manage"),
    "internships:document_status": _post_only(_document, "documents.edit"),
    "internships:document_upload": _post_only(_document, "documents.upload"),
    "internships:visit_add": _post_only(_pk, "visits.write"),
    # An empty POST is a form error: the page again, with the errors beside the fields (400).
    "internships:hours_add": _post_only(_pk, "hours.log", post_ok_code=400),
    "internships:hours_decide": _post_only(_entry, "hours.confirm"),
    "internships:hours_confirm_all": _post_only(_pk, "hours.confirm"),
}
