from django import forms
from django.utils.translation import gettext_lazy as _

from childcare.models import MAX_PLACES, Site
from tenancy.models import Organisation
from tenancy.selectors import organisations_of

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_field(label, **kwargs):
    return forms.DateField(label=label, widget=DateInput(), input_formats=DATE_INPUT_FORMATS, **kwargs)


class SiteForm(forms.Form):
    """A site of the admin's organisation. ``organisations``: those the admin manages (a list);
    the field shows only when there is a choice, and an id posted by hand outside it is refused.
    Editing a site (``organisations=None``) never moves it to another organisation."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    name = forms.CharField(label=_("Name"), max_length=160)
    kind = forms.ChoiceField(label=_("Kind of care"), choices=Site.Kind.choices)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    city = forms.CharField(label=_("Municipality"), max_length=120, required=False)
    capacity = forms.IntegerField(
        label=_("Internship places"),
        min_value=0,
        max_value=MAX_PLACES,
        initial=2,
        help_text=_("How many interns the site can take in a period for which no capacity period is set."),
    )
    coach_review = forms.BooleanField(
        label=_("Feedback goes to the coach first"),
        required=False,
        help_text=_("Submitted feedback sheets first go to the site's pedagogical coach."),
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None or len(organisations) < 2:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations_of(organisations)


class CapacityForm(forms.Form):
    start_date = _date_field(_("From"))
    end_date = _date_field(_("Until"))
    places = forms.IntegerField(label=_("Internship places"), min_value=0, max_value=MAX_PLACES)
    note = forms.CharField(
        label=_("Note"), max_length=200, required=False, help_text=_("For example: first semester, summer closure.")
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data


class PeriodForm(forms.Form):
    """The period a page shows (GET). Invalid input shows an error; the page then shows the
    default period."""

    start = _date_field(_("From"), required=False)
    end = _date_field(_("Until"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date cannot be before the start date."))
        return data
