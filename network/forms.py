from django import forms
from django.utils.translation import gettext_lazy as _

from tenancy.models import Organisation


class OrganisationForm(forms.Form):
    """A school (with its type of education) or a childcare organisation of the network."""

    name = forms.CharField(label=_("Name"), max_length=160)
    school_type = forms.ChoiceField(label=_("Type of education"), choices=[("", "---------"), *Organisation.SchoolType.choices])
    address = forms.CharField(label=_("Address"), max_length=200, required=False, help_text=_("Street and number, postcode"))
    city = forms.CharField(label=_("Municipality"), max_length=120)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind != Organisation.Kind.SCHOOL:
            del self.fields["school_type"]


class FirstAdminForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Name"), max_length=150, required=False)
