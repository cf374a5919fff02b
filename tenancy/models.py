"""Core tenancy models: people, networks, organisations, memberships and invitations."""

from __future__ import annotations

import secrets
import uuid
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from datetime import date

    from schools.models import Group


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Email is the login; what they may do comes from their memberships."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff (Django admin)"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]

    @property
    def initials(self) -> str:
        parts = [p for p in (self.full_name or self.email).replace(".", " ").split() if p]
        return "".join(p[0] for p in parts[:2]).upper() or "?"


class Network(models.Model):
    """The tenant: a regional partnership such as a province. Networks never see each other."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(unique=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    training_max_participants = models.PositiveSmallIntegerField(
        _("at most participants in a training course"), default=16,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        CHILDCARE = "childcare", _("Childcare organisation")

    class SchoolType(models.TextChoices):
        SECONDARY = "secondary", _("Secondary education")
        ADULT = "adult", _("Adult education")

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="organisations")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=160)
    address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("municipality"), max_length=120, blank=True)
    school_type = models.CharField(
        _("type of education"), max_length=20, choices=SchoolType.choices, blank=True
    )
    #: A deactivated organisation grants nothing to its people (``Membership.objects.active()``)
    #: and is offered in no picker; nothing of it is deleted (ADR 0017).
    is_active = models.BooleanField(_("active"), default=True)
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Set on instances by selectors for the pages (not columns; declared for the type checker).
    group_list: list[Group]  # schools.selectors

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="organisation_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    SCHOOL_ADMIN = "school_admin", _("School admin")
    TEACHER = "teacher", _("Internship teacher")
    CHILDCARE_ADMIN = "childcare_admin", _("Childcare admin")
    COACH = "coach", _("Pedagogical coach")
    MENTOR = "mentor", _("Mentor")
    STUDENT = "student", _("Student")


#: Which organisation kind each role belongs to (None: the network itself).
ROLE_ORGANISATION_KIND = {
    Role.COORDINATOR: None,
    Role.SCHOOL_ADMIN: Organisation.Kind.SCHOOL,
    Role.TEACHER: Organisation.Kind.SCHOOL,
    Role.STUDENT: Organisation.Kind.SCHOOL,
    Role.CHILDCARE_ADMIN: Organisation.Kind.CHILDCARE,
    Role.COACH: Organisation.Kind.CHILDCARE,
    Role.MENTOR: Organisation.Kind.CHILDCARE,
}
#: Roles that work at one site of a childcare organisation.
SITE_ROLES = {Role.MENTOR, Role.COACH}


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> Self:
        """Memberships that grant something: active, of an active person, in an active
        organisation (or on the network). Deactivating an organisation takes effect at once."""
        return self.filter(is_active=True, user__is_active=True).filter(
            Q(organisation__isnull=True) | Q(organisation__is_active=True)
        )


class Membership(models.Model):
    """A role of a person: on a network (coordinator) or in an organisation (all others).

    Mentors and coaches are tied to a site of their childcare organisation; a coach of two
    sites has two memberships. A deactivated membership grants nothing.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", null=True, blank=True
    )
    site = models.ForeignKey(
        "mentors.Site", on_delete=models.PROTECT, related_name="memberships", null=True, blank=True
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    # Set on instances by selectors for the pages (not columns; declared for the type checker).
    trained_since: date | None  # childcare.selectors

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "network", "organisation", "site", "role"],
                name="membership_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(role="coordinator", organisation__isnull=True, site__isnull=True)
                | (~Q(role="coordinator") & Q(organisation__isnull=False)),
                name="membership_scope_matches_role",
            ),
        ]

    def __str__(self) -> str:
        where = self.site or self.organisation or self.network
        return f"{self.user} · {self.get_role_display()} · {where}"

    def clean(self):
        from django.core.exceptions import ValidationError

        expected_kind = ROLE_ORGANISATION_KIND.get(self.role)
        if self.organisation_id:
            if self.organisation.network_id != self.network_id:
                raise ValidationError(_("The organisation does not belong to this network."))
            if expected_kind and self.organisation.kind != expected_kind:
                raise ValidationError(_("This role does not fit this kind of organisation."))
        if self.site_id:
            if self.site.organisation_id != self.organisation_id:
                raise ValidationError(_("The site does not belong to this organisation."))
        if self.role in SITE_ROLES and not self.site_id:
            raise ValidationError(_("A mentor or coach belongs to a site."))


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> Self:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())

    def with_status(self, status: str) -> Self:
        """Filter on the derived ``Invitation.status``; an unknown status filters nothing."""
        open_ = Q(accepted_at__isnull=True, revoked_at__isnull=True)
        conditions = {
            "pending": open_ & Q(expires_at__gt=timezone.now()),
            "expired": open_ & Q(expires_at__lte=timezone.now()),
            "accepted": Q(accepted_at__isnull=False),
            "revoked": Q(accepted_at__isnull=True, revoked_at__isnull=False),
        }
        return self.filter(conditions[status]) if status in conditions else self


class Invitation(models.Model):
    """An emailed invitation to join an organisation (or the network) with a role."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations", null=True, blank=True
    )
    site = models.ForeignKey(
        "mentors.Site", on_delete=models.CASCADE, related_name="invitations", null=True, blank=True
    )
    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    #: The student record the new account is linked to on acceptance (student role only);
    #: empty: the record of this school with the invited email address, if there is one.
    student = models.ForeignKey(
        "schools.Student", on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations",
        verbose_name=_("student"),
    )
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    def get_status_display(self) -> str:
        return {
            "accepted": _("accepted"),
            "revoked": _("revoked"),
            "expired": _("expired"),
            "pending": _("pending"),
        }[self.status]
