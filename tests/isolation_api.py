"""Access-matrix entries for the API (ADR 0027).

Two parts:

* ``ENTRIES``: the token settings pages, logged in by session like every page (merged into
  tests/test_isolation.py). Everyone has their own tokens; revoking somebody else's is a 404.
* ``API_ENTRIES``: the API operations. A session opens none of them (they take a bearer token
  only), so they are checked by tests/test_api_matrix.py with each demo login's *token*, on an
  object of each network, from the same policy table (``holders_of``) as the page matrix. That
  test reads the operations from the URL resolver: an operation without an entry here fails it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from tests.isolation_support import EVERYONE, Entry, holders_of

_OWNER = {"limburg": "schooladmin@uniform.demo", "antwerpen": "teacher@other.demo"}


def _token(demo, network: str) -> dict:
    from api import services

    token, _ = services.token_create(user=demo.user(_OWNER[network]), name="Matrix", scope="read",
                                     expires_at=timezone.now() + timedelta(days=30))
    return {"pk": token.pk}


ENTRIES: dict = {
    # No rule: a person's own tokens (access-policy "API tokens: own"); POST {} re-shows the form's errors.
    "apitokens:index": Entry(ok={"limburg": EVERYONE, "antwerpen": EVERYONE}, post="same", post_ok_code=400),
    "apitokens:revoke": Entry(kwargs=_token, ok={net: {login} for net, login in _OWNER.items()},
                              ok_code=405, denied=405, post="same", post_ok_code=302, post_denied=404),
}


# --------------------------------------------------------------------------- the API, by token


def _internship(demo, network: str) -> dict:
    return {"internship_id": (demo.emma_internship if network == "limburg" else demo.lucas_internship).pk}


def _school(demo, network: str) -> dict:
    from tenancy.models import Organisation

    name = "Campus De Lindeboom" if network == "limburg" else "Campus Scheldezicht"
    return {"school_id": Organisation.objects.get(name=name, network__slug=network).pk}


def _programme(demo, network: str) -> dict:
    from catalogue.models import CatalogueVersion

    return {"programme_id": CatalogueVersion.objects.filter(
        programme__network__slug=network, status="published").earliest("pk").programme_id}


@dataclass
class ApiEntry:
    """``ok``: network → the logins whose token gets ``ok_code``; those in ``visible`` get 403;
    every other login 404; no token 401 (``public``: 200 for everyone, no token needed)."""

    kwargs: Callable[..., dict] | None = None
    ok: dict[str, set[str]] = field(default_factory=lambda: {"limburg": EVERYONE, "antwerpen": EVERYONE})
    visible: dict[str, set[str]] = field(default_factory=dict)
    method: str = "get"
    body: dict | None = None
    ok_code: int = 200
    public: bool = False


_SEES_INTERNSHIP = holders_of("internship.read", "internship")
_WORKS_AT_SCHOOL = holders_of("school.open", "school")
#: A class list with a bad header: the school's admins get the row report (422), nothing is written.
_BAD_IMPORT = {"school_year": "2026-2027", "csv": "first_name\nNina\n"}

API_ENTRIES: dict[str, ApiEntry] = {
    "api-v1:api-root": ApiEntry(public=True, ok_code=302),  # to the docs
    "api-v1:openapi-json": ApiEntry(public=True),
    "api-v1:openapi-view": ApiEntry(public=True),
    # Lists: everyone gets their own (tests/test_api.py checks the other network's objects are absent).
    "api-v1:internships": ApiEntry(),
    "api-v1:programmes": ApiEntry(),
    "api-v1:place_offers": ApiEntry(),
    "api-v1:place_demands": ApiEntry(),
    "api-v1:internship": ApiEntry(kwargs=_internship, ok=_SEES_INTERNSHIP),
    "api-v1:feedback_sheets": ApiEntry(kwargs=_internship, ok=_SEES_INTERNSHIP),
    "api-v1:evaluations": ApiEntry(kwargs=_internship, ok=_SEES_INTERNSHIP),
    "api-v1:students": ApiEntry(kwargs=_school, ok=_WORKS_AT_SCHOOL),
    "api-v1:groups": ApiEntry(kwargs=_school, ok=_WORKS_AT_SCHOOL),
    "api-v1:students_import": ApiEntry(kwargs=_school, ok=holders_of("school.manage", "school"),
                                       visible=_WORKS_AT_SCHOOL, method="post", body=_BAD_IMPORT, ok_code=422),
    "api-v1:catalogue": ApiEntry(kwargs=_programme, ok=holders_of("catalogue.read", "network")),
}
