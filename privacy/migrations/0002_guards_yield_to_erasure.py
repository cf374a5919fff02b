"""On PostgreSQL the guards of signed evaluations (evaluations 0003) and shared sheets
(evaluations 0007) let a change through inside ``audit.purge.purge_allowed()``: erasure
replaces the student's name and free texts there (audit.purge, ADR 0024); the retention job passes the same way."""

import importlib

from django.db import migrations

from audit.purge import with_bypass


def _functions():
    from evaluations.feedback.guard import PG_FUNCTION

    evaluation = importlib.import_module("evaluations.migrations.0003_signed_evaluations_are_immutable").FUNCTION
    return evaluation, PG_FUNCTION


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in _functions():
        schema_editor.execute(with_bypass(sql), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in _functions():
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial"), ("evaluations", "0007_shared_sheets_are_immutable")]
    operations = [migrations.RunPython(forwards, backwards)]
