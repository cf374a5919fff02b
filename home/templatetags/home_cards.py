from django import template

from home import cards

register = template.Library()


@register.simple_tag(takes_context=True)
def mentor_cards(context, internships):
    """The mentor's intern cards (home.cards: each rendered once per content)."""
    return cards.render_cards(internships, str(context.get("csrf_token", "")))


@register.simple_tag
def internship_rows(internships, show_school=False, show_group=False, show_site=False, show_mentor=False, show_teacher=False):
    """The rows of an internship table (home.cards: each rendered once per content)."""
    columns = (bool(show_school), bool(show_group), bool(show_site), bool(show_mentor), bool(show_teacher))
    return cards.render_rows(internships, columns)
