"""Tags of the evaluation page, which repeats the same few words for each of its ~50 indicators
(ADR 0021)."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

register = template.Library()


@lru_cache(maxsize=512)
def _day(language: str | None, day) -> str:
    """``{{ day|date:"j F" }}`` in the active language (a sheet's date: few per evaluation)."""
    return formats.date_format(day, "j F")


@register.simple_tag
def last_observed(hint) -> SafeString:
    """The indicator's hint, (level value, date of the sheet): "last observed: level 3 on 4 March".
    What ``{% blocktranslate with level=hint.0 date=hint.1|date:"j F" %}`` rendered (the same
    message, the values escaped, not the translation), at an eighth of its cost per indicator."""
    level, day = hint
    return mark_safe(gettext("last observed: level %(level)s on %(date)s") % {
        "level": conditional_escape(formats.localize(level)), "date": conditional_escape(_day(get_language(), day)),
    })
