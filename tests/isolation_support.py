"""Shared pieces of the access matrix (tests/test_isolation.py).

Each area may keep its entries in its own module (``tests/isolation_<area>.py`` with an
``ENTRIES`` dict); test_isolation.py merges them into one MATRIX.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import ANTWERPEN_LOGINS, LIMBURG_LOGINS

ROLES = [None, *LIMBURG_LOGINS, *ANTWERPEN_LOGINS]  # None: logged out
NETWORKS = ["limburg", "antwerpen"]


@dataclass
class Entry:
    """Who gets what on one URL. ``ok`` maps network → the logins that may open that
    network's object; everyone else logged in gets ``denied`` (404 unless stated)."""

    kwargs: Callable[..., dict] | None = None
    ok: dict[str, set[str]] = field(default_factory=dict)
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


EVERYONE = set(LIMBURG_LOGINS) | set(ANTWERPEN_LOGINS)
NETWORK_LOGINS = {"limburg": set(LIMBURG_LOGINS), "antwerpen": set(ANTWERPEN_LOGINS)}
COORDINATOR = {"limburg": {"coordinator@uniform.demo"}, "antwerpen": {"coordinator@other.demo"}}
BOTH_COORDINATORS = COORDINATOR["limburg"] | COORDINATOR["antwerpen"]
INVITERS = {"coordinator@uniform.demo", "schooladmin@uniform.demo", "childcare@uniform.demo", "coordinator@other.demo"}


def _expected(entry: Entry, role: str | None, network: str, method: str) -> int:
    if role is None:
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
