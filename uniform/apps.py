from django.apps import AppConfig


class UniformConfig(AppConfig):
    name = "uniform"
    default_auto_field = "django.db.models.BigAutoField"
