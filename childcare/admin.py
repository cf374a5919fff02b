"""Read-only admin for childcare sites (operators only)."""

from django.contrib import admin

from childcare.models import Site
from web.admin import ReadOnlyAdmin


@admin.register(Site)
class SiteAdmin(ReadOnlyAdmin):
    list_display = ("name", "organisation", "kind", "city", "capacity", "coach_review")
    list_filter = ("kind", "coach_review", "organisation__network")
    search_fields = ("name", "city", "organisation__name")
    list_select_related = ("organisation",)
