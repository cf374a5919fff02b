"""Reads for invitations (the pages of tenancy.views)."""

from __future__ import annotations

from django.db.models import QuerySet

import access
from schools.models import Student
from tenancy.models import Organisation, Role


def student_invitation_initial(user, student: Student) -> dict | None:
    """What the invitation form opens with for a student record the person sees (the "invite"
    link of the student's page): that record, its school's student role, its email and name.
    None: the person cannot invite this student (archived, already has an account)."""
    if not access.students_to_invite(user).filter(pk=student.pk).exists():
        return None
    target = next(
        (
            t for t in access.invite_targets(user)
            if t.role == Role.STUDENT and t.organisation and t.organisation.pk == student.school_id
        ),
        None,
    )
    return {
        "target": target.key if target else "",
        "student": student.pk,
        "email": student.email,
        "full_name": student.full_name,
    }


def student_invitation_counts(user) -> dict[str, int] | None:
    """A coordinator's student invitations as numbers per status (never names); None for
    those who see the student invitations themselves."""
    return access.student_invitation_counts(user)


def organisations_of(organisations) -> QuerySet[Organisation]:
    """These organisations (reached through access already) as a queryset for a choice field."""
    return Organisation.objects.filter(pk__in=[o.pk for o in organisations])


def invitation_for_token(token):
    """The invitation an emailed link opens: the token is the only key (unknown → 404)."""
    from django.shortcuts import get_object_or_404

    from tenancy.models import Invitation

    return get_object_or_404(
        Invitation.objects.select_related("network", "organisation", "site", "invited_by"), token=token
    )


def has_account(email: str) -> bool:
    """Whether someone already logs in with this address (they accept after logging in)."""
    from tenancy.models import User

    return User.objects.filter(email__iexact=email).exists()


def is_login_of(accounts: list[int], login: str) -> bool:
    """Whether ``login`` is the address of one of these accounts (its login or another of its
    addresses): the accounts a browser logged in as before (tenancy.devices)."""
    from allauth.account.models import EmailAddress

    from tenancy.models import User

    if not accounts or not login:
        return False
    return (User.objects.filter(pk__in=accounts, email__iexact=login).exists()
            or EmailAddress.objects.filter(user_id__in=accounts, email__iexact=login).exists())
