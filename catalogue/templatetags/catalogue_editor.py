"""Tags of the catalogue editor, a page of some 50 indicators with five forms each (ADR 0021):
URLs reversed once per pattern and filled in, and the cluster drop-down built once."""

from __future__ import annotations

import uuid

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import get_language

register = template.Library()

_SENTINEL = 987654320  # + the argument's position: a number no primary key reaches in the editor
_SENTINEL_UUID = 0xFEEDFACE_0000_4000_8000_0000DEADBEEF  # + the position: for UUID keys (internships)
_patterns: dict[tuple, str] = {}


def _sentinel(arg, n: int):
    return uuid.UUID(int=_SENTINEL_UUID + n) if isinstance(arg, uuid.UUID) else _SENTINEL + n


@register.simple_tag
def item_url(name: str, *args) -> str:
    """``{% url name args %}`` for integer ids and UUIDs: the pattern is reversed once (per
    script prefix and language) with sentinel values, then the ids are put in; string arguments
    are part of the key. Same result as ``reverse``, without resolving the pattern for every
    form (the editor) or card (the mentor's home)."""
    key = (get_script_prefix(), get_language(), name,
           tuple(a if isinstance(a, str) else type(a) is uuid.UUID for a in args))
    pattern = _patterns.get(key)
    if pattern is None:
        pattern = reverse(name, args=[a if isinstance(a, str) else _sentinel(a, n) for n, a in enumerate(args)])
        _patterns[key] = pattern
    for n, a in enumerate(args):
        if not isinstance(a, str):
            pattern = pattern.replace(str(_sentinel(a, n)), str(a if isinstance(a, uuid.UUID) else int(a)), 1)
    return pattern


def cluster_choices(clusters) -> list[tuple[int, str]]:
    """What the drop-down shows of each cluster: its code and shortened title (the view builds
    it once per page)."""
    return [(c.pk, f"{c.code}. {Truncator(c.title).chars(30)}") for c in clusters]


@register.simple_tag(takes_context=True)
def cluster_options(context, selected_id) -> str:
    """The cluster drop-down's options, from the page's ``cluster_choices``."""
    return format_html_join("", "{}", (
        (format_html('<option value="{}"{}>{}</option>', pk, " selected" if pk == selected_id else "", label),)
        for pk, label in context["cluster_choices"]
    ))
