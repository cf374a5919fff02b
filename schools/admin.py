"""Read-only admin for groups (operators only). Students are not listed: an operator has no
need to browse pupils' records; the school's own pages show them to those who may see them."""

from django.contrib import admin

from schools.models import Group
from web.admin import ReadOnlyAdmin


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin):
    list_display = ("name", "school", "school_year", "programme")
    list_filter = ("school_year", "school__network")
    search_fields = ("name", "school__name")
    list_select_related = ("school", "programme")
    exclude = ("teachers",)
