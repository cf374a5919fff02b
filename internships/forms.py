"""Forms of the internship pages. Choices come from the person's reach (access and
the school's own people), so a hand-posted foreign id is a validation error."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import access
from catalogue.models import Programme
from childcare.models import Site
from internships.models import DocumentType, RequiredDocument, ScheduleSlot, Visit
from schools.models import Group, Student

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PersonChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, site_of=None, trained=None, **kwargs):
        self.site_of = site_of or {}
        self.trained = trained or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        sites = self.site_of.get(obj.pk)
        label = f"{obj} ({', '.join(sites)})" if sites else str(obj)
        since = self.trained.get(obj.pk)
        if since:
            label += " · " + _("trained mentor since %(date)s") % {"date": since.strftime("%d/%m/%Y")}
        return label


def _mentor_field(user, school, required=False):
    memberships = access.mentors_to_pick(user, school)
    site_of: dict[int, list[str]] = {}
    for m in memberships:
        site_of.setdefault(m.user_id, []).append(m.site.name)
    from training.selectors import trained_since

    return PersonChoiceField(
        queryset=access.people_to_pick(user, school, memberships), required=required, label=_("Mentor"),
        site_of=site_of, trained=trained_since(site_of, network_ids=[school.network_id]),
        help_text=_("A mentor who works at the chosen site."),
    )


def _teacher_field(user, school, required=False):
    return forms.ModelChoiceField(
        queryset=access.teachers_to_pick(user, school), required=required, label=_("Internship teacher"),
    )


class InternshipBaseForm(forms.Form):
    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), label=_("Programme"))
    site = forms.ModelChoiceField(queryset=Site.objects.none(), label=_("Site"))
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    required_hours = forms.IntegerField(label=_("Required hours"), min_value=1, max_value=2000, initial=120)
    document_types = forms.ModelMultipleChoiceField(
        queryset=DocumentType.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Required documents"),
    )

    def __init__(self, *args, user, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["programme"].queryset = access.programmes_to_pick(user, school.network_id)
        self.fields["site"].queryset = access.network_sites_to_pick(user, school)
        self.fields["site"].label_from_instance = lambda s: f"{s.name} ({s.organisation})"
        self.fields["mentor"] = _mentor_field(user, school)
        self.fields["teacher"] = _teacher_field(user, school)
        self.fields["document_types"].queryset = access.document_types_to_pick(user, school)
        self.fields["document_types"].initial = [d.pk for d in self.fields["document_types"].queryset if d.is_default]
        if self.fields["programme"].queryset.count() == 1:
            self.fields["programme"].initial = self.fields["programme"].queryset.first().pk

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The internship cannot end before it starts."))
        return cleaned


class InternshipForm(InternshipBaseForm):
    student = forms.ModelChoiceField(queryset=Student.objects.none(), label=_("Student"))
    field_order = ["student"]

    def __init__(self, *args, user, school, **kwargs):
        super().__init__(*args, user=user, school=school, **kwargs)
        self.fields["student"].queryset = access.students_to_pick(user, school)
        self.fields["student"].label_from_instance = lambda s: f"{s.full_name} ({s.group or '–'})"
        self.order_fields(["student", "programme", "site", "mentor", "teacher", "start_date", "end_date", "required_hours", "document_types"])


class GroupInternshipsForm(InternshipBaseForm):
    group = forms.ModelChoiceField(queryset=Group.objects.none(), label=_("Group"))
    students = forms.ModelMultipleChoiceField(
        queryset=Student.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Students"), required=False,
        help_text=_("Leave all unticked to take every student of the group."),
    )

    def __init__(self, *args, user, school, **kwargs):
        super().__init__(*args, user=user, school=school, **kwargs)
        self.fields["group"].queryset = access.groups_to_pick(user, school)
        self.fields["students"].queryset = access.students_to_pick(user, school)
        self.fields["students"].label_from_instance = lambda s: f"{s.full_name} ({s.group or '–'})"
        self.order_fields(["group", "students", "programme", "site", "mentor", "teacher", "start_date", "end_date", "required_hours", "document_types"])

    def clean(self):
        cleaned = super().clean()
        group, students = cleaned.get("group"), cleaned.get("students")
        if group is not None:
            if students:
                foreign = [s for s in students if s.group_id != group.pk]
                if foreign:
                    self.add_error("students", _("Only students of the chosen group."))
            else:
                cleaned["students"] = list(group.students.filter(is_archived=False))
            if not cleaned.get("students"):
                self.add_error("group", _("This group has no students."))
        return cleaned


class ChangeInternshipForm(forms.Form):
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    required_hours = forms.IntegerField(label=_("Required hours"), min_value=1, max_value=2000)

    def __init__(self, *args, user, internship, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"] = _mentor_field(user, internship.school)
        self.fields["teacher"] = _teacher_field(user, internship.school)
        self.order_fields(["mentor", "teacher", "start_date", "end_date", "required_hours"])


class IntakeForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(label=_("Date of the intake meeting"), widget=DATE)
    attendees = forms.CharField(label=_("Who attended"), max_length=300)
    student_expectations = forms.CharField(label=_("The student's expectations"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)
    learning_goals = forms.CharField(label=_("Learning goals"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)
    site_expectations = forms.CharField(label=_("The site's expectations"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)
    practical_agreements = forms.CharField(label=_("Practical agreements"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)

    DAYS = ScheduleSlot.Weekday.choices[:6]
    #: Blocks a day may have: after-school care works split shifts (7:00–8:30 and 15:30–18:00).
    BLOCKS = 2

    @staticmethod
    def _names(day: int, block: int) -> tuple[str, str]:
        suffix = "" if block == 0 else f"_{block + 1}"
        return f"day{day}_start{suffix}", f"day{day}_end{suffix}"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in self.DAYS:
            for block in range(self.BLOCKS):
                start, end = self._names(value, block)
                self.fields[start] = forms.TimeField(label=label, required=False, widget=TIME)
                self.fields[end] = forms.TimeField(label=_("until"), required=False, widget=TIME)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The intake meeting is recorded after it took place: its date cannot be in the future."))
        return day

    def day_rows(self):
        """(day label, [(start field, end field) per block], the day's errors)."""
        rows = []
        for value, label in self.DAYS:
            blocks = [tuple(self[name] for name in self._names(value, block)) for block in range(self.BLOCKS)]
            errors = [e for _start, end in blocks for e in end.errors]
            rows.append((label, blocks, errors))
        return rows

    def clean(self):
        cleaned = super().clean()
        slots = []
        for value, _label in self.DAYS:
            day = []
            for block in range(self.BLOCKS):
                start_name, end_name = self._names(value, block)
                start, end = cleaned.get(start_name), cleaned.get(end_name)
                if start and end:
                    if end <= start:
                        self.add_error(end_name, _("The end comes after the start."))
                    else:
                        day.append((start, end, end_name))
                elif start or end:
                    self.add_error(end_name, _("Fill in both times, or none."))
            day.sort()
            if any(later[0] < earlier[1] for earlier, later in zip(day, day[1:], strict=False)):
                self.add_error(day[-1][2], _("The two blocks of this day overlap."))
            slots += [(value, start, end) for start, end, _name in day]
        cleaned["slots"] = slots
        return cleaned

    @classmethod
    def initial_from(cls, intake, slots) -> dict:
        initial = {}
        if intake is not None:
            initial.update(
                revision=intake.revision, date=intake.date, attendees=intake.attendees,
                student_expectations=intake.student_expectations, learning_goals=intake.learning_goals,
                site_expectations=intake.site_expectations, practical_agreements=intake.practical_agreements,
            )
        used: dict[int, int] = {}
        for slot in sorted(slots, key=lambda s: (s.weekday, s.start_time)):
            block = used.get(slot.weekday, 0)
            if block >= cls.BLOCKS:
                continue
            used[slot.weekday] = block + 1
            start, end = cls._names(slot.weekday, block)
            initial[start], initial[end] = slot.start_time, slot.end_time
        return initial


class DocumentStatusForm(forms.Form):
    status = forms.ChoiceField(choices=RequiredDocument.Status.choices)


class DocumentUploadForm(forms.Form):
    file = forms.FileField(label=_("File (PDF or image, at most 5 MB)"))


class AddDocumentsForm(forms.Form):
    document_types = forms.ModelMultipleChoiceField(queryset=DocumentType.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Ask also"))

    def __init__(self, *args, user, internship, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_types"].queryset = access.document_types_to_pick(user, internship.school, internship)


class VisitPlanForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    time = forms.TimeField(label=_("Time"), required=False, widget=TIME)
    with_whom = forms.CharField(label=_("With whom"), max_length=200, required=False)


class VisitForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(label=_("Date"), widget=DATE)
    time = forms.TimeField(label=_("Time"), required=False, widget=TIME)
    status = forms.ChoiceField(label=_("Status"), choices=Visit.Status.choices)
    with_whom = forms.CharField(label=_("With whom"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)
    agreements = forms.CharField(label=_("Agreements"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)


class HoursForm(forms.Form):
    date = forms.DateField(label=_("Day"), widget=DATE)
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_value=24, decimal_places=2, max_digits=4, required=False)
    is_absence = forms.BooleanField(label=_("Absent"), required=False)
    absence_reason = forms.CharField(label=_("Reason of absence"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("is_absence") and not cleaned.get("hours") and "hours" not in self.errors:
            self.add_error("hours", _("Give the hours of that day, or tick absent."))
        return cleaned


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=())
    group = forms.ModelChoiceField(label=_("Group"), required=False, queryset=Group.objects.none())
    site = forms.ModelChoiceField(label=_("Site"), required=False, queryset=Site.objects.none())
    period_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    period_to = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args, groups, sites, **kwargs):
        super().__init__(*args, **kwargs)
        from internships.models import Internship

        self.fields["status"].choices = [("", _("All statuses")), ("active", _("Not closed")), *Internship.Status.choices]
        self.fields["group"].queryset = groups
        self.fields["site"].queryset = sites


class DocumentTypeSettingsForm(forms.Form):
    """The coordinator's settings of one document type of the network."""

    document_type = forms.ModelChoiceField(queryset=DocumentType.objects.none(), widget=forms.HiddenInput)
    is_default = forms.BooleanField(label=_("Asked by default"), required=False)
    blocks_start = forms.BooleanField(label=_("Needed to start"), required=False)
    days_before_start = forms.IntegerField(label=_("Due (days before the start)"), min_value=0, max_value=120)

    def __init__(self, *args, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_type"].queryset = types

