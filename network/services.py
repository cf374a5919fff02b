"""Writes of the coordinator who builds the network: add, edit, deactivate and reactivate
schools and childcare organisations, and invite their first admin. Nothing is ever deleted
(ADR 0017). Keyword-only, atomic, validated; whether the person may is the view's question."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from tenancy import services as tenancy_services
from tenancy.models import Invitation, Network, Organisation, Role, User

#: The role of an organisation's first admin, per kind.
ADMIN_ROLE = {Organisation.Kind.SCHOOL: Role.SCHOOL_ADMIN, Organisation.Kind.CHILDCARE: Role.CHILDCARE_ADMIN}


def _check(organisation: Organisation) -> Organisation:
    organisation.name = (organisation.name or "").strip()
    organisation.city = (organisation.city or "").strip()
    organisation.address = (organisation.address or "").strip()
    if not organisation.name:
        raise ValidationError({"name": _("Name may not be empty.")})
    if organisation.kind == Organisation.Kind.CHILDCARE:
        organisation.school_type = ""
    elif not organisation.school_type:
        raise ValidationError({"school_type": _("Choose the type of education.")})
    clash = Organisation.objects.filter(network_id=organisation.network_id, name__iexact=organisation.name).exclude(pk=organisation.pk)
    if clash.exists():
        raise ValidationError({"name": _("The network already has an organisation called %(name)s.") % {"name": organisation.name}})
    organisation.full_clean()
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as error:  # a race past the check above: still a clear message
        raise ValidationError(
            {"name": _("The network already has an organisation called %(name)s.") % {"name": organisation.name}}
        ) from error
    return organisation


@transaction.atomic
def organisation_create(
    *, by: User, network: Network, kind: str, name: str, city: str = "", address: str = "", school_type: str = ""
) -> Organisation:
    if kind not in ADMIN_ROLE:
        raise ValidationError(_("Choose a school or a childcare organisation."))
    return _check(Organisation(network=network, kind=kind, name=name, city=city, address=address, school_type=school_type))


@transaction.atomic
def organisation_update(
    *, by: User, organisation: Organisation, name: str, city: str = "", address: str = "", school_type: str = ""
) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.name, organisation.city, organisation.address = name, city, address
    organisation.school_type = school_type
    return _check(organisation)


@transaction.atomic
def organisation_deactivate(*, by: User, organisation: Organisation) -> Organisation:
    """Its people lose every right at once (``Membership.objects.active()`` leaves them out),
    its pending invitations are revoked, it leaves every picker; its history stays."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation.is_active:
        raise ValidationError(_("%(name)s is deactivated already.") % {"name": organisation.name})
    now = timezone.now()
    organisation.is_active = False
    organisation.deactivated_at = now
    organisation.save(update_fields=["is_active", "deactivated_at"])
    Invitation.objects.pending().filter(organisation=organisation).update(revoked_at=now)
    return organisation


@transaction.atomic
def organisation_reactivate(*, by: User, organisation: Organisation) -> Organisation:
    """Its people's memberships count again (those deactivated one by one stay so)."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.is_active:
        raise ValidationError(_("%(name)s is active already.") % {"name": organisation.name})
    organisation.is_active = True
    organisation.deactivated_at = None
    organisation.save(update_fields=["is_active", "deactivated_at"])
    return organisation


def first_admin_invite(*, by: User, organisation: Organisation, email: str, full_name: str = "") -> Invitation:
    """Invite the organisation's (first) admin: tenancy's invitation, with its rules (only into
    a place the coordinator may invite to, no second pending invitation for one address). The
    caller sends it (``tenancy.services.invitation_send``) once this has committed."""
    if not organisation.is_active:
        raise ValidationError(_("%(name)s is deactivated: reactivate it first.") % {"name": organisation.name})
    target = access.InviteTarget(organisation.network, organisation, None, ADMIN_ROLE[Organisation.Kind(organisation.kind)])
    return tenancy_services.invitation_create(inviter=by, target=target, email=email, full_name=full_name)
