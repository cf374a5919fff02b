"""Childcare organisations' sites; mentors and coaches are memberships tied to a site."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Site(models.Model):
    """A childcare location (opvanglocatie) of a childcare organisation."""

    class Kind(models.TextChoices):
        DAYCARE = "daycare", _("Day-care centre")
        OUT_OF_SCHOOL = "out_of_school", _("Out-of-school care")

    organisation = models.ForeignKey("uniform.Organisation", on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind of care"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("municipality"), max_length=120, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("internship places"), default=2, help_text=_("How many interns this site can take at the same time.")
    )
    coach_review = models.BooleanField(
        _("feedback goes to the coach first"), default=False,
        help_text=_("Submitted feedback sheets first go to the site's pedagogical coach."),
    )

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="site_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
