"""Access-matrix entries for the placements URLs (merged into tests/test_isolation.py).

The pages without an object answer 403 to roles without the rule. A request opens for its
school's admins and its site's childcare admins (404 for everyone else, the coordinator
included: she sees counts on the dashboard, never a request). Answering is the site's
(the school admin who sees the request gets 403), replying to another period the school's.
"""

from __future__ import annotations

from datetime import date

from catalogue.models import Programme
from childcare.models import Site
from placements import services
from placements.models import PlacementPeriod, PlacementRequest
from schools.models import Student
from tenancy.models import Network, Organisation
from tests.isolation_support import Entry

SEEN_BY = ("placements.request", "placements.answer")


def _antwerpen_request() -> PlacementRequest:
    """A request in Antwerpen (Campus Scheldezicht → KDV Speelvogel) that no demo login manages."""
    network = Network.objects.get(slug="antwerpen")
    period = PlacementPeriod.objects.filter(network=network, name="Zomer 2027").first() or services.period_create(
        network=network, name="Zomer 2027", start_date=date(2027, 7, 1), end_date=date(2027, 8, 31)
    )
    site = Site.objects.get(name="KDV Speelvogel")
    services.offer_publish(site=site, period=period, places=2)
    school = Organisation.objects.get(name="Campus Scheldezicht")
    student = Student.objects.filter(school=school).exclude(user__isnull=False).order_by("last_name").first()
    return services.request_create(
        school=school, site=site, period=period, programme=Programme.objects.get(network=network), students=[student]
    )


def request_kwargs(demo, network: str) -> dict:
    if network == "limburg":
        return {"pk": PlacementRequest.objects.get(
            school__name="Campus De Lindeboom", site__name="KDV 't Nestje", period__name="Voorjaar 2027").pk}
    return {"pk": _antwerpen_request().pk}


#: POST-only actions on a request: GET is 405 for everyone; a POST {} by the one who may is
#: re-shown with the form's errors (200); the other party, who sees the request, gets 403.
_ACTION = {"obj": "placement_request", "visible_rule": SEEN_BY, "ok_code": 405, "denied": 405, "visible_get": 405,
           "post": "same", "post_ok_code": 200, "post_denied": 404}

ENTRIES: dict = {
    "placements:index": Entry(rule="placements.read", denied=403),
    "placements:period_add": Entry(rule="placements.periods", denied=403, post="same"),
    "placements:offer_publish": Entry(rule="placements.offer", denied=403, post="same"),
    "placements:demand_add": Entry(rule="placements.demand", denied=403, post="same"),
    "placements:request_add": Entry(rule="placements.request", denied=403, post="same"),
    "placements:request": Entry(kwargs=request_kwargs, rule=SEEN_BY, obj="placement_request"),
    "placements:request_answer": Entry(kwargs=request_kwargs, rule="placements.answer", **_ACTION),
    "placements:request_reply": Entry(kwargs=request_kwargs, rule="placements.request", **_ACTION),
    # Counts only, for the coordinator (also ?format=xlsx, tests/test_placements.py).
    "placements:dashboard": Entry(rule="placements.dashboard", denied=403),
}
