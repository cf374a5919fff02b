"""The access matrix: every URL pattern × every demo role × an object of each network, GET and POST.

The URL patterns are read from the resolver. A pattern of the project without an entry in
MATRIX (or in THIRD_PARTY with a reason) fails ``test_every_url_pattern_has_a_matrix_entry``,
so nobody adds a page without saying who may open it.

Expected answers follow shared/docs/access-policy.md: not yours → 404, yours but your role may
not → 403, logged out → redirect to login.
"""

from __future__ import annotations

import functools
import importlib
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from catalogue.models import ActivityTemplate, CatalogueVersion, Cluster, Indicator, RatingLevel
from tenancy.models import Invitation, Network, Organisation, Role, User
from tests.isolation_support import (  # noqa: E402
    EVERYONE,
    LOGIN_ROLES,
    NETWORKS,
    RELATIONS,
    ROLES,
    Entry,
    _expected,
)

# --------------------------------------------------------------------------- objects


def _version(network: str) -> dict:
    return {"pk": CatalogueVersion.objects.get(programme__network__slug=network, status="published").pk}


def _internship(demo, network: str) -> dict:
    return {"pk": (demo.emma_internship if network == "limburg" else demo.lucas_internship).pk}


def _student(demo, network: str) -> dict:
    return {"pk": (demo.emma if network == "limburg" else demo.lucas).pk}


def _published_part(network: str, model) -> int:
    version = CatalogueVersion.objects.get(programme__network__slug=network, status="published")
    if model._meta.model_name == "ratinglevel":
        return model.objects.filter(scale__version=version).first().pk
    return model.objects.filter(version=version).first().pk


def _published_part_kwargs(demo, network: str, *, model) -> dict:
    return {"pk": _published_part(network, model)}


def _programme(network: str) -> dict:
    return {"pk": CatalogueVersion.objects.get(programme__network__slug=network, status="published").programme_id}


def _pending_invitation(network: str) -> Invitation:
    net = Network.objects.get(slug=network)
    school = Organisation.objects.filter(network=net, kind="school").order_by("name").first()
    if network == "limburg":
        school = Organisation.objects.get(name="Campus De Lindeboom")
    return Invitation.objects.create(
        network=net,
        organisation=school,
        role=Role.TEACHER,
        email=f"new.teacher@{network}.example",
        invited_by=User.objects.get(email="coordinator@uniform.demo" if network == "limburg" else "coordinator@other.demo"),
        expires_at=timezone.now() + timedelta(days=7),
    )


# --------------------------------------------------------------------------- the matrix


MATRIX: dict[str, Entry] = {
    # No rule: every logged-in person has a home page (their role sections, or none).
    "home": Entry(ok={"limburg": EVERYONE, "antwerpen": EVERYONE}),
    "catalogue:index": Entry(rule="catalogue.read"),
    "catalogue:version": Entry(kwargs=lambda demo, net: _version(net), rule="catalogue.read", obj="network"),
    # The coordinator's catalogue editor. Objects are those of the published version: people of
    # the network can see them (so: 403), the coordinator's writes are refused with a message
    # and a redirect (302) because a published version never changes; other network: 404.
    "catalogue:programme_new": Entry(rule="catalogue.edit", denied=403, post="same"),
    **{
        name: Entry(kwargs=lambda demo, net: _programme(net), rule="catalogue.edit", obj="network", in_network_denied=403, post="same")
        for name in ("catalogue:programme_edit", "catalogue:version_new", "catalogue:import")
    },
    "catalogue:export": Entry(
        kwargs=lambda demo, net: {**_version(net), "fmt": "json"}, rule="catalogue.read", obj="network",
    ),
    "catalogue:edit": Entry(kwargs=lambda demo, net: _version(net), rule="catalogue.edit", obj="network", ok_code=302, in_network_denied=403),
    **{
        name: Entry(kwargs=lambda demo, net: _version(net), rule="catalogue.edit", obj="network", in_network_denied=403)
        for name in ("catalogue:diff", "catalogue:history")
    },
    **{
        name: Entry(
            kwargs=lambda demo, net: _version(net), rule="catalogue.edit", obj="network", ok_code=405, denied=405, post="same",
            post_ok_code=302, post_denied=404, in_network_denied=405, in_network_post_denied=403,
        )
        for name in (
            "catalogue:settings", "catalogue:publish", "catalogue:retire", "catalogue:delete", "catalogue:reorder",
            "catalogue:cluster_add", "catalogue:level_add", "catalogue:activity_add",
        )
    },
    **{
        name: Entry(
            kwargs=functools.partial(_published_part_kwargs, model=model),
            rule="catalogue.edit", obj="network", ok_code=405, denied=405, post="same", post_ok_code=302, post_denied=404,
            in_network_denied=405, in_network_post_denied=403,
        )
        for name, model in (
            ("catalogue:cluster", Cluster), ("catalogue:cluster_delete", Cluster), ("catalogue:indicator_add", Cluster),
            ("catalogue:indicator", Indicator), ("catalogue:indicator_delete", Indicator),
            ("catalogue:level", RatingLevel), ("catalogue:level_delete", RatingLevel),
            ("catalogue:activity", ActivityTemplate), ("catalogue:activity_delete", ActivityTemplate),
        )
    },
    "catalogue:move": Entry(
        kwargs=lambda demo, net: {"kind": "indicator", "pk": _published_part(net, Indicator)},
        rule="catalogue.edit", obj="network", ok_code=405, denied=405, post="same", post_ok_code=302, post_denied=404,
        in_network_denied=405, in_network_post_denied=403,
    ),
    "internships:detail": Entry(kwargs=_internship, rule="internship.read", obj="internship"),
    "schools:student": Entry(kwargs=_student, rule="student.read", obj="student"),
    "invitations": Entry(rule="invitations.send", denied=403, post="same"),
    "invitation_revoke": Entry(
        kwargs=lambda demo, net: {"pk": _pending_invitation(net).pk}, rule="invitations.send", obj="invitation",
        ok_code=405,  # GET is never allowed
        denied=405,
        post="same",
        post_ok_code=302,
        post_denied=404,
    ),
    # No rule: the emailed link is the key: it opens logged out; a logged-in person with
    # another email address is told so (403) and nothing happens.
    "invitation_accept": Entry(
        kwargs=lambda demo, net: {"token": _pending_invitation(net).token},
        ok={"limburg": set(), "antwerpen": set()},
        denied=403,
        post="same",
        public=True,
    ),
    # No rule: the health check (database, cache, storage) is for load balancers; it shows no
    # tenant data and opens for everyone, logged in or not. GET only.
    "health": Entry(ok={"limburg": EVERYONE, "antwerpen": EVERYONE}, public=True),
    # No rule: readiness (database, cache, queue, storage; ADR 0030), the same as the above.
    "health_ready": Entry(ok={"limburg": EVERYONE, "antwerpen": EVERYONE}, public=True),
    # No rule: the accessibility statement (ADR 0020) is public, the same for everyone. GET only.
    "accessibility": Entry(ok={"limburg": EVERYONE, "antwerpen": EVERYONE}, public=True),
    # No rule: the service worker and its "no connection" page (issue 20, ADR 0025) carry no
    # data of anybody (the worker: static file names; the page: a fixed text). GET only.
    "service_worker": Entry(ok={"limburg": EVERYONE, "antwerpen": EVERYONE}, public=True),
    "offline": Entry(ok={"limburg": EVERYONE, "antwerpen": EVERYONE}, public=True),
}

for _module in ("schools", "mentors", "internships", "evaluations", "activities", "training", "reports", "exports", "network",
                "notifications", "reminders", "placements", "calibration", "audit", "retention", "privacy", "sso", "api"):
    try:
        _extra = __import__(f"tests.isolation_{_module}", fromlist=["ENTRIES"]).ENTRIES
    except ModuleNotFoundError:
        continue
    assert not set(_extra) & set(MATRIX), f"duplicate matrix entries in tests/isolation_{_module}.py"
    MATRIX.update(_extra)

#: URL names that are not ours; each with the reason it needs no entry.
THIRD_PARTY = {
    "account_": "django-allauth: login, logout, code login, password reset, email; no tenant data",
    "mfa_": "django-allauth MFA: the person's own authenticators only",
    "openid_connect_": "django-allauth OIDC login and callback of an active provider (ADR 0026; tests/test_sso.py)",
    "socialaccount_": "django-allauth social login: signup closed, the person's own linked accounts; no tenant data",
    "admin:": "Django admin: operators only (is_staff), not linked from the app",
    "set_language": "Django's language switch: sets a cookie",
    "api-v1:": "the API: bearer tokens only; its own matrix by token (tests/isolation_api.py, test_api_matrix.py)",
}

#: Our URL names that are no tenant page: no session, no person, no network's data; each with
#: the reason and the test that checks who gets an answer.
OPERATOR = {
    "metrics": "Prometheus figures for the operator's scraper, bearer METRICS_TOKEN only, counts over all networks "
               "(ADR 0030; tests/test_metrics.py)",
}


def _named_patterns(resolver=None, prefix: str = "") -> list[tuple[str, str | None]]:
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            found += _named_patterns(pattern, ns)
        elif isinstance(pattern, URLPattern):
            name = f"{prefix}{pattern.name}" if pattern.name else (f"{prefix}<unnamed>" if prefix else None)
            found.append((str(pattern.pattern), name))
    return found


def _is_third_party(name: str | None, route: str) -> bool:
    if name is None:
        # allauth's old social-login addresses: unnamed redirects to its named ones (ADR 0026);
        # any other unnamed pattern is ours: name it and give it an entry
        return route.startswith("social/")
    return name in OPERATOR or any(name.startswith(prefix) for prefix in THIRD_PARTY)


def test_every_url_pattern_has_a_matrix_entry():
    covered = {entry.url_name or key for key, entry in MATRIX.items()}
    missing = [
        (route, name)
        for route, name in _named_patterns()
        if not _is_third_party(name, route) and name not in covered
    ]
    assert not missing, f"URL patterns without an access-matrix entry: {missing}"
    stale = covered - {name for _, name in _named_patterns()}
    assert not stale, f"Matrix entries for URLs that no longer exist: {stale}"


#: What the matrix gets instead of a rendered PDF (a valid, empty one-page document).
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def pdf_stub(monkeypatch):
    """The matrix checks who gets a PDF, not the PDF: WeasyPrint is skipped for its cases (the
    views still fetch the objects and build every section with the person's rights);
    tests/test_pdf.py renders the real ones. Returns the templates that would have been rendered."""
    rendered: list[str] = []

    def render_pdf(template, context, *, request=None):
        rendered.append(template)
        return TINY_PDF

    # Import them all before patching any: the others copy reports.pdf.render_pdf when first
    # imported, and would keep the stub for the rest of the run.
    modules = [importlib.import_module(name) for name in ("reports.pdf", "reports.documents", "training.pdf")]
    for module in modules:
        monkeypatch.setattr(module, "render_pdf", render_pdf)
    return rendered


#: What the matrix's 403 and 404 answers carry instead of the rendered error pages.
STUB_404, STUB_403 = b"matrix: 404", b"matrix: 403"


@pytest.fixture
def error_page_stub(monkeypatch):
    """The matrix checks who gets a 403 or a 404, not the page that says so: about half of its
    requests are refused, and rendering 403.html / 404.html (the whole layout, its menu's queries)
    for each was a fifth of the matrix's time. The answer's status still comes from the view
    (Http404, PermissionDenied, a Forbidden response), only Django's error handlers are cheap.
    ``test_every_login_gets_the_real_error_pages`` below renders both for every demo login."""
    from django.conf import settings
    from django.http import HttpResponseForbidden, HttpResponseNotFound

    urlconf = importlib.import_module(settings.ROOT_URLCONF)
    monkeypatch.setattr(urlconf, "handler404", lambda request, exception=None: HttpResponseNotFound(STUB_404), raising=False)
    monkeypatch.setattr(urlconf, "handler403", lambda request, exception=None: HttpResponseForbidden(STUB_403), raising=False)


class _RolledBack(Exception):
    """Raised at the end of each request's savepoint: whatever the request wrote is undone."""


def _session_cookies(client) -> dict:
    return {name: morsel.value for name, morsel in client.cookies.items()}


@pytest.mark.usefixtures("error_page_stub")
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_access_matrix(demo, pdf_stub, url_name):
    """One URL: every role (and logged out) × an object of each network × GET and POST.

    Each of the 56 requests runs in a savepoint rolled back after it, as if it were a test of its
    own; each login is forced once and its session cookie sent with each of its requests (its
    other cookies, such as messages, are dropped between them). Every wrong answer is listed,
    each as "METHOD url as role (network): ...", and one request that raises is reported the same
    way (with its traceback) without hiding the others."""
    entry = MATRIX[url_name]
    urls = {
        network: reverse(entry.url_name or url_name, kwargs=entry.kwargs(demo, network) if entry.kwargs else None)
        for network in NETWORKS
    }
    failures: list[str] = []
    first_error: BaseException | None = None
    for role in ROLES:
        client = demo.client_for(role)
        cookies = _session_cookies(client)
        for network in NETWORKS:
            url = urls[network]
            for method in ("GET", "POST"):
                where = f"{method} {url} as {role or 'anonymous'} ({network})"
                client.cookies.clear()
                for name, value in cookies.items():
                    client.cookies[name] = value
                pdf_stub.clear()
                try:
                    with transaction.atomic():
                        response = client.get(url) if method == "GET" else client.post(url, {})
                        raise _RolledBack
                except _RolledBack:
                    pass
                except Exception as exc:
                    failures.append(f"{where}: raised {exc!r}")
                    first_error = first_error or exc
                    continue
                expected = _expected(entry, role, network, method)
                if response.status_code != expected:
                    failures.append(f"{where}: {response.status_code}, expected {expected}")
                    continue
                if role is None and expected == 302 and not response["Location"].startswith(reverse("account_login")):
                    failures.append(f"{where}: redirected to {response['Location']}, not to the login")
                # rendered, not an uploaded file
                if response.get("Content-Type") == "application/pdf" and not response.streaming and not (
                    pdf_stub and response.content == TINY_PDF
                ):
                    failures.append(f"{where}: a PDF the matrix did not stub: add its module to pdf_stub")
    if failures:
        message = f"{len(failures)} of {len(ROLES) * len(NETWORKS) * 2} answers wrong:\n" + "\n".join(failures)
        if first_error is not None:
            raise AssertionError(message) from first_error
        raise AssertionError(message)


def test_a_wrong_answer_of_the_matrix_names_its_request(demo, pdf_stub, monkeypatch):
    """One URL's test sends 56 requests: a wrong answer must still say which one it was."""
    everyone_but_the_mentor = EVERYONE - {"mentor@uniform.demo"}
    monkeypatch.setitem(MATRIX, "health", Entry(ok={"limburg": everyone_but_the_mentor, "antwerpen": EVERYONE}, public=True))
    with pytest.raises(AssertionError) as failed:
        test_access_matrix(demo, pdf_stub, "health")
    assert str(failed.value) == (
        f"1 of 56 answers wrong:\nGET {reverse('health')} as mentor@uniform.demo (limburg): 200, expected 404"
    )


def test_every_login_gets_the_real_error_pages(demo, pdf_stub):
    """What the matrix stubs (error_page_stub): for every demo login, the first matrix URL that
    answers it 404, and the first that answers it 403, render the real pages, in Dutch."""
    texts = {404: "Deze pagina bestaat niet, of je mag ze niet zien.", 403: "Je rol laat dit niet toe."}
    for role in ROLES[1:]:
        client = demo.client_for(role)
        for code, text in texts.items():
            found = next(((name, network) for name in sorted(MATRIX) for network in NETWORKS
                          if _expected(MATRIX[name], role, network, "GET") == code), None)
            if found is None:
                assert code == 403 and role in ("coordinator@uniform.demo", "coordinator@other.demo"), (role, code)
                continue  # (a coordinator is refused nothing with a 403)
            name, network = found
            entry = MATRIX[name]
            url = reverse(entry.url_name or name, kwargs=entry.kwargs(demo, network) if entry.kwargs else None)
            response = client.get(url)
            assert response.status_code == code, (role, url)
            assert text in response.content.decode(), (role, url)


def test_login_roles_and_relations_are_those_of_the_demo(demo):
    """The hand-written table the matrix derives from (tests/isolation_support.py) says what
    the demo region is: each login's roles, and how each is linked to the two internships."""
    from access import internship_roles, roles_of

    assert set(LOGIN_ROLES) == set(ROLES[1:])
    for login, roles in LOGIN_ROLES.items():
        assert roles_of(demo.user(login)) == roles, login
    for network, internship in (("limburg", demo.emma_internship), ("antwerpen", demo.lucas_internship)):
        linked = {login: internship_roles(demo.user(login), internship) for login in LOGIN_ROLES}
        assert {login: roles for login, roles in linked.items() if roles} == RELATIONS["internship"][network], network


# --------------------------------------------------------------------------- acceptance 2


def test_other_network_mentor_gets_404_on_every_limburg_internship_student_and_catalogue_url(demo):
    from internships.models import Internship
    from schools.models import Student

    client = demo.client_for("mentor@other.demo")
    urls = [reverse("internships:detail", args=[i.pk]) for i in Internship.objects.filter(school__network__slug="limburg")]
    urls += [reverse("schools:student", args=[s.pk]) for s in Student.objects.filter(school__network__slug="limburg")]
    urls += [
        reverse("catalogue:version", args=[v.pk])
        for v in CatalogueVersion.objects.filter(programme__network__slug="limburg")
    ]
    assert len(urls) > 60
    answers = {url: client.get(url).status_code for url in urls}
    assert set(answers.values()) == {404}, {u: c for u, c in answers.items() if c != 404}


def test_mentor2_gets_404_on_every_intern_of_mentor(demo):
    from internships.models import Internship

    theirs = Internship.objects.filter(mentor__email="mentor@uniform.demo")
    assert theirs.count() >= 4
    client = demo.client_for("mentor2@uniform.demo")
    for internship in theirs:
        assert client.get(reverse("internships:detail", args=[internship.pk])).status_code == 404
    # ...while mentor@uniform.demo opens every one of them.
    own = demo.client_for("mentor@uniform.demo")
    for internship in theirs:
        assert own.get(reverse("internships:detail", args=[internship.pk])).status_code == 200


def test_deactivated_membership_loses_access_at_once(demo):
    from tenancy.models import Membership

    client = demo.client_for("mentor@uniform.demo")
    url = reverse("internships:detail", args=[demo.emma_internship.pk])
    assert client.get(url).status_code == 200
    Membership.objects.filter(user__email="mentor@uniform.demo").update(is_active=False)
    assert client.get(url).status_code == 404
    home = client.get(reverse("home"))
    assert "Emma Aerts" not in home.content.decode()


def test_coordinator_sees_counts_but_no_student_names(demo):
    response = demo.client_for("coordinator@uniform.demo").get(reverse("home"))
    html = response.content.decode()
    # The network's figures (the home names no school any more: a region has 60; ADR 0021), and
    # the organisations' page names the schools and organisations, never a student.
    assert "Uniform Limburg" in html and reverse("network:organisations") in html
    organisations = demo.client_for("coordinator@uniform.demo").get(reverse("network:organisations")).content.decode()
    assert "Campus De Lindeboom" in organisations and "Kindernest" in organisations
    html += organisations
    from schools.models import Student

    names = [s.full_name for s in Student.objects.filter(school__network__slug="limburg")]
    assert len(names) >= 40  # Limburg's students, last year's evening class (demo/calibration.py) among them
    assert not [name for name in names if name in html]
