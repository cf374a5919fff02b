"""A pending invitation of a student, sent by the school admin of Campus De Lindeboom: the school
admin sees whom it is for; the coordinator sees only that there is one (counts, no names)."""

from __future__ import annotations


def seed_student_invitation() -> None:
    import access
    from tenancy import services
    from tenancy.models import Invitation, Role, User

    admin = User.objects.filter(email="schooladmin@uniform.demo").first()
    if admin is None or Invitation.objects.filter(role=Role.STUDENT, invited_by=admin).exists():
        return
    target = next((t for t in access.invite_targets(admin) if t.role == Role.STUDENT), None)
    student = (
        access.students_to_invite(admin).filter(school=target.organisation).order_by("-last_name", "-first_name").first()
        if target else None
    )
    if student is None:
        return
    email = student.email or f"{student.first_name}.{student.last_name}@leerling.lindeboom.be".lower().replace(" ", "")
    services.invitation_create(inviter=admin, target=target, email=email, full_name=student.full_name, student=student)
