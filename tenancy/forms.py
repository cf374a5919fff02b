from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

import access
from tenancy.models import Role


class _SelectWithData(forms.Select):
    """A select whose options carry ``data-*`` attributes (for js/invitations.js)."""

    def __init__(self, *args, option_data=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.option_data = option_data or (lambda value: {})

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value not in (None, ""):
            option["attrs"].update(self.option_data(value))
        return option


class _StudentChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, with_school: bool = False, **kwargs):
        self.with_school = with_school
        super().__init__(*args, **kwargs)

    def label_from_instance(self, student):
        parts = [f"{student.last_name}, {student.first_name}"]
        if student.group:
            parts.append(str(student.group))
        if self.with_school:
            parts.append(str(student.school))
        return " · ".join(parts)


class InvitationForm(forms.Form):
    target = forms.ChoiceField(label=_("Role and place"))
    email = forms.EmailField(label=_("Email address"), required=False)
    full_name = forms.CharField(label=_("Name"), max_length=150, required=False)

    field_order = ["target", "student", "email", "full_name"]

    def __init__(self, *args, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices come from the access module: a place or a student record posted by hand that
        # is not among them is a validation error, never an invitation.
        self.targets = {t.key: t for t in access.invite_targets(inviter)}
        self.fields["target"].widget = _SelectWithData(option_data=self._target_data)
        self.fields["target"].choices = [("", "---------")] + [(k, t.label) for k, t in self.targets.items()]

        # The student records one may tie an invitation to (none for a coordinator, who sees
        # no student names: then there is no such field).
        student_schools = {t.organisation.pk for t in self.targets.values() if t.role == Role.STUDENT}
        students = access.students_to_invite(inviter).select_related("school", "group").order_by(
            "last_name", "first_name", "id"
        )
        if student_schools and students.exists():
            self.fields["student"] = _StudentChoiceField(
                label=_("Which student"),
                queryset=students,
                required=False,
                empty_label=_("(no student record)"),
                with_school=len(student_schools) > 1,
                widget=_SelectWithData(option_data=self._student_data, attrs={"data-student-picker": ""}),
                help_text=_(
                    "When inviting a student: choose their record, so that their account shows their "
                    "internships. The email address may then stay empty if the record has one."
                ),
            )
            self.order_fields(self.field_order)

    def _target_data(self, value) -> dict:
        target = self.targets.get(str(value))
        if target is None:
            return {}
        return {"data-role": target.role, "data-school": target.organisation.pk if target.organisation else ""}

    @staticmethod
    def _student_data(value) -> dict:
        student = getattr(value, "instance", None)
        if student is None:
            return {}
        return {"data-school": student.school_id, "data-email": student.email, "data-name": student.full_name}

    def clean_target(self):
        return self.targets[self.cleaned_data["target"]]

    def clean(self):
        cleaned = super().clean()
        target, student = cleaned.get("target"), cleaned.get("student")
        if "student" not in self.fields and self.data.get("student"):
            # A record posted by hand to someone who has none to choose from.
            self.add_error(None, forms.ModelChoiceField.default_error_messages["invalid_choice"])
        if student is not None and target is not None:
            if target.role != Role.STUDENT:
                self.add_error("student", _("Choose a student record only when inviting a student."))
            elif target.organisation is None or student.school_id != target.organisation.pk:
                self.add_error("student", _("This student is not of the school you invite to."))
        if "email" in cleaned and not cleaned["email"]:
            if student is not None and student.email:
                cleaned["email"] = student.email
            else:
                self.add_error("email", self.fields["email"].error_messages["required"])
        return cleaned


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), required=False,
        help_text=_("At least 10 characters. Leave empty to log in with an emailed code instead."),
    )
    password2 = forms.CharField(
        label=_("Password (again)"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), required=False
    )

    def __init__(self, *args, email, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 or p2:
            if p1 != p2:
                self.add_error("password2", _("The two passwords differ."))
            else:
                from tenancy.models import User

                try:
                    password_validation.validate_password(p1, User(email=self.email, full_name=cleaned.get("full_name", "")))
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return cleaned


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    """allauth's form; the current password is checked under the per-person limit of password
    checks (tenancy.throttle), shared with signing: no second oracle beside it."""

    def clean_oldpassword(self):
        from allauth.account.adapter import get_adapter
        from allauth.core import context

        from tenancy import throttle

        throttle.check_password(
            context.request, self.user, self.cleaned_data.get("oldpassword", ""),
            error=get_adapter().error_messages["enter_current_password"],
        )
        return self.cleaned_data["oldpassword"]


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    """allauth's "mail me a login code", with its limit per address (3 a minute) counted per
    browser for a browser where the account logged in before (tenancy.devices): a stranger
    asking codes for someone's address does not keep the owner from getting one."""

    def clean_email(self) -> str:
        from allauth.account import app_settings as account_settings
        from allauth.account.adapter import get_adapter
        from allauth.account.internal.userkit import filter_users_by_email
        from allauth.core import context, ratelimit

        from tenancy import devices

        adapter = get_adapter()
        email = self.cleaned_data["email"]
        if email:
            users = filter_users_by_email(email, is_active=True, prefer_verified=True, for_login=True)
            if not account_settings.PREVENT_ENUMERATION and not users:
                raise adapter.validation_error("unknown_email")
            if not ratelimit.consume(context.request, action="request_login_code",
                                     key=devices.limit_key(context.request, email)):
                raise adapter.validation_error("too_many_login_attempts")
            self._user = users[0] if users else None
        return email


class RequestReauthenticationCodeForm(allauth_forms.RequestReauthenticationCodeForm):
    """allauth's "mail me a code to confirm it is me", for a logged-in person: its limit per
    address counted per person, apart from the login codes that anyone can ask for that
    address (a stranger's flood must not keep an admin from proving the mailbox)."""

    def __init__(self, *args, **kwargs):
        self._user_pk = kwargs["user"].pk
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        from allauth.account.adapter import get_adapter
        from allauth.core import context, ratelimit

        cleaned = forms.Form.clean(self) or {}
        recipient = cleaned.get("recipient")
        if recipient:
            if not ratelimit.consume(context.request, action="request_login_code",
                                     key=f"{recipient.lower()}:user:{self._user_pk}"):
                self.add_error("recipient", get_adapter().validation_error("too_many_login_attempts"))
                return cleaned
            cleaned["email" if "@" in recipient else "phone"] = recipient
        return cleaned
