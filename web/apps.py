from django.apps import AppConfig


class WebConfig(AppConfig):
    """What every page shares: navigation, template tags, service messages."""

    name = "web"
