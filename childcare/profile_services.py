"""Writes of site profiles and kennismakingsmomenten (ADR 0017): the site's childcare admin
edits the profile and publishes moments; school admins and teachers register a class or a
student. Places are never overbooked: a registration takes its places with one conditional
UPDATE (``places_taken + n <= places``), atomic on SQLite and PostgreSQL alike, so of two
registrations for the last place one is refused, whatever the timing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from childcare.models import IntroductionMoment, IntroductionRegistration, Site
from tenancy.models import Organisation, User


@transaction.atomic
def site_profile_update(
    *, site: Site, by: User, ages: list[str], vision: str = "", accents: str = "", expectations: str = "",
    hours: str = "", what_to_bring: str = "", directions: str = "", required_documents=(),
) -> Site:
    site = Site.objects.select_for_update().select_related("organisation").get(pk=site.pk)
    fields = {name for name, _label in Site.AGE_GROUPS}
    if not set(ages) <= fields:
        raise ValidationError({"ages": _("Unknown age group.")})
    if not ages:
        raise ValidationError({"ages": _("Tick at least one age group.")})
    for name in fields:
        setattr(site, name, name in ages)
    for name, value in (("vision", vision), ("accents", accents), ("expectations", expectations), ("hours", hours),
                        ("what_to_bring", what_to_bring), ("directions", directions)):
        setattr(site, name, (value or "").strip())
    documents = list(required_documents)
    if any(d.network_id != site.organisation.network_id for d in documents):
        raise ValidationError({"required_documents": _("Choose documents of this network.")})
    site.profile_updated_at = timezone.now()
    site.full_clean()
    site.save()
    site.required_documents.set(documents)
    return site


def _check_moment(moment: IntroductionMoment) -> None:
    if moment.end_time <= moment.start_time:
        raise ValidationError({"end_time": _("The end must be after the start.")})
    moment.note = (moment.note or "").strip()
    moment.full_clean()


@transaction.atomic
def introduction_create(
    *, site: Site, by: User, date: date, start_time: time, end_time: time, places: int, audience: str, note: str = "",
) -> IntroductionMoment:
    if date < timezone.localdate():
        raise ValidationError({"date": _("The date is in the past.")})
    moment = IntroductionMoment(site=site, date=date, start_time=start_time, end_time=end_time, places=places,
                                audience=audience, note=note)
    _check_moment(moment)
    moment.save()
    return moment


@transaction.atomic
def introduction_update(
    *, moment: IntroductionMoment, by: User, date: date, start_time: time, end_time: time, places: int, audience: str, note: str = "",
) -> IntroductionMoment:
    moment = IntroductionMoment.objects.select_for_update().get(pk=moment.pk)
    moment.date, moment.start_time, moment.end_time, moment.audience, moment.note = date, start_time, end_time, audience, note
    _check_moment(moment)
    # Fewer places than are taken would overbook the moment: refused by the same condition.
    updated = IntroductionMoment.objects.filter(pk=moment.pk, places_taken__lte=places).update(
        date=date, start_time=start_time, end_time=end_time, places=places, audience=audience, note=moment.note,
    )
    if not updated:
        raise ValidationError({"places": _("%(n)s places are taken already: cancel registrations first, or keep at least that many.")
                               % {"n": moment.places_taken}})
    moment.refresh_from_db()
    return moment


@transaction.atomic
def introduction_register(
    *, moment: IntroductionMoment, by: User, school: Organisation, group=None, student=None, number: int = 1, note: str = "",
) -> IntroductionRegistration:
    """Register a class (with how many of its students come) or one student. The caller has
    checked the person may register for ``school`` and offered only their classes and students."""
    if (group is None) == (student is None):
        raise ValidationError(_("Register a class or one student."))
    for obj in (group, student):
        if obj is not None and obj.school_id != school.pk:
            raise ValidationError(_("This class or student is not of your school."))
    if school.network_id != moment.site.organisation.network_id or not moment.site.organisation.is_active:
        raise ValidationError(_("This moment is not open to your school."))
    if moment.date < timezone.localdate():
        raise ValidationError(_("This moment has passed."))
    audience = IntroductionMoment.Audience
    if group is not None and moment.audience == audience.STUDENTS:
        raise ValidationError(_("This moment is for individual students."))
    if student is not None and moment.audience == audience.GROUPS:
        raise ValidationError(_("This moment is for classes."))
    number = 1 if student is not None else number
    if number < 1:
        raise ValidationError({"number": _("At least one student.")})
    active = IntroductionRegistration.objects.filter(moment=moment, cancelled_at__isnull=True)
    if group is not None and active.filter(group=group).exists():
        raise ValidationError(_("%(group)s is registered for this moment already.") % {"group": group})
    if student is not None and active.filter(student=student).exists():
        raise ValidationError(_("%(name)s is registered for this moment already.") % {"name": student.full_name})
    taken = IntroductionMoment.objects.filter(pk=moment.pk, places_taken__lte=F("places") - number).update(
        places_taken=F("places_taken") + number
    )
    if not taken:
        left = IntroductionMoment.objects.filter(pk=moment.pk).values_list("places", "places_taken").first() or (0, 0)
        raise ValidationError(
            _("Not enough places left: %(left)s of %(places)s. Register fewer students or choose another moment.")
            % {"left": max(0, left[0] - left[1]), "places": left[0]}
        )
    registration = IntroductionRegistration(
        moment=moment, school=school, group=group, student=student, number=number, note=(note or "").strip(), registered_by=by,
    )
    registration.full_clean()
    registration.save()
    return registration


@transaction.atomic
def introduction_registration_cancel(*, registration: IntroductionRegistration, by: User) -> IntroductionRegistration:
    registration = IntroductionRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.cancelled_at is not None:
        raise ValidationError(_("This registration was cancelled already."))
    registration.cancelled_at = timezone.now()
    registration.cancelled_by = by
    registration.save(update_fields=["cancelled_at", "cancelled_by"])
    IntroductionMoment.objects.filter(pk=registration.moment_id).update(places_taken=F("places_taken") - registration.number)
    return registration


# --------------------------------------------------------------------------- reminders


@dataclass(frozen=True)
class IntroductionReminder:
    """Who is reminded (the person who registered; the student too, if they have an account) of
    which registration, the day before the moment."""

    registration: IntroductionRegistration
    recipients: tuple[User, ...]


def due_introduction_reminders(now: datetime) -> list[IntroductionReminder]:
    """The reminders due at ``now``: registrations not cancelled nor reminded yet for a moment
    tomorrow (local date), at a site of an active organisation."""
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    registrations = (
        IntroductionRegistration.objects.filter(
            moment__date=tomorrow, cancelled_at__isnull=True, reminded_at__isnull=True,
            moment__site__organisation__is_active=True, school__is_active=True,
        )
        .select_related("moment", "moment__site", "group", "student", "student__user", "registered_by", "school")
        .order_by("moment__start_time", "pk")
    )
    reminders = []
    for registration in registrations:
        people = [registration.registered_by]
        student = registration.student
        if student is not None and student.user is not None and student.user not in people:
            people.append(student.user)
        recipients = tuple(u for u in people if u.is_active)
        if recipients:
            reminders.append(IntroductionReminder(registration, recipients))
    return reminders


def send_introduction_reminders(now: datetime) -> int:
    """Mail each due reminder and mark it sent (once). Returns how many mails went out."""
    sent = 0
    for reminder in due_introduction_reminders(now):
        registration = reminder.registration
        with translation.override(settings.LANGUAGE_CODE):
            context = {"registration": registration, "moment": registration.moment, "site": registration.moment.site}
            subject = render_to_string("childcare/email/introduction_reminder_subject.txt", context).strip()
            body = render_to_string("childcare/email/introduction_reminder_message.txt", context)
        with transaction.atomic():
            marked = IntroductionRegistration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(reminded_at=now)
            if not marked:
                continue  # another run sent it meanwhile
            send_mail(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body, None, [u.email for u in reminder.recipients])
        sent += 1
    return sent
