"""Forms of the site profile and its kennismakingsmomenten (ADR 0017)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childcare.forms import DATE_INPUT_FORMATS, DateInput
from childcare.models import IntroductionMoment, Site
from internships.models import DocumentType

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
_TEXT = {"rows": 3}


class SiteProfileForm(forms.Form):
    ages = forms.MultipleChoiceField(
        label=_("Age groups"), choices=Site.AGE_GROUPS, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one age group.")},
    )
    vision = forms.CharField(label=_("Our vision"), max_length=4000, required=False, widget=forms.Textarea(attrs=_TEXT))
    accents = forms.CharField(
        label=_("Pedagogical accents"), max_length=4000, required=False, widget=forms.Textarea(attrs=_TEXT),
        help_text=_("What the site puts first, e.g. an open play offer, lots of outdoor play."),
    )
    expectations = forms.CharField(label=_("What we expect of interns"), max_length=4000, required=False, widget=forms.Textarea(attrs=_TEXT))
    hours = forms.CharField(label=_("Opening hours and shifts"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    what_to_bring = forms.CharField(label=_("What to bring"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    directions = forms.CharField(label=_("How to get there"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    required_documents = forms.ModelMultipleChoiceField(
        label=_("Documents we require"), queryset=DocumentType.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The network's document types; schools see them before they place a student here."),
    )

    def __init__(self, *args, document_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required_documents"].queryset = document_types


class IntroductionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput(), input_formats=DATE_INPUT_FORMATS)
    start_time = forms.TimeField(label=_("From"), widget=TIME)
    end_time = forms.TimeField(label=_("Until"), widget=TIME)
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=200, help_text=_("How many students can come (a class counts its students)."))
    audience = forms.ChoiceField(label=_("For whom"), choices=IntroductionMoment.Audience.choices)
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs=_TEXT),
        help_text=_("What happens, where to report, what to bring."),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end must be after the start."))
        day = data.get("date")
        if day and day < timezone.localdate() and not self.initial.get("date"):
            self.add_error("date", _("The date is in the past."))
        return data


class _StudentField(forms.ModelChoiceField):
    def label_from_instance(self, student):
        return f"{student.last_name}, {student.first_name}" + (f" · {student.group}" if student.group_id else "")


class RegistrationForm(forms.Form):
    """A class with its number of students, or one student. The choices are the person's reach
    (access.groups_to_register / students_to_register): an id posted by hand is an error."""

    group = forms.ModelChoiceField(label=_("Class"), queryset=None, required=False)  # type: ignore[arg-type]
    number = forms.IntegerField(label=_("Number of students"), min_value=1, max_value=200, required=False)
    student = _StudentField(label=_("Or one student"), queryset=None, required=False)  # type: ignore[arg-type]
    note = forms.CharField(label=_("Note for the site"), max_length=300, required=False)

    def __init__(self, *args, groups, students, moment: IntroductionMoment, **kwargs):
        kwargs.setdefault("prefix", f"m{moment.pk}")
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["student"].queryset = students
        if moment.audience == IntroductionMoment.Audience.STUDENTS:
            del self.fields["group"], self.fields["number"]
            self.fields["student"].label = _("Student")
        elif moment.audience == IntroductionMoment.Audience.GROUPS:
            del self.fields["student"]

    def clean(self):
        data = super().clean()
        group, student = data.get("group"), data.get("student")
        if group and student:
            raise forms.ValidationError(_("Register a class or one student, not both."))
        if not group and not student:
            raise forms.ValidationError(_("Choose a class or a student."))
        if group and not data.get("number"):
            self.add_error("number", _("How many students of the class come?"))
        if student:
            data["number"] = 1
        return data
