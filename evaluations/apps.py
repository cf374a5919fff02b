from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sqlite_guards(sender, using="default", **kwargs):
    """SQLite drops a table's triggers when a migration rebuilds the table: after every migrate
    (and flush) the shared-sheet guard is put back (ADR 0011)."""
    from django.db import connections

    from evaluations.feedback.guard import create_sqlite

    connection = connections[using]
    if connection.vendor != "sqlite" or "evaluations_feedbacksheet" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        create_sqlite(cursor.execute)


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_sqlite_guards, sender=self, dispatch_uid="evaluations_sqlite_guards")
