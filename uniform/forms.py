from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from uniform import access


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    target = forms.ChoiceField(label=_("Role and place"))

    def __init__(self, *args, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices come from the access module: a place posted by hand that is not among
        # them is a validation error, never an invitation.
        self.targets = {t.key: t for t in access.invite_targets(inviter)}
        self.fields["target"].choices = [("", "---------")] + [(k, t.label) for k, t in self.targets.items()]

    def clean_target(self):
        return self.targets[self.cleaned_data["target"]]


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
                from uniform.models import User

                try:
                    password_validation.validate_password(p1, User(email=self.email, full_name=cleaned.get("full_name", "")))
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return cleaned
