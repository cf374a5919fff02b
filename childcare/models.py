"""Childcare organisations' sites; mentors and coaches are memberships tied to a site."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: More interns than this at one site is a typing error, not a plan.
MAX_PLACES = 99


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
        _("internship places"), default=2, validators=[MaxValueValidator(MAX_PLACES)], help_text=_("How many interns this site can take at the same time.")
    )
    coach_review = models.BooleanField(
        _("feedback goes to the coach first"), default=False,
        help_text=_("Submitted feedback sheets first go to the site's pedagogical coach."),
    )

    # Set on instances by selectors for the pages (not columns; declared for the type checker).
    places_today: int  # home.selectors
    used_today: int
    over_today: bool
    n_trained: int

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="site_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class SiteCapacity(models.Model):
    """How many interns a site can take in one period (e.g. a semester).

    Where no period covers a date, the site's default ``Site.capacity`` applies. Periods of one
    site never overlap, so every date has exactly one answer.
    """

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="capacity_periods", verbose_name=_("site"))
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    places = models.PositiveSmallIntegerField(
        _("internship places"),
        validators=[MaxValueValidator(MAX_PLACES)],
        help_text=_("How many interns the site can take in this period."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("capacity period")
        verbose_name_plural = _("capacity periods")
        ordering = ["site", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="site_capacity_period_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site}: {self.start_date:%d/%m/%Y} – {self.end_date:%d/%m/%Y} ({self.places})"

    def clean(self):
        super().clean()
        if self.start_date is None or self.end_date is None:
            return
        if self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        if self.site_id is None:
            return
        clash = (
            SiteCapacity.objects.filter(site_id=self.site_id, start_date__lte=self.end_date, end_date__gte=self.start_date)
            .exclude(pk=self.pk)
            .order_by("start_date")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _(
                    "This period overlaps the capacity period %(start)s – %(end)s of this site. "
                    "Change or delete that period first, or choose other dates."
                )
                % {"start": f"{clash.start_date:%d/%m/%Y}", "end": f"{clash.end_date:%d/%m/%Y}"}
            )
