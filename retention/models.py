"""How long a network keeps each kind of record, and the holds that stop deletion (issue 16).

A ``LegalHold`` on a student or on one internship stops the retention job and erasure from
removing anything of it until the hold is lifted (``lifted_at``); it always carries a reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class LegalHoldQuerySet(models.QuerySet["LegalHold"]):
    def active(self) -> LegalHoldQuerySet:
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    network = models.ForeignKey("uniform.Network", on_delete=models.CASCADE, related_name="legal_holds")
    student = models.ForeignKey(
        "schools.Student", on_delete=models.PROTECT, null=True, blank=True, related_name="legal_holds"
    )
    internship = models.ForeignKey(
        "internships.Internship", on_delete=models.PROTECT, null=True, blank=True, related_name="legal_holds"
    )
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    placed_at = models.DateTimeField()
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(student__isnull=False) | Q(internship__isnull=False), name="legalhold_has_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"hold on {self.student_id or self.internship_id} since {self.placed_at:%Y-%m-%d}"
