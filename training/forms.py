from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from training.models import DEFAULT_CAPACITY, MAX_CAPACITY, Course

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
#: Session rows on the form of a course (the empty ones are left out).
COURSE_SESSION_ROWS = 5


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class CourseForm(forms.Form):
    """A course or study day with its sessions (date, start, end per row)."""

    title = forms.CharField(label=_("Title"), max_length=160)
    theme = forms.CharField(label=_("Theme"), max_length=160, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=MAX_CAPACITY, initial=DEFAULT_CAPACITY)
    registration_deadline = forms.DateField(
        label=_("Registration deadline"), required=False, widget=DateInput(), input_formats=DATE_INPUT_FORMATS
    )
    min_school_percent = forms.IntegerField(
        label=_("At least this share from schools (%)"), min_value=0, max_value=100, initial=33
    )
    min_workfloor_percent = forms.IntegerField(
        label=_("At least this share from the work floor (%)"), min_value=0, max_value=100, initial=33
    )

    def __init__(self, *args, kind=Course.Kind.COURSE, max_capacity: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if max_capacity is not None:  # the network's maximum of participants
            capacity = self.fields["capacity"]
            capacity.max_value = max_capacity
            capacity.validators = [v for v in capacity.validators if not isinstance(v, MaxValueValidator)]
            capacity.validators.append(MaxValueValidator(max_capacity, _("A course of this network takes at most %(limit_value)s participants.")))
            capacity.widget.attrs["max"] = max_capacity
            capacity.help_text = _("At most %(n)s.") % {"n": max_capacity}
        self.rows = 1 if kind == Course.Kind.STUDY_DAY else COURSE_SESSION_ROWS
        if kind != Course.Kind.STUDY_DAY:
            self.fields["theme"].widget = forms.HiddenInput()
        for i in range(self.rows):
            n = i + 1
            required = i == 0
            self.fields[f"session_{i}_date"] = forms.DateField(
                label=_("Session %(n)s: date") % {"n": n}, required=required, widget=DateInput(),
                input_formats=DATE_INPUT_FORMATS,
            )
            self.fields[f"session_{i}_start"] = forms.TimeField(
                label=_("Session %(n)s: from") % {"n": n}, required=required, widget=TimeInput()
            )
            self.fields[f"session_{i}_end"] = forms.TimeField(
                label=_("Session %(n)s: until") % {"n": n}, required=required, widget=TimeInput()
            )

    def session_rows(self):
        return [(self[f"session_{i}_date"], self[f"session_{i}_start"], self[f"session_{i}_end"]) for i in range(self.rows)]

    def main_fields(self):
        return [self[name] for name in self.fields if not name.startswith("session_")]

    def clean(self):
        data = super().clean()
        if (data.get("min_school_percent") or 0) + (data.get("min_workfloor_percent") or 0) > 100:
            self.add_error("min_workfloor_percent", _("The two shares add up to more than 100%."))
        sessions = []
        for i in range(self.rows):
            day, start, end = (data.get(f"session_{i}_{part}") for part in ("date", "start", "end"))
            if not (day or start or end):
                continue
            if not (day and start and end):
                self.add_error(f"session_{i}_date", _("Give the date, start and end of this session."))
                continue
            if end <= start:
                self.add_error(f"session_{i}_end", _("A session ends after it starts."))
                continue
            sessions.append((day, start, end))
        data["sessions"] = sessions
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"], "theme": data.get("theme") or "", "description": data["description"],
            "location": data["location"], "capacity": data["capacity"],
            "registration_deadline": data["registration_deadline"],
            "min_school_percent": data["min_school_percent"], "min_workfloor_percent": data["min_workfloor_percent"],
            "sessions": data["sessions"],
        }


class RegisterOtherForm(forms.Form):
    """An admin registers a person of their organisation: the choices come from the access
    rules, a membership id posted by hand outside them is refused."""

    membership = forms.ModelChoiceField(label=_("Person"), queryset=None)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships.select_related("user", "organisation").order_by(
            "user__full_name", "user__email"
        )
        self.fields["membership"].label_from_instance = lambda m: f"{m.user} ({m.organisation}, {m.get_role_display()})"


class CaseForm(forms.Form):
    """A calibration case: the situation, and a reference level for each indicator it is rated
    on (an indicator left empty is not part of the case)."""

    title = forms.CharField(label=_("Title"), max_length=160)
    text = forms.CharField(label=_("The situation"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("A described situation or a short text about an intern's behaviour."))

    def __init__(self, *args, clusters, levels, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("not in this case")), *((str(lvl.pk), f"{lvl.value}. {lvl.label}") for lvl in levels)]
        self.groups = []
        for cluster in clusters:
            names = []
            for indicator in cluster.indicators.all():
                name = f"ref_{indicator.pk}"
                self.fields[name] = forms.TypedChoiceField(
                    label=f"{indicator.code} {indicator.text}", choices=choices, required=False, coerce=int, empty_value=None,
                )
                names.append(name)
            self.groups.append((cluster, [self[n] for n in names]))

    def clean(self):
        data = super().clean()
        if not any(data.get(n) for n in self.fields if n.startswith("ref_")):
            raise forms.ValidationError(_("Give a reference level for at least one indicator."))
        return data

    def references(self) -> dict[int, int]:
        return {int(n[4:]): v for n, v in self.cleaned_data.items() if n.startswith("ref_") and v}


class CaseRatingForm(forms.Form):
    """A participant's level for each indicator of a case."""

    def __init__(self, *args, lines, levels, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(lvl.pk), f"{lvl.value}. {lvl.label}") for lvl in levels]
        for line in lines:
            item = line.item
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=f"{item.indicator.code} {item.indicator.text}", choices=choices, coerce=int, widget=forms.RadioSelect,
                initial=str(line.mine) if line.mine else None,
                error_messages={"required": _("Choose a level.")},
            )

    def levels(self) -> dict[int, int]:
        return {int(n[5:]): v for n, v in self.cleaned_data.items()}
