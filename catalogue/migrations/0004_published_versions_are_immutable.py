"""On PostgreSQL, a trigger refuses any change to the content of a published or retired
catalogue version (clusters, indicators, scale, levels, activities and their links), and to
the version's own content fields. The application refuses first, with a clear message; this
is the guarantee for everything that bypasses it (bulk updates, raw SQL, the shell)."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION uniform_catalogue_guard() RETURNS trigger AS $$
DECLARE
    row_data record;
    vid bigint;
    st text;
BEGIN
    IF TG_OP = 'DELETE' THEN row_data := OLD; ELSE row_data := NEW; END IF;
    IF TG_TABLE_NAME IN ('catalogue_cluster', 'catalogue_indicator', 'catalogue_activitytemplate', 'catalogue_ratingscale') THEN
        vid := row_data.version_id;
    ELSIF TG_TABLE_NAME = 'catalogue_ratinglevel' THEN
        SELECT version_id INTO vid FROM catalogue_ratingscale WHERE id = row_data.scale_id;
    ELSIF TG_TABLE_NAME = 'catalogue_activitytemplate_indicators' THEN
        SELECT version_id INTO vid FROM catalogue_activitytemplate WHERE id = row_data.activitytemplate_id;
    END IF;
    SELECT status INTO st FROM catalogue_catalogueversion WHERE id = vid;
    IF st IS NOT NULL AND st <> 'draft' THEN
        RAISE EXCEPTION 'catalogue version % is %: its content cannot change', vid, st
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    -- Moving a row out of a published version is a change of that version too.
    IF TG_OP = 'UPDATE' THEN
        IF TG_TABLE_NAME IN ('catalogue_cluster', 'catalogue_indicator', 'catalogue_activitytemplate', 'catalogue_ratingscale') THEN
            SELECT status INTO st FROM catalogue_catalogueversion WHERE id = OLD.version_id;
        ELSIF TG_TABLE_NAME = 'catalogue_ratinglevel' THEN
            SELECT v.status INTO st FROM catalogue_catalogueversion v
                JOIN catalogue_ratingscale s ON s.version_id = v.id WHERE s.id = OLD.scale_id;
        ELSE
            SELECT v.status INTO st FROM catalogue_catalogueversion v
                JOIN catalogue_activitytemplate a ON a.version_id = v.id WHERE a.id = OLD.activitytemplate_id;
        END IF;
        IF st IS NOT NULL AND st <> 'draft' THEN
            RAISE EXCEPTION 'catalogue version is %: its content cannot change', st
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN row_data;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION uniform_catalogue_version_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'catalogue version % is %: it cannot be deleted', OLD.id, OLD.status
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status <> 'draft' AND (
        NEW.status = 'draft' OR NEW.label IS DISTINCT FROM OLD.label
        OR NEW.teacher_profile IS DISTINCT FROM OLD.teacher_profile
        OR NEW.mentor_profile IS DISTINCT FROM OLD.mentor_profile
        OR NEW.programme_id IS DISTINCT FROM OLD.programme_id
    ) THEN
        RAISE EXCEPTION 'catalogue version % is %: its content cannot change', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

TABLES = [
    "catalogue_cluster",
    "catalogue_indicator",
    "catalogue_activitytemplate",
    "catalogue_ratingscale",
    "catalogue_ratinglevel",
    "catalogue_activitytemplate_indicators",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_guard BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION uniform_catalogue_guard();"
        )
    schema_editor.execute(
        "CREATE TRIGGER catalogue_catalogueversion_guard BEFORE UPDATE OR DELETE ON catalogue_catalogueversion "
        "FOR EACH ROW EXECUTE FUNCTION uniform_catalogue_version_guard();"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_guard ON {table};")
    schema_editor.execute("DROP TRIGGER IF EXISTS catalogue_catalogueversion_guard ON catalogue_catalogueversion;")
    schema_editor.execute("DROP FUNCTION IF EXISTS uniform_catalogue_guard(); DROP FUNCTION IF EXISTS uniform_catalogue_version_guard();")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_versions_editing")]
    operations = [migrations.RunPython(forwards, backwards)]
