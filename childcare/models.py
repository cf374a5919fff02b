"""Childcare organisations' sites; mentors and coaches are memberships tied to a site."""

from __future__ import annotations

from django.conf import settings
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
        FAMILY = "family", _("Family day-care")
        PLAYGROUP = "playgroup", _("Toddler playgroup")
        HOLIDAY = "holiday", _("Holiday play scheme")

    #: The age groups a site may serve: (field, label); a site ticks any number of them.
    AGE_GROUPS = (
        ("ages_baby", _("Babies (0–18 months)")),
        ("ages_toddler", _("Toddlers (18 months–3 years)")),
        ("ages_preschool", _("Pre-school children (3–6 years)")),
        ("ages_school", _("Primary school children (6–12 years)")),
    )

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
    # The profile schools and students read before an internship (ADR 0017).
    ages_baby = models.BooleanField(_("babies (0–18 months)"), default=False)
    ages_toddler = models.BooleanField(_("toddlers (18 months–3 years)"), default=False)
    ages_preschool = models.BooleanField(_("pre-school children (3–6 years)"), default=False)
    ages_school = models.BooleanField(_("primary school children (6–12 years)"), default=False)
    vision = models.TextField(_("vision"), blank=True, max_length=4000)
    accents = models.TextField(
        _("pedagogical accents"), blank=True, max_length=4000,
        help_text=_("What the site puts first, e.g. an open play offer, lots of outdoor play."),
    )
    expectations = models.TextField(_("what we expect of interns"), blank=True, max_length=4000)
    hours = models.TextField(_("opening hours and shifts"), blank=True, max_length=2000)
    what_to_bring = models.TextField(_("what to bring"), blank=True, max_length=2000)
    directions = models.TextField(_("how to get there"), blank=True, max_length=2000)
    required_documents = models.ManyToManyField(
        "internships.DocumentType", blank=True, related_name="+", verbose_name=_("documents we require"),
    )
    profile_updated_at = models.DateTimeField(_("profile updated"), null=True, blank=True)

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

    @property
    def age_group_labels(self) -> list[str]:
        return [str(label) for field, label in self.AGE_GROUPS if getattr(self, field)]


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


class IntroductionMoment(models.Model):
    """A kennismakingsmoment: a date when a class or a student can come and get to know a site,
    published by its childcare admin. ``places_taken`` is kept by the services with a conditional
    update (never more than ``places``, even for two registrations at the same moment)."""

    class Audience(models.TextChoices):
        ANY = "any", _("Classes and individual students")
        GROUPS = "groups", _("Classes")
        STUDENTS = "students", _("Individual students")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="introductions", verbose_name=_("site"))
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    places = models.PositiveSmallIntegerField(
        _("places"), validators=[MaxValueValidator(200)], help_text=_("How many students can come (a class counts its students)."),
    )
    places_taken = models.PositiveSmallIntegerField(default=0, editable=False)
    audience = models.CharField(_("for whom"), max_length=20, choices=Audience.choices, default=Audience.ANY)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("introduction moment")
        verbose_name_plural = _("introduction moments")
        ordering = ["date", "start_time"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_time__gt=models.F("start_time")), name="introduction_times_valid"),
            models.CheckConstraint(condition=models.Q(places_taken__lte=models.F("places")), name="introduction_not_overbooked"),
        ]

    def __str__(self) -> str:
        return f"{self.site}: {self.date:%d/%m/%Y} {self.start_time:%H:%M}"

    @property
    def places_left(self) -> int:
        return max(0, self.places - self.places_taken)

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The end must be after the start.")})


class IntroductionRegistration(models.Model):
    """A class (with its number of students) or one student registered for a moment by their
    teacher or school admin. Cancelled registrations stay, with the time of cancelling."""

    moment = models.ForeignKey(IntroductionMoment, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("introduction moment"))
    school = models.ForeignKey("uniform.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("school"))
    group = models.ForeignKey("schools.Group", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("class"))
    student = models.ForeignKey("schools.Student", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("student"))
    number = models.PositiveSmallIntegerField(_("number of students"), validators=[MaxValueValidator(200)])
    note = models.CharField(_("note"), max_length=300, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration for an introduction moment")
        verbose_name_plural = _("registrations for introduction moments")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(group__isnull=False, student__isnull=True) | models.Q(group__isnull=True, student__isnull=False)),
                name="introduction_registration_group_or_student",
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="introduction_registration_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.moment} · {self.group or self.student} ({self.number})"
