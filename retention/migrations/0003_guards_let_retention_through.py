"""On PostgreSQL, the guards of signed evaluations (evaluations 0003) and of shared feedback
sheets (evaluations 0007) let one transaction through when it has set
``uniform.retention_purge`` (``retention.purge.guards_lifted()``): the retention job blanks
the texts of what has expired and keeps the levels the figures count (ADR 0023). The guard
functions are the same otherwise; SQLite's sheet triggers are dropped and put back by
``guards_lifted()`` itself."""

import importlib

from django.db import migrations

BYPASS = (
    "BEGIN\n    IF current_setting('uniform.retention_purge', true) = 'on' THEN\n"
    "        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n        RETURN NEW;\n    END IF;\n"
)


def _functions():
    from evaluations.feedback.guard import PG_FUNCTION

    evaluation = importlib.import_module("evaluations.migrations.0003_signed_evaluations_are_immutable").FUNCTION
    return evaluation, PG_FUNCTION


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for function in _functions():
        assert "\nBEGIN\n" in function
        schema_editor.execute(function.replace("\nBEGIN\n", "\n" + BYPASS, 1), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for function in _functions():
        schema_editor.execute(function, params=None)


class Migration(migrations.Migration):
    dependencies = [("retention", "0002_retention_policy_and_runs"), ("evaluations", "0007_shared_sheets_are_immutable")]
    operations = [migrations.RunPython(forwards, backwards)]
