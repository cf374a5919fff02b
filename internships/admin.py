"""Read-only admin for the documents networks ask of sites (operators only). Internships
themselves are not listed: each one names a student, and the app shows it to those who may see it."""

from django.contrib import admin

from internships.models import DocumentType
from web.admin import ReadOnlyAdmin


@admin.register(DocumentType)
class DocumentTypeAdmin(ReadOnlyAdmin):
    list_display = ("name", "network", "days_before_start", "is_default", "order")
    list_filter = ("is_default", "network")
    search_fields = ("name",)
    list_select_related = ("network",)
