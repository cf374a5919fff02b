"""Notification rows, delivery preferences and daily digests (ADR 0015).

Every notification is a row: who (``recipient``), what (``kind`` + ``context``, and the
``subject``/``body`` as rendered in the recipient's language when it was made), about which
object (``about`` — a generic relation — and ``internship`` for grouping and for who-sent-what),
where to go (``link``, a URL path), and how it was delivered (``delivery`` + ``mail_status``,
``mailed_at``, ``mail_error``). ``dedupe_key`` is unique per recipient: writing the same
notification twice writes one row.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind


class Delivery(models.TextChoices):
    """How a person wants a kind delivered (a preference) — and how a row was delivered."""

    IMMEDIATELY = "immediately", _("Immediately, by mail")
    DIGEST = "digest", _("In the daily digest")
    OFF = "off", _("Off")


class MailStatus(models.TextChoices):
    NONE = "none", _("not mailed")
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("sending failed")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    network = models.ForeignKey("uniform.Network", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=48, choices=Kind.choices)
    internship = models.ForeignKey(
        "internships.Internship", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    about_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    about_id = models.CharField(max_length=40, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    link = models.CharField(_("link"), max_length=500)
    context = models.JSONField(default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    language = models.CharField(max_length=8, default="nl")
    must_act = models.BooleanField(default=False)
    dedupe_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(_("delivery"), max_length=12, choices=Delivery.choices)
    mail_status = models.CharField(_("mail"), max_length=12, choices=MailStatus.choices, default=MailStatus.NONE)
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mail_error = models.CharField(max_length=300, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey("Digest", on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications")

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_once_per_recipient"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["mail_status", "delivery"], name="notification_mail_due"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.kind} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    def text(self) -> tuple[str, str]:
        """Title and body in the active language (the page's), from kind and context."""
        from notifications.kinds import render

        return render(self.kind, self.context)


class Preference(models.Model):
    """A person's choice for one kind. No row: the default (``services.default_delivery``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(max_length=48, choices=Kind.choices)
    delivery = models.CharField(max_length=12, choices=Delivery.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: {self.delivery}"


class MailSettings(models.Model):
    """Per person: the hour of the daily digest and the language of mails.

    ``language`` is set when the person chooses a language with the switch in the footer (and
    on the preferences page); blank means Dutch, the default (ADR 0002)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_settings")
    digest_hour = models.PositiveSmallIntegerField(_("hour of the daily digest"), default=7, validators=[MaxValueValidator(23)])
    language = models.CharField(_("language of mails"), max_length=8, blank=True, choices=settings.LANGUAGES)

    def __str__(self) -> str:
        return f"{self.user}: {self.digest_hour}h {self.language or '-'}"


class Digest(models.Model):
    """One daily digest mail: at most one per person per (local) day."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    day = models.DateField()
    created_at = models.DateTimeField()
    mail_status = models.CharField(max_length=12, choices=MailStatus.choices, default=MailStatus.PENDING)
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mail_error = models.CharField(max_length=300, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.day}"
