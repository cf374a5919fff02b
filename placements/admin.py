"""Read-only admin for placements (operators only)."""

from django.contrib import admin

from placements.models import PlaceDemand, PlacementPeriod, PlacementRequest, PlaceOffer
from web.admin import ReadOnlyAdmin


@admin.register(PlacementPeriod)
class PlacementPeriodAdmin(ReadOnlyAdmin):
    list_display = ("name", "network", "start_date", "end_date", "school_year")
    list_filter = ("network",)


@admin.register(PlaceOffer)
class PlaceOfferAdmin(ReadOnlyAdmin):
    list_display = ("site", "period", "published_at")
    list_select_related = ("site", "period")


@admin.register(PlaceDemand)
class PlaceDemandAdmin(ReadOnlyAdmin):
    list_display = ("school", "period", "students", "municipality", "site_kind")
    list_select_related = ("school", "period")


@admin.register(PlacementRequest)
class PlacementRequestAdmin(ReadOnlyAdmin):
    list_display = ("school", "site", "period", "status", "updated_at")
    list_filter = ("status",)
    list_select_related = ("school", "site", "period")
