"""On PostgreSQL, a trigger refuses any change to a signed (locked) evaluation and its
ratings and remarks: the application refuses first; this covers bulk updates and the shell."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION uniform_evaluation_guard() RETURNS trigger AS $$
DECLARE
    eid uuid;
    locked timestamptz;
BEGIN
    IF TG_TABLE_NAME = 'evaluations_evaluation' THEN
        IF OLD.locked_at IS NOT NULL THEN
            RAISE EXCEPTION 'evaluation % is signed: it cannot change', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN eid := OLD.evaluation_id; ELSE eid := NEW.evaluation_id; END IF;
    SELECT locked_at INTO locked FROM evaluations_evaluation WHERE id = eid;
    IF locked IS NULL AND TG_OP = 'UPDATE' THEN
        SELECT locked_at INTO locked FROM evaluations_evaluation WHERE id = OLD.evaluation_id;
    END IF;
    IF locked IS NOT NULL THEN
        RAISE EXCEPTION 'evaluation % is signed: it cannot change', eid
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    schema_editor.execute(
        "CREATE TRIGGER evaluations_evaluation_guard BEFORE UPDATE OR DELETE ON evaluations_evaluation "
        "FOR EACH ROW EXECUTE FUNCTION uniform_evaluation_guard();"
    )
    for table in ("evaluations_evaluationrating", "evaluations_evaluationclusterremark"):
        schema_editor.execute(
            f"CREATE TRIGGER {table}_guard BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION uniform_evaluation_guard();"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS evaluations_evaluation_guard ON evaluations_evaluation;")
    for table in ("evaluations_evaluationrating", "evaluations_evaluationclusterremark"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_guard ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS uniform_evaluation_guard();")


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0002_evaluations")]
    operations = [migrations.RunPython(forwards, backwards)]
