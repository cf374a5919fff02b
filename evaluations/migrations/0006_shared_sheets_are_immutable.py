"""A trigger refuses any change to what a shared feedback sheet shows, as 0003 does for signed
evaluations, on PostgreSQL and on SQLite: the sheet's own content (date, author, texts, status,
the coach's comment, revision, snapshot…), its ratings (no insert, update or delete) and its
addenda once written (no update or delete). What the product still allows after sharing goes
through: the student's reflection, new addenda, read receipts (another table), and a user's
deletion setting ``updated_by``/``reviewed_by`` to NULL (the names shown are in the snapshot).
A snapshot may be set once, where it is missing (the back-fill); never changed after.

SQLite drops a table's triggers when Django rebuilds the table (some ALTERs): a later
migration that does so on these tables must run ``create_sqlite`` again; the tests that an
UPDATE is refused fail otherwise (ADR 0011)."""

from django.db import migrations

#: The columns of a shared sheet that never change.
FROZEN = ("internship_id", "author_id", "date", "date_end", "status", "strengths", "work_points", "agreements",
          "revision", "created_at", "submitted_at", "shared_at", "coach_comment", "reviewed_at")

MESSAGE = "feedback sheet is shared: it cannot change"

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION uniform_shared_sheet_guard() RETURNS trigger AS $$
DECLARE
    status_old varchar;
    status_new varchar;
BEGIN
    IF TG_TABLE_NAME = 'evaluations_feedbacksheet' THEN
        IF OLD.status = 'shared' AND TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'feedback sheet %% is shared: it cannot be deleted', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF OLD.status = 'shared' AND TG_OP = 'UPDATE' THEN
            IF %(changed)s
               OR (OLD.snapshot IS NOT NULL AND NEW.snapshot IS DISTINCT FROM OLD.snapshot) THEN
                RAISE EXCEPTION 'feedback sheet %% is shared: it cannot change', OLD.id
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        SELECT status INTO status_old FROM evaluations_feedbacksheet WHERE id = OLD.sheet_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        SELECT status INTO status_new FROM evaluations_feedbacksheet WHERE id = NEW.sheet_id;
    END IF;
    IF status_old = 'shared' OR (status_new = 'shared' AND
            (TG_TABLE_NAME = 'evaluations_feedbackrating' OR TG_OP = 'UPDATE')) THEN
        RAISE EXCEPTION 'feedback sheet is shared: it cannot change'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
""" % {"changed": " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in FROZEN)}

SHARED = "(SELECT status FROM evaluations_feedbacksheet WHERE id = {ref}.sheet_id) = 'shared'"
SQLITE = [
    ("evaluations_feedbacksheet_shared_update", "BEFORE UPDATE ON evaluations_feedbacksheet",
     "OLD.status = 'shared' AND (" + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN)
     + " OR (OLD.snapshot IS NOT NULL AND NEW.snapshot IS NOT OLD.snapshot))"),
    ("evaluations_feedbacksheet_shared_delete", "BEFORE DELETE ON evaluations_feedbacksheet", "OLD.status = 'shared'"),
    ("evaluations_feedbackrating_shared_insert", "BEFORE INSERT ON evaluations_feedbackrating", SHARED.format(ref="NEW")),
    ("evaluations_feedbackrating_shared_update", "BEFORE UPDATE ON evaluations_feedbackrating",
     SHARED.format(ref="OLD") + " OR " + SHARED.format(ref="NEW")),
    ("evaluations_feedbackrating_shared_delete", "BEFORE DELETE ON evaluations_feedbackrating", SHARED.format(ref="OLD")),
    ("evaluations_feedbackaddendum_shared_update", "BEFORE UPDATE ON evaluations_feedbackaddendum",
     SHARED.format(ref="OLD") + " OR " + SHARED.format(ref="NEW")),
    ("evaluations_feedbackaddendum_shared_delete", "BEFORE DELETE ON evaluations_feedbackaddendum", SHARED.format(ref="OLD")),
]


def create_sqlite(schema_editor):
    for name, when, condition in SQLITE:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")
        schema_editor.execute(
            f"CREATE TRIGGER {name} {when} FOR EACH ROW WHEN {condition} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        )


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        create_sqlite(schema_editor)
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
    dependencies = [("evaluations", "0005_backfill_signed_content")]
    operations = [migrations.RunPython(forwards, backwards)]
