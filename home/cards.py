"""The mentor's intern cards, each rendered once per content (ADR 0033).

A card is a pure function of what it shows: :class:`MentorCard` holds every value the card
template reads (names, dates, status, the due flags, hours, the drafts sent back, whether a new
sheet is offered), and the rendered HTML is kept per process in an LRU memo keyed by that value,
the language and the script prefix. Nothing can go stale: a change to anything the card shows is a
different key, and a deploy (new templates, new translations) starts new processes. The queries
still run on every request (home.selectors); only the template work is saved, which was about
40 % of the mentor's home under load (ADR 0021, third pass).

The CSRF token differs per request, so the card carries a slot that is filled after the memo.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from internships.models import Internship

#: Cards kept per process (a card is about 2 KB: some 8 MB at most per worker).
CARD_MEMO_SIZE = 4096
#: Where the request's CSRF token goes (64 characters of [A-Za-z0-9] replace it).
CSRF_SLOT = "__uniform_csrf_slot__"
_CSRF_INPUT = mark_safe(f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_SLOT}">')  # noqa: S308 - a constant


class SentBack(NamedTuple):
    pk: int
    date: date
    reviewed_by: str
    coach_comment: str


class MentorCard(NamedTuple):
    pk: int
    name: str
    initials: str
    school: str
    group: str
    site: str
    start_date: date
    end_date: date
    status: str
    n_overdue: int
    n_to_confirm: int
    hours_done: Decimal
    required_hours: int
    hours_percent: int
    sent_back: tuple[SentBack, ...]
    takes_feedback: bool
    my_draft: int | None
    has_draft: bool

    @property
    def status_label(self) -> str:
        return str(Internship.Status(self.status).label)


def mentor_card(internship: Internship) -> MentorCard:
    """The card's values, from an internship of home.selectors' mentor section (its flags set)."""
    student = internship.student
    return MentorCard(
        pk=internship.pk, name=student.full_name, initials=student.initials, school=str(internship.school),
        group=str(student.group) if student.group_id else "", site=str(internship.site),
        start_date=internship.start_date, end_date=internship.end_date, status=internship.status,
        n_overdue=internship.n_overdue, n_to_confirm=internship.n_to_confirm,
        hours_done=internship.hours_done, required_hours=internship.required_hours,
        hours_percent=internship.hours_percent,
        sent_back=tuple(SentBack(d["pk"], d["date"], d["reviewed_by"], d["coach_comment"]) for d in internship.sent_back),
        takes_feedback=internship.takes_feedback, my_draft=internship.my_draft, has_draft=bool(internship.n_drafts),
    )


@lru_cache(maxsize=CARD_MEMO_SIZE)
def _rendered(card: MentorCard, language: str | None, prefix: str) -> str:
    return render_to_string("home/roles/_mentor_card.html", {"card": card, "csrf_input": _CSRF_INPUT})


def render_cards(internships, csrf_token: str) -> SafeString:
    """The cards' HTML with this request's CSRF token."""
    token = format_html("{}", csrf_token)
    return mark_safe("".join(  # noqa: S308 - rendered by the template engine, the token escaped
        _rendered(mentor_card(i), get_language(), get_script_prefix()).replace(CSRF_SLOT, token) for i in internships
    ))


def forget() -> None:
    """Empty the memo (tests that change a template or a translation)."""
    _rendered.cache_clear()
