"""Back-fill what a signature and a signed document now store (ADR 0011): for every signed
evaluation the digest of what each signature covers and, when locked, the snapshot it is shown
from; for every shared feedback sheet its snapshot. They are taken from the content as it is
when this runs: that is all that is known of signatures given before digests existed.

Uses the application's own content builders (the one way content is turned into JSON), so it
is meant to run with the code of this release; on PostgreSQL the guard of locked evaluations is
switched off for the back-fill only, within this migration's transaction."""

from django.db import migrations


def forwards(apps, schema_editor):
    from evaluations.evaluation.models import Evaluation
    from evaluations.evaluation.selectors import ROLES, content_digest, evaluation_content, evaluation_snapshot
    from evaluations.feedback.models import FeedbackSheet
    from evaluations.feedback.selectors import sheet_content

    db = schema_editor.connection.alias
    postgres = schema_editor.connection.vendor == "postgresql"
    signed = Evaluation.objects.using(db).filter(mentor_signed_at__isnull=False) | Evaluation.objects.using(db).filter(
        teacher_signed_at__isnull=False
    )
    evaluations = list(signed.select_related("mentor_signed_by", "teacher_signed_by", "revision_of"))
    if evaluations and postgres:
        # Deferred foreign key checks pending in this transaction would make ALTER TABLE fail.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE;")
        schema_editor.execute("ALTER TABLE evaluations_evaluation DISABLE TRIGGER evaluations_evaluation_guard;")
    for evaluation in evaluations:
        content = evaluation_content(evaluation)
        values = {}
        for role in ROLES:
            if getattr(evaluation, f"{role}_signed_at") and not getattr(evaluation, f"{role}_signed_digest"):
                values[f"{role}_signed_digest"] = content_digest(content, role)
                setattr(evaluation, f"{role}_signed_digest", values[f"{role}_signed_digest"])
        if evaluation.locked_at and evaluation.snapshot is None:
            values["snapshot"] = {**evaluation_snapshot(evaluation, content), "backfilled": True}
        if values:
            Evaluation.objects.using(db).filter(pk=evaluation.pk).update(**values)
    if evaluations and postgres:
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE;")
        schema_editor.execute("ALTER TABLE evaluations_evaluation ENABLE TRIGGER evaluations_evaluation_guard;")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED;")
    for sheet in FeedbackSheet.objects.using(db).filter(status="shared", snapshot__isnull=True).select_related("author", "reviewed_by"):
        FeedbackSheet.objects.using(db).filter(pk=sheet.pk).update(snapshot={**sheet_content(sheet), "backfilled": True})


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0005_signature_digests_and_snapshots")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
