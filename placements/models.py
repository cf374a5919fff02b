"""Placement periods of a network, the places sites publish for them, the demand schools post,
and the requests by which a school asks a site for a place (ADR 0018).

The number of places lives where it always did, in ``childcare.SiteCapacity``: publishing places
for a period writes the site's capacity period for exactly those dates and a ``PlaceOffer`` that
makes it visible to the network's schools. Accepting a request locks that capacity row.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from childcare.models import MAX_PLACES, Site


def school_year_of(start) -> str:
    """The school year (1 September – 31 August) a date falls in: "2026-2027"."""
    first = start.year if start.month >= 9 else start.year - 1
    return f"{first}-{first + 1}"


class PlacementPeriod(models.Model):
    """A period of the network in which internships run, e.g. "Voorjaar 2027"."""

    network = models.ForeignKey("uniform.Network", on_delete=models.PROTECT, related_name="placement_periods")
    name = models.CharField(_("name"), max_length=80)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    school_year = models.CharField(_("school year"), max_length=9, editable=False)

    class Meta:
        verbose_name = _("placement period")
        verbose_name_plural = _("placement periods")
        ordering = ["start_date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="placement_period_unique_name"),
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="placement_period_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
            if (self.end_date - self.start_date).days > 366:
                raise ValidationError({"end_date": _("A placement period lasts at most a year.")})
            self.school_year = school_year_of(self.start_date)


class PlaceOffer(models.Model):
    """A site's places for a period, published to the network's schools. The number is the
    site's capacity period for the period's dates (``capacity.places``)."""

    period = models.ForeignKey(PlacementPeriod, on_delete=models.PROTECT, related_name="offers", verbose_name=_("period"))
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="place_offers", verbose_name=_("site"))
    capacity = models.OneToOneField(
        "mentors.SiteCapacity", on_delete=models.CASCADE, related_name="offer", verbose_name=_("capacity period")
    )
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("places offered")
        verbose_name_plural = _("places offered")
        constraints = [models.UniqueConstraint(fields=["period", "site"], name="place_offer_once_per_period")]

    def __str__(self) -> str:
        return f"{self.site} – {self.period}"


class PlaceDemand(models.Model):
    """A school's demand for places in a period: counts, never names."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    period = models.ForeignKey(PlacementPeriod, on_delete=models.PROTECT, related_name="demands", verbose_name=_("period"))
    school = models.ForeignKey("uniform.Organisation", on_delete=models.PROTECT, related_name="place_demands", verbose_name=_("school"))
    programme = models.ForeignKey("catalogue.Programme", on_delete=models.PROTECT, related_name="+", verbose_name=_("programme"))
    year = models.CharField(_("year"), max_length=40, help_text=_("e.g. 6th year, 7th year, adult education"))
    students = models.PositiveSmallIntegerField(
        _("number of students"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    municipality = models.CharField(_("preferred municipality"), max_length=120, blank=True)
    site_kind = models.CharField(_("preferred kind of care"), max_length=20, choices=Site.Kind.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("demand for places")
        verbose_name_plural = _("demand for places")
        ordering = ["period__start_date", "school__name"]

    def __str__(self) -> str:
        return f"{self.school} – {self.period}: {self.students}"


class PlacementRequest(models.Model):
    """A school asks a site for a place for one student, or proposes several."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the site")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        COUNTER = "counter_proposed", _("other period proposed")
        COUNTER_DECLINED = "counter_declined", _("other period declined")

    OPEN = (Status.PENDING, Status.COUNTER)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey("uniform.Organisation", on_delete=models.PROTECT, related_name="placement_requests", verbose_name=_("school"))
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="placement_requests", verbose_name=_("site"))
    period = models.ForeignKey(PlacementPeriod, on_delete=models.PROTECT, related_name="requests", verbose_name=_("period"))
    programme = models.ForeignKey("catalogue.Programme", on_delete=models.PROTECT, related_name="+", verbose_name=_("programme"))
    students = models.ManyToManyField("schools.Student", related_name="placement_requests", verbose_name=_("students"))
    places = models.PositiveSmallIntegerField(
        _("places asked"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_PLACES)],
        help_text=_("How many of the proposed students the school asks a place for."),
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("internship teacher"),
    )
    message = models.TextField(_("message to the site"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    counter_period = models.ForeignKey(
        PlacementPeriod, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("proposed period")
    )
    counter_mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("mentor")
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    internships = models.ManyToManyField("internships.Internship", blank=True, related_name="placement_requests")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("placement request")
        verbose_name_plural = _("placement requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.school} → {self.site} ({self.period})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class PlacementEvent(models.Model):
    """A line of a request's history: who did what when, and why."""

    class Action(models.TextChoices):
        ASKED = "asked", _("asked for a place")
        ACCEPTED = "accepted", _("accepted the request")
        DECLINED = "declined", _("declined the request")
        COUNTER = "counter_proposed", _("proposed another period")
        COUNTER_ACCEPTED = "counter_accepted", _("accepted the other period")
        COUNTER_DECLINED = "counter_declined", _("declined the other period")

    request = models.ForeignKey(PlacementRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    period = models.ForeignKey(PlacementPeriod, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.action}"
