"""Access-matrix entries for the PDF reports (merged into tests/test_isolation.py).

Objects: Emma's internship (student@uniform.demo, Limburg) and Lucas's (student@other.demo,
Antwerpen), their shared feedback sheets and midterm evaluations, and each network's published
catalogue version. A PDF answers exactly whoever may open the document's page; everyone else
404. GET only: a POST is 405.
"""

from tests.isolation_evaluations import _evaluation, _internship, _sheet
from tests.isolation_support import Entry


def _version(demo, network, **extra):
    from catalogue.models import CatalogueVersion

    return {"pk": CatalogueVersion.objects.get(programme__network__slug=network, status="published").pk, **extra}


def _internship_pk(demo, network):
    return {"pk": _internship(demo, network).pk}


ENTRIES = {
    "reports:sheet": Entry(kwargs=lambda demo, net: _sheet(demo, net, "shared"), rule="feedback.read_shared", obj="internship"),
    "reports:evaluation": Entry(kwargs=_evaluation, rule="internship.read", obj="internship"),
    **{name: Entry(kwargs=_internship_pk, rule="internship.read", obj="internship") for name in (
        "reports:activities", "reports:intake", "reports:visits", "reports:hours", "reports:dossier",
    )},
    "reports:blank": Entry(kwargs=lambda demo, net: _version(demo, net, kind="feedback"), rule="catalogue.read", obj="network"),
    "reports:catalogue": Entry(kwargs=_version, rule="catalogue.read", obj="network"),
}
