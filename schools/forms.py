"""Forms of the school admin. Every field that picks a related object gets its queryset from
what the school may use (its network's programmes, its active teachers, its groups): an id
of anything else posted by hand is "not one of the choices", a validation error."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import Programme
from schools import io as schools_io
from schools.models import Group
from schools.selectors import school_groups, school_programmes, school_teachers
from tenancy.selectors import organisations_of

SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def check_school_year(value: str) -> str:
    """``2026-2027``: two consecutive years."""
    value = (value or "").strip()
    match = SCHOOL_YEAR.match(value)
    if not match or int(match[2]) != int(match[1]) + 1:
        raise forms.ValidationError(_("Write the school year as 2026-2027."))
    return value


class TeacherChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class GroupForm(forms.Form):
    """A group of one of the admin's schools: ``schools`` are the schools they manage (for a
    new group) or the group's own school (for an edit)."""

    school = forms.ModelChoiceField(label=_("School"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("Name"), max_length=Group._meta.get_field("name").max_length,
                           help_text=_("e.g. 7BKO-A"))
    school_year = forms.CharField(label=_("School year"), max_length=9, help_text=_("e.g. 2026-2027"))
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none(), required=False,
                                       empty_label=_("(none yet)"))
    teachers = TeacherChoiceField(
        label=_("Internship teachers"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Teachers of the school who follow this group; they see its students."),
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        schools = list(schools)
        self.fields["school"].queryset = organisations_of(schools).order_by("name")
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk
            self.fields["school"].widget = forms.HiddenInput()
        self.fields["programme"].queryset = school_programmes(schools)
        self.fields["teachers"].queryset = school_teachers([s.pk for s in schools])

    def clean_school_year(self):
        return check_school_year(self.cleaned_data["school_year"])

    def clean(self):
        data = super().clean()
        school = data.get("school")
        if school is None:
            return data
        programme = data.get("programme")
        if programme is not None and programme.network_id != school.network_id:
            self.add_error("programme", _("Choose a programme of the school's network."))
        allowed = set(school_teachers([school.pk]).values_list("pk", flat=True))
        if any(t.pk not in allowed for t in data.get("teachers") or []):
            self.add_error("teachers", _("Choose teachers of %(school)s only.") % {"school": school.name})
        return data


class StudentForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=schools_io.MAX_NAME)
    last_name = forms.CharField(label=_("Last name"), max_length=schools_io.MAX_NAME)
    email = forms.EmailField(label=_("Email address"), required=False, max_length=schools_io.MAX_EMAIL)
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, input_formats=schools_io.DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optional. YYYY-MM-DD or DD/MM/YYYY."),
    )
    group = forms.ModelChoiceField(label=_("Group"), queryset=None, empty_label=None)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = school_groups(school)

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value is not None and not (value.year >= 1900 and value <= timezone.localdate()):
            raise forms.ValidationError(_("This date of birth cannot be right."))
        return value


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"))
    school_year = forms.CharField(label=_("School year of the groups"), max_length=9,
                                  help_text=_("Students go into the groups of this school year; missing groups are created."))
    programme = forms.ModelChoiceField(label=_("Programme of new groups"), queryset=Programme.objects.none(),
                                       required=False, empty_label=_("(none yet)"))

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = school_programmes([school])
        # The column names in the language of the page (the importer accepts Dutch and English).
        self.fields["file"].help_text = _(
            "CSV (UTF-8, separated by ; or ,) or XLSX, at most 2 MB and 2000 rows. Columns: %(columns)s."
        ) % {"columns": schools_io.columns_help()}

    def clean_school_year(self):
        return check_school_year(self.cleaned_data["school_year"])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > schools_io.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload
