"""NUL and other control characters in every parameter the app reads (issue #13): never a 500,
never stored.

For each role, the pages a person opens are crawled (the plain pages, their own objects, and
the links on those); every ``<form>`` found is posted (or got) as the page would send it, with
one field at a time replaced by a NUL, and by a control/bidi string. Each parameter that a view
reads outside a form (``request.GET.get("q")``, found with ``ast``) is sent too. On PostgreSQL,
which refuses NUL in any string, this is what turned seven endpoints into a 500.

So that a new endpoint is not missed, every URL whose view reads ``request.GET``, ``POST`` or
``FILES`` (directly or through a helper of its module) must have been reached by the crawl, or
be in ``NOT_CRAWLED`` with the reason and the test that covers it.
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from functools import cache
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import CharField, Q, TextField
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.test_no_write_on_get import _own_urls, _plain_url_names

BAD = {"nul": "a\x00b", "controls": "a\x01b\x1bc\u202ed"}
STORED_BAD = ["\x01", "\x1b", "\u202e"]  # and NUL, where the database can hold it (SQLite)
ROLES = ["coordinator@uniform.demo", "schooladmin@uniform.demo", "teacher@uniform.demo", "childcare@uniform.demo",
         "coach@uniform.demo", "mentor@uniform.demo", "student@uniform.demo"]
#: Pages not crawled: they log out, download, or belong to libraries (allauth, the admin).
SKIP_URL = re.compile(r"^/(accounts|admin|i18n|static|media)/|\.(pdf|ics|csv|xlsx|json)$|/download/|/export\.")
MAX_PAGES = 110  # grows with the pages a role reaches; the test below says which views it missed
#: Pages of one kind (one URL name: internship pages, student pages) opened per role.
PER_NAME = 3

#: URL names whose view reads parameters but that the crawl does not reach, with the reason.
NOT_CRAWLED = {
    "invitation_accept": "opened from an emailed link by someone logged out: test_invitation_accept_takes_nul below",
    "catalogue:reorder": "posted by the editor's drag-and-drop script, not a form: test_reorder_takes_nul below",
    "internships:documents_add": "shown while a document type is not yet asked (none in the demo): "
                                 "test_documents_add_takes_nul below",
    "onetap": "opened from a notification mail's link, logged out; no page links to it: "
              "tests/test_reminders_pages.py::test_the_one_tap_page_takes_nul",
    "childcare:membership_reactivate": "shown for a deactivated membership only; reads what membership_deactivate "
                                       "(crawled) reads, through the same _back(): test_reactivate_takes_nul below",
}

#: One worker runs this module, in file order (make test: -n 2 --dist loadgroup): the reach
#: check at the end reads what the crawls of this process reached.
pytestmark = pytest.mark.xdist_group("every_parameter")


# --------------------------------------------------------------------------- the views that read parameters


def _views(patterns=None, namespace: str = ""):
    """(url name, view function) of the project's URL patterns (not allauth, the admin)."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_module, "__name__", "")
            if entry.namespace in ("admin", "api-v1") or "allauth" in module:  # api-v1: fuzzed by its schema (test_api_schema)
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _views(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name and entry.name != "set_language":
            yield namespace + entry.name, inspect.unwrap(entry.callback)


@cache
def _module_functions(module) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(module)))
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def _reads(function: ast.FunctionDef) -> tuple[bool, set[str]]:
    """Whether a function touches ``request.GET/POST/FILES``, and the keys it reads by name."""
    reads, keys = False, set()
    for node in ast.walk(function):
        if isinstance(node, ast.Attribute) and node.attr in ("GET", "POST", "FILES") and \
                isinstance(node.value, ast.Name) and node.value.id == "request":
            reads = True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "getlist") \
                and isinstance(node.func.value, ast.Attribute) and node.func.value.attr in ("GET", "POST") \
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            keys.add(node.args[0].value)
        if isinstance(node, ast.Call) and len(node.args) >= 2 and isinstance(node.args[0], ast.Attribute) \
                and node.args[0].attr in ("GET", "POST") and isinstance(node.args[1], ast.Constant) \
                and isinstance(node.args[1].value, str):
            keys.add(node.args[1].value)  # params.get_text(request.GET, "q")
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr in ("GET", "POST") \
                and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            keys.add(node.slice.value)
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str) \
                and any(isinstance(c, ast.Attribute) and c.attr in ("GET", "POST") for c in node.comparators):
            keys.add(node.left.value)
    return reads, keys


def _view_reads(view) -> tuple[bool, set[str]]:
    """``_reads`` of the view and of the functions of its module that it calls (transitively)."""
    functions = _module_functions(inspect.getmodule(view))
    seen, todo, reads, keys = set(), [view.__name__], False, set()
    while todo:
        name = todo.pop()
        if name in seen or name not in functions:
            continue
        seen.add(name)
        found, found_keys = _reads(functions[name])
        reads, keys = reads or found, keys | found_keys
        todo += [n.func.id for n in ast.walk(functions[name]) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
    return reads, keys


@cache
def readers() -> dict[str, set[str]]:
    """url name → the keys its view reads by name, for every view that reads parameters."""
    found = {}
    for name, view in _views():
        reads, keys = _view_reads(view)
        if reads:
            found[name] = keys
    return found


def test_the_walk_finds_the_views_that_read_parameters():
    found = readers()
    assert "q" in found["invitations"] and "q" in found["schools:group"]
    assert "feedback:sheet_save" in found  # through _save(request, ...)
    assert "home" not in found


# --------------------------------------------------------------------------- the crawl


class _Page(HTMLParser):
    """The links and the forms of a page: each form's action, method and fields as it would send them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            method = "post" if "hx-post" in a else a.get("method", "get").lower()
            self._form = {"action": a.get("action") or a.get("hx-post", ""), "method": method, "data": {}, "names": set(),
                          "also": []}
            self.forms.append(self._form)
        elif self._form is not None and a.get("formaction"):
            self._form["also"].append(a["formaction"])  # a button that posts the same form elsewhere
        elif self._form is None or not a.get("name") or "disabled" in a:
            return
        elif tag == "input":
            kind, name = a.get("type", "text").lower(), a["name"]
            if kind in ("file", "reset", "image"):
                return
            self._form["names"].add(name)
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button") and name in self._form["data"]:
                return  # the first button is the one pressed
            self._form["data"].setdefault(name, []).append(a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select = {"name": a["name"], "first": None, "chosen": []}
            self._form["names"].add(a["name"])
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select["first"] = self._select["first"] if self._select["first"] is not None else value
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form["names"].add(a["name"])
            self._form["data"][a["name"]] = [""]

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["data"][self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            chosen = self._select["chosen"] or ([self._select["first"]] if self._select["first"] is not None else [])
            self._form["data"][self._select["name"]] = chosen
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _crawl(client, starts: list[str]) -> tuple[list[str], list[tuple[str, dict]]]:
    """The pages opened (paths) and the forms on them (their page's path, the form)."""
    seen, pages, forms, todo, per_name = set(), [], [], list(starts), {}
    while todo and len(pages) < MAX_PAGES:
        path = urlsplit(todo.pop(0)).path
        if path in seen or not path.startswith("/") or SKIP_URL.search(path) or (name := _url_name(path)) is None:
            continue
        seen.add(path)
        if per_name.get(name, 0) >= PER_NAME:
            continue
        per_name[name] = per_name.get(name, 0) + 1
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        pages.append(path)
        parser = _Page()
        parser.feed(response.content.decode())
        todo += parser.links
        forms += [(path, form) for form in parser.forms]
    return pages, forms


def _fuzz(client, method: str, path: str, base: dict, keys, raw=()) -> list[str]:
    """Send ``base`` with every one of ``keys`` replaced by each bad value (a form checks all its
    fields), then with each of the ``raw`` keys (that the view reads by name) alone replaced by
    a NUL (a view may stop at the first bad one); the requests that were a 500."""
    problems = []
    tries = [(label, dict.fromkeys(keys, bad)) for label, bad in BAD.items()]
    tries += [(f"{key}=nul", {key: BAD["nul"]}) for key in sorted(raw)] if len(keys) > 1 else []
    for label, bad in tries:
        data = {**base, **{key: [value] for key, value in bad.items()}}
        response = client.post(path, data) if method == "post" else client.get(path, data)
        if response.status_code >= 500:
            problems.append(f"{method.upper()} {path} {label}: {response.status_code}")
    return problems


def _stored_bad() -> list[str]:
    """Every text column of the project's models that holds a control or bidi character."""
    chars = STORED_BAD + (["\x00"] if connection.vendor != "postgresql" else [])
    found = []
    for model in apps.get_models():
        if model._meta.app_config.path.find("/site-packages/") != -1 or model._meta.proxy:
            continue
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, CharField | TextField)]
        if not fields:
            continue
        query = Q()
        for field in fields:  # a regex, not LIKE: SQLite's LIKE ends its pattern at a NUL
            query |= Q(**{f"{field}__regex": f"[{''.join(chars)}]"})
        if model._default_manager.filter(query).exists():
            found.append(model._meta.label)
    return found


@pytest.mark.parametrize("login", ROLES)
def test_every_parameter_of_every_page_takes_nul_and_control_characters(demo, login):
    client = demo.client_for(login)
    if login == "coordinator@uniform.demo":  # the editor's forms are on a draft
        from catalogue.models import CatalogueVersion
        from tests.test_catalogue_editor import _new_draft

        _new_draft(client, CatalogueVersion.objects.get(programme__network__slug="limburg", status="published"))
    # Own objects first: their forms (transitions, corrections) sit deeper than the index pages.
    starts = _own_urls(demo.user(login)) + [reverse(name) for name in _plain_url_names()]
    if login == "mentor@uniform.demo":  # the sheet's form is on a draft
        from evaluations.models import FeedbackSheet

        FeedbackSheet.objects.filter(internship=demo.emma_internship, status="draft").delete()
        starts.insert(0, client.post(reverse("feedback:sheet_new", args=[demo.emma_internship.pk]))["Location"])
        shared = FeedbackSheet.objects.filter(internship=demo.emma_internship, status="shared").order_by("pk").first()
        starts.insert(1, reverse("feedback:sheet_detail", args=[shared.internship_id, shared.pk]))  # its addendum form
    pages, forms = _crawl(client, starts)
    assert len(pages) > 3, pages
    problems, reached = [], set()
    for path in pages:  # the parameters a page's view reads by name, in its query string
        name = _url_name(path)
        if name in readers() and readers()[name]:
            problems += _fuzz(client, "get", path, {}, readers()[name], readers()[name])
            reached.add(name)
    done, requests = set(), 0
    for page, form in forms:
        for action in [form["action"], *form["also"]]:
            path = urlsplit(action).path or page
            name = _url_name(path)
            if name is None or SKIP_URL.search(path):
                continue
            base = {k: v for k, v in form["data"].items()}
            base.update(dict(parse_qsl(urlsplit(action).query)))
            keys = (form["names"] | readers().get(name, set())) - {"csrfmiddlewaretoken"}
            signature = (name, form["method"], frozenset(keys))
            if signature in done:
                continue
            done.add(signature)
            reached.add(name)
            requests += 1
            problems += _fuzz(client, "post" if form["method"] == "post" else "get", path, base, keys | {"x\x00"},
                              readers().get(name, ()))
    print(login, len(pages), "pages", len(forms), "forms", requests, "fuzzed", sorted(reached))
    assert not problems, problems
    assert not _stored_bad(), "stored a control character"
    CRAWLED.update(reached)


#: The URL names the crawls above reached (a plain set: pytest-django may run other modules'
#: tests in between, which would end a module-scoped fixture).
CRAWLED: set[str] = set()


def test_every_view_that_reads_parameters_was_crawled(db):
    """Runs after the crawls above (``db`` keeps it among them, in file order): a view that reads
    parameters and that no page links or posts to must be named in NOT_CRAWLED, with its test."""
    crawled = CRAWLED
    if len(crawled) < 10:
        pytest.skip("run with the crawl tests of this module")
    missing = sorted(set(readers()) - crawled - set(NOT_CRAWLED))
    assert not missing, f"views that read parameters but were not fuzzed: {missing}"
    stale = sorted(set(NOT_CRAWLED) & crawled)
    assert not stale, f"crawled after all, remove from NOT_CRAWLED: {stale}"


def test_reorder_takes_nul(demo):
    from catalogue.models import CatalogueVersion
    from tests.test_catalogue_editor import _new_draft

    coordinator = demo.client_for("coordinator@uniform.demo")
    published = CatalogueVersion.objects.get(programme__network__slug="limburg", status="published")
    draft = _new_draft(coordinator, published, label="volgorde")
    url = reverse("catalogue:reorder", args=[draft.pk])
    for data in ({"kind": "\x00", "ids": ["1"]}, {"kind": "cluster", "parent": "\x00", "ids": ["\x00"]}):
        assert coordinator.post(url, data).status_code < 500, data


def test_signing_takes_nul(demo):
    from evaluations.models import Evaluation

    internship = demo.emma_internship
    mentor = demo.client_for("mentor@uniform.demo")
    Evaluation.objects.filter(internship=internship).delete()
    mentor.post(reverse("evaluations:evaluation_start", args=[internship.pk, "midterm"]))
    evaluation = Evaluation.objects.get(internship=internship, kind="midterm")
    url = reverse("evaluations:evaluation_sign", args=[internship.pk, evaluation.pk])
    for data in ({"as": "\x00", "revision": "\x00", "password": "\x00"}, {"as": "mentor", "revision": "1\x00", "password": "a\x00"}):
        assert mentor.post(url, data).status_code < 500, data
    evaluation.refresh_from_db()
    assert not evaluation.mentor_signed_at


def test_reactivate_takes_nul(demo):
    from tenancy.models import Membership

    childcare = demo.client_for("childcare@uniform.demo")
    organisation = Membership.objects.filter(user__email="childcare@uniform.demo").first().organisation
    membership = Membership.objects.filter(organisation=organisation, role="mentor").first()
    Membership.objects.filter(pk=membership.pk).update(is_active=False)
    url = reverse("childcare:membership_reactivate", args=[membership.pk])
    response = childcare.post(url, {"next": "a\x00b"})  # "ab" was a 500 too: not a path (NoReverseMatch)
    assert response.status_code == 302 and response["Location"].startswith("/")
    membership.refresh_from_db()
    assert membership.is_active


def test_documents_add_takes_nul(demo):
    internship = demo.emma_internship
    admin = demo.client_for("schooladmin@uniform.demo")
    url = reverse("internships:documents_add", args=[internship.pk])
    for data in ({"document_types": "\x00"}, {"document_types": ["1\x00", "\u202e"]}):
        assert admin.post(url, data).status_code < 500, data


def test_invitation_accept_takes_nul(demo):
    from django.test import Client

    from tenancy.models import Invitation

    coordinator = demo.client_for("coordinator@uniform.demo")
    target = coordinator.get(reverse("invitations")).context["form"].fields["target"].choices[1][0]
    coordinator.post(reverse("invitations"), {"target": target, "email": "nul@example.org", "full_name": "Nul Test"})
    invitation = Invitation.objects.get(email="nul@example.org")
    url = reverse("invitation_accept", args=[invitation.token])
    for data in ({"full_name": "\x00", "password1": "\x00", "password2": "\x00"},
                 {"full_name": "Jan\x00 Bos\u202e", "password1": "Lang-genoeg-2026\x01", "password2": "Lang-genoeg-2026"}):
        assert Client().post(url, data).status_code < 500, data
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert invitation.accepted_by.full_name == "Jan Bos"
