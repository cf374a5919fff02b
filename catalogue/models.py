"""The shared competency catalogue: programmes, versions, clusters, indicators, scale, activities."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PublishedVersionError(ValidationError):
    """Raised when something tries to change a published (or retired) catalogue version."""


def version_status(version_id) -> str | None:
    """The status as stored now (not as cached on some object in memory)."""
    return CatalogueVersion.objects.filter(pk=version_id).values_list("status", flat=True).first()


class DraftOnlyMixin:
    """Rows that belong to a catalogue version may only be written while it is a draft.

    The same rule is enforced by the services (with a friendly message) and, on PostgreSQL,
    by a trigger (see migration 0002)."""

    def _version_id_for_guard(self):
        return self.version_id

    def _guard(self):
        status = version_status(self._version_id_for_guard())
        if status is not None and status != CatalogueVersion.Status.DRAFT:
            raise PublishedVersionError(_("A published catalogue version cannot be changed; start a new draft from it."))

    def save(self, *args, **kwargs):
        self._guard()
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._guard()
        return super().delete(*args, **kwargs)


class Programme(models.Model):
    """A training programme (opleiding), e.g. 'Begeleider in de kinderopvang'."""

    network = models.ForeignKey("uniform.Network", on_delete=models.PROTECT, related_name="programmes", verbose_name=_("network"))
    name = models.CharField(_("name"), max_length=160)
    code = models.SlugField(_("code"), max_length=40)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "code"], name="programme_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class CatalogueVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CatalogueVersion.Status.PUBLISHED)


class CatalogueVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        RETIRED = "retired", _("retired")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="versions", verbose_name=_("programme"))
    label = models.CharField(_("version"), max_length=40, help_text=_("e.g. 2026-2027"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="derived_versions", verbose_name=_("based on"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired on"), null=True, blank=True)
    teacher_profile = models.TextField(
        _("profile of the internship teacher"), blank=True,
        help_text=_("What the network expects of the school's internship teacher."),
    )
    mentor_profile = models.TextField(
        _("profile of the mentor"), blank=True, help_text=_("What the network expects of the workplace mentor.")
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = CatalogueVersionQuerySet.as_manager()

    #: Fields that are content: frozen once the version is published.
    CONTENT_FIELDS = ("label", "teacher_profile", "mentor_profile", "programme_id", "based_on_id")

    class Meta:
        verbose_name = _("catalogue version")
        verbose_name_plural = _("catalogue versions")
        ordering = ["programme__name", "-label"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "label"], name="version_unique_label"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.label}"

    def save(self, *args, **kwargs):
        if self.pk:
            stored = CatalogueVersion.objects.filter(pk=self.pk).values(*self.CONTENT_FIELDS, "status").first()
            if stored and stored["status"] != self.Status.DRAFT:
                if any(stored[f] != getattr(self, f) for f in self.CONTENT_FIELDS) or self.status == self.Status.DRAFT:
                    raise PublishedVersionError(
                        _("A published catalogue version cannot be changed; start a new draft from it.")
                    )
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if version_status(self.pk) not in (None, self.Status.DRAFT):
            raise PublishedVersionError(_("Only a draft can be deleted."))
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class RatingScale(DraftOnlyMixin, models.Model):
    version = models.OneToOneField(CatalogueVersion, on_delete=models.CASCADE, related_name="scale")
    name = models.CharField(_("name"), max_length=120, default="Beoordelingsschaal")

    class Meta:
        verbose_name = _("rating scale")
        verbose_name_plural = _("rating scales")

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class RatingLevel(DraftOnlyMixin, models.Model):
    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="levels", verbose_name=_("rating scale"))
    value = models.PositiveSmallIntegerField(_("level"))
    label = models.CharField(_("label"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    is_sufficient = models.BooleanField(_("sufficient"), default=False)
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["value"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "value"], name="level_unique_value"),
        ]

    def __str__(self) -> str:
        return f"{self.value}. {self.label}"

    def _version_id_for_guard(self):
        return RatingScale.objects.filter(pk=self.scale_id).values_list("version_id", flat=True).first()


class Cluster(DraftOnlyMixin, models.Model):
    """A competence cluster (competentiecluster), e.g. 'Werkhouding'."""

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="clusters", verbose_name=_("catalogue version"))
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("copied from"),
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("competence cluster")
        verbose_name_plural = _("competence clusters")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="cluster_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Indicator(DraftOnlyMixin, models.Model):
    """A behaviour indicator (gedragsindicator): a short observable behaviour."""

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("catalogue version"))
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("competence cluster"))
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("behaviour indicator"))
    guidance = models.TextField(_("guidance or example"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("copied from"),
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("behaviour indicator")
        verbose_name_plural = _("behaviour indicators")
        ordering = ["cluster__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="indicator_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.cluster_id and self.version_id and self.cluster.version_id != self.version_id:
            raise ValidationError(_("The cluster belongs to another catalogue version."))


class ActivityTemplate(DraftOnlyMixin, models.Model):
    """An activity of the activity list (activiteitenlijst), e.g. 'Onthaal'."""

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="activities", verbose_name=_("catalogue version"))
    title = models.CharField(_("activity"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="activities")
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("copied from"),
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    # Set on instances by selectors for the pages (not columns; declared for the type checker).
    codes: str  # editor_outline

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title
