"""Server-drawn SVG bar charts for the network dashboard: no JavaScript, no library.

Readable without colour: each series has its own fill pattern (solid, hatched, dotted) as well
as its own shade, every bar carries its number, and the legend shows the patterns. The numbers
are in a table beside the chart as well. Only presentation attributes (no ``style``), so the
Content-Security-Policy without 'unsafe-inline' holds.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

#: (attribute of a Figures row, label, pattern id suffix, fill)
SERIES = (
    ("offered", "offered", "solid", "#1d4e89"),
    ("asked", "asked", "hatch", "#b35900"),
    ("filled", "filled", "dots", "#2e7d32"),
)


def _defs(prefix: str) -> str:
    return (
        "<defs>"
        f'<pattern id="{prefix}-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#fff"/><rect width="3" height="6" fill="#b35900"/></pattern>'
        f'<pattern id="{prefix}-dots" patternUnits="userSpaceOnUse" width="6" height="6">'
        '<rect width="6" height="6" fill="#e8f5e9"/><circle cx="3" cy="3" r="1.8" fill="#2e7d32"/></pattern>'
        "</defs>"
    )


def _fill(prefix: str, pattern: str, colour: str) -> str:
    return colour if pattern == "solid" else f"url(#{prefix}-{pattern})"


def _labels() -> dict[str, str]:
    return {"offered": _("offered"), "asked": _("asked"), "filled": _("filled")}


def bar_chart(rows, *, title: str, prefix: str, highlight_shortage: bool = True) -> SafeString:
    """Grouped vertical bars (offered, asked, filled) per row; a row with a shortage gets
    "tekort" under its label."""
    rows = list(rows)
    labels = _labels()
    group_w, bar_w, gap = 96, 24, 3
    left, top, plot_h, bottom = 36, 44, 170, 58
    width = max(left + max(1, len(rows)) * group_w + 10, left + len(SERIES) * 120)
    height = top + plot_h + bottom
    peak = max([1, *(getattr(r, s[0]) for r in rows for s in SERIES)])
    step = max(1, round(peak / 4))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{prefix}-title" class="dashboard-chart" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        _defs(prefix),
    ]
    # legend
    x = left
    for attr, _label, pattern, colour in SERIES:
        out.append(f'<rect x="{x}" y="8" width="14" height="14" fill="{_fill(prefix, pattern, colour)}" stroke="#222" stroke-width="0.8"/>')
        out.append(f'<text x="{x + 19}" y="20" font-size="13" fill="#222">{escape(labels[attr])}</text>')
        x += 120
    # grid
    value = 0
    while value <= peak:
        y = top + plot_h - value * plot_h / peak
        out.append(f'<line x1="{left}" x2="{width - 6}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd" stroke-width="1"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#555">{value}</text>')
        value += step
    out.append(f'<line x1="{left}" x2="{width - 6}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#222" stroke-width="1"/>')
    for i, row in enumerate(rows):
        gx = left + i * group_w + 8
        for j, (attr, _label, pattern, colour) in enumerate(SERIES):
            n = getattr(row, attr)
            h = n * plot_h / peak
            bx = gx + j * (bar_w + gap)
            by = top + plot_h - h
            out.append(
                f'<rect x="{bx}" y="{by:.1f}" width="{bar_w}" height="{h:.1f}" fill="{_fill(prefix, pattern, colour)}" '
                f'stroke="#222" stroke-width="0.8"><title>{escape(row.label)}: {escape(labels[attr])} {n}</title></rect>'
            )
            out.append(f'<text x="{bx + bar_w / 2}" y="{by - 4:.1f}" font-size="12" text-anchor="middle" fill="#222">{n}</text>')
        cx = gx + (3 * bar_w + 2 * gap) / 2
        out.append(f'<text x="{cx}" y="{top + plot_h + 17}" font-size="12" text-anchor="middle" fill="#222">{escape(row.label[:14])}</text>')
        if highlight_shortage and row.shortage:
            out.append(
                f'<text x="{cx}" y="{top + plot_h + 34}" font-size="12" font-weight="bold" text-anchor="middle" fill="#a00">'
                f'{escape(_("shortage"))} {row.shortage}</text>'
            )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
