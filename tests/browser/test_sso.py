"""Acceptance of issue 19's login part in a real browser (ADR 0026): the demo teacher logs in
with the school's account at a real OpenID Connect provider (tests/oidc_provider, started by
the suite); an unknown address and an address of another domain get their own pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.oidc_provider.fixture import KEY, oidc_provider  # noqa: F401

pytestmark = pytest.mark.browser


def _through_the_provider(context, base: str, username: str):
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.get_by_role("button", name="Inloggen met Testschool").click()
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("idp-password")
    page.get_by_role("button", name="Sign in").click()
    return page


def test_the_demo_teacher_logs_in_with_the_school_account(new_context, demo_region, live_server, oidc_provider):  # noqa: F811
    from sso.models import LoginProvider
    from tenancy.models import Network

    LoginProvider.objects.create(
        key=KEY, network=Network.objects.get(slug="limburg"), name="Testschool", issuer_url=oidc_provider.issuer,
        client_id=oidc_provider.client_id, client_secret=oidc_provider.client_secret, allowed_domains="uniform.demo",
    )
    # the provider's registered redirect URI is a loopback one (any port): 127.0.0.1, not localhost
    base = live_server.url.replace("localhost", "127.0.0.1")

    page = _through_the_provider(new_context(), base, "teacher")
    expect(page).to_have_url(base + "/")
    expect(page.locator("body")).to_contain_text("Sofie Peeters")

    page = _through_the_provider(new_context(), base, "stranger")
    expect(page.locator("#sso-refused")).to_have_text("Vraag je school om je uit te nodigen")
    expect(page.locator("main, body").first).to_contain_text("nobody@uniform.demo")

    page = _through_the_provider(new_context(), base, "outsider")
    expect(page.locator("#sso-refused")).to_have_text("Met dit adres kun je hier niet inloggen")
