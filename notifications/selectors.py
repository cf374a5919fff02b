"""Reads of the notifications app: the bell, the list, who-sent-what, the coordinator's counts."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncWeek

from notifications.kinds import Kind
from notifications.models import Delivery, MailSettings, Notification, Preference

LIST_SIZE = 100


def people_with_role(organisation, role: str) -> list:
    """The people with an active ``role`` membership at ``organisation`` (e.g. its admins)."""
    from tenancy.models import Membership

    return [m.user for m in Membership.objects.active().filter(organisation=organisation, role=role).select_related("user")]


def _shown(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).exclude(delivery=Delivery.OFF)


def unread_count(user) -> int:
    """The bell's number: one COUNT on an index (recipient, read_at)."""
    return _shown(user).filter(read_at__isnull=True).count()


def notification_of(user, pk: int) -> Notification | None:
    return _shown(user).filter(pk=pk).first()


def grouped_for(user, *, limit: int = LIST_SIZE) -> list[dict]:
    """The person's latest notifications, grouped by internship (the group of the newest
    first); notifications about no internship form one group at the end."""
    rows = list(_shown(user).select_related("internship__student", "internship__site")[:limit])
    groups: dict = {}
    for row in rows:
        key = row.internship_id
        if key not in groups:
            groups[key] = {"internship": row.internship, "items": [], "unread": 0}
        groups[key]["items"].append(row)
        groups[key]["unread"] += row.read_at is None
    ordered = [g for k, g in groups.items() if k is not None]
    if None in groups:
        ordered.append(groups[None])
    return ordered


def preferences_of(user) -> tuple[dict[str, str], MailSettings | None]:
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return chosen, MailSettings.objects.filter(user=user).first()


def sent_about(internships: QuerySet, *, internship=None, limit: int = 200) -> QuerySet[Notification]:
    """What was sent to whom about ``internships`` (a school or childcare admin's), newest first."""
    rows = Notification.objects.filter(internship__in=internships)
    if internship is not None:
        rows = rows.filter(internship=internship)
    return rows.select_related("recipient", "internship__student", "internship__site").order_by("-created_at")[:limit]


def counts_per_week(network_ids, *, weeks: int = 8, now=None) -> list[dict]:
    """The coordinator's view: how many notifications per kind per week, no names."""
    from django.utils import timezone

    since = (now or timezone.now()) - timedelta(weeks=weeks)
    rows = (
        Notification.objects.filter(network_id__in=network_ids, created_at__gte=since)
        .annotate(week=TruncWeek("created_at")).values("week", "kind").annotate(n=Count("id"))
        .order_by("-week", "kind")
    )
    labels = dict(Kind.choices)
    return [{"week": r["week"], "kind": r["kind"], "label": labels.get(r["kind"], r["kind"]), "n": r["n"]} for r in rows]
