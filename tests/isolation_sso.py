"""Access-matrix entries for the login providers (ADR 0026). allauth's own social-login URLs
(``openid_connect_*``, ``socialaccount_*``) are third-party entries in tests/test_isolation.py;
tests/test_sso.py walks them against a real provider."""

from tests.isolation_support import INVITERS, Entry

#: No policy rule (the policy table is shared): the coordinator and the school and childcare
#: admins configure login providers; the pages of no object are theirs in either network.
_CONFIGURERS = {"limburg": INVITERS, "antwerpen": INVITERS}
#: The object's owners: Campus De Lindeboom's admin (demo/sso.py); Antwerpen's coordinator for
#: a network-wide provider of their network. Limburg's coordinator does not see a school's own.
_OWNERS = {"limburg": {"schooladmin@uniform.demo"}, "antwerpen": {"coordinator@other.demo"}}


def _provider(demo, network):
    from sso.models import LoginProvider
    from tenancy.models import Network

    if network == "limburg":
        return {"pk": LoginProvider.objects.get(key="demo-lindeboom").pk}
    provider, _ = LoginProvider.objects.get_or_create(key="matrix-antwerpen", defaults={
        "network": Network.objects.get(slug="antwerpen"), "name": "Matrix", "issuer_url": "https://idp.example.org",
        "client_id": "x", "client_secret": "y", "allowed_domains": "other.demo", "is_active": False,
    })
    return {"pk": provider.pk}


ENTRIES = {
    "sso:list": Entry(ok=_CONFIGURERS, denied=403, post="same"),
    # an empty POST: the form again with its errors (400)
    "sso:new": Entry(ok=_CONFIGURERS, denied=403, post="same", post_ok_code=400),
    "sso:edit": Entry(kwargs=_provider, ok=_OWNERS, post="same", post_ok_code=400),
    # POST only (405 to GET, for everyone logged in); not yours: 404
    "sso:delete": Entry(kwargs=_provider, ok=_OWNERS, ok_code=405, denied=405, post="same", post_ok_code=302, post_denied=404),
}
