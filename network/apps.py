from django.apps import AppConfig


class NetworkConfig(AppConfig):
    """The coordinator builds the network: schools and childcare organisations (no models of its
    own: they are tenancy's Organisation and Invitation)."""

    name = "network"
    default_auto_field = "django.db.models.BigAutoField"
