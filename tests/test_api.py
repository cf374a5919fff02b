"""The API (ADR 0027): tokens, what a token sees (what its person sees), errors as problem+json,
paging, updated_since, the rate limit, the class list import."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from api import services
from api.models import ApiToken
from evaluations.models import FeedbackSheet
from schools.models import Student
from tenancy.models import Organisation

PROBLEM = "application/problem+json"


def make_token(demo, email: str, scope: str = "read", days: int = 30) -> str:
    _, secret = services.token_create(user=demo.user(email), name="test", scope=scope,
                                      expires_at=timezone.now() + timedelta(days=days))
    return secret


def call(secret: str | None, path: str, method: str = "get", **kwargs):
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return getattr(Client(), method)(path, headers=headers, **kwargs)


def lindeboom() -> Organisation:
    return Organisation.objects.get(name="Campus De Lindeboom")


def limburg_object_urls(demo) -> list[str]:
    pk = demo.emma_internship.pk
    school = lindeboom().pk
    from catalogue.models import CatalogueVersion

    programme = CatalogueVersion.objects.filter(programme__network__slug="limburg", status="published").first().programme_id  # type: ignore[union-attr]
    return [f"/api/internships/{pk}", f"/api/internships/{pk}/feedback-sheets", f"/api/internships/{pk}/evaluations",
            f"/api/schools/{school}/students", f"/api/schools/{school}/groups", f"/api/programmes/{programme}/catalogue"]


def test_the_token_page_shows_the_secret_once_and_stores_only_its_hash(demo):
    client = demo.client_for("schooladmin@uniform.demo")
    page = client.get(reverse("apitokens:index"))
    assert page.status_code == 200 and "API-sleutels" in page.content.decode()
    bad = client.post(reverse("apitokens:index"), {"name": "", "scope": "read", "expires_on": "2020-01-01"})
    assert bad.status_code == 400 and "is-invalid" in bad.content.decode()
    expires = (timezone.localdate() + timedelta(days=30)).isoformat()
    made = client.post(reverse("apitokens:index"), {"name": "Informat", "scope": "read", "expires_on": expires})
    html = made.content.decode()
    token = ApiToken.objects.get(name="Informat")
    secret = html.split('id="token-secret" type="text" readonly value="')[1].split('"')[0]
    assert secret.startswith("unf_") and secret not in token.secret_hash and len(token.secret_hash) == 64
    assert call(secret, "/api/internships").status_code == 200
    assert secret not in client.get(reverse("apitokens:index")).content.decode()  # never shown again
    too_long = client.post(reverse("apitokens:index"), {"name": "x", "scope": "read",
                                                        "expires_on": (timezone.localdate() + timedelta(days=400)).isoformat()})
    assert too_long.status_code == 400 and "hoogstens één jaar" in too_long.content.decode()
    client.post(reverse("apitokens:revoke", args=[token.pk]))
    assert call(secret, "/api/internships").status_code == 401
    # Somebody else's token: 404
    other = demo.client_for("teacher@uniform.demo")
    assert other.post(reverse("apitokens:revoke", args=[token.pk])).status_code == 404


def test_no_wrong_expired_or_revoked_token_gets_in(demo):
    assert call(None, "/api/internships").status_code == 401
    wrong = call("unf_nonsense", "/api/internships")
    assert wrong.status_code == 401 and wrong["Content-Type"] == PROBLEM and wrong.json()["status"] == 401
    secret = make_token(demo, "teacher@uniform.demo")
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert call(secret, "/api/internships").status_code == 401
    secret = make_token(demo, "teacher@uniform.demo")
    ApiToken.objects.filter(revoked_at__isnull=True, expires_at__gt=timezone.now()).update(revoked_at=timezone.now())
    assert call(secret, "/api/internships").status_code == 401


def test_a_token_sees_what_its_person_sees(demo):
    mentor = make_token(demo, "mentor@uniform.demo")
    ids = {i["id"] for i in call(mentor, "/api/internships?limit=200").json()["results"]}
    from access import internships_visible_to

    assert ids == {str(pk) for pk in internships_visible_to(demo.user("mentor@uniform.demo")).values_list("pk", flat=True)}
    assert str(demo.emma_internship.pk) in ids


@pytest.mark.parametrize("login", ["coordinator@other.demo", "teacher@other.demo"])
def test_the_other_network_gets_404_on_every_limburg_object(demo, login):
    secret = make_token(demo, login)
    for url in limburg_object_urls(demo):
        response = call(secret, url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == PROBLEM
    assert str(demo.emma_internship.pk) not in call(secret, "/api/internships").content.decode()


def test_paging_and_updated_since(demo):
    secret = make_token(demo, "schooladmin@uniform.demo")
    full = call(secret, "/api/internships?limit=200").json()
    assert full["count"] >= 3
    first, second = (call(secret, f"/api/internships?limit=2&offset={o}").json()["results"] for o in (0, 2))
    assert [i["id"] for i in first + second] == [i["id"] for i in full["results"][:4]]
    assert call(secret, "/api/internships?limit=0").status_code == 422
    internship = demo.emma_internship
    url = f"/api/internships/{internship.pk}/feedback-sheets"
    sheets = call(secret, url).json()
    assert sheets["count"] >= 1
    FeedbackSheet.objects.filter(internship=internship).update(updated_at=timezone.now() - timedelta(days=10))
    FeedbackSheet.objects.filter(pk=sheets["results"][0]["id"]).update(updated_at=timezone.now())
    since = (timezone.now() - timedelta(days=1)).isoformat()
    later = call(secret, url, data={"updated_since": since}).json()
    assert [s["id"] for s in later["results"]] == [sheets["results"][0]["id"]]
    assert call(secret, url, data={"updated_since": "gisteren"}).status_code == 422


def test_evaluations_carry_their_signature_digests(demo):
    from evaluations.models import Evaluation

    signed = Evaluation.objects.exclude(mentor_signed_digest="").filter(internship__school__network__slug="limburg").first()
    assert signed is not None, "the demo has a signed evaluation"
    secret = make_token(demo, "schooladmin@uniform.demo")
    rows = call(secret, f"/api/internships/{signed.internship_id}/evaluations").json()["results"]
    assert signed.mentor_signed_digest in {r["mentor_signed_digest"] for r in rows}


def test_catalogue_is_the_export(demo):
    from catalogue import io as catalogue_io
    from catalogue.models import CatalogueVersion

    version = CatalogueVersion.objects.filter(programme__network__slug="limburg", status="published").earliest("pk")
    secret = make_token(demo, "mentor@uniform.demo")
    assert call(secret, f"/api/programmes/{version.programme_id}/catalogue").json() == catalogue_io.export_data(version)


@override_settings(UNIFORM_API_RATE=(3, 60))
def test_rate_limit_per_token(demo):
    from django.core.cache import cache

    cache.clear()
    secret = make_token(demo, "teacher@uniform.demo")
    codes = [call(secret, "/api/internships").status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200] and codes[3] == 429
    response = call(secret, "/api/internships")
    assert response["Content-Type"] == PROBLEM and int(response["Retry-After"]) >= 1
    assert call(make_token(demo, "teacher@uniform.demo"), "/api/internships").status_code == 200  # per token


def _import(secret, csv: str, school=None):
    school = school or lindeboom()
    return call(secret, f"/api/schools/{school.pk}/students/import", "post", content_type="application/json",
                data={"school_year": "2026-2027", "csv": csv})


def test_import_read_token_403_and_teacher_403(demo):
    csv = "first_name;last_name;group\nNina;Nieuw;7BKO-A\n"
    assert _import(make_token(demo, "schooladmin@uniform.demo"), csv).status_code == 403
    assert _import(make_token(demo, "teacher@uniform.demo", "read_write"), csv).status_code == 403
    assert _import(make_token(demo, "coordinator@other.demo", "read_write"), csv).status_code == 404
    assert not Student.objects.filter(last_name="Nieuw").exists()


def test_import_is_idempotent_and_reports_each_bad_row(demo):
    secret = make_token(demo, "schooladmin@uniform.demo", "read_write")
    csv = "first_name;last_name;group;date_of_birth\nNina;Nieuw;7BKO-A;2008-03-04\nOmar;Nieuw;7BKO-A;2008-05-06\n"
    first = _import(secret, csv)
    assert first.status_code == 200, first.content
    assert first.json()["created"] == 2
    again = _import(secret, csv)
    assert again.json()["created"] == 0 and again.json()["unchanged"] == 2
    assert Student.objects.filter(last_name="Nieuw").count() == 2
    bad = _import(secret, "first_name;last_name;group;date_of_birth\n;Leeg;7BKO-A;\nPiet;Fout;7BKO-A;31-31-2000\n")
    assert bad.status_code == 422 and bad["Content-Type"] == PROBLEM
    assert {e["row"] for e in bad.json()["errors"]} == {2, 3}
    assert not Student.objects.filter(last_name__in=["Leeg", "Fout"]).exists()


def test_the_docs_are_served_from_our_own_files_under_the_csp(client):
    """No CDN (there is no internet, and the CSP allows scripts and styles from self only): the
    Swagger UI of django-ninja's static files; its settings are JSON data, not an inline script.
    (Checked in Chromium during development: the page renders, no CSP violation.)"""
    assert client.get("/api/").status_code == 302
    page = client.get("/api/docs")
    html = page.content.decode()
    assert page.status_code == 200 and "/static/ninja/swagger-ui-bundle.js" in html
    assert "https://" not in html and "http://" not in html
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in html  # every script has a src or is type="application/json"
    schema = client.get("/api/openapi.json").json()
    errors = schema["paths"]["/api/internships"]["get"]["responses"]["404"]["content"]
    assert list(errors) == ["application/problem+json"]
