"""Forms for placements. Every field that picks an object gets its choices from ``access``
(through the view), so a foreign id posted by hand is a validation error."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from childcare.models import MAX_PLACES, Site


class DateInput(forms.DateInput):
    input_type = "date"


class PeriodForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80, help_text=_("e.g. Spring 2027"))
    start_date = forms.DateField(label=_("From"), widget=DateInput)
    end_date = forms.DateField(label=_("Until"), widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data


class OfferForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    period = forms.ModelChoiceField(label=_("Period"), queryset=None)
    places = forms.IntegerField(label=_("Internship places"), min_value=0, max_value=MAX_PLACES)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, sites, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["period"].queryset = periods


class DemandForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=None)
    period = forms.ModelChoiceField(label=_("Period"), queryset=None)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    year = forms.CharField(label=_("Year"), max_length=40, help_text=_("e.g. 6th year, 7th year, adult education"))
    students = forms.IntegerField(label=_("Number of students"), min_value=1, max_value=500)
    municipality = forms.ChoiceField(label=_("Preferred municipality"), required=False)
    site_kind = forms.ChoiceField(label=_("Preferred kind of care"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, schools, periods, programmes, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        if schools.count() == 1:
            self.fields["school"].initial = schools.first()
        self.fields["period"].queryset = periods
        self.fields["programme"].queryset = programmes
        self.fields["municipality"].choices = [("", _("no preference")), *((m, m) for m in municipalities)]
        self.fields["site_kind"].choices = [("", _("no preference")), *Site.Kind.choices]


class RequestForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=None)
    period = forms.ModelChoiceField(label=_("Period"), queryset=None)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    students = forms.ModelMultipleChoiceField(
        label=_("Students"), queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text=_("One student, or several: the site chooses among them."),
    )
    places = forms.IntegerField(label=_("Places asked"), min_value=1, max_value=MAX_PLACES, initial=1)
    teacher = forms.ModelChoiceField(label=_("Internship teacher"), queryset=None, required=False)
    message = forms.CharField(label=_("Message to the site"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)

    def __init__(self, *args, sites, periods, programmes, students, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["period"].queryset = periods
        self.fields["programme"].queryset = programmes
        self.fields["students"].queryset = students
        self.fields["students"].label_from_instance = lambda s: f"{s.full_name} ({s.group})" if s.group_id else s.full_name
        self.fields["teacher"].queryset = teachers


class AnswerForm(forms.Form):
    """The site's answer: accept (students, mentor), decline (reason), or another period."""

    ACTIONS = (("accept", _("Accept")), ("decline", _("Decline")), ("counter", _("Propose another period")))
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    students = forms.ModelMultipleChoiceField(label=_("Students"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=None, required=False)
    period = forms.ModelChoiceField(label=_("Other period"), queryset=None, required=False)
    reason = forms.CharField(label=_("Reason or message"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)

    def __init__(self, *args, students, mentors, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["students"].queryset = students
        self.fields["students"].label_from_instance = lambda s: s.full_name
        self.fields["mentor"].queryset = mentors
        self.fields["period"].queryset = periods


class ReplyForm(forms.Form):
    """The school's reply to a proposed period."""

    action = forms.ChoiceField(choices=(("accept", _("Accept")), ("decline", _("Decline"))), widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
