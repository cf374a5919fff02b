from django.apps import AppConfig


class MentorsConfig(AppConfig):
    name = "mentors"
    default_auto_field = "django.db.models.BigAutoField"
