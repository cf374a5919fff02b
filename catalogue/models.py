"""The shared competency catalogue: programmes, versions, clusters, indicators, scale, activities."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Programme(models.Model):
    """A training programme (opleiding), e.g. 'Begeleider in de kinderopvang'."""

    network = models.ForeignKey("uniform.Network", on_delete=models.PROTECT, related_name="programmes")
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

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="versions")
    label = models.CharField(_("version"), max_length=40, help_text=_("e.g. 2026-2027"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="derived_versions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = CatalogueVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("catalogue version")
        verbose_name_plural = _("catalogue versions")
        ordering = ["programme__name", "-label"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "label"], name="version_unique_label"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.label}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class RatingScale(models.Model):
    version = models.OneToOneField(CatalogueVersion, on_delete=models.CASCADE, related_name="scale")
    name = models.CharField(_("name"), max_length=120, default="Beoordelingsschaal")

    class Meta:
        verbose_name = _("rating scale")
        verbose_name_plural = _("rating scales")

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class RatingLevel(models.Model):
    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField(_("level"))
    label = models.CharField(_("label"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    is_sufficient = models.BooleanField(_("sufficient"), default=False)

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["value"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "value"], name="level_unique_value"),
        ]

    def __str__(self) -> str:
        return f"{self.value}. {self.label}"


class Cluster(models.Model):
    """A competence cluster (competentiecluster), e.g. 'Werkhouding'."""

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="clusters")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
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


class Indicator(models.Model):
    """A behaviour indicator (gedragsindicator): a short observable behaviour."""

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="indicators")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("behaviour indicator"))
    guidance = models.TextField(_("guidance or example"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
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


class ActivityTemplate(models.Model):
    """An activity of the activity list (activiteitenlijst), e.g. 'Onthaal'."""

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("activity"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="activities")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title
