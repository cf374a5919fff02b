"""Reads of export jobs that no access rule narrows: figures for operators (web/metrics.py)."""

from __future__ import annotations

from django.db.models import Count

from exports.models import ExportJob


def jobs_per_status() -> dict[str, int]:
    """Export jobs kept, by status (every status, 0 where there is none): counts, no tenant data."""
    counts = dict(ExportJob.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return {status.value: counts.get(status.value, 0) for status in ExportJob.Status}
