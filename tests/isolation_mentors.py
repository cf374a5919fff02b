"""Access-matrix entries for the mentors URLs (merged into tests/test_isolation.py).

Who may *see* a site's page: the organisation's childcare admin, the site's coaches and its
mentors. Everyone else (other sites, other organisations, schools, other network) gets 404.
The admin's forms and actions answer 403 to the coaches and mentors who can see the site, and
404 to everyone else.

Each admin URL is in the matrix twice, on two kinds of object:

* KDV 't Nestje (Limburg: its admin, coach and mentor are demo logins) and KDV Speelvogel
  (Antwerpen: its mentor is), with their capacity periods and mentor memberships: admin 200,
  coach and mentor 403 (``visible_rule``), the rest 404;
* objects that, of the demo logins, only the admin can see: KDV Zonnebloem in Limburg (no demo
  coach or mentor there) and an extra site of vzw Speelvogel in Antwerpen (no demo admin
  there), so the answers of the other network's people are those of strangers.
"""

from __future__ import annotations

from datetime import date

from childcare.models import Site, SiteCapacity
from demo.capacity import seed_capacity
from tenancy.models import Membership, Organisation, Role, User
from tests.isolation_support import Entry

ADMIN_ONLY = {"rule": "childcare.manage", "obj": "admin_only_site"}
#: The admin's URLs on a site its coach and mentor see: they get 403, strangers 404.
SEEN = {"rule": "childcare.manage", "obj": "site", "visible_rule": "childcare_site.read"}


def annex_site() -> Site:
    """A second site of vzw Speelvogel (Antwerpen) with a coach and a capacity period, that no
    demo login can see."""
    org = Organisation.objects.get(name="vzw Speelvogel")
    site, _ = Site.objects.get_or_create(
        organisation=org, name="BKO Speelvogel Zuid",
        defaults={"kind": Site.Kind.OUT_OF_SCHOOL, "city": "Hoboken", "capacity": 2},
    )
    coach, _ = User.objects.get_or_create(email="coach.zuid@speelvogel.demo", defaults={"full_name": "Mira Coach"})
    Membership.objects.get_or_create(user=coach, network=org.network, organisation=org, site=site, role=Role.COACH)
    SiteCapacity.objects.get_or_create(site=site, start_date=date(2026, 9, 1), defaults={"end_date": date(2027, 6, 30), "places": 2})
    return site


def _admin_only_site(network: str) -> Site:
    if network == "limburg":
        return Site.objects.get(name="KDV Zonnebloem", organisation__name="vzw Kindernest")
    return annex_site()


def site_kwargs(demo, network: str) -> dict:
    name = "KDV 't Nestje" if network == "limburg" else "KDV Speelvogel"
    return {"pk": Site.objects.get(name=name).pk}


def admin_only_site_kwargs(demo, network: str) -> dict:
    return {"pk": _admin_only_site(network).pk}


def admin_only_capacity_kwargs(demo, network: str) -> dict:
    seed_capacity()
    return {"pk": SiteCapacity.objects.filter(site=_admin_only_site(network)).order_by("start_date").first().pk}


def admin_only_membership_kwargs(demo, network: str) -> dict:
    site = _admin_only_site(network)
    return {"pk": Membership.objects.filter(site=site, role__in=[Role.MENTOR, Role.COACH]).order_by("pk").first().pk}


def seen_capacity_kwargs(demo, network: str) -> dict:
    seed_capacity()
    the_site = Site.objects.get(**site_kwargs(demo, network))
    if network == "antwerpen":
        SiteCapacity.objects.get_or_create(site=the_site, start_date=date(2026, 9, 1),
                                           defaults={"end_date": date(2027, 6, 30), "places": 3})
    return {"pk": SiteCapacity.objects.filter(site=the_site).order_by("start_date").first().pk}


def seen_membership_kwargs(demo, network: str) -> dict:
    email = "mentor@uniform.demo" if network == "limburg" else "mentor@other.demo"
    return {"pk": Membership.objects.get(user__email=email, role=Role.MENTOR).pk}


_POST_ONLY = {"ok_code": 405, "denied": 405, "post": "same", "post_ok_code": 302, "post_denied": 404}

ENTRIES: dict = {
    # The childcare pages open for admins, coaches and mentors of any network; nobody else has
    # a reason to be there (403: no object is involved).
    "childcare:index": Entry(rule="childcare.open", denied=403),
    "childcare:capacity": Entry(rule="childcare.manage", denied=403),
    "childcare:site_add": Entry(rule="childcare.manage", denied=403, post="same"),
    # A site's page: its admin, coaches and mentors; mentor2 (another organisation) and the
    # other network get 404.
    "childcare:site": Entry(kwargs=site_kwargs, rule="childcare_site.read", obj="site"),
    # The admin's forms (POST {} re-shows the form with its errors: 200).
    **{
        name: Entry(kwargs=admin_only_site_kwargs, **ADMIN_ONLY, post="same")
        for name in ("childcare:site_edit", "childcare:capacity_add")
    },
    "childcare:capacity_edit": Entry(kwargs=admin_only_capacity_kwargs, **ADMIN_ONLY, post="same"),
    "childcare:capacity_delete": Entry(kwargs=admin_only_capacity_kwargs, **ADMIN_ONLY, **_POST_ONLY),
    **{
        name: Entry(kwargs=admin_only_membership_kwargs, **ADMIN_ONLY, **_POST_ONLY)
        for name in ("childcare:membership_deactivate", "childcare:membership_reactivate")
    },
    # The same URLs on KDV 't Nestje / KDV Speelvogel (formerly test_childcare_access_matrix).
    **{
        f"{name} (seen site)": Entry(url_name=name, kwargs=site_kwargs, **SEEN, post="same")
        for name in ("childcare:site_edit", "childcare:capacity_add")
    },
    "childcare:capacity_edit (seen site)": Entry(
        url_name="childcare:capacity_edit", kwargs=seen_capacity_kwargs, **SEEN, post="same",
    ),
    "childcare:capacity_delete (seen site)": Entry(
        url_name="childcare:capacity_delete", kwargs=seen_capacity_kwargs, **SEEN, **_POST_ONLY, visible_get=405,
    ),
    **{
        f"{name} (seen site)": Entry(url_name=name, kwargs=seen_membership_kwargs, **SEEN, **_POST_ONLY, visible_get=405)
        for name in ("childcare:membership_deactivate", "childcare:membership_reactivate")
    },
}
