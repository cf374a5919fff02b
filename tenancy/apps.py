from django.apps import AppConfig


class TenancyConfig(AppConfig):
    """People and where they belong: User, Network, Organisation, Membership, Invitation.

    The label stays ``uniform`` (the app's first name), so no table or migration moves."""

    name = "tenancy"
    label = "uniform"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tenancy import reauth  # noqa: F401  (signal receivers)
