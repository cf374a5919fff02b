from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo region (``manage.py seed_demo``): no models, only data made through the services."""

    name = "demo"
