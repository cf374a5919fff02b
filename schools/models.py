"""Schools' groups (classes) and students."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Group(models.Model):
    """A class (klas) of a school, with the teachers who follow it."""

    school = models.ForeignKey("uniform.Organisation", on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("name"), max_length=80)
    school_year = models.CharField(_("school year"), max_length=20, default="2026-2027")
    programme = models.ForeignKey(
        "catalogue.Programme", on_delete=models.PROTECT, null=True, blank=True, related_name="groups"
    )
    teachers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="teaching_groups")

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year", "name"], name="group_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Student(models.Model):
    """A student (leerling / cursist) of a school. Personal data: addressed by UUID."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey("uniform.Organisation", on_delete=models.PROTECT, related_name="students")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, null=True, blank=True, related_name="students")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="student_record"
    )
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    email = models.EmailField(_("email address"), blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    # The number the school's own student information system gives (stamnummer): an import or
    # the API matches on it first, so a renamed student is not created twice (issue 19).
    student_number = models.CharField(_("student number"), max_length=32, blank=True, default="")
    is_archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "student_number"], condition=~models.Q(student_number=""),
                                    name="student_number_unique_per_school"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def initials(self) -> str:
        return f"{self.first_name[:1]}{self.last_name[:1]}".upper()
