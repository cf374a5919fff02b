from django.apps import AppConfig


class WebConfig(AppConfig):
    """What every page shares: navigation, template tags, service messages."""

    name = "web"

    def ready(self) -> None:
        from web.observability import connect_task_signals

        connect_task_signals()  # task ids in the workers' log lines (ADR 0030)
