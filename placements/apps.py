from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    """Placement periods, places offered and asked, placement requests, the network dashboard."""

    name = "placements"
    default_auto_field = "django.db.models.BigAutoField"
