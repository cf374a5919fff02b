"""The database guard of shared feedback sheets (migration 0007, ADR 0011): what a shared sheet
shows never changes, on PostgreSQL (a trigger function) and on SQLite (triggers that
``evaluations.apps`` puts back after every migrate, since SQLite drops them when a migration
rebuilds a table)."""

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
            RAISE EXCEPTION 'feedback sheet % is shared: it cannot be deleted', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF OLD.status = 'shared' AND TG_OP = 'UPDATE' THEN
            IF __CHANGED__
               OR (OLD.snapshot IS NOT NULL AND NEW.snapshot IS DISTINCT FROM OLD.snapshot) THEN
                RAISE EXCEPTION 'feedback sheet % is shared: it cannot change', OLD.id
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
""".replace("__CHANGED__", " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in FROZEN))

SHARED = "(SELECT status FROM evaluations_feedbacksheet WHERE id = {ref}.sheet_id) = 'shared'"
# On SQLite deletions are not guarded: ``manage.py flush`` (and the transactional tests) empty a
# SQLite database with DELETE, where PostgreSQL's flush truncates (no row triggers).
SQLITE = [
    ("evaluations_feedbacksheet_shared_update", "BEFORE UPDATE ON evaluations_feedbacksheet",
     "OLD.status = 'shared' AND (" + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN)
     + " OR (OLD.snapshot IS NOT NULL AND NEW.snapshot IS NOT OLD.snapshot))"),
    ("evaluations_feedbackrating_shared_insert", "BEFORE INSERT ON evaluations_feedbackrating", SHARED.format(ref="NEW")),
    ("evaluations_feedbackrating_shared_update", "BEFORE UPDATE ON evaluations_feedbackrating",
     SHARED.format(ref="OLD") + " OR " + SHARED.format(ref="NEW")),
    ("evaluations_feedbackaddendum_shared_update", "BEFORE UPDATE ON evaluations_feedbackaddendum",
     SHARED.format(ref="OLD") + " OR " + SHARED.format(ref="NEW")),
]


#: Triggers of an earlier draft of this guard, dropped where they exist.
SQLITE_DROPPED = ("evaluations_feedbacksheet_shared_delete", "evaluations_feedbackrating_shared_delete",
                  "evaluations_feedbackaddendum_shared_delete")


def create_sqlite(execute) -> None:
    """(Re)create the SQLite triggers; ``execute`` runs one SQL statement."""
    for name in SQLITE_DROPPED:
        execute(f"DROP TRIGGER IF EXISTS {name};")
    for name, when, condition in SQLITE:
        execute(f"DROP TRIGGER IF EXISTS {name};")
        execute(f"CREATE TRIGGER {name} {when} FOR EACH ROW WHEN {condition} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;")
