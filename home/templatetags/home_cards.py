from django import template

from home import cards

register = template.Library()


@register.simple_tag(takes_context=True)
def mentor_cards(context, internships):
    """The mentor's intern cards (home.cards: each rendered once per content)."""
    return cards.render_cards(internships, str(context.get("csrf_token", "")))
