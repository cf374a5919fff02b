"""Access-matrix entries for the internship URLs (merged into tests/test_isolation.py).

The objects are Emma's internship (Limburg) and Lucas's (Antwerpen), and their parts. Who may
do what follows the policy's rows: intake (teacher, mentor), documents (school admin, teacher,
childcare admin, mentor; uploads also the student), visits (teacher), hours (student and mentor
log, mentor confirms), people and documents asked (school admin), start/close (school admin,
teacher). Those who see the internship but may not act get 403; everyone else 404.
"""

from django.core.files.base import ContentFile

from tests.isolation_support import BOTH_COORDINATORS, EVERYONE, Entry

SEES = {
    "limburg": {
        "schooladmin@uniform.demo", "teacher@uniform.demo", "childcare@uniform.demo",
        "coach@uniform.demo", "mentor@uniform.demo", "student@uniform.demo",
    },
    "antwerpen": {"teacher@other.demo", "mentor@other.demo", "student@other.demo"},
}


def _by(**who):
    """ok-sets per network from role names: _by(teacher=True, mentor=True)."""
    names = {
        "school_admin": ("schooladmin@uniform.demo", None),
        "teacher": ("teacher@uniform.demo", "teacher@other.demo"),
        "childcare_admin": ("childcare@uniform.demo", None),
        "coach": ("coach@uniform.demo", None),
        "mentor": ("mentor@uniform.demo", "mentor@other.demo"),
        "student": ("student@uniform.demo", "student@other.demo"),
    }
    ok = {"limburg": set(), "antwerpen": set()}
    for role in who:
        limburg, antwerpen = names[role]
        ok["limburg"].add(limburg)
        if antwerpen:
            ok["antwerpen"].add(antwerpen)
    return ok


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


def _visit(demo, network):
    internship = _internship(demo, network)
    return {"pk": internship.pk, "visit_pk": internship.visits.order_by("pk").first().pk}


def _entry(demo, network):
    internship = _internship(demo, network)
    return {"pk": internship.pk, "entry_pk": internship.hour_entries.order_by("-date").first().pk}


def _post_only(kwargs, ok, post_ok_code=302):
    return Entry(kwargs=kwargs, ok=ok, ok_code=405, denied=405, visible=SEES, visible_get=405, visible_post=403,
                 post="same", post_ok_code=post_ok_code, post_denied=404)


ENTRIES = {
    "internships:list": Entry(ok={"limburg": EVERYONE - BOTH_COORDINATORS, "antwerpen": EVERYONE - BOTH_COORDINATORS}, denied=403),
    "internships:new": Entry(ok={"limburg": {"schooladmin@uniform.demo"}, "antwerpen": {"schooladmin@uniform.demo"}}, denied=403, post="same"),
    "internships:new_group": Entry(ok={"limburg": {"schooladmin@uniform.demo"}, "antwerpen": {"schooladmin@uniform.demo"}}, denied=403, post="same"),
    "internships:intake": Entry(kwargs=_pk, ok=_by(teacher=1, mentor=1), visible=SEES, post="same"),
    "internships:visit": Entry(kwargs=_visit, ok=_by(teacher=1), visible=SEES, post="same"),
    "internships:document_file": Entry(kwargs=lambda demo, net: _document(demo, net, with_file=True), ok=SEES),
    "internships:change": _post_only(_pk, _by(school_admin=1)),
    "internships:transition": _post_only(_pk, _by(school_admin=1, teacher=1)),
    "internships:documents_add": _post_only(_pk, _by(school_admin=1)),
    "internships:document_status": _post_only(_document, _by(school_admin=1, teacher=1, childcare_admin=1, mentor=1)),
    "internships:document_upload": _post_only(_document, _by(school_admin=1, teacher=1, childcare_admin=1, mentor=1, student=1)),
    "internships:visit_add": _post_only(_pk, _by(teacher=1)),
    # An empty POST is a form error: the page again, with the errors beside the fields (400).
    "internships:hours_add": _post_only(_pk, _by(student=1, mentor=1), post_ok_code=400),
    "internships:hours_decide": _post_only(_entry, _by(mentor=1)),
    "internships:hours_confirm_all": _post_only(_pk, _by(mentor=1)),
}
