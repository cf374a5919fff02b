"""The mentor's intern cards are rendered once per content (home.cards, ADR 0033): the memo never
serves a card that no longer matches the data, and each request's forms carry its own CSRF token."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluations.models import FeedbackSheet
from home import cards
from internships.models import DocumentType, Internship, RequiredDocument

MENTOR = "mentor@uniform.demo"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


def _home(client) -> str:
    return client.get(reverse("home")).content.decode()


def test_a_card_follows_the_data_at_once(demo):
    cards.forget()
    emma = demo.emma_internship
    mentor = demo.client_for(MENTOR)
    before = _home(mentor)
    assert _home(mentor).count("intern-card") == before.count("intern-card") > 0
    # Something the card shows changes: the next request shows it (the key is the content).
    doc_type = DocumentType.objects.create(network=emma.school.network, name="Attest kinderverzorging", is_default=False)
    missing = RequiredDocument.objects.filter(internship=emma, status="missing", due_date__lt=timezone.localdate()).count()
    RequiredDocument.objects.create(internship=emma, document_type=doc_type, status="missing",
                                    due_date=timezone.localdate() - timedelta(days=3))
    after = _home(mentor)
    assert after != before
    card = after[after.index(emma.student.full_name) - 600:]
    assert f"{missing + 1} documenten ontbreken" in card[:3000] or f"{missing + 1} document ontbreekt" in card[:3000]
    # A draft of this mentor: the card continues it, and the app may open it offline.
    FeedbackSheet.objects.filter(internship=emma, status="draft").delete()
    mentor.post(reverse("feedback:sheet_new", args=[emma.pk]))
    draft = FeedbackSheet.objects.get(internship=emma, status="draft")
    assert reverse("feedback:sheet_detail", args=[emma.pk, draft.pk]) in _home(mentor)


def test_every_request_gets_its_own_csrf_token_and_the_forms_work(demo):
    cards.forget()
    emma = demo.emma_internship
    FeedbackSheet.objects.filter(internship=emma, status="draft").delete()
    mentor = Client(enforce_csrf_checks=True)
    mentor.force_login(demo.user(MENTOR))
    first, second = _home(mentor), _home(mentor)
    tokens = TOKEN.findall(second)
    assert tokens and len(set(tokens)) == 1 and set(tokens) != set(TOKEN.findall(first))
    assert cards.CSRF_SLOT not in second
    # The card's own form posts with the token it was given.
    form = re.search(r'<form method="post" action="(' + re.escape(reverse("feedback:sheet_new", args=[emma.pk])) + r')"', second)
    assert form
    response = mentor.post(form.group(1), {"csrfmiddlewaretoken": tokens[0]})
    assert response.status_code == 302 and FeedbackSheet.objects.filter(internship=emma, status="draft").exists()


def test_the_language_is_part_of_the_key(demo):
    cards.forget()
    mentor = demo.client_for(MENTOR)
    dutch = _home(mentor)
    mentor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _home(mentor)
    assert "Nieuw feedbackblad" in dutch or "Feedbackblad verderzetten" in dutch
    assert "New feedback sheet" in english or "Continue feedback sheet" in english


@pytest.mark.parametrize(("template", "item", "allowed"), [
    ("home/roles/_mentor_card.html", cards.MentorCard, {"card", "sheet", "hub", "csrf_input", "hours_title", "hours_label"}),
    ("home/roles/_internship_row.html", cards.InternshipRow, {"row", "hub"}),
])
def test_a_memoised_template_reads_only_its_item(template, item, allowed):
    """Whatever a card or row shows must be a field of its item (the memo's key): the template
    may read nothing else of the request, the user or the database."""
    source = re.sub(r"\{% comment %\}.*?\{% endcomment %\}", "", Path(settings.BASE_DIR, "templates", template).read_text(), flags=re.S)
    local = {"n", "date", "done", "required", "name"}  # the blocktranslate placeholders
    expressions = re.findall(r"\{\{\s*([^}|\s]+)", source) + re.findall(r"\{%\s*(?:if|elif|for \w+ in)\s+([\w.]+)", source)
    expressions += re.findall(r"\{%\s*item_url '[^']+' ([\w. ]+?)(?: as \w+)?\s*%\}", source)
    expressions += [value for group in re.findall(r"(?:with|count) ((?:\w+=[\w.]+\s*)+)", source)
                    for value in re.findall(r"=([\w.]+)", group)]
    names = {e.split(".")[0] for expression in expressions for e in expression.split() if e and e[0] not in "'\""}
    assert names - allowed - local == set(), names - allowed - local
    name = template.rsplit("_", 1)[1].split(".")[0]
    fields = set(item._fields) | {"status_label"}
    assert set(re.findall(rf"{name}\.(\w+)", source)) <= fields
    assert "request" not in source and "user" not in source and "csrf_token" not in source


def test_the_internship_table_rows_follow_the_data(demo):
    cards.forget()
    teacher = demo.client_for("teacher@uniform.demo")
    emma = demo.emma_internship
    before = _home(teacher)
    assert emma.student.full_name in before
    Internship.objects.filter(pk=emma.pk).update(hours_done=123, required_hours=321)
    after = _home(teacher)
    link = f'<a href="{reverse("internships:detail", args=[emma.pk])}">{emma.student.full_name}</a>'
    row = after[after.index(link):][:600]
    assert "123 / 321" in row and "123 / 321" not in before
