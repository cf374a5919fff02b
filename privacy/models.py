"""What is left of an erasure: who erased, when, a random reference, and counts (ADR 0024).

The row names nobody who was erased: no name, no email, no foreign key to the student or the
person (the student row stays only as the anonymous placeholder, the person's account as a
label). The reference is what a school quotes when it answers a data-protection request.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_reference() -> str:
    return secrets.token_hex(6).upper()


class ErasureRecord(models.Model):
    class Kind(models.TextChoices):
        STUDENT = "student", _("student erased")
        PERSON = "person", _("person anonymised")

    reference = models.CharField(_("reference"), max_length=20, unique=True, default=new_reference, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    network = models.ForeignKey("uniform.Network", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("uniform.Organisation", on_delete=models.PROTECT, related_name="+")
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by"),
    )
    erased_at = models.DateTimeField(_("on"))
    #: How many rows and files of each kind went (numbers only).
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("erasure")
        ordering = ["-erased_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference} {self.erased_at:%Y-%m-%d}"
