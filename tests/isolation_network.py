"""Access-matrix entries of the network pages, site profiles and kennismakingsmomenten (ADR 0017).

* The network's organisations: its coordinator only; everyone else 404 on an organisation, 403 on
  the pages without one.
* A site's profile (KDV 't Nestje / KDV Speelvogel): the network's coordinator and schools'
  staff, the site's own people, the students with an internship there; editing it and its
  moments: the site's childcare admin (the other readers: 403).
* Registering: school admins and teachers of the network (the other readers: 403). Cancelling a
  registration: the site's admin, the school's admin, the teacher who registered (the site's
  coach or mentor, who see it: 403).
"""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from childcare.models import IntroductionMoment, IntroductionRegistration, Site
from childcare.profile_services import introduction_register
from demo.network import NESTJE_NOTE, SPEELBOOM_NOTE
from schools.models import Group
from tenancy.models import Organisation, User
from tests.isolation_support import Entry


def _site(network: str) -> Site:
    return Site.objects.get(name="KDV 't Nestje" if network == "limburg" else "KDV Speelvogel")


def site_kwargs(demo, network: str) -> dict:
    return {"pk": _site(network).pk}


def _moment(network: str) -> IntroductionMoment:
    if network == "limburg":
        return IntroductionMoment.objects.get(site=_site(network), note=NESTJE_NOTE)
    moment, _ = IntroductionMoment.objects.get_or_create(
        site=_site(network), note="Kennismaking",
        defaults={"date": timezone.localdate() + timedelta(days=5), "start_time": time(9), "end_time": time(10), "places": 20},
    )
    return moment


def moment_kwargs(demo, network: str) -> dict:
    return {"pk": _moment(network).pk}


def registration_kwargs(demo, network: str) -> dict:
    if network == "limburg":
        registration = IntroductionRegistration.objects.get(moment__note=SPEELBOOM_NOTE, cancelled_at__isnull=True)
    else:
        school = Organisation.objects.get(name="Campus Scheldezicht")
        registration = introduction_register(
            moment=_moment(network), school=school, group=Group.objects.get(school=school, name="7KO"), number=6,
            by=User.objects.get(email="teacher@other.demo"),
        )
    return {"pk": registration.pk}


def organisation_kwargs(demo, network: str) -> dict:
    return {"pk": Organisation.objects.get(name="Campus De Lindeboom" if network == "limburg" else "Campus Scheldezicht").pk}


NETWORK = {"rule": "network.organisations", "obj": "network"}
PROFILE_EDIT = {"rule": "site_profile.edit", "obj": "site_profile", "visible_rule": "site_profile.read"}
_POST_ONLY = {"ok_code": 405, "denied": 405, "post": "same", "post_denied": 404, "visible_get": 405}

ENTRIES: dict = {
    # The coordinator's network pages (POST {} on a form re-shows it with its errors: 200).
    "network:organisations": Entry(rule="network.organisations", denied=403),
    "network:organisation_add": Entry(kwargs=lambda demo, net: {"kind": "school"}, rule="network.organisations", denied=403, post="same"),
    "network:organisation": Entry(kwargs=organisation_kwargs, **NETWORK),
    "network:organisation_edit": Entry(kwargs=organisation_kwargs, **NETWORK, post="same"),
    "network:organisation_invite": Entry(kwargs=organisation_kwargs, **NETWORK, ok_code=405, denied=405, post="same", post_denied=404),
    # POST {} names no action: a message and back to the organisation (302), nothing changes.
    "network:organisation_status": Entry(
        kwargs=organisation_kwargs, **NETWORK, ok_code=405, denied=405, post="same", post_ok_code=302, post_denied=404,
    ),
    # Site profiles and the directory.
    "childcare:site_directory": Entry(rule="site_profile.browse", denied=403),
    "childcare:site_profile": Entry(kwargs=site_kwargs, rule="site_profile.read", obj="site_profile"),
    **{
        name: Entry(kwargs=site_kwargs, **PROFILE_EDIT, post="same")
        for name in ("childcare:site_profile_edit", "childcare:introduction_add")
    },
    "childcare:introduction_edit": Entry(kwargs=moment_kwargs, **PROFILE_EDIT, post="same"),
    # POST {}: the profile page again, with the registration form's errors (200).
    "childcare:introduction_register": Entry(
        kwargs=moment_kwargs, rule="introduction.register", obj="site_profile", visible_rule="site_profile.read", **_POST_ONLY,
    ),
    "childcare:registration_cancel": Entry(
        kwargs=registration_kwargs, rule="introduction.cancel", obj="introduction_registration",
        visible_rule="introduction.registrations", **_POST_ONLY, post_ok_code=302,
    ),
}
