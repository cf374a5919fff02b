from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmNameForm(forms.Form):
    """The confirmation of an erasure: the full name typed by hand."""

    name = forms.CharField(
        label=_("Type the full name to confirm"), max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off", "spellcheck": "false"}),
    )
