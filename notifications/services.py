"""Writes of the notifications app: tell people, deliver mail, send digests (ADR 0015).

The API other apps call
-----------------------
``notify(kind, recipients, *, about, link, internship=None, network=None, context=None,
dedupe_key=None, actor=None, must_act=None) -> list[Notification]``

- ``kind``: a ``notifications.kinds.Kind`` (or its string value).
- ``recipients``: Users (``None`` entries and duplicates are dropped; so is ``actor`` — nobody
  is told about what they did themselves). Inactive users are skipped.
- ``about``: the model instance the notification is about (stored as a generic relation), or
  ``None``.
- ``link``: the URL *path* of the page that shows it (``reverse(...)``); the mail makes it
  absolute with ``settings.UNIFORM_BASE_URL``.
- ``internship``: the internship it belongs to (the list groups by it; who-sent-what filters by
  it). ``network`` defaults to the internship's school's network, else ``about.network``.
- ``context``: strings that fill the kind's texts (see ``notifications.kinds``), e.g.
  ``{"student": "Emma Peeters", "date": "12/03/2027", "reason": "…"}``.
- ``dedupe_key``: unique per recipient. Give one for anything a scheduler may compute twice
  (e.g. ``f"reminder_no_feedback:{internship.pk}:{date}"``): a second call with the same key
  writes nothing and sends nothing. Without one, every call is a new notification (events).
- ``must_act``: defaults to ``kind in kinds.MUST_ACT``; a must-act notification ignores an "off"
  preference.

It writes the rows in the caller's transaction (a rolled-back write leaves no notification) and
queues the mails with ``transaction.on_commit`` (so nothing is mailed for a write that did not
happen). Mail goes per the recipient's preference for the kind (``delivery_for``): immediately
(a task for the worker, ``notifications.tasks.send_notification``), into the daily digest, or off
(the row is kept for the record, with ``delivery="off"``, and shown nowhere).

For schedulers
--------------
``send_due_digests(now=None) -> int`` sends every person whose digest hour has come today one
digest of their undelivered digest rows; one per person per day, idempotent.
``send_pending_mails(now=None) -> int`` (re)sends immediate mails still pending or failed with
attempts left — a safety net if the worker lost a task.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from notifications import kinds
from notifications.kinds import Kind
from notifications.models import Delivery, Digest, MailSettings, MailStatus, Notification, Preference
from tenancy.onetap import mail_link

log = logging.getLogger(__name__)

#: How often an immediate mail or a digest is tried before it stays "failed".
MAX_ATTEMPTS = 3
#: Wait before the next attempt, by attempt number (1-based).
RETRY_AFTER = {1: timedelta(minutes=1), 2: timedelta(minutes=10)}
UNSUBSCRIBE_SALT = "notifications.unsubscribe"


# --------------------------------------------------------------------------- preferences


def language_of(user) -> str:
    """The language a person's mails are written in: their choice, else Dutch (ADR 0002)."""
    ms = MailSettings.objects.filter(user=user).values_list("language", flat=True).first()
    return ms or settings.LANGUAGE_CODE


def is_mentor(user) -> bool:
    from tenancy.models import Membership, Role

    return Membership.objects.active().filter(user=user, role=Role.MENTOR).exists()


def default_delivery(user, kind: str) -> str:
    """Mentors get one daily digest (across all their schools); everyone else mail at once."""
    return Delivery.DIGEST if is_mentor(user) else Delivery.IMMEDIATELY


def delivery_for(user, kind: str, *, must_act: bool | None = None) -> str:
    chosen = Preference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True).first()
    delivery = chosen or default_delivery(user, kind)
    if delivery == Delivery.OFF and (kinds.must_act(kind) if must_act is None else must_act):
        return Delivery.IMMEDIATELY
    return delivery


def set_preferences(*, user, choices: dict[str, str], digest_hour: int | None = None, language: str | None = None) -> None:
    """Store a person's choices per kind (``{kind: delivery}``); "off" is refused (kept as it
    was) for a kind the person must act on."""
    with transaction.atomic():
        for kind, delivery in choices.items():
            if kind not in Kind.values or delivery not in Delivery.values:
                continue
            if delivery == Delivery.OFF and kinds.must_act(kind):
                continue
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
        if digest_hour is not None or language is not None:
            ms, _created = MailSettings.objects.get_or_create(user=user)
            if digest_hour is not None:
                ms.digest_hour = digest_hour
            if language is not None:
                ms.language = language
            ms.save()


def remember_language(*, user, language: str) -> None:
    """The person chose a language with the switch: their mails follow it."""
    if language in dict(settings.LANGUAGES):
        MailSettings.objects.update_or_create(user=user, defaults={"language": language})


def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe(*, token: str) -> tuple[object, str] | None:
    """One-click unsubscribe (RFC 8058) from a mail's kind. Returns (user, kind), or None for a
    bad token. A must-act kind stays on."""
    from django.contrib.auth import get_user_model

    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=timedelta(days=90))
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    kind = data.get("k")
    if user is None or kind not in Kind.values:
        return None
    if not kinds.must_act(kind):
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": Delivery.OFF})
    return user, kind


# --------------------------------------------------------------------------- notify


def _network_id(network, internship, about) -> int:
    if network is not None:
        return network.pk
    if internship is not None:
        return internship.school.network_id
    nid = getattr(about, "network_id", None)
    if nid is None:
        raise ValueError("notify() needs a network, an internship or an object with a network.")
    return nid


def notify(
    kind: str,
    recipients: Iterable,
    *,
    about,
    link: str,
    internship=None,
    network=None,
    context: dict | None = None,
    dedupe_key: str | None = None,
    actor=None,
    must_act: bool | None = None,
) -> list[Notification]:
    """Tell ``recipients`` about ``kind`` (see the module docstring). Returns the rows written
    now (a recipient who had this ``dedupe_key`` already gets none)."""
    kind = Kind(kind)
    acts = kinds.must_act(kind) if must_act is None else must_act
    context = {k: ("" if v is None else str(v)) for k, v in (context or {}).items()}
    network_id = _network_id(network, internship, about)
    about_type = ContentType.objects.get_for_model(about) if about is not None else None
    about_id = str(about.pk) if about is not None else ""
    seen: set = set()
    people = []
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        people.append(user)
    if not people:
        return []
    if dedupe_key is not None:
        taken = set(
            Notification.objects.filter(recipient__in=[p.pk for p in people], dedupe_key=dedupe_key)
            .values_list("recipient_id", flat=True)
        )
        people = [p for p in people if p.pk not in taken]
    now = timezone.now()
    written: list[Notification] = []
    for user in people:
        language = language_of(user)
        with translation.override(language):
            subject, body = kinds.render(kind, context)
        delivery = delivery_for(user, kind, must_act=acts)
        row = Notification(
            recipient=user, network_id=network_id, kind=kind, internship=internship,
            about_type=about_type, about_id=about_id, actor=actor, link=link, context=context,
            subject=subject[:300], body=body, language=language, must_act=acts,
            dedupe_key=dedupe_key or f"{kind}:{uuid.uuid4().hex}", created_at=now, delivery=delivery,
            mail_status=MailStatus.NONE if delivery == Delivery.OFF else MailStatus.PENDING,
            read_at=now if delivery == Delivery.OFF else None,
        )
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:  # the same key written at the same moment by another run
            continue
        written.append(row)
    immediate = [row.pk for row in written if row.delivery == Delivery.IMMEDIATELY]
    if immediate:
        transaction.on_commit(lambda: _enqueue(immediate))
    return written


def _enqueue(ids: list[int]) -> None:
    from notifications.tasks import send_notification

    if settings.NOTIFICATIONS_SEND_INLINE:
        for pk in ids:
            send_one(pk)
        return
    for pk in ids:
        try:
            send_notification.enqueue(pk)
        except Exception:  # the worker's queue is down: send_pending_mails picks it up later
            log.exception("could not queue notification %s", pk)


# --------------------------------------------------------------------------- reading


def mark_read(*, user, pk: int | None = None) -> int:
    """Mark one of the person's notifications read (``pk``), or all of them."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pk is not None:
        rows = rows.filter(pk=pk)
    return rows.update(read_at=timezone.now())


# --------------------------------------------------------------------------- mail


def absolute(path: str) -> str:
    return settings.UNIFORM_BASE_URL.rstrip("/") + path


def _headers(user, kind: str | None) -> dict[str, str]:
    prefs = absolute(reverse("notifications:preferences"))
    if kind is None:
        return {"List-Unsubscribe": f"<{prefs}>"}
    one_click = absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user, kind)]))
    return {"List-Unsubscribe": f"<{one_click}>, <{prefs}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def build_mail(user, *, subject: str, items: list[dict], intro: str = "", kind: str | None = None) -> EmailMultiAlternatives:
    """A mail with a text and an HTML part. ``items``: dicts with title, body, url."""
    context = {
        "user": user, "subject": subject, "intro": intro, "items": items,
        "preferences_url": absolute(reverse("notifications:preferences")),
        "must_act": kind is not None and kinds.must_act(kind),
    }
    text = render_to_string("notifications/mail.txt", context)
    html = render_to_string("notifications/mail.html", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    message = EmailMultiAlternatives(f"{prefix}{subject}", text, None, [user.email], headers=_headers(user, kind))
    message.attach_alternative(html, "text/html")
    return message


def _claim(model, pk: int):
    """Take a pending (or failed, attempts left) row for sending; None if another run has it."""
    row = model.objects.filter(pk=pk).first()
    if row is None or row.mail_status == MailStatus.SENT or row.mail_attempts >= MAX_ATTEMPTS:
        return None
    claimed = model.objects.filter(pk=pk, mail_attempts=row.mail_attempts).exclude(mail_status=MailStatus.SENT).update(
        mail_attempts=row.mail_attempts + 1
    )
    if not claimed:
        return None
    row.mail_attempts += 1
    return row


def _record(model, row, error: Exception | None) -> None:
    if error is None:
        model.objects.filter(pk=row.pk).update(mail_status=MailStatus.SENT, mailed_at=timezone.now(), mail_error="")
        row.mail_status = MailStatus.SENT
    else:
        log.warning("mail %s %s failed (attempt %s): %s", model.__name__, row.pk, row.mail_attempts, error)
        row.mail_error = f"{type(error).__name__}: {error}"[:300]
        model.objects.filter(pk=row.pk).update(mail_status=MailStatus.FAILED, mail_error=row.mail_error)
        row.mail_status = MailStatus.FAILED


def send_one(pk: int) -> str:
    """Send one immediate notification mail (called by the worker). Returns its status; a
    failure is recorded on the row and retried later (``RETRY_AFTER``) up to ``MAX_ATTEMPTS``."""
    row = _claim(Notification, pk)
    if row is None:
        return "skipped"
    user = row.recipient
    error: Exception | None = None
    try:
        with translation.override(row.language):
            title, body = row.text()
            message = build_mail(user, subject=title, kind=row.kind, items=[{"title": title, "body": body, "url": mail_link(user, row.link)}])
        message.send()
    except Exception as exc:  # any transport error: visible on the row, retried
        error = exc
    _record(Notification, row, error)
    if error is not None and row.mail_attempts < MAX_ATTEMPTS:
        _retry_later(pk, row.mail_attempts)
    return row.mail_status


def _retry_later(pk: int, attempt: int) -> None:
    from notifications.tasks import send_notification

    try:
        send_notification.using(run_after=timezone.now() + RETRY_AFTER.get(attempt, timedelta(hours=1))).enqueue(pk)
    except Exception:
        log.exception("could not queue a retry of notification %s", pk)


def send_pending_mails(now: datetime | None = None) -> int:
    """Send immediate mails that are still pending (a lost task) or failed with attempts left
    and older than their retry delay. Returns how many were sent."""
    now = now or timezone.now()
    due = Notification.objects.filter(
        Q(mail_status=MailStatus.PENDING, created_at__lte=now - timedelta(minutes=5))
        | Q(mail_status=MailStatus.FAILED, created_at__lte=now - timedelta(minutes=1)),
        delivery=Delivery.IMMEDIATELY, mail_attempts__lt=MAX_ATTEMPTS,
    ).values_list("pk", flat=True)
    return sum(1 for pk in list(due) if send_one(pk) == MailStatus.SENT)


# --------------------------------------------------------------------------- digests


def _digest_hour(user_ids: list) -> dict:
    return dict(MailSettings.objects.filter(user_id__in=user_ids).values_list("user_id", "digest_hour"))


def send_due_digests(now: datetime | None = None) -> int:
    """Send each person whose digest hour has come (local time) one digest of their undelivered
    digest notifications. At most one digest per person per local day; a second run the same
    day sends nothing (rows that arrive later wait for tomorrow's). Returns how many were sent."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    waiting = (
        Notification.objects.filter(delivery=Delivery.DIGEST, mail_status=MailStatus.PENDING, digest__isnull=True, created_at__lte=now)
        .values_list("recipient_id", flat=True).distinct()
    )
    user_ids = list(waiting)
    hours = _digest_hour(user_ids)
    sent = 0
    for user_id in user_ids:
        if local.hour < hours.get(user_id, 7):
            continue
        try:
            with transaction.atomic():
                digest = Digest.objects.create(recipient_id=user_id, day=local.date(), created_at=now)
                Notification.objects.filter(
                    recipient_id=user_id, delivery=Delivery.DIGEST, mail_status=MailStatus.PENDING, digest__isnull=True,
                    created_at__lte=now,
                ).update(digest=digest)
        except IntegrityError:  # today's digest exists already
            continue
        if send_digest(digest.pk) == MailStatus.SENT:
            sent += 1
    # A digest whose sending failed is tried again on a later run (attempts left).
    for pk in Digest.objects.filter(mail_status=MailStatus.FAILED, mail_attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True):
        if send_digest(pk) == MailStatus.SENT:
            sent += 1
    return sent


def send_digest(pk: int) -> str:
    digest = _claim(Digest, pk)
    if digest is None:
        return "skipped"
    user = digest.recipient
    rows = list(digest.notifications.select_related("internship__student").order_by("internship_id", "created_at"))
    error: Exception | None = None
    try:
        with translation.override(language_of(user)):
            items = []
            for row in rows:
                title, body = row.text()
                items.append({"title": title, "body": body, "url": mail_link(user, row.link),
                              "group": str(row.internship.student) if row.internship else ""})
            subject = translation.ngettext(
                "Uniform: %(n)s thing for you today", "Uniform: %(n)s things for you today", len(rows)
            ) % {"n": len(rows)}
            message = build_mail(user, subject=subject, items=items, intro=translation.gettext("Your daily digest."))
        if rows:
            message.send()
    except Exception as exc:
        error = exc
    _record(Digest, digest, error)
    if error is None:
        Notification.objects.filter(digest=digest).update(mail_status=MailStatus.SENT, mailed_at=timezone.now())
    else:
        Notification.objects.filter(digest=digest).update(mail_status=MailStatus.FAILED, mail_error=digest.mail_error)
    return digest.mail_status
