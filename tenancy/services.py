"""Writes of the core app: invitations and memberships. Keyword-only, atomic, validated."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import access
from schools.models import Student
from tenancy.models import Invitation, Membership, Role, User


@transaction.atomic
def invitation_create(
    *, inviter: User, target: access.InviteTarget, email: str, full_name: str = "", student: Student | None = None
) -> Invitation:
    """Invite ``email`` into ``target``. The target must be one of ``invite_targets(inviter)``.

    ``student``: for the student role, the record the new account is linked to on acceptance;
    one of ``access.students_to_invite(inviter)`` of the target's school. Without it, the
    record of that school with the invited email address is linked, if there is one.

    The caller sends the email (``invitation_send``) once this transaction has committed."""
    if target.key not in {t.key for t in access.invite_targets(inviter)}:
        raise ValidationError(_("You may not invite someone to this role here."))
    if student is not None:
        if target.role != Role.STUDENT:
            raise ValidationError(_("Choose a student record only when inviting a student."))
        if target.organisation is None or student.school_id != target.organisation.pk:
            raise ValidationError(_("This student is not of the school you invite to."))
        # Locked, so that two admins cannot tie two invitations to one record at once.
        student = Student.objects.select_for_update().get(pk=student.pk)
        if not access.students_to_invite(inviter).filter(pk=student.pk).exists():
            raise ValidationError(
                _("%(name)s cannot be invited: archived, or already linked to an account.") % {"name": student.full_name}
            )
        if Invitation.objects.pending().filter(student=student).exists():
            raise ValidationError(
                _("%(name)s already has a pending invitation. Revoke it first to send a new one.")
                % {"name": student.full_name}
            )
        email = email or student.email
        full_name = full_name or student.full_name
    email = User.objects.normalize_email(email).strip().lower()
    existing = Membership.objects.active().filter(
        user__email__iexact=email,
        network=target.network,
        organisation=target.organisation,
        site=target.site,
        role=target.role,
    )
    if existing.exists():
        raise ValidationError(_("%(email)s already has this role here.") % {"email": email})
    if Invitation.objects.pending().filter(
        email__iexact=email, network=target.network, organisation=target.organisation,
        site=target.site, role=target.role,
    ).exists():
        raise ValidationError(_("%(email)s already has a pending invitation for this role.") % {"email": email})

    invitation = Invitation(
        network=target.network,
        organisation=target.organisation,
        site=target.site,
        role=target.role,
        email=email,
        full_name=full_name.strip(),
        student=student,
        invited_by=inviter,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    return invitation


def invitation_send(*, invitation: Invitation, accept_url: str) -> None:
    # Invitations go out in Dutch, the network's language; the page they open has the switch.
    with translation.override(settings.LANGUAGE_CODE):
        context = {"invitation": invitation, "accept_url": accept_url}
        subject = render_to_string("tenancy/email/invitation_subject.txt", context).strip()
        body = render_to_string("tenancy/email/invitation_message.txt", context)
    send_mail(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body, None, [invitation.email])


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != "pending":
        raise ValidationError(_("Only a pending invitation can be revoked."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_still_granted(invitation: Invitation) -> bool:
    """The inviter must still be allowed to grant this role here when it is accepted: a
    deactivated inviter's pending invitations grant nothing."""
    inviter = invitation.invited_by
    if inviter is None:
        return False
    access.forget_memberships(inviter)
    target = access.InviteTarget(invitation.network, invitation.organisation, invitation.site, invitation.role)
    return target.key in {t.key for t in access.invite_targets(inviter)}


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user: User | None = None, full_name: str = "", password: str | None = None
) -> User:
    """Accept an invitation: create the account if needed, grant the membership.

    Following the emailed link proves the address, so it is stored as verified. ``password``
    None creates an account that logs in by emailed code only.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != "pending":
        raise ValidationError(_("This invitation is no longer valid."))
    if not invitation_still_granted(invitation):
        raise ValidationError(
            _("The person who invited you can no longer grant this role. Ask them or your coordinator for a new invitation.")
        )
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("An account with this email address exists already: log in to accept."))
        user = User(email=invitation.email, full_name=(full_name or invitation.full_name).strip())
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean()
        user.save()
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation is for another email address."))

    membership, created = Membership.objects.get_or_create(
        user=user,
        network=invitation.network,
        organisation=invitation.organisation,
        site=invitation.site,
        role=invitation.role,
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.deactivated_at = None
        membership.save(update_fields=["is_active", "deactivated_at"])
    membership.full_clean()
    if invitation.role == Role.STUDENT and invitation.organisation_id:
        _link_student_record(invitation, user)

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    access.forget_memberships(user)
    return user


def _link_student_record(invitation: Invitation, user: User) -> None:
    """Tie the invited student's account to their record: the one chosen in the invitation, or
    else the record of this school with the invited email address (if any, and if the account
    has no record yet). A chosen record linked to another account meanwhile refuses the whole
    acceptance: the account would otherwise show no internship, or someone else's."""
    if invitation.student_id is None:
        if not Student.objects.filter(user=user).exists():
            match = (
                Student.objects.select_for_update()
                .filter(school_id=invitation.organisation_id, email__iexact=invitation.email, user__isnull=True)
                .order_by("is_archived", "pk")
                .first()
            )
            if match is not None:
                match.user = user
                match.save(update_fields=["user"])
        return
    student = Student.objects.select_for_update().filter(
        pk=invitation.student_id, school_id=invitation.organisation_id
    ).first()
    if student is None:
        raise ValidationError(_("Your student record no longer exists. Ask your school for a new invitation."))
    if student.user_id is not None and student.user_id != user.pk:
        raise ValidationError(
            _("Your student record is already linked to another account. Ask your school for a new invitation.")
        )
    if Student.objects.filter(user=user).exclude(pk=student.pk).exists():
        raise ValidationError(
            _("Your account is already linked to another student record. Ask your school to sort this out.")
        )
    if student.user_id is None:
        student.user = user
        student.save(update_fields=["user"])
