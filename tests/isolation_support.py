"""Shared pieces of the access matrix (tests/test_isolation.py).

Each area may keep its entries in its own module (``tests/isolation_<area>.py`` with an
``ENTRIES`` dict); test_isolation.py merges them into one MATRIX.

An entry names the policy rule it checks (``rule="intake.write"``, see access/policy.py) and
the demo object it is about (``obj="internship"``). The logins that get the "ok" answer are
derived: the roles that hold the rule (POLICY) × how each demo login relates to that object
(RELATIONS, below). So code and matrix read the same table; tests/test_policy.py pins the table.
A hand-written ``ok=`` is kept only where no rule fits, with a comment saying why.

How it runs (kept cheap: the matrix is most of the suite's requests): ``test_access_matrix`` is
one test per MATRIX key (``-k "internships:detail"`` selects it), which sends all 56 requests of
that URL: ROLES (logged out and every demo login) × NETWORKS × GET and POST. ``kwargs`` is
called once per network (before the logins); each login is forced once per URL and its session
cookie reused; each request runs in a savepoint rolled back after it, so a POST that succeeds
leaves nothing for the next role. A wrong answer does not stop the others: the test fails with
every one of them, each as ``METHOD url as role (network): got, expected``. So an entry's
``kwargs`` may create objects (as ``_pending_invitation`` does) but must not depend on who asks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from access.policy import POLICY
from tenancy.models import Role
from tests.conftest import ANTWERPEN_LOGINS, LIMBURG_LOGINS

ROLES = [None, *LIMBURG_LOGINS, *ANTWERPEN_LOGINS]  # None: logged out
NETWORKS = ["limburg", "antwerpen"]


# --------------------------------------------------------------------------- who is who

#: The roles each demo login holds (demo/region.py; one membership each).
LOGIN_ROLES: dict[str, set[str]] = {
    "coordinator@uniform.demo": {Role.COORDINATOR},
    "schooladmin@uniform.demo": {Role.SCHOOL_ADMIN},
    "teacher@uniform.demo": {Role.TEACHER},
    "teacher2@uniform.demo": {Role.TEACHER},
    "childcare@uniform.demo": {Role.CHILDCARE_ADMIN},
    "coach@uniform.demo": {Role.COACH},
    "mentor@uniform.demo": {Role.MENTOR},
    "mentor2@uniform.demo": {Role.MENTOR},
    "student@uniform.demo": {Role.STUDENT},
    "coordinator@other.demo": {Role.COORDINATOR},
    "teacher@other.demo": {Role.TEACHER},
    "mentor@other.demo": {Role.MENTOR},
    "student@other.demo": {Role.STUDENT},
}
_NETWORK_OF = {login: "limburg" if login.endswith("@uniform.demo") else "antwerpen" for login in LOGIN_ROLES}


def _linked(**logins: str) -> dict[str, set[str]]:
    """login → the role through which it is linked to the object: _linked(teacher="teacher@...")."""
    return {login: {Role(role)} for role, login in logins.items()}


#: How each demo login is linked to each demo object, per network: login → its roles *for that
#: object* (its school admin, its teacher, ...). Logins not listed are not linked to it at all.
RELATIONS: dict[str | None, dict[str, dict[str, set[str]]]] = {
    # No object (an index page, a "new" form): every login through the roles it holds anywhere.
    None: {net: dict(LOGIN_ROLES) for net in ("limburg", "antwerpen")},
    # The network itself (its catalogue versions, its courses): every login of that network.
    "network": {net: {lg: roles for lg, roles in LOGIN_ROLES.items() if _NETWORK_OF[lg] == net} for net in ("limburg", "antwerpen")},
    # Emma's internship (Campus De Lindeboom → KDV 't Nestje, vzw Kindernest) and Lucas's
    # (Campus Scheldezicht → KDV Speelvogel), and everything on them (sheets, evaluations, PDFs).
    "internship": {
        "limburg": _linked(
            school_admin="schooladmin@uniform.demo", teacher="teacher@uniform.demo", childcare_admin="childcare@uniform.demo",
            coach="coach@uniform.demo", mentor="mentor@uniform.demo", student="student@uniform.demo",
        ),
        "antwerpen": _linked(teacher="teacher@other.demo", mentor="mentor@other.demo", student="student@other.demo"),
    },
    # Emma's and Lucas's student records (the teacher teaches their group).
    "student": {
        "limburg": _linked(school_admin="schooladmin@uniform.demo", teacher="teacher@uniform.demo", student="student@uniform.demo"),
        "antwerpen": _linked(teacher="teacher@other.demo", student="student@other.demo"),
    },
    # Groups 7BKO-A (Lindeboom) and 7KO (Scheldezicht); the schools themselves alike.
    "group": {
        "limburg": _linked(school_admin="schooladmin@uniform.demo", teacher="teacher@uniform.demo"),
        "antwerpen": _linked(teacher="teacher@other.demo"),
    },
    "school": {
        "limburg": _linked(school_admin="schooladmin@uniform.demo", teacher="teacher@uniform.demo"),
        "antwerpen": _linked(teacher="teacher@other.demo"),
    },
    # KDV 't Nestje (vzw Kindernest) and KDV Speelvogel (vzw Speelvogel, no demo admin).
    "site": {
        "limburg": _linked(childcare_admin="childcare@uniform.demo", coach="coach@uniform.demo", mentor="mentor@uniform.demo"),
        "antwerpen": _linked(mentor="mentor@other.demo"),
    },
    # KDV Zonnebloem (vzw Kindernest, no demo coach or mentor) and BKO Speelvogel Zuid (no
    # demo login at all), with their capacity periods and staff memberships.
    "admin_only_site": {
        "limburg": _linked(childcare_admin="childcare@uniform.demo"),
        "antwerpen": {},
    },
    # The demo mentor's training registration: the person, their organisation's admin, the coordinator.
    "registration": {
        "limburg": _linked(coordinator="coordinator@uniform.demo", mentor="mentor@uniform.demo", childcare_admin="childcare@uniform.demo"),
        "antwerpen": _linked(coordinator="coordinator@other.demo", mentor="mentor@other.demo"),
    },
    # The calibration case on the first session of the completed mentor training (demo/calibration.py):
    # the network's coordinator, and the demo mentor, who has a place in that course.
    "case": {
        "limburg": _linked(coordinator="coordinator@uniform.demo", mentor="mentor@uniform.demo"),
        "antwerpen": _linked(coordinator="coordinator@other.demo", mentor="mentor@other.demo"),
    },
    # An export job asked by the teacher (of 7BKO-A / 7KO); the school admin of its school.
    "export_job": {
        "limburg": _linked(teacher="teacher@uniform.demo", school_admin="schooladmin@uniform.demo"),
        "antwerpen": _linked(teacher="teacher@other.demo"),
    },
    # The profile of KDV 't Nestje / KDV Speelvogel (ADR 0017): the network's coordinator and its
    # schools' staff, the site's own people, and the students with an internship there.
    "site_profile": {
        "limburg": {
            **_linked(
                coordinator="coordinator@uniform.demo", school_admin="schooladmin@uniform.demo", childcare_admin="childcare@uniform.demo",
                coach="coach@uniform.demo", mentor="mentor@uniform.demo", student="student@uniform.demo",
            ),
            "teacher@uniform.demo": {Role.TEACHER}, "teacher2@uniform.demo": {Role.TEACHER},
        },
        "antwerpen": _linked(
            coordinator="coordinator@other.demo", teacher="teacher@other.demo", mentor="mentor@other.demo", student="student@other.demo",
        ),
    },
    # 7BKO-A registered by teacher@ for a kennismaking at BKO De Speelboom (its admin and coach
    # see it, the school admin too); 7KO by teacher@other at KDV Speelvogel (its mentor sees it).
    "introduction_registration": {
        "limburg": _linked(
            childcare_admin="childcare@uniform.demo", coach="coach@uniform.demo", school_admin="schooladmin@uniform.demo",
            teacher="teacher@uniform.demo",
        ),
        "antwerpen": _linked(teacher="teacher@other.demo", mentor="mentor@other.demo"),
    },
    # A placement request (demo/placements.py: Lindeboom asks KDV 't Nestje, pending; in
    # Antwerpen one made by tests/isolation_placements.py, which no demo login manages).
    "placement_request": {
        "limburg": _linked(school_admin="schooladmin@uniform.demo", childcare_admin="childcare@uniform.demo"),
        "antwerpen": {},
    },
    # A pending teacher invitation into Lindeboom / Scheldezicht: whoever may invite there.
    "invitation": {
        "limburg": _linked(coordinator="coordinator@uniform.demo", school_admin="schooladmin@uniform.demo"),
        "antwerpen": _linked(coordinator="coordinator@other.demo"),
    },
}


def holders_of(rule: str | tuple[str, ...], obj: str | None) -> dict[str, set[str]]:
    """network → the demo logins for whom ``rule`` (or any of several) holds on ``obj``."""
    rules = (rule,) if isinstance(rule, str) else rule
    roles = set().union(*(POLICY[r] for r in rules))
    return {net: {login for login, linked in logins.items() if linked & roles} for net, logins in RELATIONS[obj].items()}


# --------------------------------------------------------------------------- entries


@dataclass
class Entry:
    """Who gets what on one URL. ``ok`` maps network → the logins that may open that
    network's object (derived from ``rule`` on ``obj`` unless written out); everyone else
    logged in gets ``denied`` (404 unless stated)."""

    kwargs: Callable[..., dict] | None = None
    ok: dict[str, set[str]] | None = None
    url_name: str | None = None  # the URL to reverse when the MATRIX key is not it (a second object for one URL)
    rule: str | tuple[str, ...] | None = None  # the policy rule(s) this URL checks (any of several)
    obj: str | None = None  # the demo object it is about: a key of RELATIONS
    visible_rule: str | tuple[str, ...] | None = None  # derives ``visible`` from the policy
    denied: int = 404
    ok_code: int = 200
    post: str | int = 405  # "same": POST answers like GET (post_ok_code on success); or a fixed code
    post_ok_code: int = 200
    post_denied: int | None = None  # defaults to ``denied``
    in_network_denied: int | None = None  # GET, for people of the object's network not in ``ok``
    in_network_post_denied: int | None = None  # POST, for people of the object's network not in ``ok``
    # Who can see the object (per network): they get visible_get / visible_post when not in
    # ``ok`` (403: "yours, but your role may not"); everyone else gets ``denied`` (404).
    visible: dict[str, set[str]] | None = None
    visible_get: int = 403
    visible_post: int = 403
    public: bool = False  # reachable logged out

    def __post_init__(self):
        if self.rule is not None:
            assert self.ok is None, "an entry names its rule or writes out ok=, not both"
            self.ok = holders_of(self.rule, self.obj)
        elif self.ok is None:
            self.ok = {}
        if self.visible_rule is not None:
            assert self.visible is None, "an entry names its visible_rule or writes out visible=, not both"
            self.visible = holders_of(self.visible_rule, self.obj)


EVERYONE = set(LIMBURG_LOGINS) | set(ANTWERPEN_LOGINS)
NETWORK_LOGINS = {"limburg": set(LIMBURG_LOGINS), "antwerpen": set(ANTWERPEN_LOGINS)}
COORDINATOR = {"limburg": {"coordinator@uniform.demo"}, "antwerpen": {"coordinator@other.demo"}}
BOTH_COORDINATORS = COORDINATOR["limburg"] | COORDINATOR["antwerpen"]
INVITERS = {"coordinator@uniform.demo", "schooladmin@uniform.demo", "childcare@uniform.demo", "coordinator@other.demo"}


def _expected(entry: Entry, role: str | None, network: str, method: str) -> int:
    if role is None:
        if entry.public and method == "POST" and entry.post != "same":
            return entry.post  # a public GET-only page (health) refuses POST from anyone
        return 200 if entry.public else 302
    if method == "POST" and entry.post != "same":
        return entry.post
    allowed = role in entry.ok.get(network, set())
    if entry.visible is not None and not allowed and role in entry.visible.get(network, set()):
        return entry.visible_post if method == "POST" else entry.visible_get
    in_network = role in NETWORK_LOGINS[network]
    if method == "POST":
        if allowed:
            return entry.post_ok_code
        if in_network and entry.in_network_post_denied is not None:
            return entry.in_network_post_denied
        if in_network and entry.in_network_denied is not None and entry.post_denied is None:
            return entry.in_network_denied
        return entry.post_denied or entry.denied
    if allowed:
        return entry.ok_code
    if in_network and entry.in_network_denied is not None:
        return entry.in_network_denied
    return entry.denied
