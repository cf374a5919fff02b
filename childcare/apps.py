from django.apps import AppConfig


class ChildcareConfig(AppConfig):
    """Childcare organisations' sites, capacity, mentors and coaches.

    The label stays ``mentors`` (the app's first name), so no table or migration moves."""

    name = "childcare"
    label = "mentors"
    default_auto_field = "django.db.models.BigAutoField"
