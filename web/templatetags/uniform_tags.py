from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ problems|get_item:"indicator-3" }}``: a dict lookup with a computed key."""
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag
def key(*parts):
    """``{% key "indicator" item.pk as k %}`` → "indicator-12"."""
    return "-".join(str(p) for p in parts)
