"""``{% url %}`` for links without arguments, reversed once per process (issue 21).

base.html reverses some twenty fixed links (the menu, the account menu, the footer) on every
page; Django's ``{% url %}`` resolves and reverses each every time. Loading this library after
the built-ins replaces ``{% url %}`` in that template: a literal view name without arguments
and without ``as`` is reversed on its first use and then read from a dict, keyed by what a
reversal depends on (the current app, the script prefix, the URL configuration) and by
autoescaping. Anything else is Django's own tag, unchanged.
"""

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import get_script_prefix, get_urlconf

register = template.Library()

_reversed: dict[tuple, str] = {}


class FixedURLNode(URLNode):
    def render(self, context):
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        key = (self.view_name.var, current_app, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, context.autoescape)
        try:
            return _reversed[key]
        except KeyError:
            url = _reversed[key] = super().render(context)
            return url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    name = node.view_name
    if not node.args and not node.kwargs and node.asvar is None and isinstance(name.var, str) and not name.filters:
        return FixedURLNode(name, [], {}, None)
    return node
