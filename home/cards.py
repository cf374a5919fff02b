"""The homes' repeated parts, each rendered once per content (ADR 0033): the mentor's intern
cards and the rows of the internship tables (the other role homes, a student's page).

A card or a row is a pure function of what it shows: :class:`MentorCard` and
:class:`InternshipRow` hold every value their template reads (names, dates, status, the due
flags, hours, the drafts sent back, whether a new sheet is offered), and the rendered HTML is kept
per process in an LRU memo keyed by that value, the template, the language and the script prefix.
Nothing can go stale: a change to anything shown is a different key, and a deploy (new templates,
new translations) starts new processes. The queries still run on every request (home.selectors);
only the template work is saved, which was about 40 % of the mentor's home under load (ADR 0021,
third pass). tests/test_home_cards.py checks that the templates read nothing but their item.

The CSRF token differs per request, so a card carries a slot that is filled after the memo.
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

#: Cards and rows kept per process (a card is about 2 KB, a row 0.6 KB: some 8 MB at most per worker).
MEMO_SIZE = 4096
#: Where the request's CSRF token goes (64 characters of [A-Za-z0-9] replace it).
CSRF_SLOT = "__uniform_csrf_slot__"
_CSRF_INPUT = mark_safe(f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_SLOT}">')  # noqa: S308 - a constant


def _status_label(status: str) -> str:
    return str(Internship.Status(status).label)


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
        return _status_label(self.status)


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


class InternshipRow(NamedTuple):
    """One row of home/roles/_internship_table.html (the ``show_*`` columns are part of it)."""

    pk: int
    name: str
    school: str
    group: str
    site: str
    mentor: str
    teacher: str
    start_date: date
    end_date: date
    hours_done: Decimal
    required_hours: int
    status: str
    n_overdue: int
    n_to_confirm: int
    n_unread: int
    columns: tuple[bool, bool, bool, bool, bool]  # school, group, site, mentor, teacher

    @property
    def status_label(self) -> str:
        return _status_label(self.status)


def internship_row(internship: Internship, columns: tuple[bool, bool, bool, bool, bool]) -> InternshipRow:
    """The row's values; a column not shown is left empty (its relation need not be loaded)."""
    school, group, site, mentor, teacher = columns
    student = internship.student
    return InternshipRow(
        pk=internship.pk, name=student.full_name,
        school=str(internship.school) if school else "",
        group=str(student.group) if group and student.group_id else "",
        site=str(internship.site) if site else "",
        mentor=str(internship.mentor) if mentor and internship.mentor_id else "",
        teacher=str(internship.teacher) if teacher and internship.teacher_id else "",
        start_date=internship.start_date, end_date=internship.end_date,
        hours_done=internship.hours_done, required_hours=internship.required_hours, status=internship.status,
        n_overdue=getattr(internship, "n_overdue", 0) or 0, n_to_confirm=getattr(internship, "n_to_confirm", 0) or 0,
        n_unread=getattr(internship, "n_unread", 0) or 0, columns=columns,
    )


@lru_cache(maxsize=MEMO_SIZE)
def _rendered(template: str, name: str, item: tuple, language: str | None, prefix: str) -> str:
    """``template`` with ``item`` as ``name`` (``card``, ``row``): the language and the prefix are
    part of the key only, the template engine reads them where it always does."""
    return render_to_string(template, {name: item, "csrf_input": _CSRF_INPUT})


def render_cards(internships, csrf_token: str) -> SafeString:
    """The mentor's cards' HTML with this request's CSRF token."""
    token = format_html("{}", csrf_token)
    language, prefix = get_language(), get_script_prefix()
    return mark_safe("".join(  # noqa: S308 - rendered by the template engine, the token escaped
        _rendered("home/roles/_mentor_card.html", "card", mentor_card(i), language, prefix).replace(CSRF_SLOT, token)
        for i in internships
    ))


def render_rows(internships, columns: tuple[bool, bool, bool, bool, bool]) -> SafeString:
    """The internship table's rows (no forms in them)."""
    language, prefix = get_language(), get_script_prefix()
    return mark_safe("".join(  # noqa: S308 - rendered by the template engine
        _rendered("home/roles/_internship_row.html", "row", internship_row(i, columns), language, prefix) for i in internships
    ))


def forget() -> None:
    """Empty the memo (tests that change a template or a translation)."""
    _rendered.cache_clear()
