"""Read-only admin for programmes and catalogue versions (operators only); the editor is the
coordinator's catalogue page."""

from django.contrib import admin

from catalogue.models import CatalogueVersion, Programme
from web.admin import ReadOnlyAdmin


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "network")
    list_filter = ("network",)
    search_fields = ("name", "code")
    list_select_related = ("network",)


@admin.register(CatalogueVersion)
class CatalogueVersionAdmin(ReadOnlyAdmin):
    list_display = ("label", "programme", "status", "based_on")
    list_filter = ("status", "programme__network")
    search_fields = ("label", "programme__name")
    list_select_related = ("programme", "based_on")
