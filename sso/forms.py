from django import forms
from django.utils.translation import gettext_lazy as _

from sso.models import LoginProvider


class ProviderForm(forms.Form):
    scope = forms.ChoiceField(label=_("For"))
    kind = forms.ChoiceField(label=_("Kind"), choices=LoginProvider.Kind.choices)
    name = forms.CharField(label=_("Name on the button"), max_length=80,
                           help_text=_("The login page shows “Log in with” followed by this name."))
    issuer_url = forms.CharField(label=_("Issuer URL"), max_length=300, required=False,
                                 help_text=_("Microsoft: https://login.microsoftonline.com/TENANT-ID/v2.0 · "
                                             "Google: https://accounts.google.com (filled in when left empty)."))
    client_id = forms.CharField(label=_("Client ID"), max_length=300)
    client_secret = forms.CharField(label=_("Client secret"), max_length=500, required=False,
                                    widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}))
    allowed_domains = forms.CharField(label=_("Allowed email domains"), max_length=500,
                                      help_text=_("Separated by commas, for example campus.be, leerling.campus.be."))
    enforces_mfa = forms.BooleanField(label=_("The provider enforces a second factor for everyone"), required=False,
                                      help_text=_("Only when your provider asks every account for a second factor: "
                                                  "then Uniform does not ask for its own code after a login there."))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, scopes: list[tuple[str, str]], editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scopes
        if editing:
            del self.fields["scope"]
            self.fields["client_secret"].help_text = _("Leave empty to keep the saved secret.")
