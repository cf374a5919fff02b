"""The network dashboard as an XLSX workbook: counts only, one sheet per table."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from placements.selectors import Dashboard
from web.cells import xlsx_cell


def _figures_sheet(wb, title: str, first: str, rows) -> None:
    ws = wb.create_sheet(title[:31])
    ws.append([first, _("offered"), _("asked"), _("filled"), _("shortage"), _("free")])
    for row in rows:
        ws.append([xlsx_cell(v) for v in (row.label, row.offered, row.asked, row.filled, row.shortage, row.free)])


def dashboard_xlsx(board: Dashboard) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    _figures_sheet(wb, _("Periods"), _("Period"), board.per_period)
    _figures_sheet(wb, _("School years"), _("School year"), board.per_year)
    period = str(board.period) if board.period else ""
    _figures_sheet(wb, f"{_('Municipalities')}", f"{_('Municipality')} ({period})", board.per_municipality)
    _figures_sheet(wb, _("Kinds of care"), f"{_('Kind of care')} ({period})", board.per_kind)
    ws = wb.create_sheet(_("Mentors"))
    ws.append([_("Site"), _("Municipality"), _("Kind of care"), _("Mentors"), _("Trained mentors"), _("Interns now"), _("No trained mentor")])
    for m in board.mentors:
        ws.append([xlsx_cell(v) for v in (
            m.site.name, m.site.city, m.site.get_kind_display(), m.mentors, m.trained, m.interns, _("yes") if m.needs_training else ""
        )])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
