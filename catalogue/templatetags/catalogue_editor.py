"""Tags of the catalogue editor, a page of some 50 indicators with five forms each (ADR 0021):
URLs reversed once per pattern and filled in, and the cluster drop-down built once."""

from __future__ import annotations

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import get_language

register = template.Library()

_SENTINEL = 987654320  # + the argument's position: a number no primary key reaches in the editor
_patterns: dict[tuple, str] = {}


@register.simple_tag
def item_url(name: str, *args) -> str:
    """``{% url name args %}`` for integer ids: the pattern is reversed once (per script prefix
    and language) with sentinel numbers, then the ids are put in; string arguments are part of
    the key. Same result as ``reverse``, without resolving the pattern for every form."""
    key = (get_script_prefix(), get_language(), name, tuple(a if isinstance(a, str) else None for a in args))
    pattern = _patterns.get(key)
    if pattern is None:
        pattern = reverse(name, args=[a if isinstance(a, str) else _SENTINEL + n for n, a in enumerate(args)])
        _patterns[key] = pattern
    for n, a in enumerate(args):
        if not isinstance(a, str):
            pattern = pattern.replace(str(_SENTINEL + n), str(int(a)), 1)
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
