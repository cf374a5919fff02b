"""Login with the school's account (ADR 0026) against a real OpenID Connect provider
(django-oauth-toolkit in its own process, tests/oidc_provider): the authorisation code flow with
PKCE, a wrong state, a used code, an unverified address, a domain not allowed, an unknown
address, and the second factor of an admin. Plus the configuration pages."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client

from sso.models import LoginProvider
from tenancy.models import Network, Organisation
from tests.oidc_provider.fixture import KEY, oidc_provider  # noqa: F401

ACTIVATE = "/accounts/2fa/totp/activate/"


@pytest.fixture
def provider(demo, oidc_provider):  # noqa: F811
    return LoginProvider.objects.create(
        key=KEY, network=Network.objects.get(slug="limburg"), kind=LoginProvider.Kind.OIDC, name="Testschool",
        issuer_url=oidc_provider.issuer, client_id=oidc_provider.client_id, client_secret=oidc_provider.client_secret,
        allowed_domains="uniform.demo",
    )


def _idp_session(oidc_provider, username: str) -> requests.Session:  # noqa: F811
    session = requests.Session()
    assert session.get(f"{oidc_provider.base}/login-as/{username}/", timeout=10).status_code == 200
    return session


def _authorize(client: Client, idp: requests.Session) -> str:
    """Start the login at Uniform, pass the provider; the callback path with code and state."""
    response = client.post(f"/accounts/oidc/{KEY}/login/", {"process": "login"})
    assert response.status_code == 302, response.content[:500]
    authorize = response["Location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]  # PKCE
    answer = idp.get(authorize, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]
    callback = urlsplit(answer.headers["Location"])
    assert "code=" in callback.query, callback
    return f"{callback.path}?{callback.query}"


def _log_in(oidc_provider, username: str, client: Client | None = None):  # noqa: F811
    client = client or Client()
    return client, client.get(_authorize(client, _idp_session(oidc_provider, username)))


def _reason(response) -> str:
    text = response.content.decode()
    marker = 'data-reason="'
    return text.split(marker, 1)[1].split('"', 1)[0] if marker in text else ""


def test_the_demo_teacher_logs_in_with_code_and_pkce(provider, oidc_provider):  # noqa: F811
    client, response = _log_in(oidc_provider, "teacher")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").context["user"].email == "teacher@uniform.demo"
    # the second time the linked account logs in again
    client, response = _log_in(oidc_provider, "teacher")
    assert response.status_code == 302 and client.get("/").context["user"].email == "teacher@uniform.demo"


def test_a_wrong_state_shows_the_error_page(provider, oidc_provider):  # noqa: F811
    client = Client()
    path = _authorize(client, _idp_session(oidc_provider, "teacher"))
    response = client.get(path.replace("state=", "state=x"))
    assert response.status_code == 400 and _reason(response) == "error"
    assert "Inloggen is niet gelukt" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_used_code_is_refused(provider, oidc_provider):  # noqa: F811
    idp = _idp_session(oidc_provider, "teacher")
    first = Client()
    used = _authorize(first, idp)
    assert first.get(used).status_code == 302
    second = Client()
    fresh = parse_qs(urlsplit(_authorize(second, idp)).query)
    old_code = parse_qs(urlsplit(used).query)["code"][0]
    response = second.get(f"/accounts/oidc/{KEY}/login/callback/", {"code": old_code, "state": fresh["state"][0]})
    assert response.status_code == 400 and _reason(response) == "error"
    assert "_auth_user_id" not in second.session


def test_an_expired_code_is_refused(provider, oidc_provider):  # noqa: F811
    client = Client()
    path = _authorize(client, _idp_session(oidc_provider, "teacher"))
    assert requests.get(f"{oidc_provider.base}/expire-codes/", timeout=10).status_code == 200
    response = client.get(path)
    assert response.status_code == 400 and _reason(response) == "error"
    assert "_auth_user_id" not in client.session


def test_a_provider_switched_off_is_not_there(provider):
    provider.is_active = False
    provider.save()
    assert Client().post(f"/accounts/oidc/{KEY}/login/", {"process": "login"}).status_code == 404


def test_an_admin_with_an_authenticator_app_gives_its_code(provider, oidc_provider, settings, demo):  # noqa: F811
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    settings.UNIFORM_REQUIRE_MFA = True
    TOTP.activate(demo.user("schooladmin@uniform.demo"), generate_totp_secret())
    client, response = _log_in(oidc_provider, "schooladmin")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("username", "reason", "dutch"), [
    ("unverified", "unverified", "Je e-mailadres is niet geverifieerd"),
    ("outsider", "domain", "Met dit adres kun je hier niet inloggen"),
    ("stranger", "unknown", "Vraag je school om je uit te nodigen"),
])
def test_refusals_show_their_page(provider, oidc_provider, username, reason, dutch):  # noqa: F811
    client, response = _log_in(oidc_provider, username)
    assert response.status_code == 403 and _reason(response) == reason
    assert dutch in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_organisation_provider_does_not_open_a_role_elsewhere(provider, oidc_provider, demo):  # noqa: F811
    demo_user = demo.user
    provider.organisation = Organisation.objects.get(name="Atheneum Kempenland")
    provider.save()
    _client, response = _log_in(oidc_provider, "teacher")  # a teacher of Campus De Lindeboom
    assert response.status_code == 403 and _reason(response) == "unknown"
    # a provider of their own school, while they also teach at another: not through this one
    from tenancy.models import Membership, Role

    provider.organisation = Organisation.objects.get(name="Campus De Lindeboom")
    provider.save()
    Membership.objects.create(user=demo_user("teacher@uniform.demo"), network=provider.network, role=Role.TEACHER,
                              organisation=Organisation.objects.get(name="Atheneum Kempenland"))
    _client, response = _log_in(oidc_provider, "teacher")
    assert response.status_code == 403 and _reason(response) == "scope"


def test_an_admin_still_sets_up_the_second_factor(provider, oidc_provider, settings):  # noqa: F811
    settings.UNIFORM_REQUIRE_MFA = True
    client, response = _log_in(oidc_provider, "schooladmin")
    assert response.status_code == 302
    assert client.get("/")["Location"] == ACTIVATE


def test_unless_the_provider_enforces_one(provider, oidc_provider, settings):  # noqa: F811
    settings.UNIFORM_REQUIRE_MFA = True
    provider.enforces_mfa = True
    provider.save()
    client, response = _log_in(oidc_provider, "schooladmin")
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    # a later login with the password in the same browser: the provider's word no longer counts
    client.post("/accounts/logout/")
    assert client.post("/accounts/login/", {"login": "schooladmin@uniform.demo", "password": "uniform-demo"}).status_code == 302
    assert client.get("/")["Location"] == ACTIVATE


def test_the_login_page_shows_a_button_per_active_provider(provider):
    page = Client().get("/accounts/login/").content.decode()
    assert "Inloggen met Testschool" in page
    provider.is_active = False
    provider.save()
    assert "Inloggen met Testschool" not in Client().get("/accounts/login/").content.decode()


# --------------------------------------------------------------------------- the pages

def test_a_school_admin_configures_their_school(demo):
    client = Client()
    client.force_login(demo.user("schooladmin@uniform.demo"))
    page = client.get("/sso/new/")
    assert page.status_code == 200 and "Nieuwe inlogprovider" in page.content.decode()
    school = Organisation.objects.get(name="Campus De Lindeboom")
    bad = client.post("/sso/new/", {"scope": f"o{school.pk}", "kind": "oidc", "name": "Smartschool", "client_id": "abc",
                                    "issuer_url": "http://idp.example.org", "allowed_domains": "not a domain"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "https://" in text and "Geen e-maildomein" in text and "client secret" in text.lower()
    # a field the form wants and one the service refuses: both in one round
    both = client.post("/sso/new/", {"scope": f"o{school.pk}", "kind": "oidc", "name": "X", "allowed_domains": "nope"})
    assert both.status_code == 400
    assert "Dit veld is verplicht" in both.content.decode() and "Geen e-maildomein: nope" in both.content.decode()
    ok = client.post("/sso/new/", {"scope": f"o{school.pk}", "kind": "google", "name": "Google", "client_id": "abc",
                                   "client_secret": "s3cret-value-1234", "allowed_domains": "@Lindeboom.be", "is_active": "on"})
    assert ok.status_code == 302
    saved = LoginProvider.objects.get(name="Google")
    assert saved.organisation == school and saved.issuer_url == "https://accounts.google.com" and saved.domains == ["lindeboom.be"]
    edit = client.get(ok["Location"]).content.decode()
    assert "s3cret-value-1234" not in edit and "••••1234" in edit and saved.callback_path in edit
    # an empty secret keeps the saved one
    client.post(ok["Location"], {"kind": "google", "name": "Google", "client_id": "abc", "allowed_domains": "lindeboom.be"})
    saved.refresh_from_db()
    assert saved.client_secret == "s3cret-value-1234" and not saved.is_active


def test_no_one_sees_another_organisations_provider(demo):
    other = Client()
    other.force_login(demo.user("coordinator@other.demo"))
    lindeboom = LoginProvider.objects.get(key="demo-lindeboom")
    assert other.get(f"/sso/{lindeboom.pk}/").status_code == 404
    assert other.post(f"/sso/{lindeboom.pk}/delete/").status_code == 404
    teacher = Client()
    teacher.force_login(demo.user("teacher@uniform.demo"))
    assert teacher.get("/sso/").status_code == 403
