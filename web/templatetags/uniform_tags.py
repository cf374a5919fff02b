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


@register.filter
def width_class(percent) -> str:
    """``pct-N``: a width of N % (0..100) as a class of static/css/uniform.css. The CSP allows no
    style="" attributes (ADR 0010), so progress bars take their width from a class."""
    try:
        n = round(float(percent))
    except (TypeError, ValueError):
        n = 0
    return f"pct-{min(max(n, 0), 100)}"
