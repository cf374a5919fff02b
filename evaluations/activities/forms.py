"""The form of the activity list. The activity choices are those of the internship's pinned
catalogue version, so a hand-posted id of another version (or network) is a validation error."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.activities.models import ActivityEntry

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class ActivityEntryForm(forms.Form):
    activity = ActivityChoiceField(label=_("Activity"), queryset=None, empty_label=_("Choose an activity"))
    date = forms.DateField(label=_("Date"), widget=DATE)
    level = forms.ChoiceField(label=_("How"), choices=ActivityEntry.Level.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Short note"), max_length=300, required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
        help_text=_("Optional, at most 300 characters."),
    )

    def __init__(self, *args, internship, **kwargs):
        self.internship = internship
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = internship.catalogue_version.activities.order_by("order", "pk")
        today = timezone.localdate()
        self.fields["date"].widget.attrs.update(
            min=internship.start_date.isoformat(), max=min(today, internship.end_date).isoformat()
        )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < self.internship.start_date or day > self.internship.end_date:
            raise forms.ValidationError(_("The date is outside the internship period."))
        if day > timezone.localdate():
            raise forms.ValidationError(_("An activity is added after it was done, not before."))
        return day


class ConfirmForm(forms.Form):
    level = forms.ChoiceField(choices=[("", "")] + list(ActivityEntry.Level.choices), required=False)
