"""A trigger refuses any change to what a shared feedback sheet shows, as 0003 does for signed
evaluations, on PostgreSQL and on SQLite: the sheet's own content (date, author, texts, status,
the coach's comment, revision, snapshot…), its ratings (no insert, update or delete) and its
addenda once written (no update or delete). On SQLite deletions are not guarded (its flush
empties tables with DELETE; PostgreSQL's truncates). What the product still allows after sharing goes
through: the student's reflection, new addenda, read receipts (another table), and a user's
deletion setting ``updated_by``/``reviewed_by`` to NULL (the names shown are in the snapshot).
A snapshot may be set once, where it is missing (the back-fill); never changed after.

SQLite drops a table's triggers when Django rebuilds the table (some ALTERs): evaluations.apps
puts them back after every migrate. The SQL lives in evaluations.feedback.guard (ADR 0011)."""

from django.db import migrations

from evaluations.feedback.guard import PG_FUNCTION, SQLITE, create_sqlite


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        create_sqlite(schema_editor.execute)
    elif vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)
        schema_editor.execute(
            "CREATE TRIGGER evaluations_feedbacksheet_shared_guard BEFORE UPDATE OR DELETE ON evaluations_feedbacksheet "
            "FOR EACH ROW EXECUTE FUNCTION uniform_shared_sheet_guard();"
        )
        schema_editor.execute(
            "CREATE TRIGGER evaluations_feedbackrating_shared_guard BEFORE INSERT OR UPDATE OR DELETE ON evaluations_feedbackrating "
            "FOR EACH ROW EXECUTE FUNCTION uniform_shared_sheet_guard();"
        )
        schema_editor.execute(
            "CREATE TRIGGER evaluations_feedbackaddendum_shared_guard BEFORE UPDATE OR DELETE ON evaluations_feedbackaddendum "
            "FOR EACH ROW EXECUTE FUNCTION uniform_shared_sheet_guard();"
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for name, _when, _condition in SQLITE:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")
    elif vendor == "postgresql":
        for table in ("evaluations_feedbacksheet", "evaluations_feedbackrating", "evaluations_feedbackaddendum"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_shared_guard ON {table};")
        schema_editor.execute("DROP FUNCTION IF EXISTS uniform_shared_sheet_guard();")


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0006_backfill_signed_content")]
    operations = [migrations.RunPython(forwards, backwards)]
