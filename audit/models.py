"""Who looked at a student's record (issue 16, ADR 0022).

One row per view or download of something that belongs to a student: their record, an
internship page, a feedback sheet, an evaluation, the progress grid, the activity list, an
uploaded document, a PDF or an export. The rows are append-only: on PostgreSQL a trigger
(migration 0001) refuses UPDATE and DELETE unless the transaction has called
``audit.purge.purge_allowed()`` (the retention job and erasure do).

The foreign keys carry no database constraint and ``DO_NOTHING``: deleting a user or a
student must not cascade into (or be refused by) the append-only table; erasure removes the
rows that name a student itself, under ``purge_allowed()``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AccessEvent(models.Model):
    class What(models.TextChoices):
        RECORD = "record", "student record"
        INTERNSHIP = "internship", "internship page"
        SHEET = "sheet", "feedback sheet"
        EVALUATION = "evaluation", "evaluation"
        PROGRESS = "progress", "progress grid"
        ACTIVITIES = "activities", "activity list"
        DOCUMENT = "document", "uploaded document"
        PDF = "pdf", "PDF"
        EXPORT = "export", "export"

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(db_index=True)
    network = models.ForeignKey(
        "uniform.Network", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", null=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", null=True
    )
    # the role the viewer acted in (tenancy.models.Role value), "" when none applied
    role = models.CharField(max_length=32, blank=True)
    student = models.ForeignKey(
        "schools.Student", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", null=True
    )
    internship = models.ForeignKey(
        "internships.Internship", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", null=True
    )
    what = models.CharField(max_length=16, choices=What.choices)
    # the primary key of the object looked at (a sheet, a document version, ...), "" for a page
    object_id = models.CharField(max_length=64, blank=True)
    path = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["student", "-at"], name="audit_student_at"),
            models.Index(fields=["user", "-at"], name="audit_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.what} {self.object_id}"
