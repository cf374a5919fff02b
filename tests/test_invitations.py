"""Inviting people: who may grant what, expiry, revoking, accepting (new and existing account)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

import access
from tenancy.models import Invitation, Membership, Organisation, Role, User


def _target_key(inviter, role, org_name=None):
    for target in access.invite_targets(inviter):
        if target.role == role and (org_name is None or (target.organisation and target.organisation.name == org_name)):
            return target.key
    return None


def _invite(client, key, email="nieuw@example.org", name="Nieuwe Collega"):
    return client.post(reverse("invitations"), {"email": email, "full_name": name, "target": key})


def test_school_admin_can_invite_teachers_and_students_of_own_school_only(demo):
    admin = demo.user("schooladmin@uniform.demo")
    targets = access.invite_targets(admin)
    assert {(t.organisation.name, t.role) for t in targets} == {
        ("Campus De Lindeboom", Role.TEACHER),
        ("Campus De Lindeboom", Role.STUDENT),
    }


def test_childcare_admin_invites_mentors_and_coaches_per_site(demo):
    targets = access.invite_targets(demo.user("childcare@uniform.demo"))
    assert {t.role for t in targets} == {Role.MENTOR, Role.COACH}
    assert {t.site.name for t in targets} == {"KDV 't Nestje", "BKO De Speelboom", "KDV Zonnebloem"}


def test_coordinator_invites_any_role_in_own_network_only(demo):
    """Every role but the student's: students are invited by their school (the coordinator sees
    their invitations as counts only, issue 13)."""
    targets = access.invite_targets(demo.user("coordinator@uniform.demo"))
    assert {t.role for t in targets} == set(Role.values) - {Role.STUDENT}
    assert {t.network.slug for t in targets} == {"limburg"}


@pytest.mark.parametrize("email", ["teacher@uniform.demo", "mentor@uniform.demo", "student@uniform.demo", "coach@uniform.demo"])
def test_roles_without_invitation_rights_get_403(demo, email):
    client = demo.client_for(email)
    assert client.get(reverse("invitations")).status_code == 403
    assert access.invite_targets(demo.user(email)) == []


def test_invitation_is_sent_and_listed(demo):
    client = demo.client_for("schooladmin@uniform.demo")
    key = _target_key(demo.user("schooladmin@uniform.demo"), Role.TEACHER)
    response = _invite(client, key)
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="nieuw@example.org")
    assert invitation.role == Role.TEACHER and invitation.organisation.name == "Campus De Lindeboom"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nieuw@example.org"]
    assert invitation.token in mail.outbox[0].body
    assert "nieuw@example.org" in client.get(reverse("invitations")).content.decode()


def test_a_role_above_the_inviters_cannot_be_granted_even_by_hand(demo):
    """A school admin posting the coordinator's target key (or another school's) gets a form error."""
    client = demo.client_for("schooladmin@uniform.demo")
    coordinator = demo.user("coordinator@uniform.demo")
    for key in [
        _target_key(coordinator, Role.COORDINATOR),
        _target_key(coordinator, Role.SCHOOL_ADMIN, "Campus De Lindeboom"),
        _target_key(coordinator, Role.TEACHER, "Atheneum Kempenland"),
    ]:
        response = _invite(client, key)
        assert response.status_code == 200
        assert response.context["form"].errors["target"]
    assert not Invitation.objects.filter(email="nieuw@example.org").exists()


def test_bad_email_rerenders_with_error_and_keeps_input(demo):
    client = demo.client_for("coordinator@uniform.demo")
    key = _target_key(demo.user("coordinator@uniform.demo"), Role.MENTOR)
    response = _invite(client, key, email="not-an-email", name="Iemand")
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert 'value="Iemand"' in response.content.decode()


def test_duplicate_pending_invitation_is_refused(demo):
    client = demo.client_for("schooladmin@uniform.demo")
    key = _target_key(demo.user("schooladmin@uniform.demo"), Role.STUDENT)
    assert _invite(client, key).status_code == 302
    response = _invite(client, key)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def _accept_url(invitation):
    return reverse("invitation_accept", args=[invitation.token])


def test_new_person_accepts_sets_password_and_lands_on_home(client, demo):
    admin = demo.client_for("childcare@uniform.demo")
    key = _target_key(demo.user("childcare@uniform.demo"), Role.MENTOR)
    _invite(admin, key, email="nieuwe.mentor@example.org", name="Nora Nieuw")
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    assert link.endswith(_accept_url(Invitation.objects.get(email="nieuwe.mentor@example.org")))

    page = client.get(link)
    assert page.status_code == 200 and "Nora Nieuw" in page.content.decode()
    # Passwords that differ: re-rendered with an error, name kept.
    response = client.post(link, {"full_name": "Nora Nieuw", "password1": "een-lang-wachtwoord", "password2": "anders"})
    assert response.status_code == 200 and response.context["form"].errors["password2"]
    response = client.post(
        link, {"full_name": "Nora Nieuw", "password1": "een-lang-wachtwoord", "password2": "een-lang-wachtwoord"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = User.objects.get(email="nieuwe.mentor@example.org")
    assert user.check_password("een-lang-wachtwoord")
    assert Membership.objects.get(user=user).role == Role.MENTOR
    assert 'data-role="mentor"' in client.get(reverse("home")).content.decode()
    # The link is spent.
    client.logout()
    assert client.get(link).status_code == 410


def test_new_person_may_skip_the_password_and_use_login_codes(client, demo):
    admin = demo.client_for("coordinator@uniform.demo")
    _invite(admin, _target_key(demo.user("coordinator@uniform.demo"), Role.COORDINATOR), email="co@example.org")
    invitation = Invitation.objects.get(email="co@example.org")
    response = client.post(_accept_url(invitation), {"full_name": "Co Ördinator", "password1": "", "password2": ""})
    assert response.status_code == 302
    user = User.objects.get(email="co@example.org")
    assert not user.has_usable_password()
    assert 'data-role="coordinator"' in client.get(reverse("home")).content.decode()


def test_existing_account_logs_in_then_accepts(client, demo):
    """mentor@uniform.demo gets a second role: coach at another site of the same organisation."""
    inviter = demo.user("childcare@uniform.demo")
    key = next(t.key for t in access.invite_targets(inviter) if t.role == Role.COACH and t.site.name == "KDV Zonnebloem")
    _invite(demo.client_for("childcare@uniform.demo"), key, email="mentor@uniform.demo")
    invitation = Invitation.objects.get(email="mentor@uniform.demo")
    page = client.get(_accept_url(invitation))
    assert "?next=" in page.content.decode()  # asked to log in first
    client.force_login(demo.user("mentor@uniform.demo"))
    assert client.post(_accept_url(invitation)).status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert 'data-role="mentor"' in html and 'data-role="coach"' in html  # both roles, separated


def test_wrong_logged_in_person_cannot_take_someone_elses_invitation(client, demo):
    _invite(demo.client_for("schooladmin@uniform.demo"), _target_key(demo.user("schooladmin@uniform.demo"), Role.TEACHER))
    invitation = Invitation.objects.get(email="nieuw@example.org")
    intruder = demo.client_for("teacher2@uniform.demo")
    assert intruder.post(_accept_url(invitation)).status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_expired_and_revoked_invitations_cannot_be_used(client, demo):
    lindeboom = Organisation.objects.get(name="Campus De Lindeboom")
    expired = Invitation.objects.create(
        network=lindeboom.network, organisation=lindeboom, role=Role.STUDENT, email="laat@example.org",
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    response = client.post(_accept_url(expired), {"full_name": "Te Laat", "password1": "", "password2": ""})
    assert response.status_code == 410
    assert not User.objects.filter(email="laat@example.org").exists()

    admin = demo.client_for("schooladmin@uniform.demo")
    _invite(admin, _target_key(demo.user("schooladmin@uniform.demo"), Role.STUDENT), email="weg@example.org")
    invitation = Invitation.objects.get(email="weg@example.org")
    assert admin.post(reverse("invitation_revoke", args=[invitation.pk])).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    assert client.get(_accept_url(invitation)).status_code == 410
    # Revoking twice is a clear message, not an error page.
    response = admin.post(reverse("invitation_revoke", args=[invitation.pk]), follow=True)
    assert response.status_code == 200


def test_unknown_token_is_404(client, db):
    assert client.get(reverse("invitation_accept", args=["nope"])).status_code == 404


def test_accepting_a_student_invitation_links_the_student_record(client, demo):
    from schools.models import Student

    lindeboom = Organisation.objects.get(name="Campus De Lindeboom")
    student = Student.objects.filter(school=lindeboom, user__isnull=True).first()
    student.email = "leerling@example.org"
    student.save()
    _invite(demo.client_for("schooladmin@uniform.demo"), _target_key(demo.user("schooladmin@uniform.demo"), Role.STUDENT),
            email="leerling@example.org")
    invitation = Invitation.objects.get(email="leerling@example.org")
    client.post(_accept_url(invitation), {"full_name": student.full_name, "password1": "", "password2": ""})
    student.refresh_from_db()
    assert student.user.email == "leerling@example.org"


def test_invitation_list_filters_by_status(demo):
    lindeboom = Organisation.objects.get(name="Campus De Lindeboom")
    common = {"network": lindeboom.network, "organisation": lindeboom, "role": Role.STUDENT}
    Invitation.objects.create(email="open@example.org", expires_at=timezone.now() + timedelta(days=3), **common)
    Invitation.objects.create(email="oud@example.org", expires_at=timezone.now() - timedelta(days=1), **common)
    client = demo.client_for("schooladmin@uniform.demo")
    pending = client.get(reverse("invitations"), {"status": "pending"}).content.decode()
    expired = client.get(reverse("invitations"), {"status": "expired"}).content.decode()
    assert "open@example.org" in pending and "oud@example.org" not in pending
    assert "oud@example.org" in expired and "open@example.org" not in expired
    assert "open@example.org" not in client.get(reverse("invitations"), {"q": "oud"}).content.decode()


def test_invitation_of_a_deactivated_inviter_grants_nothing(client, demo):
    admin = demo.user("schooladmin@uniform.demo")
    _invite(demo.client_for("schooladmin@uniform.demo"), _target_key(admin, Role.TEACHER), email="laat.binnen@example.org")
    invitation = Invitation.objects.get(email="laat.binnen@example.org")
    Membership.objects.filter(user=admin).update(is_active=False)
    response = client.post(_accept_url(invitation), {"full_name": "Laat Binnen", "password1": "", "password2": ""})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not User.objects.filter(email="laat.binnen@example.org").exists()


# --------------------------------------------------------------------------- a chosen student record


def _lindeboom_student(**filters):
    """A student of Campus De Lindeboom without an account, like the demo's Emma before she had one."""
    from schools.models import Student

    return (
        Student.objects.filter(school__name="Campus De Lindeboom", user__isnull=True, is_archived=False, **filters)
        .order_by("last_name", "first_name", "pk")
        .first()
    )


def _student_key(demo):
    return _target_key(demo.user("schooladmin@uniform.demo"), Role.STUDENT)


def _invite_student(client, key, student_id, email="", name=""):
    return client.post(reverse("invitations"), {"target": key, "student": student_id, "email": email, "full_name": name})


def test_invited_student_record_is_linked_and_the_home_shows_the_internship(client, demo):
    """QA's finding: the demo students have no email, so the new account used to show no internship."""
    student = _lindeboom_student(internships__isnull=False, email="")
    internship = student.internships.select_related("site").first()
    admin = demo.client_for("schooladmin@uniform.demo")

    # The student's page offers the invitation; it opens the form with the record chosen.
    page = admin.get(reverse("schools:student", args=[student.pk])).content.decode()
    invite_url = f"{reverse('invitations')}?student={student.pk}"
    assert f'href="{invite_url}"' in page
    form = admin.get(invite_url).context["form"]
    assert form.initial["student"] == student.pk and form.initial["target"] == _student_key(demo)
    assert form.initial["full_name"] == student.full_name

    response = _invite_student(admin, _student_key(demo), student.pk, email="Nieuwe.Stagiair@example.org")
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="nieuwe.stagiair@example.org")
    assert invitation.student == student and invitation.full_name == student.full_name
    # The group page now says the student is invited, instead of offering a second invitation.
    group_page = admin.get(reverse("schools:group", args=[student.group_id])).content.decode()
    assert invite_url not in group_page

    response = client.post(_accept_url(invitation), {"full_name": student.full_name, "password1": "", "password2": ""})
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.user.email == "nieuwe.stagiair@example.org"
    home = client.get(reverse("home")).content.decode()
    assert 'data-role="student"' in home
    assert reverse("internships:detail", args=[internship.pk]) in home and internship.site.name in home


def test_the_email_may_stay_empty_when_the_student_record_has_one(demo):
    student = _lindeboom_student()
    student.email = "met.adres@example.org"
    student.save()
    admin = demo.client_for("schooladmin@uniform.demo")
    assert _invite_student(admin, _student_key(demo), student.pk).status_code == 302
    assert Invitation.objects.get(student=student).email == "met.adres@example.org"
    # Without a record (or a record without email) the address is still required.
    other = _lindeboom_student(email="")
    for student_id in ("", other.pk):
        response = _invite_student(admin, _student_key(demo), student_id)
        assert response.status_code == 200 and response.context["form"].errors["email"]


def _forged_students(demo):
    from schools.models import Student

    archived = _lindeboom_student()
    archived.is_archived = True
    archived.save()
    return {
        "other network": demo.lucas.pk,
        "other school": Student.objects.filter(school__name="Atheneum Kempenland", user__isnull=True).first().pk,
        "archived": archived.pk,
        "linked": demo.emma.pk,
        "not an id": "nope",
        "unknown id": "00000000-0000-4000-8000-000000000000",
    }


def test_forged_student_ids_are_form_errors_never_invitations(demo):
    admin = demo.client_for("schooladmin@uniform.demo")
    for case, student_id in _forged_students(demo).items():
        response = _invite_student(admin, _student_key(demo), student_id, email="vals@example.org")
        assert response.status_code == 200, case
        assert response.context["form"].errors["student"], case
    # A record of one's own school, but with the teacher role.
    response = _invite_student(
        admin, _target_key(demo.user("schooladmin@uniform.demo"), Role.TEACHER), _lindeboom_student().pk,
        email="vals@example.org",
    )
    assert response.status_code == 200 and response.context["form"].errors["student"]
    assert not Invitation.objects.filter(email="vals@example.org").exists()


def test_the_invite_link_of_a_student_one_cannot_invite(demo):
    """Not visible (other network or school, or no id at all): 404. Visible but linked or archived:
    the form opens without it, and says why."""
    admin = demo.client_for("schooladmin@uniform.demo")
    forged = _forged_students(demo)
    for case in ("other network", "other school", "not an id", "unknown id"):
        assert admin.get(reverse("invitations"), {"student": forged[case]}).status_code == 404, case
    for case in ("archived", "linked"):
        response = admin.get(reverse("invitations"), {"student": forged[case]}, follow=True)
        assert response.status_code == 200, case
        assert "student" not in response.context["form"].initial, case
        assert [m for m in response.context["messages"] if m.level_tag == "warning"], case
    # Teachers see the student but invite nobody.
    teacher = demo.client_for("teacher@uniform.demo")
    assert teacher.get(reverse("invitations"), {"student": demo.emma.pk}).status_code == 403


def test_only_inviters_get_the_invite_link_on_the_group_and_student_pages(demo):
    student = _lindeboom_student(group__name="7BKO-A")
    invite_url = f"{reverse('invitations')}?student={student.pk}"
    admin = demo.client_for("schooladmin@uniform.demo")
    group_page = admin.get(reverse("schools:group", args=[student.group_id])).content.decode()
    assert invite_url in group_page
    assert f"?student={demo.emma.pk}" not in group_page  # Emma has an account
    teacher = demo.client_for("teacher@uniform.demo")
    assert invite_url not in teacher.get(reverse("schools:group", args=[student.group_id])).content.decode()
    assert invite_url not in teacher.get(reverse("schools:student", args=[student.pk])).content.decode()
    assert f"?student={demo.emma.pk}" not in admin.get(reverse("schools:student", args=[demo.emma.pk])).content.decode()


def test_one_pending_invitation_per_student_record(demo):
    student = _lindeboom_student()
    admin = demo.client_for("schooladmin@uniform.demo")
    assert _invite_student(admin, _student_key(demo), student.pk, email="een@example.org").status_code == 302
    response = _invite_student(admin, _student_key(demo), student.pk, email="twee@example.org")
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Invitation.objects.filter(email="twee@example.org").exists()


def test_a_record_linked_to_another_account_meanwhile_refuses_the_acceptance(client, demo):
    student = _lindeboom_student()
    admin = demo.client_for("schooladmin@uniform.demo")
    _invite_student(admin, _student_key(demo), student.pk, email="eerste@example.org")
    invitation = Invitation.objects.get(email="eerste@example.org")
    someone = User.objects.create_user("iemand.anders@example.org")
    student.user = someone
    student.save()

    response = client.post(_accept_url(invitation), {"full_name": "Eerste", "password1": "", "password2": ""})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not User.objects.filter(email="eerste@example.org").exists()
    student.refresh_from_db()
    assert student.user == someone
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_an_account_with_another_student_record_is_refused_cleanly(client, demo):
    """Emma (linked to her own record) accepts an invitation tied to another record: a message,
    no second link, no error page."""
    from tenancy.services import invitation_accept

    student = _lindeboom_student()
    lindeboom = Organisation.objects.get(name="Campus De Lindeboom")
    invitation = Invitation.objects.create(
        network=lindeboom.network, organisation=lindeboom, role=Role.STUDENT, email="student@uniform.demo",
        student=student, invited_by=demo.user("schooladmin@uniform.demo"),
        expires_at=timezone.now() + timedelta(days=3),
    )
    client.force_login(demo.user("student@uniform.demo"))
    response = client.post(_accept_url(invitation), follow=True)
    assert response.status_code == 200
    assert [m for m in response.context["messages"] if m.level_tag == "error"]
    student.refresh_from_db()
    assert student.user is None
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    with pytest.raises(Exception, match="al gekoppeld|already linked"):
        invitation_accept(invitation=invitation, user=demo.user("student@uniform.demo"))


def test_the_service_refuses_a_student_of_another_school_by_itself(demo):
    from django.core.exceptions import ValidationError

    from tenancy.services import invitation_create

    admin = demo.user("schooladmin@uniform.demo")
    target = next(t for t in access.invite_targets(admin) if t.role == Role.STUDENT)
    for student in (demo.lucas, demo.emma):
        with pytest.raises(ValidationError):
            invitation_create(inviter=admin, target=target, email="x@example.org", student=student)
    assert not Invitation.objects.filter(email="x@example.org").exists()


def test_coordinators_who_see_no_student_names_get_no_student_field(demo):
    client = demo.client_for("coordinator@uniform.demo")
    form = client.get(reverse("invitations")).context["form"]
    assert "student" not in form.fields
    assert "student" in demo.client_for("schooladmin@uniform.demo").get(reverse("invitations")).context["form"].fields
    # A student target and record posted by hand to a coordinator's form: an error, no invitation.
    assert _target_key(demo.user("coordinator@uniform.demo"), Role.STUDENT, "Campus De Lindeboom") is None
    key = _target_key(demo.user("schooladmin@uniform.demo"), Role.STUDENT, "Campus De Lindeboom")
    response = _invite_student(client, key, _lindeboom_student().pk, email="vals@example.org")
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Invitation.objects.filter(email="vals@example.org").exists()
