"""Writes for the childcare admin: sites, capacity periods, mentor and coach memberships.

Every function is keyword-only and atomic, validates with ``full_clean()`` before it saves, and
refuses with a ``ValidationError`` in words the admin understands. Whether the person may do
this is the view's question (``access``); the services keep the data consistent.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from childcare.models import Site, SiteCapacity
from tenancy.models import Membership, Organisation, Role

STAFF_ROLES = (Role.MENTOR, Role.COACH)


def _required(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("%(field)s may not be empty.") % {"field": label})
    return value


# --------------------------------------------------------------------------- sites


def _save_site(site: Site) -> Site:
    if Site.objects.filter(organisation_id=site.organisation_id, name__iexact=site.name).exclude(pk=site.pk).exists():
        raise ValidationError({"name": _("This organisation already has a site called %(name)s.") % {"name": site.name}})
    site.full_clean()
    try:
        with transaction.atomic():
            site.save()
    except IntegrityError as error:  # a race past the check above: still a clear message
        raise ValidationError(
            {"name": _("This organisation already has a site called %(name)s.") % {"name": site.name}}
        ) from error
    return site


@transaction.atomic
def site_create(
    *,
    organisation: Organisation,
    name: str,
    kind: str,
    capacity: int,
    address: str = "",
    city: str = "",
    coach_review: bool = False,
) -> Site:
    if organisation.kind != Organisation.Kind.CHILDCARE:
        raise ValidationError(_("Sites belong to a childcare organisation."))
    site = Site(
        organisation=organisation,
        name=_required(name, _("Name")),
        kind=kind,
        address=(address or "").strip(),
        city=(city or "").strip(),
        capacity=capacity,
        coach_review=coach_review,
    )
    return _save_site(site)


@transaction.atomic
def site_update(
    *, site: Site, name: str, kind: str, capacity: int, address: str = "", city: str = "", coach_review: bool = False
) -> Site:
    site = Site.objects.select_for_update().get(pk=site.pk)
    site.name = _required(name, _("Name"))
    site.kind = kind
    site.address = (address or "").strip()
    site.city = (city or "").strip()
    site.capacity = capacity
    site.coach_review = coach_review
    return _save_site(site)


# --------------------------------------------------------------------------- capacity periods


def _save_capacity(capacity: SiteCapacity) -> SiteCapacity:
    # The site's row lock (taken by the caller) serialises writes to its periods, so two
    # admins cannot add overlapping periods at the same moment.
    capacity.note = (capacity.note or "").strip()
    capacity.full_clean()
    capacity.save()
    return capacity


@transaction.atomic
def capacity_create(*, site: Site, start_date: date, end_date: date, places: int, note: str = "") -> SiteCapacity:
    site = Site.objects.select_for_update().get(pk=site.pk)
    return _save_capacity(SiteCapacity(site=site, start_date=start_date, end_date=end_date, places=places, note=note))


@transaction.atomic
def capacity_update(
    *, capacity: SiteCapacity, start_date: date, end_date: date, places: int, note: str = ""
) -> SiteCapacity:
    Site.objects.select_for_update().filter(pk=capacity.site_id).first()
    capacity = SiteCapacity.objects.select_for_update().get(pk=capacity.pk)
    capacity.start_date, capacity.end_date, capacity.places, capacity.note = start_date, end_date, places, note
    return _save_capacity(capacity)


@transaction.atomic
def capacity_delete(*, capacity: SiteCapacity) -> None:
    SiteCapacity.objects.filter(pk=capacity.pk).delete()


# --------------------------------------------------------------------------- mentors and coaches


def _staff_membership(membership: Membership) -> Membership:
    membership = Membership.objects.select_for_update(of=("self",)).select_related("user", "site").get(pk=membership.pk)
    if membership.role not in STAFF_ROLES or membership.site_id is None:
        raise ValidationError(_("Only mentors and coaches of a site are managed here."))
    return membership


@transaction.atomic
def membership_deactivate(*, membership: Membership, by=None) -> Membership:
    """The mentor or coach loses every right at this site at once; what they wrote stays,
    attributed to them (``access`` ignores inactive memberships)."""
    membership = _staff_membership(membership)
    if not membership.is_active:
        raise ValidationError(
            _("%(name)s is already deactivated at %(site)s.") % {"name": membership.user, "site": membership.site}
        )
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership.full_clean()
    membership.save(update_fields=["is_active", "deactivated_at"])
    access.forget_memberships(membership.user)
    return membership


@transaction.atomic
def membership_reactivate(*, membership: Membership, by=None) -> Membership:
    membership = _staff_membership(membership)
    if membership.is_active:
        raise ValidationError(
            _("%(name)s is already active at %(site)s.") % {"name": membership.user, "site": membership.site}
        )
    membership.is_active = True
    membership.deactivated_at = None
    membership.full_clean()
    membership.save(update_fields=["is_active", "deactivated_at"])
    access.forget_memberships(membership.user)
    return membership
